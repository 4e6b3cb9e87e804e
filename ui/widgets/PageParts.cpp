// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "PageParts.h"

#include "widgets/ColumnChooser.h"
#include "widgets/ViewKeyboard.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QTableView>

namespace certlife::ui {

QLabel* makePageTitle(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.45);
    font.setBold(true);
    label->setFont(font);
    label->setStyleSheet(QStringLiteral("color: #263238;"));
    return label;
}

QLabel* makeSectionTitle(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    label->setFont(font);
    label->setStyleSheet(QStringLiteral("color: #37474f; margin-top: 4px;"));
    return label;
}

QLabel* makeMutedLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText); // they show names and paths, which are hostile text
    label->setStyleSheet(QStringLiteral("color: #607d8b;"));
    label->setWordWrap(true);
    return label;
}

QTableView* makeTable(QWidget* parent, const QString& objectName)
{
    auto* table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    table->verticalHeader()->hide();
    const int rowHeight = table->fontMetrics().height() + 10;
    table->verticalHeader()->setDefaultSectionSize(rowHeight);
    table->verticalHeader()->setMinimumSectionSize(rowHeight);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->setShowGrid(false);
    setUpViewKeyboard(table); // Tab leaves the table; the menu key opens its context menu
    new ColumnChooser(table); // the header's context menu
    return table;
}

void saveTableLayout(ConsoleSettings& settings, ConsoleSettings::Table which, const QTableView* table)
{
    settings.setTableLayout(which, table->horizontalHeader()->saveState());
    if (const ColumnChooser* chooser = ColumnChooser::of(table))
        chooser->save(settings, which);
}

void restoreTableLayout(const ConsoleSettings& settings, ConsoleSettings::Table which, QTableView* table)
{
    table->horizontalHeader()->restoreState(settings.tableLayout(which));
    if (ColumnChooser* chooser = ColumnChooser::of(table))
        chooser->restore(settings, which);
}

QSplitter* makeSplitter(Qt::Orientation orientation, QWidget* first, QWidget* second, QWidget* parent,
                        const QList<int>& sizes)
{
    auto* splitter = new QSplitter(orientation, parent);
    splitter->addWidget(first);
    splitter->addWidget(second);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    if (!sizes.isEmpty())
        splitter->setSizes(sizes);
    splitter->setChildrenCollapsible(false);
    return splitter;
}

QStackedWidget* makeDetailsStack(QWidget* pane, const QString& hint, QWidget* content)
{
    QLabel* placeholder = makeMutedLabel(hint, pane);
    placeholder->setAlignment(Qt::AlignCenter);
    auto* stack = new QStackedWidget(pane);
    stack->addWidget(placeholder);
    stack->addWidget(content);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addWidget(stack);
    return stack;
}

QVBoxLayout* makePageLayout(QWidget* page, const QString& title)
{
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(8);
    layout->addWidget(makePageTitle(title, page));
    return layout;
}

} // namespace certlife::ui
