// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The runner's recovery side: runs a dead or ended runner left, retries that are due.
#include "tasks/TaskRunner.h"

#include "tasks/TaskEventsFile.h"
#include "tasks/TaskRegistry.h"

#include <algorithm>
#include <csignal>

namespace certlife {

QDateTime TaskRunner::nextAttemptFor(const QString& taskName, int attempt, TaskRunState state) const
{
    const std::optional<NotificationTask> task = m_registry->task(taskName);
    if (!task || !isRetryable(state) || attempt >= task->maxAttempts())
        return {};
    return m_clock->now().addSecs(task->retryIntervalSeconds);
}

int TaskRunner::recover(QList<qint64>* takenOver)
{
    int found = 0;
    QHash<QString, bool> alive; // per owner: one look at /proc each
    for (const TaskRun& run : m_log->unfinishedNotOwnedBy(m_owner)) {
        auto known = alive.constFind(run.owner);
        if (known == alive.cend())
            known = alive.insert(run.owner, TaskRunLog::processAlive(run.owner));
        if (*known)
            continue; // another live runner's
        ++found;
        if (run.state == TaskRunState::Queued) {
            if (m_log->takeOver(run.id, run.owner, m_owner)) {
                enqueue(Pending(run.id, run.task, run.attempt, run.event, run.digestEvents));
                if (takenOver)
                    takenOver->append(run.id);
            }
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
    // Events files of digest runs a killed runner left behind.
    TaskEventsFile::removeStale(eventsDirectory(), [this](qint64 runId) {
        if (m_active.contains(runId))
            return true;
        const std::optional<TaskRun> run = m_log->run(runId);
        return run && run->state == TaskRunState::Running && TaskRunLog::processAlive(run->owner);
    });
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
        const auto claim =
            m_log->claim(task->name, previous.event, attempt, now, m_owner, &id, &error, previous.digestEvents);
        if (claim == TaskRunLog::Claim::Claimed) {
            enqueue(Pending(id, task->name, attempt, previous.event, previous.digestEvents));
            ++started;
        } else if (claim == TaskRunLog::Claim::Failed) {
            noteError(error);
        }
    }
    scheduleDispatch(); // held-back runs the limit now allows
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

} // namespace certlife
