// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QWidget;

namespace certlife::ui {

// One line of Help → Keyboard shortcuts.
struct ShortcutEntry
{
    QString action;   // "Export report", mnemonic and ellipsis dropped
    QString keys;     // "Ctrl+E" (several: "F5, Ctrl+R")
    QString where;    // the menu ("View"), or the page whose view the key acts on
    QString shortcut; // the first key in portable form, for tests
};

// Every QAction of `window` that has a shortcut, read from the actions themselves (so the
// list cannot go stale), sorted by where and name.
QList<ShortcutEntry> shortcutEntries(const QWidget* window);

// Help → Keyboard shortcuts: the table of shortcutEntries() and the keys every view has.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget* window);
};

} // namespace certlife::ui
