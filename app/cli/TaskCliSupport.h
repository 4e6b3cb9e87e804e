// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What `certlifectl task` and `certlifectl switch` share: the seams the runner needs
// (certificate locator, event history) and running tasks with their outcome printed.
// Finding, registering, editing and repinning tasks is core (tasks/TaskAdmin.h),
// shared with the console.

#include "CliCommand.h"
#include "tasks/NotificationTask.h"
#include "tasks/TaskAdmin.h"
#include "tasks/TaskRunLog.h"
#include "tasks/TaskSeams.h"
#include "util/Clock.h"

#include <functional>
#include <memory>
#include <optional>

namespace certlife {
class EventLog;
class TaskRunner;
} // namespace certlife

namespace certlife::cli {

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
