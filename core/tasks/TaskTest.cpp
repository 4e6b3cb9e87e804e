// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskTest.h"

#include "eventlog/EventLog.h"
#include "lifecycle/EventText.h"
#include "tasks/TaskAdmin.h"
#include "tasks/TaskBatch.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskRunner.h"
#include "util/Paths.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife {

namespace {

// What the worker prepares: the event recorded, the scope's tasks and policy read.
struct Prepared
{
    LifecycleEvent event;
    std::optional<TaskRegistry> registry;
    TaskPolicy policy;
    QString error;
};

// Why task `taskName` would not run for `event`; empty when it would.
QString refusal(const std::optional<NotificationTask>& task, const QString& taskName, const LifecycleEvent& event)
{
    if (!task)
        return QStringLiteral("there is no %1 task named \"%2\" any more").arg(scopeName(event.channel), taskName);
    if (!task->enabled)
        return QStringLiteral("task %1 is disabled: enable it to test it").arg(taskName);
    if (!task->matches(event))
        return QStringLiteral("task %1 does not react to this event: its type or filters do not match the certificate")
            .arg(taskName);
    return {};
}

// The task is checked before the event is recorded: a refused test leaves nothing in
// the log (an event there tells the agent and the admin that something happened).
Prepared prepare(const QString& taskName, LifecycleEvent event)
{
    Prepared p;
    p.event = event;
    p.registry.emplace(event.channel);
    p.registry->load();
    p.error = refusal(p.registry->task(taskName), taskName, event);
    if (!p.error.isEmpty())
        return p;
    EventLog log(Paths::eventLogFile(event.channel), event.channel);
    QList<LifecycleEvent> batch{event};
    QString error;
    if (!log.open(&error) || !log.append(batch, &error)) {
        p.error =
            QStringLiteral("cannot record the test event in the %1 event log: %2").arg(scopeName(event.channel), error);
        return p;
    }
    p.event = batch.first();
    p.policy = taskPolicyFor(event.channel);
    return p;
}

} // namespace

LifecycleEvent switchReplaceEvent(Scope scope, const LocatedCertificate& oldCertificate,
                                  const LocatedCertificate& newCertificate, const QString& storeId,
                                  const QDateTime& now, const QString& how)
{
    LifecycleEvent event;
    event.id = EventId::Replace;
    event.channel = scope;
    event.time = now;
    event.action = Action::Replace;
    event.storeId = storeId.isEmpty() ? newCertificate.storeId : storeId;
    if (event.storeId.isNull())
        event.storeId = QStringLiteral(""); // unknown store: empty, not NULL (EventLog binds null as NULL)
    event.certificate = newCertificate.details;
    event.oldCertificate = oldCertificate.details;
    event.message = QStringLiteral("Certificate %1 replaced by %2 (%3)")
                        .arg(oldCertificate.details.thumbprint, newCertificate.details.thumbprint, how);
    event.stampOrigin();
    return event;
}

LifecycleEvent taskTestEvent(const NotificationTask& task, const TaskTestTarget& target, const QDateTime& now)
{
    const QString how = QStringLiteral("test of task %1 from the console: the stores were not changed").arg(task.name);
    if (task.type == TaskType::Replace)
        return switchReplaceEvent(task.channel, target.replaced.value_or(target.certificate), target.certificate,
                                  target.certificate.storeId, now, how);
    if (task.type == TaskType::Stale) {
        // As if the store of the "served" certificate served it while the chosen one is newer.
        const LocatedCertificate served = target.replaced.value_or(target.certificate);
        LifecycleEvent event = makeLifecycleEvent(EventId::StaleBinding, QString(), served.storeId,
                                                  target.certificate.details, served.details);
        event.channel = task.channel;
        event.time = now;
        event.message += QStringLiteral(" (%1)").arg(how);
        event.stampOrigin();
        return event;
    }
    const CertificateDetails& details = target.certificate.details;
    const qint64 remaining = now.secsTo(details.notAfter);
    LifecycleEvent event =
        makeLifecycleEvent(remaining < 0 ? EventId::Expired : EventId::CloseToExpiration, Action::Expire,
                           target.certificate.storeId, details, std::nullopt, remaining);
    event.channel = task.channel;
    event.time = now;
    event.message = lifecycleMessage(event) + QStringLiteral(" (%1)").arg(how);
    event.stampOrigin();
    return event;
}

QCoro::Task<TaskTestResult> runTaskTest(QString taskName, LifecycleEvent event, CertificateLocator locator,
                                        std::shared_ptr<const Clock> clock)
{
    auto preparing = QtConcurrent::run(&prepare, taskName, event);
    Prepared prepared = co_await preparing;
    TaskTestResult result;
    result.event = prepared.event;
    if (!prepared.error.isEmpty()) {
        result.error = prepared.error;
        co_return result;
    }
    const Scope scope = prepared.event.channel;
    TaskRunLog log(Paths::eventLogFile(scope));
    QString error;
    if (!log.open(&error)) {
        result.error = error;
        co_return result;
    }
    // A test is one attempt; a failed one is retried by the agent.
    TaskRunner runner(oneShotRunnerOptions(scope, prepared.policy), &*prepared.registry, &log, runnerClock(clock));
    runner.setCertificateLocator(std::move(locator));
    const QList<qint64> ids = runner.submitForTask(taskName, {prepared.event});
    if (ids.isEmpty()) {
        result.error = runner.errors().isEmpty() ? QStringLiteral("task %1 did not run").arg(taskName)
                                                 : runner.errors().join(QLatin1Char('\n'));
        co_return result;
    }
    QCoro::Task<QList<TaskRun>> waiting = runner.waitForRuns(ids);
    const QList<TaskRun> runs = co_await waiting;
    if (!runs.isEmpty())
        result.run = runs.first();
    if (!runner.errors().isEmpty())
        result.error = runner.errors().join(QLatin1Char('\n'));
    co_return result;
}

} // namespace certlife
