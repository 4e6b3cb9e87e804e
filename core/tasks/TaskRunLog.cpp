// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskRunLog.h"

#include "tasks/TaskRunLogSql.h"
#include "util/Paths.h"

#include <QAtomicInteger>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace certlife {

using taskrunlog::timeFrom;
using taskrunlog::timeValue;

namespace {

// Additions older readers ignore (task_run_events, digest_events) keep the version.
constexpr int kSchemaVersion = 1;

const char* const kStateNames[] = {"queued", "running", "succeeded", "failed", "refused", "timed-out", "interrupted"};

QVariant optionalInt(const std::optional<int>& v)
{
    return v ? QVariant(*v) : QVariant();
}

std::optional<int> intFrom(const QVariant& v)
{
    return v.isNull() ? std::nullopt : std::optional<int>(v.toInt());
}

const QString kColumns = QStringLiteral(
    "id, task, event_record_id, event_id, attempt, state, owner, event_json, queued_at, started_at, ended_at, "
    "exit_code, exit_signal, reason, output_tail, script_sha256, next_attempt_at, process, digest_events");

} // namespace

QString taskRunStateName(TaskRunState state)
{
    return QString::fromLatin1(kStateNames[int(state)]);
}

bool parseTaskRunState(const QString& text, TaskRunState* out)
{
    for (int i = 0; i < int(std::size(kStateNames)); ++i) {
        if (text == QLatin1String(kStateNames[i])) {
            *out = TaskRunState(i);
            return true;
        }
    }
    return false;
}

QString TaskRun::outcomeText() const
{
    QString text = taskRunStateName(state);
    if (exitSignal)
        text += QStringLiteral(" (signal %1)").arg(*exitSignal);
    else if (exitCode)
        text += QStringLiteral(" (exit %1)").arg(*exitCode);
    if (!reason.isEmpty())
        text += QStringLiteral(": ") + reason;
    return text;
}

QJsonObject TaskRun::toJson() const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("task"), task},
        {QStringLiteral("eventRecordId"), eventRecordId},
        {QStringLiteral("eventId"), eventId},
        {QStringLiteral("attempt"), attempt},
        {QStringLiteral("state"), taskRunStateName(state)},
        {QStringLiteral("queued"), timeValue(queuedAt).toString()},
        {QStringLiteral("started"), timeValue(startedAt).toString()},
        {QStringLiteral("ended"), timeValue(endedAt).toString()},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("scriptSha256"), scriptSha256},
        {QStringLiteral("output"), QString::fromUtf8(output)},
    };
    if (exitCode)
        o.insert(QStringLiteral("exitCode"), *exitCode);
    if (exitSignal)
        o.insert(QStringLiteral("signal"), *exitSignal);
    if (nextAttemptAt.isValid())
        o.insert(state == TaskRunState::Queued ? QStringLiteral("notBefore") : QStringLiteral("nextAttempt"),
                 timeValue(nextAttemptAt).toString());
    if (isDigest())
        o.insert(QStringLiteral("digestEvents"), digestEvents);
    return o;
}

TaskRunLog::TaskRunLog(QString databasePath) : m_path(std::move(databasePath))
{
    static QAtomicInteger<quint64> counter;
    m_connection = QStringLiteral("certlife-task-runs-%1").arg(counter.fetchAndAddRelaxed(1));
}

TaskRunLog::~TaskRunLog()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool TaskRunLog::openConnection(bool readOnly, QString* error)
{
    QSqlDatabase db = QSqlDatabase::contains(m_connection)
        ? QSqlDatabase::database(m_connection, false)
        : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000")
                                  : QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open()) {
        *error = QStringLiteral("cannot open the task run log %1: %2").arg(m_path, db.lastError().text());
        return false;
    }
    return true;
}

bool TaskRunLog::open(QString* error)
{
    const QString why = Paths::ensureDir(QFileInfo(m_path).absolutePath());
    if (!why.isEmpty()) {
        *error = why;
        return false;
    }
    // Created private when this log comes first (the event log keeps the mode of an
    // existing file); the output file always is: run output may say more than it should.
    for (const QString& path : {m_path, outputPath()}) {
        const int fd =
            ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0)
            ::close(fd);
    }
    return openConnection(false, error) && createSchema(error) && attachOutput(false, error);
}

QString TaskRunLog::outputPath() const
{
    const QFileInfo log(m_path);
    return log.absolutePath() + QLatin1Char('/') + log.completeBaseName() + QStringLiteral(".task-output.sqlite");
}

bool TaskRunLog::attachOutput(bool readOnly, QString* error)
{
    const QString path = outputPath();
    m_outputAttached = false;
    m_outputHidden = false;
    if (readOnly && ::access(QFile::encodeName(path).constData(), R_OK) != 0) {
        m_outputHidden = QFileInfo::exists(path);
        return true; // no output recorded yet, or not for this user's eyes
    }
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("ATTACH DATABASE ? AS private_output"));
    q.addBindValue(path);
    bool ok = q.exec();
    if (ok && !readOnly) {
        // Runs recorded before the output moved out of the shared log: their output moves too.
        ok = q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS private_output.task_output "
                                   "(run_id INTEGER PRIMARY KEY, output BLOB NOT NULL)"))
            && q.exec(QStringLiteral("INSERT OR IGNORE INTO private_output.task_output (run_id, output) "
                                     "SELECT id, output_tail FROM task_runs WHERE length(output_tail) > 0"))
            && q.exec(QStringLiteral("UPDATE task_runs SET output_tail=NULL WHERE output_tail IS NOT NULL"));
    } else if (ok) {
        ok = q.exec(QStringLiteral("SELECT 1 FROM private_output.sqlite_master WHERE name='task_output'")) && q.next();
        if (!ok)
            return true; // created, but nothing written to it yet
    }
    if (!ok) {
        *error = QStringLiteral("cannot open the task output file %1: %2").arg(path, q.lastError().text());
        return false;
    }
    m_outputAttached = true;
    return true;
}

bool TaskRunLog::openReadOnly(QString* error)
{
    m_noRunsYet = false;
    if (!QFileInfo::exists(m_path)) {
        m_noRunsYet = true;
        *error = QStringLiteral("%1 does not exist (no task has run yet)").arg(m_path);
        return false;
    }
    // SQLite opens lazily: an unreadable file would only fail at the first query, and
    // must not pass for a log without runs.
    if (::access(QFile::encodeName(m_path).constData(), R_OK) != 0) {
        *error = QStringLiteral("cannot read the task runs in %1: %2")
                     .arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (!openConnection(true, error))
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type='table' AND name='task_runs'"))) {
        *error = QStringLiteral("cannot read the task runs in %1: %2").arg(m_path, q.lastError().text());
        return false;
    }
    if (!q.next()) {
        m_noRunsYet = true;
        *error = QStringLiteral("%1 holds no task runs yet").arg(m_path);
        return false;
    }
    // A log no agent of this version has written to yet has no digest runs.
    m_digestColumn =
        q.exec(QStringLiteral("SELECT 1 FROM pragma_table_info('task_runs') WHERE name='digest_events'")) && q.next();
    return attachOutput(true, error);
}

bool TaskRunLog::createSchema(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    const QStringList statements{
        QStringLiteral("CREATE TABLE IF NOT EXISTS task_runs_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS task_runs ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " task TEXT NOT NULL, event_record_id INTEGER NOT NULL, event_id INTEGER NOT NULL,"
                       " attempt INTEGER NOT NULL, state TEXT NOT NULL, owner TEXT NOT NULL,"
                       " event_json TEXT NOT NULL, queued_at TEXT NOT NULL, started_at TEXT, ended_at TEXT,"
                       " exit_code INTEGER, exit_signal INTEGER, reason TEXT NOT NULL DEFAULT '',"
                       " output_tail BLOB, script_sha256 TEXT NOT NULL DEFAULT '', next_attempt_at TEXT, process TEXT,"
                       " UNIQUE (task, event_record_id, attempt))"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS task_runs_state ON task_runs (state)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS task_runs_task_started ON task_runs (task, started_at)"),
        // Which run of a task carries each event record: a digest run carries many.
        QStringLiteral("CREATE TABLE IF NOT EXISTS task_run_events ("
                       " task TEXT NOT NULL, event_record_id INTEGER NOT NULL, digest_record_id INTEGER NOT NULL,"
                       " event_json TEXT NOT NULL, PRIMARY KEY (task, event_record_id))"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS task_run_events_digest ON task_run_events (task, digest_record_id)"),
        QStringLiteral("INSERT OR IGNORE INTO task_runs_meta (key, value) VALUES ('schema_version', '%1')")
            .arg(kSchemaVersion),
    };
    for (const QString& s : statements) {
        if (!q.exec(s)) {
            *error = QStringLiteral("cannot prepare the task run log %1: %2").arg(m_path, q.lastError().text());
            return false;
        }
    }
    if (!q.exec(QStringLiteral("SELECT 1 FROM pragma_table_info('task_runs') WHERE name='digest_events'"))
        || !q.next()) {
        if (!q.exec(QStringLiteral("ALTER TABLE task_runs ADD COLUMN digest_events INTEGER"))) {
            *error = QStringLiteral("cannot prepare the task run log %1: %2").arg(m_path, q.lastError().text());
            return false;
        }
    }
    if (q.exec(QStringLiteral("SELECT value FROM task_runs_meta WHERE key='schema_version'")) && q.next()
        && q.value(0).toInt() > kSchemaVersion) {
        *error = QStringLiteral(
                     "the task run log in %1 has schema version %2, written by a newer Certlife (this one knows %3)")
                     .arg(m_path)
                     .arg(q.value(0).toInt())
                     .arg(kSchemaVersion);
        return false;
    }
    return true;
}

TaskRunLog::Claim TaskRunLog::claim(const QString& task, const LifecycleEvent& event, int attempt, const QDateTime& at,
                                    const QString& owner, qint64* id, QString* error, int digestEvents)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    // Not for an event record a digest run of the task carries (unless it is that
    // digest's own key: a retry of the digest).
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO task_runs (task, event_record_id, event_id, attempt, state, owner, "
                             "event_json, queued_at, digest_events) SELECT ?, ?, ?, ?, 'queued', ?, ?, ?, ? "
                             "WHERE NOT EXISTS (SELECT 1 FROM task_run_events WHERE task=? AND event_record_id=? "
                             "AND digest_record_id != event_record_id)"));
    q.addBindValue(task);
    q.addBindValue(event.recordId);
    q.addBindValue(int(event.id));
    q.addBindValue(attempt);
    q.addBindValue(owner);
    q.addBindValue(QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(timeValue(at));
    q.addBindValue(digestEvents > 0 ? QVariant(digestEvents) : QVariant());
    q.addBindValue(task);
    q.addBindValue(event.recordId);
    if (!q.exec()) {
        *error = QStringLiteral("cannot record a run of task %1: %2").arg(task, q.lastError().text());
        return Claim::Failed;
    }
    if (q.numRowsAffected() < 1)
        return Claim::AlreadyClaimed;
    *id = q.lastInsertId().toLongLong();
    return Claim::Claimed;
}

bool TaskRunLog::markRunning(qint64 id, const QDateTime& at, const QString& scriptSha256, QString* error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE task_runs SET state='running', started_at=?, script_sha256=?, reason='', "
                             "next_attempt_at=NULL WHERE id=?"));
    q.addBindValue(timeValue(at));
    q.addBindValue(scriptSha256);
    q.addBindValue(id);
    if (!q.exec()) {
        *error = QStringLiteral("cannot record the start of run %1: %2").arg(id).arg(q.lastError().text());
        return false;
    }
    return true;
}

bool TaskRunLog::setProcess(qint64 id, const QString& processToken)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE task_runs SET process=? WHERE id=?"));
    q.addBindValue(processToken);
    q.addBindValue(id);
    return q.exec();
}

bool TaskRunLog::finish(const TaskRun& run, QString* error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!run.output.isEmpty()) {
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO private_output.task_output (run_id, output) VALUES (?, ?)"));
        q.addBindValue(run.id);
        q.addBindValue(run.output.right(kTaskOutputTailBytes));
        if (!m_outputAttached || !q.exec()) {
            *error = QStringLiteral("cannot record the output of run %1 in %2: %3")
                         .arg(run.id)
                         .arg(outputPath(), m_outputAttached ? q.lastError().text() : QStringLiteral("not open"));
            return false;
        }
    }
    q.prepare(QStringLiteral("UPDATE task_runs SET state=?, ended_at=?, exit_code=?, exit_signal=?, reason=?, "
                             "next_attempt_at=? WHERE id=?"));
    q.addBindValue(taskRunStateName(run.state));
    q.addBindValue(timeValue(run.endedAt));
    q.addBindValue(optionalInt(run.exitCode));
    q.addBindValue(optionalInt(run.exitSignal));
    q.addBindValue(run.reason.isEmpty() ? QStringLiteral("") : run.reason); // a null QString binds as NULL
    q.addBindValue(timeValue(run.nextAttemptAt));
    q.addBindValue(run.id);
    if (!q.exec()) {
        *error = QStringLiteral("cannot record the end of run %1: %2").arg(run.id).arg(q.lastError().text());
        return false;
    }
    return true;
}

bool TaskRunLog::takeOver(qint64 id, const QString& fromOwner, const QString& toOwner)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE task_runs SET owner=? WHERE id=? AND owner=?"));
    q.addBindValue(toOwner);
    q.addBindValue(id);
    q.addBindValue(fromOwner);
    return q.exec() && q.numRowsAffected() == 1;
}

bool TaskRunLog::clearNextAttempt(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE task_runs SET next_attempt_at=NULL WHERE id=?"));
    q.addBindValue(id);
    return q.exec();
}

QList<TaskRun> TaskRunLog::select(const QString& where, const QVariantList& values, const QString& tail) const
{
    QList<TaskRun> runs;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    // The output from the private file when this user may read it; output_tail holds
    // only what a log not yet opened for writing since the output moved still has.
    QString columns = m_outputAttached
        ? QString(kColumns).replace(QStringLiteral("output_tail"), QStringLiteral("COALESCE(o.output, r.output_tail)"))
        : kColumns;
    if (!m_digestColumn)
        columns.replace(QStringLiteral("digest_events"), QStringLiteral("NULL"));
    const QString from = m_outputAttached
        ? QStringLiteral("task_runs r LEFT JOIN private_output.task_output o ON o.run_id = r.id")
        : QStringLiteral("task_runs r");
    q.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 %4").arg(columns, from, where, tail));
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec())
        return runs;
    while (q.next()) {
        TaskRun r;
        r.id = q.value(0).toLongLong();
        r.task = q.value(1).toString();
        r.eventRecordId = q.value(2).toLongLong();
        r.eventId = q.value(3).toInt();
        r.attempt = q.value(4).toInt();
        parseTaskRunState(q.value(5).toString(), &r.state);
        r.owner = q.value(6).toString();
        r.event = LifecycleEvent::fromJson(QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object())
                      .value_or(LifecycleEvent{});
        r.queuedAt = timeFrom(q.value(8));
        r.startedAt = timeFrom(q.value(9));
        r.endedAt = timeFrom(q.value(10));
        r.exitCode = intFrom(q.value(11));
        r.exitSignal = intFrom(q.value(12));
        r.reason = q.value(13).toString();
        r.output = q.value(14).toByteArray();
        r.outputHidden = m_outputHidden && r.output.isEmpty() && r.endedAt.isValid();
        r.scriptSha256 = q.value(15).toString();
        r.nextAttemptAt = timeFrom(q.value(16));
        r.process = q.value(17).toString();
        r.digestEvents = q.value(18).toInt();
        runs.append(r);
    }
    return runs;
}

std::optional<TaskRun> TaskRunLog::run(qint64 id) const
{
    const QList<TaskRun> runs = select(QStringLiteral("id=?"), {id});
    return runs.isEmpty() ? std::nullopt : std::optional<TaskRun>(runs.first());
}

QList<TaskRun> TaskRunLog::runsAfter(qint64 id, int limit) const
{
    return select(QStringLiteral("id>?"), {id}, QStringLiteral("ORDER BY id LIMIT %1").arg(limit));
}

QList<TaskRun> TaskRunLog::runsForTask(const QString& task, int limit) const
{
    return select(QStringLiteral("task=?"), {task}, QStringLiteral("ORDER BY id DESC LIMIT %1").arg(limit));
}

QList<TaskRun> TaskRunLog::runsForEvent(qint64 eventRecordId) const
{
    return select(QStringLiteral("event_record_id=?"), {eventRecordId}, QStringLiteral("ORDER BY id"));
}

QList<TaskRun> TaskRunLog::unfinished() const
{
    return select(QStringLiteral("state IN ('queued', 'running')"), {}, QStringLiteral("ORDER BY id"));
}

QList<TaskRun> TaskRunLog::retryCandidates() const
{
    return select(QStringLiteral("state IN ('failed', 'timed-out', 'interrupted') AND next_attempt_at IS NOT NULL "
                                 "AND NOT EXISTS (SELECT 1 FROM task_runs n WHERE n.task = r.task "
                                 "AND n.event_record_id = r.event_record_id AND n.attempt > r.attempt)"),
                  {}, QStringLiteral("ORDER BY next_attempt_at"));
}

int TaskRunLog::startedSince(const QString& task, const QDateTime& since) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM task_runs WHERE task=? AND started_at >= ?"));
    q.addBindValue(task);
    q.addBindValue(timeValue(since));
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

bool TaskRunLog::countByTaskAndState(QList<StateCount>* counts, QString* error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(
            QStringLiteral("SELECT task, state, COUNT(*) FROM task_runs GROUP BY task, state ORDER BY task, state"))) {
        if (error)
            *error = QStringLiteral("cannot count the task runs in %1: %2").arg(m_path, q.lastError().text());
        return false;
    }
    counts->clear();
    while (q.next()) {
        StateCount c;
        c.task = q.value(0).toString();
        if (!parseTaskRunState(q.value(1).toString(), &c.state))
            continue;
        c.count = q.value(2).toLongLong();
        counts->append(c);
    }
    return true;
}

} // namespace certlife
