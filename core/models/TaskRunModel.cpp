// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/TaskRunModel.h"

#include "lifecycle/EventText.h"
#include "models/CertificateText.h"
#include "util/Paths.h"

#include <QColor>
#include <QFileInfo>
#include <QLocale>

namespace certlife {

namespace {

constexpr qsizetype kTooltipOutputBytes = 4096;

bool sameRun(const TaskRun& a, const TaskRun& b)
{
    return a.state == b.state && a.startedAt == b.startedAt && a.endedAt == b.endedAt && a.exitCode == b.exitCode
        && a.exitSignal == b.exitSignal && a.reason == b.reason && a.output == b.output
        && a.nextAttemptAt == b.nextAttemptAt;
}

QDateTime shownTime(const TaskRun& run)
{
    return run.startedAt.isValid() ? run.startedAt : run.queuedAt;
}

} // namespace

QList<TaskRunState> taskRunStates(TaskRunOutcome outcome)
{
    switch (outcome) {
    case TaskRunOutcome::Any: return {};
    case TaskRunOutcome::Failed: return {TaskRunState::Failed, TaskRunState::TimedOut, TaskRunState::Interrupted};
    case TaskRunOutcome::Refused: return {TaskRunState::Refused};
    case TaskRunOutcome::Waiting: return {TaskRunState::Queued, TaskRunState::Running};
    case TaskRunOutcome::Succeeded: return {TaskRunState::Succeeded};
    }
    return {};
}

TaskRunPage loadTaskRunPage(Scope channel, const QString& task, TaskRunOutcome outcome, qint64 beforeId, int limit)
{
    TaskRunPage page;
    TaskRunLog log(Paths::eventLogFile(channel));
    if (!QFileInfo::exists(log.databasePath()))
        return page;
    if (!log.openReadOnly(&page.error)) {
        if (log.noRunsYet())
            page.error.clear();
        return page;
    }
    TaskRunPageQuery query;
    query.task = task;
    query.states = taskRunStates(outcome);
    query.beforeId = beforeId;
    query.limit = limit + 1; // one more tells whether there is another page
    page.runs = log.page(query);
    page.more = page.runs.size() > limit;
    if (page.more)
        page.runs.resize(limit);
    QList<TaskRunLog::StateCount> counts;
    if (log.countByTaskAndState(&counts, &page.error)) {
        for (const TaskRunLog::StateCount& c : counts) {
            if (c.task != task)
                continue;
            page.counts.add(c.state, int(c.count));
        }
    }
    return page;
}

QColor taskRunStateColour(TaskRunState state)
{
    switch (state) {
    case TaskRunState::Succeeded: return QColor(0x2e, 0x7d, 0x32);
    case TaskRunState::Queued:
    case TaskRunState::Running: return QColor(0x15, 0x65, 0xc0);
    default: return QColor(0xc6, 0x28, 0x28);
    }
}

TaskRunModel::TaskRunModel(QObject* parent) : KeyedTableModel(parent) {}

int TaskRunModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskRunModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return KeyedTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn: return tr("Started (UTC)");
    case CertificateColumn: return tr("Certificate");
    case EventColumn: return tr("Event");
    case AttemptColumn: return tr("Attempt");
    case ResultColumn: return tr("Result");
    case DurationColumn: return tr("Duration");
    case OutputColumn: return tr("Output");
    case ColumnCount: break;
    }
    return {};
}

QString TaskRunModel::durationText(const TaskRun& run)
{
    if (!run.startedAt.isValid() || !run.endedAt.isValid())
        return {};
    const qint64 ms = run.startedAt.msecsTo(run.endedAt);
    if (ms < 60'000)
        return tr("%1 s").arg(ms < 10'000 ? QString::number(ms / 1000.0, 'f', 1) : QString::number(ms / 1000));
    return tr("%1 min %2 s").arg(ms / 60'000).arg((ms / 1000) % 60);
}

QString TaskRunModel::outputExcerpt(const TaskRun& run)
{
    const QList<QByteArray> lines = run.output.trimmed().split('\n');
    const QString last = QString::fromUtf8(lines.isEmpty() ? QByteArray() : lines.last()).trimmed();
    return last.isEmpty() ? run.reason : last;
}

QString TaskRunModel::displayText(const TaskRun& run, int column) const
{
    switch (Column(column)) {
    case TimeColumn: return formatUtcCompact(shownTime(run));
    case CertificateColumn: {
        if (run.isDigest()) // `event` is only the first of them
            return run.digestEvents == 1 ? tr("1 certificate")
                                         : tr("%1 certificates").arg(QLocale().toString(run.digestEvents));
        const QString name = certificateDisplayName(run.event.certificate);
        if (run.event.oldCertificate && !run.event.oldCertificate->isNull()
            && run.event.oldCertificate->thumbprint != run.event.certificate.thumbprint)
            return tr("%1 (renewed)").arg(name.isEmpty() ? run.event.certificate.thumbprint : name);
        return name.isEmpty() ? run.event.certificate.thumbprint : name;
    }
    case EventColumn:
        // A digest's events are listed in the run's details (its events file).
        return run.isDigest()
            ? tr("digest: %1 events from #%2").arg(QLocale().toString(run.digestEvents)).arg(run.eventRecordId)
            : tr("%1 #%2").arg(run.eventId).arg(run.eventRecordId);
    case AttemptColumn: return QString::number(run.attempt);
    case ResultColumn: {
        // The reason is in the output column and the tooltip: keep the result short.
        QString text = taskRunStateName(run.state);
        if (run.exitSignal)
            text += tr(" (signal %1)").arg(*run.exitSignal);
        else if (run.exitCode)
            text += tr(" (exit %1)").arg(*run.exitCode);
        return text;
    }
    case DurationColumn: return durationText(run);
    case OutputColumn: return outputExcerpt(run);
    case ColumnCount: break;
    }
    return {};
}

QVariant TaskRunModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const TaskRun& run = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return displayText(run, index.column());
    case Qt::ToolTipRole: {
        if (index.column() == CertificateColumn) {
            QString text = tr("Thumbprint %1").arg(run.event.certificate.thumbprint);
            if (run.event.oldCertificate && !run.event.oldCertificate->isNull())
                text += tr("\nReplaced %1").arg(run.event.oldCertificate->thumbprint);
            if (!run.event.storeId.isEmpty())
                text += tr("\nStore %1").arg(run.event.storeId);
            return text;
        }
        const QString output = QString::fromUtf8(run.output.right(kTooltipOutputBytes)).trimmed();
        return output.isEmpty() ? run.outcomeText() : run.outcomeText() + QStringLiteral("\n\n") + output;
    }
    case Qt::ForegroundRole:
        return index.column() == ResultColumn ? QVariant(taskRunStateColour(run.state)) : QVariant();
    case RunIdRole: return run.id;
    case SortRole:
        switch (index.column()) {
        case TimeColumn: return shownTime(run).toMSecsSinceEpoch();
        case EventColumn: return run.eventRecordId;
        case AttemptColumn: return run.attempt;
        case DurationColumn:
            return run.startedAt.isValid() && run.endedAt.isValid() ? run.startedAt.msecsTo(run.endedAt) : qint64(-1);
        default: return displayText(run, index.column()).toLower();
        }
    default: return {};
    }
}

void TaskRunModel::setRuns(const QString& task, QList<TaskRun> runs)
{
    if (task != m_task && !m_rows.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_task = task;
    updateRows(
        std::move(runs), [](const TaskRun& r) { return r.id; }, &sameRun, kAlwaysIncremental);
}

void TaskRunModel::appendRuns(const QList<TaskRun>& older)
{
    QList<TaskRun> all = m_rows;
    all.append(older);
    updateRows(
        std::move(all), [](const TaskRun& r) { return r.id; }, &sameRun, kAlwaysIncremental);
}

} // namespace certlife
