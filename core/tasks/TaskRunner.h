// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "tasks/NotificationTask.h"
#include "tasks/TaskProcess.h"
#include "tasks/TaskRunLog.h"
#include "tasks/TaskSeams.h"
#include "tasks/TrustedPath.h"
#include "util/Clock.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <qcoro/qcorotask.h>
#include <memory>

namespace certlife {

class TaskEventsFile;
class TaskRegistry;
struct TaskValues;

// One waitForRuns() call: done() is emitted once, when all its runs have ended.
// (Awaiting runFinished itself would be unsafe: QCoro connects queued, and two runs
// ending before the first delivery would resume a finished awaiter.)
class TaskRunWaiter : public QObject
{
    Q_OBJECT

public:
    QSet<qint64> pending;

Q_SIGNALS:
    void done();
};

struct TaskRunnerOptions
{
    Scope scope = Scope::System;
    TrustRule trust = TrustRule::forScope(Scope::System); // whose scripts may run (tests inject)
    TaskPolicy policy;
    // The agent keeps timers for retries and for runs the rate limit holds back; a
    // short-lived `certlifectl switch` leaves them (recorded with their time) to the agent.
    bool scheduleRetries = true;
    // Where digest runs' events files are made (private, 0700); empty: the scope's
    // state directory's task-events/.
    QString eventsDirectory;
};

// Runs the notification tasks of one scope for the lifecycle events it is fed
// (by the agent after EventLog::append, and by `certlifectl switch`).
//
// For each event: every enabled task whose type, channel and filters match gets a
// run claimed in the TaskRunLog (once per task and event record, ever); a digest task
// gets one run for all the matching events it is handed at once (a pass's). Runs queue
// per task (one at a time, Windows' "Queue" policy) under an overall concurrency
// limit. A run over the task's rate limit waits, queued in the log, until the limit
// allows it (never refused for it; after a restart the next runner takes it over).
// Before a run starts: the certificate still in its store (CertificateLocator), and
// ScriptGuard; a failure refuses the run with the reason recorded. Failed, timed-out
// and interrupted runs are retried retryIntervalSeconds later, up to the task's retries.
class TaskRunner : public QObject
{
    Q_OBJECT

public:
    TaskRunner(TaskRunnerOptions options, const TaskRegistry* registry, TaskRunLog* log, std::shared_ptr<Clock> clock,
               QObject* parent = nullptr);
    // Running processes are killed and recorded as interrupted; queued runs are left
    // to whichever runner takes them over next (the agent, at start and every poll).
    ~TaskRunner() override;

    void setCertificateLocator(CertificateLocator locator) { m_locator = std::move(locator); }
    void setPolicy(const TaskPolicy& policy) { m_options.policy = policy; }

    // Claims and queues a run of every matching task; returns the run ids claimed
    // (none for an event record that was handled before). Events without a
    // recordId (not recorded in the EventLog) are ignored.
    QList<qint64> submit(const LifecycleEvent& event);
    // A pass's events at once: a digest task gets one run for all it matches.
    QList<qint64> submitAll(const QList<LifecycleEvent>& events);
    // The same for one task only (run-for-existing), whatever the other tasks are.
    QList<qint64> submitForTask(const QString& taskName, const QList<LifecycleEvent>& events);

    // Waits until each of the runs has ended or is held back by the rate limit (this
    // attempt: retries and held-back runs are not awaited).
    QCoro::Task<QList<TaskRun>> waitForRuns(QList<qint64> runIds);
    QCoro::Task<QList<TaskRun>> runEvent(LifecycleEvent event);

    // At start-up (and at every poll of the agent's timer): runs left running by a
    // process that no longer exists are recorded as interrupted (and their process
    // group killed if it outlived it), queued ones left by a runner that ended or died
    // are taken over, and due retries start. Returns how many were found; `takenOver`
    // (optional) gets the ids of the queued runs taken over.
    int recover(QList<qint64>* takenOver = nullptr);
    // Starts the retries whose time has come, and the held-back runs the rate limit
    // now allows (the agent's timers call this too; tests after moving the clock).
    int processDueRetries();

    int runningCount() const { return int(m_active.size()); }
    // Nothing to start now: every run ended or is held back by the rate limit.
    bool isIdle() const { return m_unfinished.isEmpty(); }
    int heldBackCount() const;
    int queuedCount() const { return int(m_queue.size()); } // waiting here, held back or not
    QStringList errors() const { return m_errors; }         // database problems, newest last

Q_SIGNALS:
    void runFinished(qint64 runId);
    void idle();

private:
    // The longest the agent's timers wait: a poll also takes over what other runners left.
    static constexpr int kMaxRetryPollMs = 5 * 60 * 1000;

    struct Pending
    {
        Pending() = default;
        Pending(qint64 id, QString taskName, int attemptNumber, LifecycleEvent firstEvent, int digestCount = 0,
                QList<LifecycleEvent> digest = {})
            : runId(id),
              task(std::move(taskName)),
              attempt(attemptNumber),
              event(std::move(firstEvent)),
              digestEvents(digestCount),
              events(std::move(digest))
        {}

        qint64 runId = 0;
        QString task;
        int attempt = 1;
        LifecycleEvent event;                       // a digest's first event
        int digestEvents = 0;                       // a digest run: how many events (TaskRun::digestEvents)
        QList<LifecycleEvent> events;               // a digest's events (read from the log when empty)
        QDateTime heldUntil;                        // held back by the rate limit until then (recorded)
        QString note;                               // added to the run's reason (events a digest left out)
        std::shared_ptr<TaskEventsFile> eventsFile; // while a digest runs
    };

    QList<qint64> claimRuns(const QList<NotificationTask>& tasks, const QList<LifecycleEvent>& events);
    void claimDigests(const NotificationTask& task, const QList<LifecycleEvent>& events, QList<qint64>& ids);
    void enqueue(Pending pending);
    void scheduleDispatch();
    void dispatch();
    void holdBack(const QString& task, const QList<qint64>& ids, const QDateTime& until);
    void start(Pending pending);
    QString refusalReason(const NotificationTask* task, const Pending& pending) const;
    QString confirmCertificate(const LifecycleEvent& event) const;
    QString confirmCertificateIn(const CertificateDetails& expected, const QString& storeId) const;
    QString prepareDigest(const NotificationTask& task, Pending& pending, TaskValues* values);
    void refuse(const Pending& pending, const QString& reason);
    void complete(const Pending& pending, const TaskProcess::Outcome& outcome);
    void record(TaskRun run);
    void settle(qint64 runId); // the run ended or is held back: waiters stop waiting for it
    QString eventsDirectory() const;
    QDateTime nextAttemptFor(const QString& taskName, int attempt, TaskRunState state) const;
    void armRetryTimer();
    void noteError(const QString& error);

    TaskRunnerOptions m_options;
    const TaskRegistry* m_registry;
    TaskRunLog* m_log;
    std::shared_ptr<Clock> m_clock;
    CertificateLocator m_locator;
    QString m_owner;

    QList<Pending> m_queue;               // waiting, oldest first
    QHash<qint64, TaskProcess*> m_active; // run id -> process
    QHash<qint64, Pending> m_activeRuns;
    QSet<QString> m_busyTasks;
    QSet<qint64> m_unfinished; // queued or running here
    QList<QPointer<TaskRunWaiter>> m_waiters;
    QTimer m_retryTimer;
    QTimer m_rateTimer; // when a held-back run may start
    bool m_dispatchScheduled = false;
    QStringList m_errors;
};

} // namespace certlife
