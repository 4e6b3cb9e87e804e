// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The TaskRunLog's queue side: digest claims, runs held back by the rate limit,
// runs handed over between runners, counts and pages for summaries and the console.
#include "tasks/TaskRunLog.h"
#include "tasks/TaskRunLogSql.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace certlife {

using taskrunlog::timeFrom;
using taskrunlog::timeValue;

namespace {

QString eventJson(const LifecycleEvent& event)
{
    return QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact));
}

QString placeholders(qsizetype count)
{
    QStringList marks;
    marks.fill(QStringLiteral("?"), count);
    return marks.join(QLatin1Char(','));
}

constexpr qsizetype kIdsPerStatement = 500; // well under SQLite's bound-variable limit

} // namespace

void TaskRunCounts::add(TaskRunState state, int count)
{
    switch (state) {
    case TaskRunState::Queued: queued += count; break;
    case TaskRunState::Running: running += count; break;
    case TaskRunState::Succeeded: succeeded += count; break;
    case TaskRunState::Refused: refused += count; break;
    case TaskRunState::Failed:
    case TaskRunState::TimedOut:
    case TaskRunState::Interrupted: failed += count; break;
    }
}

TaskRunCounts& TaskRunCounts::operator+=(const TaskRunCounts& o)
{
    succeeded += o.succeeded;
    failed += o.failed;
    running += o.running;
    queued += o.queued;
    refused += o.refused;
    return *this;
}

QJsonObject TaskRunCounts::toJson() const
{
    return QJsonObject{{QStringLiteral("started"), started()}, {QStringLiteral("succeeded"), succeeded},
                       {QStringLiteral("failed"), failed},     {QStringLiteral("running"), running},
                       {QStringLiteral("queued"), queued},     {QStringLiteral("refused"), refused}};
}

TaskRunCounts TaskRunCounts::fromJson(const QJsonObject& o)
{
    TaskRunCounts c;
    c.succeeded = o.value(QLatin1String("succeeded")).toInt();
    c.failed = o.value(QLatin1String("failed")).toInt();
    c.running = o.value(QLatin1String("running")).toInt();
    c.queued = o.value(QLatin1String("queued")).toInt();
    c.refused = o.value(QLatin1String("refused")).toInt();
    return c;
}

QString TaskRunCounts::text() const
{
    QStringList detail;
    if (succeeded)
        detail << QStringLiteral("%1 succeeded").arg(succeeded);
    if (failed)
        detail << QStringLiteral("%1 failed").arg(failed);
    if (running)
        detail << QStringLiteral("%1 running").arg(running);
    QString text = QStringLiteral("%1 started").arg(started());
    if (!detail.isEmpty())
        text += QStringLiteral(" (%1)").arg(detail.join(QStringLiteral(", ")));
    return text + QStringLiteral(", %1 queued, %2 refused").arg(queued).arg(refused);
}

bool TaskRunLog::exec(const QString& statement, const QVariantList& values, QString* error, const QString& what) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(statement);
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (q.exec())
        return true;
    if (error)
        *error = QStringLiteral("cannot %1 in the task run log %2: %3").arg(what, m_path, q.lastError().text());
    return false;
}

TaskRunLog::Claim TaskRunLog::claimDigest(const QString& task, const QList<LifecycleEvent>& events, const QDateTime& at,
                                          const QString& owner, qint64* id, QList<LifecycleEvent>* claimed,
                                          QString* error)
{
    claimed->clear();
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    // IMMEDIATE: two runners deciding which events are still free must not interleave.
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"), {}, error,
              QStringLiteral("start a digest claim of task %1").arg(task)))
        return Claim::Failed;
    const auto rollback = [&](Claim result) {
        q.exec(QStringLiteral("ROLLBACK"));
        return result;
    };
    for (const LifecycleEvent& event : events) {
        // Free: no run of this task (single or digest) has this event record.
        q.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM task_run_events WHERE task=? AND event_record_id=?) "
                                 "OR EXISTS (SELECT 1 FROM task_runs WHERE task=? AND event_record_id=?)"));
        q.addBindValue(task);
        q.addBindValue(event.recordId);
        q.addBindValue(task);
        q.addBindValue(event.recordId);
        if (!q.exec() || !q.next()) {
            *error = QStringLiteral("cannot record a digest run of task %1: %2").arg(task, q.lastError().text());
            return rollback(Claim::Failed);
        }
        if (!q.value(0).toBool())
            claimed->append(event);
    }
    if (claimed->isEmpty())
        return rollback(Claim::AlreadyClaimed);
    const qint64 key = claimed->first().recordId;
    for (const LifecycleEvent& event : std::as_const(*claimed)) {
        q.prepare(QStringLiteral("INSERT INTO task_run_events (task, event_record_id, digest_record_id, event_json) "
                                 "VALUES (?, ?, ?, ?)"));
        q.addBindValue(task);
        q.addBindValue(event.recordId);
        q.addBindValue(key);
        q.addBindValue(eventJson(event));
        if (!q.exec()) {
            *error = QStringLiteral("cannot record a digest run of task %1: %2").arg(task, q.lastError().text());
            return rollback(Claim::Failed);
        }
    }
    q.prepare(
        QStringLiteral("INSERT INTO task_runs (task, event_record_id, event_id, attempt, state, owner, event_json, "
                       "queued_at, digest_events) VALUES (?, ?, ?, 1, 'queued', ?, ?, ?, ?)"));
    q.addBindValue(task);
    q.addBindValue(key);
    q.addBindValue(int(claimed->first().id));
    q.addBindValue(owner);
    q.addBindValue(eventJson(claimed->first()));
    q.addBindValue(timeValue(at));
    q.addBindValue(int(claimed->size()));
    if (!q.exec()) {
        *error = QStringLiteral("cannot record a digest run of task %1: %2").arg(task, q.lastError().text());
        return rollback(Claim::Failed);
    }
    *id = q.lastInsertId().toLongLong();
    if (!exec(QStringLiteral("COMMIT"), {}, error, QStringLiteral("record a digest run of task %1").arg(task)))
        return rollback(Claim::Failed);
    return Claim::Claimed;
}

QList<LifecycleEvent> TaskRunLog::digestEvents(const QString& task, qint64 digestRecordId) const
{
    QList<LifecycleEvent> events;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT event_json FROM task_run_events WHERE task=? AND digest_record_id=? "
                             "ORDER BY event_record_id"));
    q.addBindValue(task);
    q.addBindValue(digestRecordId);
    if (!q.exec())
        return events;
    while (q.next()) {
        if (const std::optional<LifecycleEvent> e =
                LifecycleEvent::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object()))
            events << *e;
    }
    return events;
}

bool TaskRunLog::markDelayed(const QList<qint64>& ids, const QDateTime& notBefore, const QString& reason,
                             QString* error)
{
    if (ids.isEmpty())
        return true;
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"), {}, error, QStringLiteral("record runs held back")))
        return false;
    for (qsizetype i = 0; i < ids.size(); i += kIdsPerStatement) {
        const QList<qint64> chunk = ids.mid(i, kIdsPerStatement);
        QVariantList values{timeValue(notBefore), reason};
        for (const qint64 id : chunk)
            values << id;
        if (!exec(QStringLiteral("UPDATE task_runs SET next_attempt_at=?, reason=? WHERE state='queued' AND id IN (%1)")
                      .arg(placeholders(chunk.size())),
                  values, error, QStringLiteral("record runs held back"))) {
            exec(QStringLiteral("ROLLBACK"), {}, nullptr, {});
            return false;
        }
    }
    return exec(QStringLiteral("COMMIT"), {}, error, QStringLiteral("record runs held back"));
}

bool TaskRunLog::release(const QList<qint64>& ids, const QString& owner)
{
    bool ok = true;
    for (qsizetype i = 0; i < ids.size(); i += kIdsPerStatement) {
        const QList<qint64> chunk = ids.mid(i, kIdsPerStatement);
        QVariantList values{owner};
        for (const qint64 id : chunk)
            values << id;
        ok = exec(QStringLiteral("UPDATE task_runs SET owner='' WHERE state='queued' AND owner=? AND id IN (%1)")
                      .arg(placeholders(chunk.size())),
                  values, nullptr, {})
            && ok;
    }
    return ok;
}

QDateTime TaskRunLog::rateLimitFreesAt(const QString& task, const QDateTime& now, int rate) const
{
    // The window holds the runs started in the last hour; when `rate` or more did, the
    // next may start when all but rate - 1 of them have left it.
    const QDateTime since = now.addSecs(-3600);
    const int started = startedSince(task, since);
    if (started < rate)
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT started_at FROM task_runs WHERE task=? AND started_at >= ? "
                             "ORDER BY started_at LIMIT 1 OFFSET ?"));
    q.addBindValue(task);
    q.addBindValue(timeValue(since));
    q.addBindValue(started - std::max(rate, 1));
    if (!q.exec() || !q.next())
        return now.addSecs(3600); // cannot tell: a full window from now is always safe
    return timeFrom(q.value(0)).addSecs(3600).addMSecs(1);
}

QList<TaskRun> TaskRunLog::unfinishedNotOwnedBy(const QString& owner) const
{
    return select(QStringLiteral("state IN ('queued', 'running') AND owner != ?"), {owner},
                  QStringLiteral("ORDER BY id"));
}

TaskRunCounts TaskRunLog::count(const QList<qint64>& ids) const
{
    TaskRunCounts counts;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    for (qsizetype i = 0; i < ids.size(); i += kIdsPerStatement) {
        const QList<qint64> chunk = ids.mid(i, kIdsPerStatement);
        q.prepare(QStringLiteral("SELECT state, COUNT(*) FROM task_runs WHERE id IN (%1) GROUP BY state")
                      .arg(placeholders(chunk.size())));
        for (const qint64 id : chunk)
            q.addBindValue(id);
        if (!q.exec())
            continue;
        while (q.next()) {
            TaskRunState state;
            if (parseTaskRunState(q.value(0).toString(), &state)) {
                for (int n = q.value(1).toInt(); n > 0; --n)
                    counts.add(state);
            }
        }
    }
    return counts;
}

QList<TaskRun> TaskRunLog::page(const TaskRunPageQuery& query) const
{
    QStringList where{QStringLiteral("1")};
    QVariantList values;
    if (!query.task.isEmpty()) {
        where << QStringLiteral("task=?");
        values << query.task;
    }
    if (!query.states.isEmpty()) {
        where << QStringLiteral("state IN (%1)").arg(placeholders(query.states.size()));
        for (const TaskRunState s : query.states)
            values << taskRunStateName(s);
    }
    if (query.beforeId > 0) {
        where << QStringLiteral("id < ?");
        values << query.beforeId;
    }
    return select(where.join(QStringLiteral(" AND ")), values,
                  QStringLiteral("ORDER BY id DESC LIMIT %1").arg(std::max(1, query.limit)));
}

} // namespace certlife
