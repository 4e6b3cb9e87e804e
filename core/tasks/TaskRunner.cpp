#include "tasks/TaskRunner.h"

#include "tasks/ScriptGuard.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskTemplate.h"

#include <QLoggingCategory>
#include <algorithm>
#include <csignal>
#include <qcoro/qcorosignal.h>

namespace certlife {

Q_LOGGING_CATEGORY(lcTasks, "certlife.tasks")

namespace {

constexpr int kMaxRetryPollMs = 5 * 60 * 1000; // also picks up retries other processes recorded

} // namespace

TaskRunner::TaskRunner(TaskRunnerOptions options, const TaskRegistry* registry, TaskRunLog* log,
                       std::shared_ptr<Clock> clock, QObject* parent)
    : QObject(parent), m_options(std::move(options)), m_registry(registry), m_log(log), m_clock(std::move(clock)),
      m_owner(TaskRunLog::currentOwner())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        processDueRetries();
        armRetryTimer();
    });
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
}

void TaskRunner::noteError(const QString& error)
{
    qCWarning(lcTasks).noquote() << error;
    m_errors << error;
}

QList<qint64> TaskRunner::submit(const LifecycleEvent& event)
{
    QList<NotificationTask> matching;
    for (const NotificationTask& t : m_registry->tasks()) {
        if (t.enabled && t.matches(event))
            matching << t;
    }
    return claimRuns(matching, event);
}

QList<qint64> TaskRunner::submitForTask(const QString& taskName, const LifecycleEvent& event)
{
    const std::optional<NotificationTask> task = m_registry->task(taskName);
    if (!task || !task->enabled || !task->matches(event))
        return {};
    return claimRuns({*task}, event);
}

QList<qint64> TaskRunner::claimRuns(const QList<NotificationTask>& tasks, const LifecycleEvent& event)
{
    QList<qint64> ids;
    if (event.recordId <= 0 || event.channel != m_options.scope) {
        if (!tasks.isEmpty())
            noteError(QStringLiteral("event %1 was not recorded in the %2 event log; no task runs for it")
                          .arg(eventName(event.id), scopeName(m_options.scope)));
        return ids;
    }
    for (const NotificationTask& task : tasks) {
        qint64 id = 0;
        QString error;
        switch (m_log->claim(task.name, event, 1, m_clock->now(), m_owner, &id, &error)) {
        case TaskRunLog::Claim::Claimed:
            ids << id;
            enqueue({id, task.name, 1, event});
            break;
        case TaskRunLog::Claim::AlreadyClaimed:
            qCInfo(lcTasks).noquote() << QStringLiteral("task %1 already ran for event record %2").arg(task.name).arg(event.recordId);
            break;
        case TaskRunLog::Claim::Failed:
            noteError(error);
            break;
        }
    }
    return ids;
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
    for (qsizetype i = 0; i < m_queue.size() && m_active.size() < limit;) {
        if (m_busyTasks.contains(m_queue.at(i).task)) {
            ++i; // one run of a task at a time: this one waits for the previous
            continue;
        }
        const Pending pending = m_queue.takeAt(i);
        start(pending);
    }
    if (m_unfinished.isEmpty())
        Q_EMIT idle();
}

QString TaskRunner::confirmCertificate(const LifecycleEvent& event) const
{
    const CertificateDetails& expected = event.certificate;
    const QString where = event.storeId.isEmpty() ? QStringLiteral("any %1 store").arg(scopeName(m_options.scope))
                                                  : QStringLiteral("store %1").arg(event.storeId);
    if (!m_locator)
        return QStringLiteral("cannot confirm that certificate %1 is still in %2: no certificate locator is configured")
            .arg(expected.thumbprint, where);
    if (expected.thumbprint.isEmpty())
        return QStringLiteral("the event names no certificate thumbprint");
    const std::optional<LocatedCertificate> found = m_locator(m_options.scope, event.storeId, expected.thumbprint);
    if (!found || found->details.thumbprint.compare(expected.thumbprint, Qt::CaseInsensitive) != 0)
        return QStringLiteral("certificate %1 is not (or no longer) in %2").arg(expected.thumbprint, where);
    const CertificateDetails& now = found->details;
    QStringList differences;
    if (!expected.sha256.isEmpty() && !now.sha256.isEmpty() && expected.sha256.compare(now.sha256, Qt::CaseInsensitive) != 0)
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
    const int rate = m_options.policy.ratePerHour;
    const int started = m_log->startedSince(task->name, m_clock->now().addSecs(-3600));
    if (started >= rate)
        return QStringLiteral("rate limit: task %1 started %2 runs in the last hour (the limit is %3)")
            .arg(task->name).arg(started).arg(rate);
    return confirmCertificate(pending.event);
}

void TaskRunner::start(const Pending& pending)
{
    const std::optional<NotificationTask> task = m_registry->task(pending.task);
    QString reason = refusalReason(task ? &*task : nullptr, pending);
    if (!reason.isEmpty())
        return refuse(pending, reason);
    const ScriptGuard guard(m_options.trust, m_options.policy.requireSignedScripts, m_options.policy.trustedSignerFiles);
    std::optional<CheckedScript> script = guard.check(task->command, task->pinnedSha256, &reason);
    if (!script)
        return refuse(pending, reason);

    const TaskValues values = TaskValues::fromEvent(pending.event, task->name, task->command);
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
                                        .arg(pending.task).arg(pending.event.recordId).arg(reason);
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
    run.reason = outcome.reason;
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
    m_unfinished.remove(run.id);
    for (qsizetype i = m_waiters.size() - 1; i >= 0; --i) {
        TaskRunWaiter* waiter = m_waiters.at(i);
        if (waiter)
            waiter->pending.remove(run.id);
        if (!waiter || waiter->pending.isEmpty()) {
            m_waiters.removeAt(i);
            if (waiter)
                Q_EMIT waiter->done();
        }
    }
    Q_EMIT runFinished(run.id);
    scheduleDispatch();
}

QDateTime TaskRunner::nextAttemptFor(const QString& taskName, int attempt, TaskRunState state) const
{
    const std::optional<NotificationTask> task = m_registry->task(taskName);
    if (!task || !isRetryable(state) || attempt >= task->maxAttempts())
        return {};
    return m_clock->now().addSecs(task->retryIntervalSeconds);
}

int TaskRunner::recover()
{
    int found = 0;
    for (const TaskRun& run : m_log->unfinished()) {
        if (run.owner == m_owner || TaskRunLog::processAlive(run.owner))
            continue; // ours, or another live runner's
        ++found;
        if (run.state == TaskRunState::Queued) {
            if (m_log->takeOver(run.id, run.owner, m_owner))
                enqueue({run.id, run.task, run.attempt, run.event});
            continue;
        }
        if (!m_log->takeOver(run.id, run.owner, m_owner))
            continue;
        TaskRun interrupted = run;
        interrupted.state = TaskRunState::Interrupted;
        interrupted.endedAt = m_clock->now();
        interrupted.reason = QStringLiteral("interrupted: the runner that started it stopped (crash or restart) "
                                            "before the task ended");
        if (TaskRunLog::processAlive(run.process)) {
            // It outlived its runner (it has a session of its own): stop it before
            // the retry policy starts another.
            ::kill(-pid_t(TaskRunLog::processIdOf(run.process)), SIGKILL);
            interrupted.reason += QStringLiteral("; its process group, still running, was killed");
        }
        interrupted.nextAttemptAt = nextAttemptFor(run.task, run.attempt, interrupted.state);
        QString error;
        if (!m_log->finish(interrupted, &error))
            noteError(error);
    }
    processDueRetries();
    armRetryTimer();
    return found;
}

int TaskRunner::processDueRetries()
{
    int started = 0;
    const QDateTime now = m_clock->now();
    for (const TaskRun& previous : m_log->retryCandidates()) {
        if (previous.nextAttemptAt > now)
            break; // ordered by time
        const std::optional<NotificationTask> task = m_registry->task(previous.task);
        if (!task || !task->enabled || previous.attempt >= task->maxAttempts() || previous.event.recordId <= 0) {
            m_log->clearNextAttempt(previous.id); // nothing left to retry
            continue;
        }
        qint64 id = 0;
        QString error;
        const int attempt = previous.attempt + 1;
        const auto claim = m_log->claim(task->name, previous.event, attempt, now, m_owner, &id, &error);
        if (claim == TaskRunLog::Claim::Claimed) {
            enqueue({id, task->name, attempt, previous.event});
            ++started;
        } else if (claim == TaskRunLog::Claim::Failed) {
            noteError(error);
        }
    }
    return started;
}

void TaskRunner::armRetryTimer()
{
    if (!m_options.scheduleRetries)
        return;
    qint64 waitMs = kMaxRetryPollMs;
    const QList<TaskRun> candidates = m_log->retryCandidates();
    if (!candidates.isEmpty())
        waitMs = std::clamp<qint64>(m_clock->now().msecsTo(candidates.first().nextAttemptAt), 0, kMaxRetryPollMs);
    m_retryTimer.start(int(waitMs));
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
