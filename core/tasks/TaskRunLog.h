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

QString taskRunStateName(TaskRunState state); // "queued", "running", "succeeded", "failed", "refused", "timed-out", "interrupted"
bool parseTaskRunState(const QString& text, TaskRunState* out);
inline bool isUnfinished(TaskRunState s) { return s == TaskRunState::Queued || s == TaskRunState::Running; }
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
    QString owner;          // the process that claimed it (TaskRunLog::currentOwner())
    QString process;        // token of the task's own process while it runs (processToken)
    LifecycleEvent event;   // as the task received it: retries after a restart need nothing else
    QDateTime queuedAt;
    QDateTime startedAt;    // invalid until the process starts
    QDateTime endedAt;
    std::optional<int> exitCode;
    std::optional<int> exitSignal;
    QString reason;         // refusal reason, or what went wrong
    QByteArray output;      // last 64 KiB of stdout+stderr
    bool outputHidden = false; // kept in the log owner's private output file, which this user may not read
    QString scriptSha256;   // of the content that ran
    QDateTime nextAttemptAt; // when the retry policy runs it again; invalid = no retry

    QString outcomeText() const; // "exit 0", "signal 9", "refused: …"
    QJsonObject toJson() const;
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

    bool open(QString* error);         // creates the file and table when missing
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
    Claim claim(const QString& task, const LifecycleEvent& event, int attempt, const QDateTime& at,
                const QString& owner, qint64* id, QString* error);
    bool markRunning(qint64 id, const QDateTime& at, const QString& scriptSha256, QString* error);
    bool setProcess(qint64 id, const QString& processToken);
    bool finish(const TaskRun& run, QString* error); // state, endedAt, exit, signal, reason, output, nextAttemptAt
    // Moves an unfinished run from a dead owner to `toOwner`; false when someone else was faster.
    bool takeOver(qint64 id, const QString& fromOwner, const QString& toOwner);
    bool clearNextAttempt(qint64 id);

    std::optional<TaskRun> run(qint64 id) const;
    QList<TaskRun> runsForTask(const QString& task, int limit = 50) const; // newest first
    QList<TaskRun> runsForEvent(qint64 eventRecordId) const;
    QList<TaskRun> unfinished() const; // queued or running, by anyone
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

    QString m_path;
    QString m_connection;
    bool m_outputAttached = false; // the private output file is attached as `private_output`
    bool m_outputHidden = false;   // it exists, but this user may not read it
    bool m_noRunsYet = false;      // openReadOnly: no file or no runs table yet
};

} // namespace certlife
