// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/ConsoleSettings.h"

#include <QList>
#include <QString>
#include <Qt>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QVBoxLayout;
class QWidget;

namespace certlife::ui {

// The pieces every page is built from, so pages look alike.
QLabel* makePageTitle(const QString& text, QWidget* parent);
QLabel* makeSectionTitle(const QString& text, QWidget* parent);
QLabel* makeMutedLabel(const QString& text, QWidget* parent);
// Row selection, no row numbers, compact rows, elided text, last column stretched; Tab
// moves on to the next widget, not cell by cell (setUpViewKeyboard); a column chooser in
// the header's context menu (ColumnChooser).
QTableView* makeTable(QWidget* parent, const QString& objectName);
// A table's remembered layout: the header's state (order, widths, sort) and the columns
// the user chose to see.
void saveTableLayout(ConsoleSettings& settings, ConsoleSettings::Table which, const QTableView* table);
void restoreTableLayout(const ConsoleSettings& settings, ConsoleSettings::Table which, QTableView* table);
// Two panes, the first larger (3:2, or `sizes` when given), neither collapsible.
QSplitter* makeSplitter(Qt::Orientation orientation, QWidget* first, QWidget* second, QWidget* parent,
                        const QList<int>& sizes = {});
// A details pane's body: a centred hint (page 0) until something is selected, then
// `content` (page 1); laid into `pane`.
QStackedWidget* makeDetailsStack(QWidget* pane, const QString& hint, QWidget* content);
// A page's outer layout: the common margins and spacing, with the page's title on top.
QVBoxLayout* makePageLayout(QWidget* page, const QString& title);

} // namespace certlife::ui
