// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskRunsSection.h"

#include "models/BackgroundPool.h"
#include "models/CertificateText.h"
#include "util/Coroutines.h"
#include "util/Paths.h"
#include "widgets/ViewKeyboard.h"

#include <QCoro/QCoroFuture>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife::ui {

namespace {
constexpr qsizetype kTooltipOutputBytes = 2048;

TaskRunsSection::Result readTaskRuns(Scope channel, qint64 eventRecordId)
{
    TaskRunsSection::Result result;
    TaskRunLog log(Paths::eventLogFile(channel));
    if (!log.openReadOnly(&result.note))
        return result;
    result.runs = log.runsForEvent(eventRecordId);
    return result;
}
} // namespace

TaskRunsSection::TaskRunsSection(Reader reader, QWidget* parent)
    : EventDetailsSection(parent), m_reader(reader ? std::move(reader) : Reader(&readTaskRuns))
{
    setObjectName(QStringLiteral("taskRunsSection"));
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(QStringLiteral("taskRunTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Task"), tr("Attempt"), tr("Outcome"), tr("Started (UTC)"), tr("Ended (UTC)")});
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    setUpViewKeyboard(m_table);
    m_table->setShowGrid(false);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch); // the outcome
    m_empty = new QLabel(this);
    m_empty->setStyleSheet(QStringLiteral("color: #607d8b;"));
    m_empty->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(m_table);
    setEvent(nullptr);
}

void TaskRunsSection::setEvent(const LifecycleEvent* event)
{
    ++m_generation; // a reading under way is now stale
    m_table->setRowCount(0);
    if (!event) {
        m_table->hide();
        m_empty->setText(QString());
        m_empty->hide();
        return;
    }
    m_empty->setText(tr("Reading…"));
    m_empty->show();
    m_table->hide();
    QCoro::connect(load(event->channel, event->recordId), this, [] {});
}

QCoro::Task<> TaskRunsSection::load(Scope channel, qint64 recordId)
{
    const Alive alive(this, m_generation); // the event shown when it started
    auto future = QtConcurrent::run(backgroundPool(), m_reader, channel, recordId);
    const Result result = co_await future;
    if (alive)
        show(result);
}

void TaskRunsSection::show(const Result& result)
{
    m_table->setRowCount(int(result.runs.size()));
    for (int row = 0; row < result.runs.size(); ++row) {
        const TaskRun& run = result.runs[row];
        const QString output = QString::fromUtf8(run.output.right(kTooltipOutputBytes));
        const QStringList cells{run.task, QString::number(run.attempt), run.outcomeText(),
                                formatUtcCompact(run.startedAt.isValid() ? run.startedAt : run.queuedAt),
                                formatUtcCompact(run.endedAt)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(output.isEmpty() ? run.reason : output);
            m_table->setItem(row, column, item);
        }
    }
    // As tall as its runs (up to five), so the event's fields keep the room.
    const int rows = std::min(5, int(result.runs.size()));
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height()
                            + rows * m_table->verticalHeader()->defaultSectionSize() + 2 * m_table->frameWidth());
    const bool any = !result.runs.isEmpty();
    m_table->setVisible(any);
    m_empty->setVisible(!any);
    m_empty->setText(tr("No notification task ran for this event."));
    m_empty->setToolTip(result.note);
    Q_EMIT loaded();
}

int TaskRunsSection::runCount() const
{
    return m_table->rowCount();
}

QString TaskRunsSection::text() const
{
    QStringList lines;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < m_table->columnCount(); ++column)
            cells << m_table->item(row, column)->text();
        lines << cells.join(QLatin1String(" | "));
    }
    return lines.isEmpty() ? m_empty->text() : lines.join(QLatin1Char('\n'));
}

} // namespace certlife::ui
