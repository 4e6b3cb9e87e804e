// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskRunner.h"

#include "tasks/ScriptGuard.h"
#include "tasks/TaskEventsFile.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskTemplate.h"
#include "util/Paths.h"

#include <QLoggingCategory>
#include <algorithm>
#include <csignal>
#include <qcoro/qcorosignal.h>

namespace certlife {

Q_LOGGING_CATEGORY(lcTasks, "certlife.tasks")

TaskRunner::TaskRunner(TaskRunnerOptions options, const TaskRegistry* registry, TaskRunLog* log,
                       std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent),
      m_options(std::move(options)),
      m_registry(registry),
      m_log(log),
      m_clock(std::move(clock)),
      m_owner(TaskRunLog::currentOwner())
{
    m_retryTimer.setSingleShot(true);
    // Each poll also takes over what a runner that ended (a `certlifectl switch` held
    // back by the rate limit) or died left queued.
    connect(&m_retryTimer, &QTimer::timeout, this, [this] { recover(); });
    m_rateTimer.setSingleShot(true);
    connect(&m_rateTimer, &QTimer::timeout, this, &TaskRunner::scheduleDispatch);
}

TaskRunner::~TaskRunner()
{
    // Record what was cut off, so a later runner retries it by the retry policy.
    const QList<qint64> ids = m_active.keys();
    for (const qint64 id : ids) {
        TaskProcess* process = m_active.take(id);
        const Pending pending = m_activeRuns.take(id);
        disconnect(process, nullptr, this, nullptr);
        process->abort();
        delete process;
        TaskRun run;
        run.id = id;
        run.state = TaskRunState::Interrupted;
        run.endedAt = m_clock->now();
        run.reason = QStringLiteral("interrupted: the task runner stopped while the task ran");
        run.nextAttemptAt = nextAttemptFor(pending.task, pending.attempt, run.state);
        QString error;
        m_log->finish(run, &error);
    }
    QList<qint64> queued;
    for (const Pending& pending : std::as_const(m_queue))
        queued << pending.runId;
    m_log->release(queued, m_owner);
}

QString TaskRunner::eventsDirectory() const
{
    return m_options.eventsDirectory.isEmpty() ? Paths::stateDir(m_options.scope) + QStringLiteral("/task-events")
                                               : m_options.eventsDirectory;
}

int TaskRunner::heldBackCount() const
{
    return int(std::count_if(m_queue.cbegin(), m_queue.cend(), [](const Pending& p) { return p.heldUntil.isValid(); }));
}

void TaskRunner::noteError(const QString& error)
{
    qCWarning(lcTasks).noquote() << error;
    m_errors << error;
}

QList<qint64> TaskRunner::submit(const LifecycleEvent& event)
{
    return submitAll({event});
}

QList<qint64> TaskRunner::submitAll(const QList<LifecycleEvent>& events)
{
    QList<NotificationTask> enabled;
    for (const NotificationTask& t : m_registry->tasks()) {
        if (t.enabled)
            enabled << t;
    }
    return claimRuns(enabled, events);
}

QList<qint64> TaskRunner::submitForTask(const QString& taskName, const QList<LifecycleEvent>& events)
{
    const std::optional<NotificationTask> task = m_registry->task(taskName);
    if (!task || !task->enabled)
        return {};
    return claimRuns({*task}, events);
}

QList<qint64> TaskRunner::claimRuns(const QList<NotificationTask>& tasks, const QList<LifecycleEvent>& events)
{
    QList<qint64> ids;
    QHash<QString, QList<LifecycleEvent>> digests; // task -> its events, in order
    for (const LifecycleEvent& event : events) {
        const bool recorded = event.recordId > 0 && event.channel == m_options.scope;
        for (const NotificationTask& task : tasks) {
            if (!task.matches(event))
                continue;
            if (!recorded) {
                noteError(QStringLiteral("event %1 was not recorded in the %2 event log; no task runs for it")
                              .arg(eventName(event.id), scopeName(m_options.scope)));
                break;
            }
            if (task.digest) {
                digests[task.name] << event;
                continue;
            }
            qint64 id = 0;
            QString error;
            switch (m_log->claim(task.name, event, 1, m_clock->now(), m_owner, &id, &error)) {
            case TaskRunLog::Claim::Claimed:
                ids << id;
                enqueue(Pending(id, task.name, 1, event));
                break;
            case TaskRunLog::Claim::AlreadyClaimed:
                qCInfo(lcTasks).noquote()
                    << QStringLiteral("task %1 already ran for event record %2").arg(task.name).arg(event.recordId);
                break;
            case TaskRunLog::Claim::Failed: noteError(error); break;
            }
        }
    }
    for (const NotificationTask& task : tasks) {
        if (digests.contains(task.name))
            claimDigests(task, digests.value(task.name), ids);
    }
    return ids;
}

void TaskRunner::claimDigests(const NotificationTask& task, const QList<LifecycleEvent>& events, QList<qint64>& ids)
{
    QList<LifecycleEvent> sorted = events;
    std::sort(sorted.begin(), sorted.end(),
              [](const LifecycleEvent& a, const LifecycleEvent& b) { return a.recordId < b.recordId; });
    for (qsizetype from = 0; from < sorted.size(); from += kMaxDigestEvents) {
        qint64 id = 0;
        QList<LifecycleEvent> claimed;
        QString error;
        switch (m_log->claimDigest(task.name, sorted.mid(from, kMaxDigestEvents), m_clock->now(), m_owner, &id,
                                   &claimed, &error)) {
        case TaskRunLog::Claim::Claimed:
            ids << id;
            enqueue(Pending(id, task.name, 1, claimed.first(), int(claimed.size()), claimed));
            break;
        case TaskRunLog::Claim::AlreadyClaimed:
            qCInfo(lcTasks).noquote() << QStringLiteral("task %1 already ran for these %2 event records")
                                             .arg(task.name)
                                             .arg(qMin(sorted.size() - from, qsizetype(kMaxDigestEvents)));
            break;
        case TaskRunLog::Claim::Failed: noteError(error); break;
        }
    }
}

void TaskRunner::enqueue(Pending pending)
{
    m_unfinished.insert(pending.runId);
    m_queue.append(std::move(pending));
    scheduleDispatch();
}

void TaskRunner::scheduleDispatch()
{
    // Deferred: callers finish what they are doing (and can start waiting) first.
    if (m_dispatchScheduled)
        return;
    m_dispatchScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_dispatchScheduled = false;
        dispatch();
    });
}

void TaskRunner::dispatch()
{
    const int limit = std::max(1, m_options.policy.maxConcurrent);
    const int rate = std::max(1, m_options.policy.ratePerHour);
    const QDateTime now = m_clock->now();
    QHash<QString, QDateTime> freesAt;                        // per task, for this dispatch: invalid = may start now
    QHash<QString, int> heldAhead;                            // per task: runs held back before this one
    QHash<QString, QMap<QDateTime, QList<qint64>>> newlyHeld; // runs to record as held back, by expected start
    QDateTime earliest;
    for (qsizetype i = 0; i < m_queue.size();) {
        Pending& pending = m_queue[i];
        if (m_busyTasks.contains(pending.task)) {
            ++i; // one run of a task at a time: this one waits for the previous
            continue;
        }
        auto frees = freesAt.constFind(pending.task);
        if (frees == freesAt.cend())
            frees = freesAt.insert(pending.task, m_log->rateLimitFreesAt(pending.task, now, rate));
        if (frees->isValid()) {
            // Over the rate limit: it waits, queued in the log, until the limit allows it.
            // Recorded with the hour it can expect (`rate` of the runs ahead start in each);
            // recorded again only when that time has come and it still waits.
            const int ahead = heldAhead[pending.task]++;
            if (!pending.heldUntil.isValid() || pending.heldUntil <= now) {
                pending.heldUntil = frees->addSecs(qint64(ahead / rate) * 3600);
                newlyHeld[pending.task][pending.heldUntil] << pending.runId;
            }
            if (!earliest.isValid() || *frees < earliest)
                earliest = *frees;
            ++i;
            continue;
        }
        if (m_active.size() >= limit) {
            ++i;
            continue;
        }
        Pending starting = m_queue.takeAt(i);
        freesAt.remove(starting.task); // one more start in the window
        start(std::move(starting));
    }
    for (auto task = newlyHeld.cbegin(); task != newlyHeld.cend(); ++task) {
        for (auto at = task->cbegin(); at != task->cend(); ++at)
            holdBack(task.key(), at.value(), at.key());
    }
    if (earliest.isValid() && m_options.scheduleRetries)
        m_rateTimer.start(int(std::clamp<qint64>(now.msecsTo(earliest), 0, kMaxRetryPollMs)));
    if (m_unfinished.isEmpty())
        Q_EMIT idle();
}

void TaskRunner::holdBack(const QString& task, const QList<qint64>& ids, const QDateTime& until)
{
    const QString reason = QStringLiteral("held back by the rate limit: task %1 may start %2 runs in any hour; "
                                          "expected to start from %3")
                               .arg(task)
                               .arg(m_options.policy.ratePerHour)
                               .arg(until.toUTC().toString(Qt::ISODate));
    qCInfo(lcTasks).noquote() << QStringLiteral("%1 run(s) of task %2 %3").arg(ids.size()).arg(task, reason);
    QString error;
    if (!m_log->markDelayed(ids, until, reason, &error))
        noteError(error);
    for (const qint64 id : ids)
        settle(id);
}

QString TaskRunner::confirmCertificate(const LifecycleEvent& event) const
{
    if (event.id == EventId::StaleBinding) {
        // The newer certificate is in a file store of the scope (any: the event's store is
        // the endpoint's), and the endpoint still serves the old one.
        if (!event.oldCertificate)
            return QStringLiteral("the stale binding names no served certificate");
        const QString newer = confirmCertificateIn(event.certificate, QString());
        return newer.isEmpty() ? confirmCertificateIn(*event.oldCertificate, event.storeId) : newer;
    }
    return confirmCertificateIn(event.certificate, event.storeId);
}

QString TaskRunner::confirmCertificateIn(const CertificateDetails& expected, const QString& storeId) const
{
    const QString where = storeId.isEmpty() ? QStringLiteral("any %1 store").arg(scopeName(m_options.scope))
                                            : QStringLiteral("store %1").arg(storeId);
    if (!m_locator)
        return QStringLiteral("cannot confirm that certificate %1 is still in %2: no certificate locator is configured")
            .arg(expected.thumbprint, where);
    if (expected.thumbprint.isEmpty())
        return QStringLiteral("the event names no certificate thumbprint");
    const std::optional<LocatedCertificate> found = m_locator(m_options.scope, storeId, expected.thumbprint);
    if (!found || found->details.thumbprint.compare(expected.thumbprint, Qt::CaseInsensitive) != 0)
        return QStringLiteral("certificate %1 is not (or no longer) in %2").arg(expected.thumbprint, where);
    const CertificateDetails& now = found->details;
    QStringList differences;
    if (!expected.sha256.isEmpty() && !now.sha256.isEmpty()
        && expected.sha256.compare(now.sha256, Qt::CaseInsensitive) != 0)
        differences << QStringLiteral("SHA-256");
    if (!expected.subject.isEmpty() && !now.subject.isEmpty() && expected.subject != now.subject)
        differences << QStringLiteral("subject");
    if (expected.notAfter.isValid() && now.notAfter.isValid() && expected.notAfter != now.notAfter)
        differences << QStringLiteral("notAfter");
    if (!differences.isEmpty())
        return QStringLiteral("certificate %1 in %2 does not have the details the event records (%3 differs)")
            .arg(expected.thumbprint, where, differences.join(QStringLiteral(", ")));
    return {};
}

QString TaskRunner::refusalReason(const NotificationTask* task, const Pending& pending) const
{
    if (!task)
        return QStringLiteral("task %1 no longer exists").arg(pending.task);
    if (!task->enabled)
        return QStringLiteral("task %1 is disabled").arg(pending.task);
    return pending.digestEvents > 0 ? QString() : confirmCertificate(pending.event);
}

// A digest carries the events whose certificate is still there, in a private file; the
// others are left out and named in the run's reason. Refused when none is left.
QString TaskRunner::prepareDigest(const NotificationTask& task, Pending& pending, TaskValues* values)
{
    if (pending.events.isEmpty())
        pending.events = m_log->digestEvents(pending.task, pending.event.recordId);
    if (pending.events.isEmpty())
        return QStringLiteral("the events of digest run %1 cannot be read from the run log").arg(pending.runId);
    QList<LifecycleEvent> confirmed;
    QString firstProblem;
    for (const LifecycleEvent& e : std::as_const(pending.events)) {
        const QString problem = confirmCertificate(e);
        if (problem.isEmpty())
            confirmed << e;
        else if (firstProblem.isEmpty())
            firstProblem = problem;
    }
    if (confirmed.isEmpty())
        return QStringLiteral("none of the %1 events is still true: %2").arg(pending.events.size()).arg(firstProblem);
    if (confirmed.size() < pending.events.size())
        pending.note = QStringLiteral("%1 of %2 events left out (first: %3)")
                           .arg(pending.events.size() - confirmed.size())
                           .arg(pending.events.size())
                           .arg(firstProblem);
    QString error;
    std::unique_ptr<TaskEventsFile> file =
        TaskEventsFile::create(eventsDirectory(), task.name, pending.runId, pending.attempt, confirmed, &error);
    if (!file)
        return error;
    *values = TaskValues::forDigest(confirmed, task.name, task.command, file->path());
    pending.eventsFile = std::move(file);
    return {};
}

void TaskRunner::start(Pending pending)
{
    m_unfinished.insert(pending.runId); // again, if it was held back
    const std::optional<NotificationTask> task = m_registry->task(pending.task);
    QString reason = refusalReason(task ? &*task : nullptr, pending);
    if (!reason.isEmpty())
        return refuse(pending, reason);
    const ScriptGuard guard(m_options.trust, m_options.policy.requireSignedScripts,
                            m_options.policy.trustedSignerFiles);
    std::optional<CheckedScript> script = guard.check(task->command, task->pinnedSha256, &reason);
    if (!script)
        return refuse(pending, reason);

    TaskValues values = TaskValues::fromEvent(pending.event, task->name, task->command);
    if (pending.digestEvents > 0) {
        reason = prepareDigest(*task, pending, &values);
        if (!reason.isEmpty())
            return refuse(pending, reason);
    }
    QStringList argv;
    for (const QString& templ : task->arguments)
        argv << expandTemplate(templ, values);
    const QList<QPair<QString, QString>> environment = taskEnvironment(values);
    // Refused, not failed: the same values would be too long on every retry.
    reason = TaskProcess::argumentListProblem(QStringLiteral("/proc/self/fd/%1").arg(script->fd.get()), argv,
                                              environment, task->arguments);
    if (!reason.isEmpty())
        return refuse(pending, reason);
    QString error;
    if (!m_log->markRunning(pending.runId, m_clock->now(), script->sha256, &error)) {
        noteError(error);
        return refuse(pending, error);
    }
    auto* process = new TaskProcess(std::move(*script), argv, environment, task->timeoutSeconds,
                                    m_options.policy.killGraceSeconds, this);
    m_active.insert(pending.runId, process);
    m_activeRuns.insert(pending.runId, pending);
    m_busyTasks.insert(pending.task);
    const qint64 runId = pending.runId;
    connect(process, &TaskProcess::finished, this, [this, runId](const TaskProcess::Outcome& outcome) {
        TaskProcess* done = m_active.take(runId);
        const Pending finished = m_activeRuns.take(runId);
        if (done)
            done->deleteLater();
        complete(finished, outcome);
    });
    process->start();
    if (process->processId() > 0)
        m_log->setProcess(runId, TaskRunLog::processToken(process->processId()));
}

void TaskRunner::refuse(const Pending& pending, const QString& reason)
{
    qCWarning(lcTasks).noquote() << QStringLiteral("task %1 refused for event record %2: %3")
                                        .arg(pending.task)
                                        .arg(pending.event.recordId)
                                        .arg(reason);
    TaskRun run;
    run.id = pending.runId;
    run.state = TaskRunState::Refused;
    run.endedAt = m_clock->now();
    run.reason = reason;
    record(run);
}

void TaskRunner::complete(const Pending& pending, const TaskProcess::Outcome& outcome)
{
    m_busyTasks.remove(pending.task);
    TaskRun run;
    run.id = pending.runId;
    run.state = outcome.state;
    run.endedAt = m_clock->now();
    run.exitCode = outcome.exitCode;
    run.exitSignal = outcome.exitSignal;
    run.reason = pending.note.isEmpty() || outcome.reason.isEmpty()
        ? outcome.reason + pending.note
        : outcome.reason + QStringLiteral("; ") + pending.note;
    run.output = outcome.output;
    run.nextAttemptAt = nextAttemptFor(pending.task, pending.attempt, run.state);
    record(run);
    armRetryTimer();
}

void TaskRunner::record(TaskRun run)
{
    QString error;
    if (!m_log->finish(run, &error))
        noteError(error);
    settle(run.id);
    Q_EMIT runFinished(run.id);
    scheduleDispatch();
}

void TaskRunner::settle(qint64 runId)
{
    m_unfinished.remove(runId);
    for (qsizetype i = m_waiters.size() - 1; i >= 0; --i) {
        TaskRunWaiter* waiter = m_waiters.at(i);
        if (waiter)
            waiter->pending.remove(runId);
        if (!waiter || waiter->pending.isEmpty()) {
            m_waiters.removeAt(i);
            if (waiter)
                Q_EMIT waiter->done();
        }
    }
}

QCoro::Task<QList<TaskRun>> TaskRunner::waitForRuns(QList<qint64> runIds)
{
    auto waiter = std::make_unique<TaskRunWaiter>();
    for (const qint64 id : runIds) {
        if (m_unfinished.contains(id))
            waiter->pending.insert(id);
    }
    if (!waiter->pending.isEmpty()) {
        m_waiters.append(waiter.get());
        auto done = qCoro(waiter.get(), &TaskRunWaiter::done);
        co_await done;
    }
    QList<TaskRun> runs;
    for (const qint64 id : runIds) {
        if (const std::optional<TaskRun> run = m_log->run(id))
            runs << *run;
    }
    co_return runs;
}

QCoro::Task<QList<TaskRun>> TaskRunner::runEvent(LifecycleEvent event)
{
    const QList<qint64> ids = submit(event);
    QCoro::Task<QList<TaskRun>> waiting = waitForRuns(ids);
    co_return co_await waiting;
}

} // namespace certlife
