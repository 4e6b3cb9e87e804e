// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Running a scope's notification tasks once for events already recorded, outside the
// agent: what `certlifectl switch`, `certlifectl task new --run-existing` and the
// console's Replace share. The same TaskRunner, ScriptGuard checks and TaskRunLog as
// the agent; one attempt per run, the retries are left to the agent.

#include "lifecycle/LifecycleEvent.h"
#include "tasks/TaskRunLog.h"
#include "tasks/TaskRunner.h"
#include "tasks/TaskSeams.h"
#include "util/Clock.h"

#include <QCoro/QCoroTask>
#include <functional>
#include <memory>

namespace certlife {

struct TaskBatchResult
{
    QList<TaskRun> runs;  // one per run claimed, as it ended
    QStringList warnings; // task files refused on load: those tasks did not run
    QStringList errors;   // the run log or a database could not be used

    bool allSucceeded() const;
};

// Hands the runner the events (submit, submitAll, submitForTask) and returns the run ids claimed.
using TaskSubmission = std::function<QList<qint64>(TaskRunner&)>;

// Reads the scope's tasks and task policy on a worker thread, then runs what `submit`
// claims with a TaskRunner on the calling thread and waits for every run. Never blocks
// the calling thread: the scripts are child processes watched by its event loop (the
// CLI awaits it with QCoro::waitFor). Each certificate is confirmed with `locator`
// before a script runs.
QCoro::Task<TaskBatchResult> runSubmittedTasks(Scope scope, CertificateLocator locator,
                                               std::shared_ptr<const Clock> clock, TaskSubmission submit);

// The Replace tasks of event.channel whose filters match a recorded Replace (1001)
// event (recordId set): `certlifectl switch` and the console's Replace.
QCoro::Task<TaskBatchResult> runReplaceTasks(LifecycleEvent event, CertificateLocator locator,
                                             std::shared_ptr<const Clock> clock);

// The runner options of a run outside the agent: the scope's trust rule and `policy`,
// no retry timers (the process may end; the agent retries what is due).
TaskRunnerOptions oneShotRunnerOptions(Scope scope, const TaskPolicy& policy);

// The runner takes a Clock it may share; the console holds its clock as const.
std::shared_ptr<Clock> runnerClock(std::shared_ptr<const Clock> clock);

} // namespace certlife
