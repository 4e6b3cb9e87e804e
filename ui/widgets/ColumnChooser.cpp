// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ColumnChooser.h"

#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QTableView>

namespace certlife::ui {

namespace {
// What the stretched last column needs at least, when deciding what fits.
constexpr int kLastColumnRoom = 110;
constexpr int kNarrowingColumnMinimum = 90;
} // namespace

ColumnChooser::ColumnChooser(QTableView* table) : QObject(table), m_table(table)
{
    setObjectName(QStringLiteral("columnChooser"));
    QHeaderView* header = table->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint& position) {
        QMenu menu(m_table);
        fillMenu(&menu);
        menu.exec(header->mapToGlobal(position));
    });
    table->viewport()->installEventFilter(this);
}

ColumnChooser* ColumnChooser::of(const QTableView* table)
{
    return table->findChild<ColumnChooser*>(QStringLiteral("columnChooser"), Qt::FindDirectChildrenOnly);
}

void ColumnChooser::setOptionalColumns(const QList<int>& columns)
{
    m_optional = columns;
    fitToWidth();
}

void ColumnChooser::setNarrowingColumn(int column)
{
    if (m_narrowingWidth != 0) // give the previous one its width back
        m_table->horizontalHeader()->resizeSection(
            m_narrowing >= 0 ? m_narrowing : m_table->horizontalHeader()->logicalIndex(0), m_narrowingWidth);
    m_narrowing = column;
    m_narrowingWidth = 0;
    fitToWidth();
}

QString ColumnChooser::columnTitle(int column) const
{
    const QString title =
        m_table->model() ? m_table->model()->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString() : QString();
    return title.isEmpty() ? tr("Column %1").arg(column + 1) : title;
}

void ColumnChooser::fillMenu(QMenu* menu)
{
    const QHeaderView* header = m_table->horizontalHeader();
    int visible = 0;
    for (int column = 0; column < header->count(); ++column)
        visible += header->isSectionHidden(column) ? 0 : 1;
    // In the order the columns are shown, the model's order if the user moved none.
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        QAction* action = menu->addAction(columnTitle(column));
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(header->isSectionHidden(column) || visible > 1); // one column always stays
        action->setData(column);
        connect(action, &QAction::toggled, this, [this, column](bool on) { setColumnVisible(column, on); });
    }
}

void ColumnChooser::setColumnVisible(int column, bool visible)
{
    m_userChose = true;
    m_table->setColumnHidden(column, !visible);
}

void ColumnChooser::save(ConsoleSettings& settings, ConsoleSettings::Table table) const
{
    if (!m_userChose)
        return;
    QStringList hidden;
    const QHeaderView* header = m_table->horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        if (header->isSectionHidden(column))
            hidden << columnTitle(column);
    }
    settings.setHiddenColumns(table, hidden);
}

void ColumnChooser::restore(const ConsoleSettings& settings, ConsoleSettings::Table table)
{
    const std::optional<QStringList> hidden = settings.hiddenColumns(table);
    if (!hidden) {
        m_narrowingWidth = 0; // the restored width is the one to give back
        fitToWidth();
        return;
    }
    m_userChose = true;
    const QHeaderView* header = m_table->horizontalHeader();
    for (int column = 0; column < header->count(); ++column)
        m_table->setColumnHidden(column, hidden->contains(columnTitle(column)));
}

bool ColumnChooser::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitToWidth();
    return QObject::eventFilter(watched, event);
}

void ColumnChooser::fitToWidth()
{
    if (m_userChose || m_optional.isEmpty())
        return;
    QHeaderView* header = m_table->horizontalHeader();
    for (int column : std::as_const(m_optional))
        header->setSectionHidden(column, false);
    const int room = m_table->viewport()->width();
    auto needed = [header] {
        int width = 0;
        int last = -1;
        for (int visual = 0; visual < header->count(); ++visual) {
            const int column = header->logicalIndex(visual);
            if (header->isSectionHidden(column))
                continue;
            width += header->sectionSize(column);
            last = column;
        }
        // The stretched last column is as wide as what is left: count what it needs.
        if (last >= 0 && header->stretchLastSection())
            width += kLastColumnRoom - header->sectionSize(last);
        return width;
    };
    for (int column : std::as_const(m_optional)) {
        if (needed() <= room)
            break;
        header->setSectionHidden(column, true);
    }
    // Still too wide with every optional column gone: the narrowing column (the name,
    // unless set) gives up the difference, down to a minimum, and gets it back when the
    // table grows.
    const int narrowing = m_narrowing >= 0 ? m_narrowing : header->logicalIndex(0);
    if (m_narrowingWidth == 0)
        m_narrowingWidth = header->sectionSize(narrowing);
    header->resizeSection(narrowing, m_narrowingWidth);
    if (const int excess = needed() - room; excess > 0)
        header->resizeSection(narrowing, std::max(kNarrowingColumnMinimum, m_narrowingWidth - excess));
    // The last visible column ends at the table's edge (the header stretches only the
    // model's last column, which may be hidden now).
    int others = 0;
    int last = -1;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        if (header->isSectionHidden(column))
            continue;
        if (last >= 0)
            others += header->sectionSize(last);
        last = column;
    }
    if (last >= 0 && header->stretchLastSection() && others + header->sectionSize(last) > room)
        header->resizeSection(last, std::max(kLastColumnRoom, room - others));
}

} // namespace certlife::ui
