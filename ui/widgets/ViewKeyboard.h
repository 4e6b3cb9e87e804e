// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The keyboard in the console's tables and lists, set up in one place (makeTable does it
// for every page table).

#include <QKeySequence>
#include <QString>
#include <functional>

class QAbstractItemView;
class QAction;
class QLineEdit;
class QModelIndex;

namespace certlife::ui {

// Tab and Shift+Tab leave the view for the next widget instead of walking cell by cell
// (arrows move within it); the context-menu key and Shift+F10 open the view's context
// menu (customContextMenuRequested) for its current row, where the mouse would.
void setUpViewKeyboard(QAbstractItemView* view);

// Enter on a row does what the mouse does there (a double click, a click on a number):
// `open` gets the current index.
void openOnEnter(QAbstractItemView* view, std::function<void(const QModelIndex&)> open);

// Moves the focus into the view with its first shown row current and selected (the
// search field's Down and Enter); false when the view shows no rows.
bool focusFirstRow(QAbstractItemView* view);
// Moves the focus into the view, onto its current row when one is shown, else the first.
bool focusRows(QAbstractItemView* view);

// Down in a filter field calls `act` (which moves into the results).
void onDownKey(QLineEdit* field, std::function<void()> act);

// A key that acts while the view has the focus (Delete on a row), listed in Help →
// Keyboard shortcuts as `text`.
QAction* addViewShortcut(QAbstractItemView* view, const QString& text, const QKeySequence& key,
                         std::function<void()> act);

} // namespace certlife::ui
