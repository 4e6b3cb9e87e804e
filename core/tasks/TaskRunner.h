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

class TaskRegistry;

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
    // The agent keeps timers for retries; a short-lived `certlifectl switch` leaves
    // the next attempts (recorded with their time) to the agent.
    bool scheduleRetries = true;
};

// Runs the notification tasks of one scope for the lifecycle events it is fed
// (by the agent after EventLog::append, and by `certlifectl switch`).
//
// For each event: every enabled task whose type, channel and filters match gets a
// run claimed in the TaskRunLog (once per task and event record, ever). Runs queue
// per task (one at a time, Windows' "Queue" policy) under an overall concurrency
// limit. Before a run starts: the per-task rate limit, the certificate still in
// its store (CertificateLocator), and ScriptGuard; a failure refuses the run with
// the reason recorded. Failed, timed-out and interrupted runs are retried
// retryIntervalSeconds later, up to the task's retries.
class TaskRunner : public QObject
{
    Q_OBJECT

public:
    TaskRunner(TaskRunnerOptions options, const TaskRegistry* registry, TaskRunLog* log,
               std::shared_ptr<Clock> clock, QObject* parent = nullptr);
    ~TaskRunner() override; // running processes are killed and recorded as interrupted

    void setCertificateLocator(CertificateLocator locator) { m_locator = std::move(locator); }
    void setPolicy(const TaskPolicy& policy) { m_options.policy = policy; }

    // Claims and queues a run of every matching task; returns the run ids claimed
    // (none for an event record that was handled before). Events without a
    // recordId (not recorded in the EventLog) are ignored.
    QList<qint64> submit(const LifecycleEvent& event);
    // The same for one task only (run-for-existing), whatever the other tasks are.
    QList<qint64> submitForTask(const QString& taskName, const LifecycleEvent& event);

    // Waits until each of the runs has ended (this attempt: retries are not awaited).
    QCoro::Task<QList<TaskRun>> waitForRuns(QList<qint64> runIds);
    QCoro::Task<QList<TaskRun>> runEvent(LifecycleEvent event);

    // At start-up: runs left running by a process that no longer exists are
    // recorded as interrupted (and their process group killed if it outlived it),
    // queued ones are taken over, and due retries start. Returns how many were found.
    int recover();
    // Starts the retries whose time has come (the agent's timer calls this too).
    int processDueRetries();

    int runningCount() const { return int(m_active.size()); }
    bool isIdle() const { return m_unfinished.isEmpty(); }
    QStringList errors() const { return m_errors; } // database problems, newest last

Q_SIGNALS:
    void runFinished(qint64 runId);
    void idle();

private:
    struct Pending
    {
        qint64 runId = 0;
        QString task;
        int attempt = 1;
        LifecycleEvent event;
    };

    QList<qint64> claimRuns(const QList<NotificationTask>& tasks, const LifecycleEvent& event);
    void enqueue(Pending pending);
    void scheduleDispatch();
    void dispatch();
    void start(const Pending& pending);
    QString refusalReason(const NotificationTask* task, const Pending& pending) const;
    QString confirmCertificate(const LifecycleEvent& event) const;
    void refuse(const Pending& pending, const QString& reason);
    void complete(const Pending& pending, const TaskProcess::Outcome& outcome);
    void record(TaskRun run);
    QDateTime nextAttemptFor(const QString& taskName, int attempt, TaskRunState state) const;
    void armRetryTimer();
    void noteError(const QString& error);

    TaskRunnerOptions m_options;
    const TaskRegistry* m_registry;
    TaskRunLog* m_log;
    std::shared_ptr<Clock> m_clock;
    CertificateLocator m_locator;
    QString m_owner;

    QList<Pending> m_queue;          // waiting, oldest first
    QHash<qint64, TaskProcess*> m_active; // run id -> process
    QHash<qint64, Pending> m_activeRuns;
    QSet<QString> m_busyTasks;
    QSet<qint64> m_unfinished;       // queued or running here
    QList<QPointer<TaskRunWaiter>> m_waiters;
    QTimer m_retryTimer;
    bool m_dispatchScheduled = false;
    QStringList m_errors;
};

} // namespace certlife
