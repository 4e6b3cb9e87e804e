// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace certlife {

enum class TaskRunState : quint8 { Queued, Running, Succeeded, Failed, Refused, TimedOut, Interrupted };

QString taskRunStateName(
    TaskRunState state); // "queued", "running", "succeeded", "failed", "refused", "timed-out", "interrupted"
bool parseTaskRunState(const QString& text, TaskRunState* out);
inline bool isUnfinished(TaskRunState s)
{
    return s == TaskRunState::Queued || s == TaskRunState::Running;
}
// The outcomes the retry policy retries. A refusal is final: the same checks would
// refuse again, and a rate-limited run must not come back by the back door.
inline bool isRetryable(TaskRunState s)
{
    return s == TaskRunState::Failed || s == TaskRunState::TimedOut || s == TaskRunState::Interrupted;
}

inline constexpr qsizetype kTaskOutputTailBytes = 64 * 1024;

// One attempt of one task for one event record.
struct TaskRun
{
    qint64 id = 0;
    QString task;
    qint64 eventRecordId = 0;
    int eventId = 0;
    int attempt = 1;
    TaskRunState state = TaskRunState::Queued;
    QString owner;        // the process that claimed it (TaskRunLog::currentOwner())
    QString process;      // token of the task's own process while it runs (processToken)
    LifecycleEvent event; // as the task received it: retries after a restart need nothing else
    QDateTime queuedAt;
    QDateTime startedAt; // invalid until the process starts
    QDateTime endedAt;
    std::optional<int> exitCode;
    std::optional<int> exitSignal;
    QString reason;            // refusal reason, or what went wrong
    QByteArray output;         // last 64 KiB of stdout+stderr
    bool outputHidden = false; // kept in the log owner's private output file, which this user may not read
    QString scriptSha256;      // of the content that ran
    // Ended: when the retry policy runs it again (invalid = no retry). Queued: not before
    // then, held back by the task's rate limit (reason says so).
    QDateTime nextAttemptAt;
    // A digest run (the task's Digest key): how many events it carries, in
    // TaskRunLog::digestEvents(); `event` is the first of them. 0 for a run of one event.
    int digestEvents = 0;

    bool isDigest() const { return digestEvents > 0; }
    bool isDelayed() const { return state == TaskRunState::Queued && nextAttemptAt.isValid(); }

    QString outcomeText() const; // "exit 0", "signal 9", "refused: …"
    QJsonObject toJson() const;
};

// Runs by outcome, for summaries: started = succeeded + failed + running (a failed
// run did start: timed out and interrupted count as failed); queued are waiting (most
// of them held back by a rate limit); refused never started.
struct TaskRunCounts
{
    int succeeded = 0;
    int failed = 0;
    int running = 0;
    int queued = 0;
    int refused = 0;

    int started() const { return succeeded + failed + running; }
    int total() const { return started() + queued + refused; }
    void add(TaskRunState state, int count = 1);
    TaskRunCounts& operator+=(const TaskRunCounts& other);
    QJsonObject toJson() const; // {"started", "succeeded", "failed", "running", "queued", "refused"}
    static TaskRunCounts fromJson(const QJsonObject& o);
    // "30 started (28 succeeded, 2 failed), 1700 queued, 0 refused"
    QString text() const;
};

// One page of runs, newest first (keyset paging: the page after the one that ended
// with run id N asks for beforeId = N).
struct TaskRunPageQuery
{
    QString task;               // empty: every task
    QList<TaskRunState> states; // empty: any
    qint64 beforeId = 0;        // 0: from the newest
    int limit = 200;
};

// The task_runs table, in the scope's event log file (Paths::eventLogFile) on a
// connection of its own; the output of each run in a private file beside it
// (outputPath()). Its schema version lives in its own task_runs_meta table: the event
// log's PRAGMA user_version is not ours.
//
// UNIQUE(task, event_record_id, attempt): claiming attempt 1 is what makes "at most
// one run per task and event record" hold across processes and restarts; a retry
// claims attempt N+1, so two runners can never both retry the same run.
class TaskRunLog
{
public:
    explicit TaskRunLog(QString databasePath);
    ~TaskRunLog();
    TaskRunLog(const TaskRunLog&) = delete;
    TaskRunLog& operator=(const TaskRunLog&) = delete;

    bool open(QString* error); // creates the file and table when missing
    // For `task show`/`list`: false when the runs cannot be read, *error saying why
    // (an unreadable file is not a log without runs), and also when there are none to
    // read yet (no file, no runs table), with noRunsYet() true.
    bool openReadOnly(QString* error);
    bool noRunsYet() const { return m_noRunsYet; }
    QString databasePath() const { return m_path; }
    // Where the output tails are kept: beside the log, mode 0600. The System event log
    // is readable by every local user; what a root script prints is not.
    QString outputPath() const;

    enum class Claim { Claimed, AlreadyClaimed, Failed };
    // digestEvents: a retry of a digest run (its event count), else 0.
    Claim claim(const QString& task, const LifecycleEvent& event, int attempt, const QDateTime& at,
                const QString& owner, qint64* id, QString* error, int digestEvents = 0);
    // One digest run of `task` for those of `events` (recorded, ascending record ids) that
    // no run of the task has claimed yet, as a single or a digest run: each event record
    // belongs to at most one run of a task, ever (table task_run_events). Its attempt 1 is
    // keyed by the first of them. *claimed gets the events it carries.
    Claim claimDigest(const QString& task, const QList<LifecycleEvent>& events, const QDateTime& at,
                      const QString& owner, qint64* id, QList<LifecycleEvent>* claimed, QString* error);
    // The events of a digest run (any attempt: they share task and key), by record id.
    QList<LifecycleEvent> digestEvents(const QString& task, qint64 digestRecordId) const;
    bool markRunning(qint64 id, const QDateTime& at, const QString& scriptSha256, QString* error);
    bool setProcess(qint64 id, const QString& processToken);
    bool finish(const TaskRun& run, QString* error); // state, endedAt, exit, signal, reason, output, nextAttemptAt
    // Moves an unfinished run from a dead owner to `toOwner`; false when someone else was faster.
    bool takeOver(qint64 id, const QString& fromOwner, const QString& toOwner);
    bool clearNextAttempt(qint64 id);
    // Queued runs held back by the rate limit: not before `notBefore`, `reason` says why.
    bool markDelayed(const QList<qint64>& ids, const QDateTime& notBefore, const QString& reason, QString* error);
    // Queued runs this runner leaves (it is ending): any runner may take them over.
    bool release(const QList<qint64>& ids, const QString& owner);
    // When a run of `task` may start again under a limit of `rate` starts in any hour:
    // invalid when it may start now.
    QDateTime rateLimitFreesAt(const QString& task, const QDateTime& now, int rate) const;
    std::optional<TaskRun> run(qint64 id) const;
    QList<TaskRun> runsForTask(const QString& task, int limit = 50) const; // newest first
    QList<TaskRun> runsForEvent(qint64 eventRecordId) const;
    // Up to LIMIT runs with an id above ID, lowest first (the fleet publisher's outbox).
    QList<TaskRun> runsAfter(qint64 id, int limit) const;
    QList<TaskRun> unfinished() const; // queued or running, by anyone
    QList<TaskRun> unfinishedNotOwnedBy(const QString& owner) const;
    TaskRunCounts count(const QList<qint64>& ids) const;
    QList<TaskRun> page(const TaskRunPageQuery& query) const;
    // The latest attempt of each run that ended retryably and has a next attempt time.
    QList<TaskRun> retryCandidates() const;
    int startedSince(const QString& task, const QDateTime& since) const;
    // How many attempts each task has in each state (metrics); false with *error when
    // the table cannot be read.
    struct StateCount
    {
        QString task;
        TaskRunState state = TaskRunState::Queued;
        qint64 count = 0;
    };
    bool countByTaskAndState(QList<StateCount>* counts, QString* error = nullptr) const;

    // "BOOT_ID:PID:STARTTIME" names a process for good: a reused pid has another
    // start time, a reboot another boot id. processAlive() tells whether it still exists.
    static QString processToken(qint64 pid);
    static QString currentOwner(); // processToken(getpid())
    static bool processAlive(const QString& token);
    static qint64 processIdOf(const QString& token);

private:
    bool openConnection(bool readOnly, QString* error);
    bool createSchema(QString* error);
    bool attachOutput(bool readOnly, QString* error);
    QList<TaskRun> select(const QString& where, const QVariantList& values, const QString& tail = {}) const;
    bool exec(const QString& statement, const QVariantList& values, QString* error, const QString& what) const;

    QString m_path;
    QString m_connection;
    bool m_outputAttached = false; // the private output file is attached as `private_output`
    bool m_outputHidden = false;   // it exists, but this user may not read it
    bool m_noRunsYet = false;      // openReadOnly: no file or no runs table yet
    bool m_digestColumn = true;    // false: a log from before digest runs, read only
};

} // namespace certlife
