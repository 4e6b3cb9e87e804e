// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reports/Report.h"
#include "tasks/NotificationTask.h"
#include "tasks/TaskRunLog.h"
#include "util/Clock.h"

#include <optional>

namespace certlife {

// A notification task as the task report lists it, with its latest run.
struct TaskReportEntry
{
    NotificationTask task;
    std::optional<TaskRun> lastRun;
};

// The tasks of the scopes (TaskRegistry) with each one's latest run (TaskRunLog, read
// only; a scope whose tasks never ran has no run log and that is not a problem; one
// that cannot be read is named in *problems). Task files the registry refused are left
// out and named in *problems.
QList<TaskReportEntry> loadTaskReportEntries(const QList<Scope>& scopes, QStringList* problems = nullptr);

// A task's filters in one line: `store web; subject contains "example.org"`; empty
// when it has none (it then reacts to every certificate).
QString taskFiltersText(const NotificationTask& task);

// The task report: name, type, channel, command, arguments, enabled, filters, the
// pinned SHA-256, and the last run with its result. `scope` only describes the filter.
Report buildTaskReport(const QList<TaskReportEntry>& entries, const Clock& clock,
                       std::optional<Scope> scope = std::nullopt);

} // namespace certlife
