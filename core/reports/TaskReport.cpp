// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/TaskReport.h"

#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

namespace certlife {

namespace {

QList<ReportColumn> taskColumns()
{
    return {
        {QStringLiteral("name"), QStringLiteral("Name"), ColumnType::Text, 14},
        {QStringLiteral("type"), QStringLiteral("Type"), ColumnType::Text, 6},
        {QStringLiteral("channel"), QStringLiteral("Channel"), ColumnType::Text, 6},
        {QStringLiteral("command"), QStringLiteral("Command"), ColumnType::Text, 24},
        {QStringLiteral("arguments"), QStringLiteral("Arguments"), ColumnType::List, 14},
        {QStringLiteral("enabled"), QStringLiteral("Enabled"), ColumnType::YesNo, 6},
        {QStringLiteral("filters"), QStringLiteral("Filters"), ColumnType::Text, 0},
        {QStringLiteral("timeoutSeconds"), QStringLiteral("Timeout (s)"), ColumnType::Integer, 0},
        {QStringLiteral("retries"), QStringLiteral("Retries"), ColumnType::Integer, 0},
        {QStringLiteral("pinnedSha256"), QStringLiteral("Pinned SHA-256"), ColumnType::Monospace, 0},
        {QStringLiteral("lastRun"), QStringLiteral("Last run"), ColumnType::Time, 11},
        {QStringLiteral("lastResult"), QStringLiteral("Last result"), ColumnType::Text, 24},
        {QStringLiteral("lastEventRecordId"), QStringLiteral("Last event record"), ColumnType::Integer, 0},
    };
}

QDateTime lastRunTime(const TaskRun& run)
{
    if (run.endedAt.isValid())
        return run.endedAt;
    return run.startedAt.isValid() ? run.startedAt : run.queuedAt;
}

RowTone toneOf(const TaskReportEntry& e)
{
    if (!e.lastRun)
        return RowTone::Neutral;
    switch (e.lastRun->state) {
    case TaskRunState::Failed:
    case TaskRunState::Refused:
    case TaskRunState::TimedOut:
    case TaskRunState::Interrupted: return RowTone::Bad;
    case TaskRunState::Succeeded: return RowTone::Good;
    case TaskRunState::Queued:
    case TaskRunState::Running: break;
    }
    return RowTone::Neutral;
}

ReportRow makeRow(const TaskReportEntry& e)
{
    const NotificationTask& t = e.task;
    ReportRow row;
    row.tone = toneOf(e);
    row.cells = {
        t.name,
        taskTypeName(t.type),
        scopeName(t.channel),
        t.command,
        listCell(t.arguments),
        t.enabled,
        textCell(taskFiltersText(t)),
        t.timeoutSeconds,
        t.retries,
        textCell(t.pinnedSha256),
        e.lastRun ? timeCell(lastRunTime(*e.lastRun)) : QJsonValue(QJsonValue::Null),
        e.lastRun ? QJsonValue(e.lastRun->outcomeText()) : QJsonValue(QStringLiteral("never run")),
        e.lastRun ? QJsonValue(double(e.lastRun->eventRecordId)) : QJsonValue(QJsonValue::Null),
    };
    return row;
}

} // namespace

QString taskFiltersText(const NotificationTask& t)
{
    QStringList parts;
    if (!t.filterThumbprint.isEmpty())
        parts << QStringLiteral("thumbprint %1").arg(t.filterThumbprint);
    if (!t.filterStore.isEmpty())
        parts << QStringLiteral("store %1").arg(t.filterStore);
    if (!t.filterSubject.isEmpty())
        parts << QStringLiteral("subject contains \"%1\"").arg(t.filterSubject);
    return parts.join(QLatin1String("; "));
}

QList<TaskReportEntry> loadTaskReportEntries(const QList<Scope>& scopes, QStringList* problems)
{
    QList<TaskReportEntry> entries;
    for (const Scope scope : scopes) {
        TaskRegistry registry(scope);
        registry.load();
        if (problems)
            for (const TaskRegistry::Problem& p : registry.problems())
                problems->append(p.error);
        TaskRunLog runs(Paths::eventLogFile(scope));
        QString runsError;
        const bool haveRuns = runs.openReadOnly(&runsError);
        // No run log yet: no task of this scope has run. One that cannot be read is
        // not that: the report's "last run" would be blank for every task.
        if (!haveRuns && !runs.noRunsYet() && problems && !registry.tasks().isEmpty())
            problems->append(runsError
                             + QStringLiteral("; the last runs of the %1 tasks are not shown").arg(scopeName(scope)));
        for (const NotificationTask& t : registry.tasks()) {
            TaskReportEntry entry{t, std::nullopt};
            if (haveRuns) {
                const QList<TaskRun> last = runs.runsForTask(t.name, 1);
                if (!last.isEmpty())
                    entry.lastRun = last.first();
            }
            entries.append(entry);
        }
    }
    return entries;
}

Report buildTaskReport(const QList<TaskReportEntry>& entries, const Clock& clock, std::optional<Scope> scope)
{
    Report report;
    report.kind = ReportKind::Tasks;
    report.title = QStringLiteral("Notification task report");
    report.generated = clock.now();
    report.host = reportHostName();
    if (scope)
        report.filters.append({QStringLiteral("scope"), QStringLiteral("Scope"), scopeName(*scope)});
    report.columns = taskColumns();
    report.rangeText = QStringLiteral("tasks as registered at %1").arg(formatReportTime(report.generated));
    int enabled = 0, failing = 0;
    for (const TaskReportEntry& e : entries) {
        report.rows.append(makeRow(e));
        enabled += e.task.enabled;
        failing += toneOf(e) == RowTone::Bad;
    }
    report.summary = QStringLiteral("%1 task%2: %3 enabled, %4 whose last run did not succeed")
                         .arg(entries.size())
                         .arg(entries.size() == 1 ? QString() : QStringLiteral("s"))
                         .arg(enabled)
                         .arg(failing);
    return report;
}

} // namespace certlife
