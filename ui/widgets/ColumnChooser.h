// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/ConsoleSettings.h"

#include <QList>
#include <QObject>

class QMenu;
class QTableView;

namespace certlife::ui {

// A table's column chooser: the header's context menu has a checkable entry per column
// of whatever the model has (read from the header, so new columns appear by
// themselves). Until the user chooses, the columns named optional are hidden, first
// to last, while the table is too narrow to show them beside the others; once the
// user chose, their choice stands and is remembered (ConsoleSettings::hiddenColumns).
class ColumnChooser : public QObject
{
    Q_OBJECT
public:
    explicit ColumnChooser(QTableView* table);
    // The chooser makeTable gave `table`.
    static ColumnChooser* of(const QTableView* table);

    // Columns that give way at narrow widths, the least important first.
    void setOptionalColumns(const QList<int>& columns);
    // The column that gives up width when even without the optional ones the table is
    // too narrow: the first (the name) unless set, e.g. a path that elides well where
    // the name must stay whole.
    void setNarrowingColumn(int column);
    void fillMenu(QMenu* menu);
    // As the menu's entry does: the user's choice from now on.
    void setColumnVisible(int column, bool visible);
    bool userChose() const { return m_userChose; }
    QString columnTitle(int column) const;

    void save(ConsoleSettings& settings, ConsoleSettings::Table table) const;
    void restore(const ConsoleSettings& settings, ConsoleSettings::Table table);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fitToWidth();

    QTableView* m_table;
    QList<int> m_optional;
    bool m_userChose = false;
    int m_narrowing = -1;     // the logical column that gives way; -1: the first visible
    int m_narrowingWidth = 0; // its default, before fitToWidth narrowed it
};

} // namespace certlife::ui
