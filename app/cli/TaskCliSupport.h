#pragma once

// What `certlifectl task` and `certlifectl switch` share: finding a task, the seams
// the runner needs (policy, certificate locator, event history) and running tasks
// with their outcome printed.

#include "CliCommand.h"
#include "lifecycle/Clock.h"
#include "tasks/NotificationTask.h"
#include "tasks/TaskRunLog.h"
#include "tasks/TaskSeams.h"

#include <functional>
#include <memory>
#include <optional>

namespace certlife {
class EventLog;
class TaskRunner;
}

namespace certlife::cli {

// The task policy of a scope: RequireSignedScripts and TrustedSigners of its
// effective policy.
TaskPolicy taskPolicyFor(Scope scope);

// Finds certificates in the stores a scope monitors (StoreCatalog + AdditionalStores),
// scanned once per process on first use.
CertificateLocator taskCertificateLocator(Scope scope);

// The store side of `switch` without --notify-only: archives the old certificate
// (no more expiry warnings for it); no file changes.
CertificateSwitcher taskCertificateSwitcher();

// Every Replace (1001) event of the log, oldest first.
QList<LifecycleEvent> replaceHistory(const EventLog& log, QString* error);

// Reads `--channel` (System/User, any case) into *scope; false with a usage error.
bool parseChannelOption(const QString& text, Scope* scope, CliIo& io, int* exitCode);

struct FoundTask
{
    NotificationTask task;
    Scope scope = Scope::System;
};

// Finds a task by name in the given channel, or in both when none is given. When the
// file exists but was refused on load, the refusal is the error.
std::optional<FoundTask> findTask(const QString& name, std::optional<Scope> channel, QString* error);

// "succeeded (exit 0)", "refused: …", with the retry that is due, if any.
QString runOutcomeLine(const TaskRun& run);

// Runs the work `submit` hands the runner in `scope`, waits for every run, prints
// one block per run (outcome and output tail). Returns true when all succeeded.
bool runTasksAndReport(Scope scope, const std::shared_ptr<Clock>& clock,
                       const std::function<QList<qint64>(TaskRunner&)>& submit, CliIo& io);

} // namespace certlife::cli

namespace certlife::cli {

// `task list` and `task show` (TaskListCommand.cpp); `task` dispatches to them.
int runTaskList(const QStringList& args, CliIo& io);
int runTaskShow(const QStringList& args, CliIo& io);

} // namespace certlife::cli
