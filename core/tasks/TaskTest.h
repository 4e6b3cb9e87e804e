// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Testing a task end to end without waiting for a renewal: the event `certlifectl
// switch` records, and the console's "Test", which records such an event for one task
// and one certificate and runs that task for it exactly as the agent would (same
// runner, same checks, same run log).

#include "lifecycle/LifecycleEvent.h"
#include "tasks/NotificationTask.h"
#include "tasks/TaskRunLog.h"
#include "tasks/TaskSeams.h"
#include "util/Clock.h"

#include <QCoro/QCoroTask>
#include <memory>
#include <optional>

namespace certlife {

// The Replace (1001, action replace) event of `certlifectl switch`: OLD replaced by
// NEW in `storeId` (empty: where NEW is), stamped with this process as its origin.
// `how` ends the message: "certlifectl switch --notify-only: the stores were not changed".
LifecycleEvent switchReplaceEvent(Scope scope, const LocatedCertificate& oldCertificate,
                                  const LocatedCertificate& newCertificate, const QString& storeId,
                                  const QDateTime& now, const QString& how);

// What a test of a task is run for: a certificate in a store and, for Replace tasks,
// the certificate it replaces (none: the same certificate, as a rebind that finds
// nothing to change).
struct TaskTestTarget
{
    LocatedCertificate certificate;
    std::optional<LocatedCertificate> replaced;
};

// The event a test of `task` records: Replace tasks get the event of `switch
// --notify-only`; Expire tasks a 1003 (or 1002 once notAfter has passed) with the
// certificate's remaining lifetime. The message says it is a test from the console.
LifecycleEvent taskTestEvent(const NotificationTask& task, const TaskTestTarget& target, const QDateTime& now);

struct TaskTestResult
{
    LifecycleEvent event;       // as recorded (recordId set) when it could be recorded
    std::optional<TaskRun> run; // the run, when the task ran or was refused
    QString error;              // why nothing ran (the event could not be recorded, the task does not match, …)
};

// Records `event` in its channel's event log (on a worker thread) and runs task
// `taskName` of that channel once for it with a TaskRunner on the calling thread, as
// `certlifectl switch --notify-only` does; retries are left to the agent. The
// certificate is confirmed with `locator` before the script runs. Never blocks the
// calling thread: the script runs as a child process watched by the event loop.
QCoro::Task<TaskTestResult> runTaskTest(QString taskName, LifecycleEvent event, CertificateLocator locator,
                                        std::shared_ptr<const Clock> clock);

} // namespace certlife
