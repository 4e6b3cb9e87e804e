// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// EventLog's read side: single events, pages, counts and the plan a page takes.
#include "eventlog/EventJson.h"
#include "eventlog/EventLogPrivate.h"

namespace certlife {

using eventlog::PagePlan;
using eventlog::SqlStatement;

// A row of kEventColumns.
static std::optional<LifecycleEvent> eventFromRow(const QSqlQuery& q, Scope channel)
{
    LifecycleEvent e;
    if (!parseEventId(q.value(2).toInt(), &e.id) || !eventlog::readSubjectJson(q.value(10).toByteArray(), &e))
        return std::nullopt;
    e.recordId = q.value(0).toLongLong();
    e.time = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    e.channel = channel;
    e.storeId = q.value(3).toString();
    e.host = q.value(4).toString();
    e.account = q.value(5).toString();
    e.process = q.value(6).toString();
    e.action = q.value(7).toString();
    e.message = q.value(8).toString();
    if (!q.isNull(9))
        e.remainingSeconds = q.value(9).toLongLong();
    return e;
}

std::optional<LifecycleEvent> EventLog::event(qint64 recordId) const
{
    d->lastError.clear();
    if (!d->open || d->noSchema)
        return std::nullopt;
    QSqlQuery q(d->db);
    const SqlStatement st{QStringLiteral("SELECT %1 FROM events e%2 WHERE e.record_id = ?")
                              .arg(QLatin1String(eventlog::kEventColumns), QLatin1String(eventlog::kEventJoins)),
                          {recordId}};
    if (!run(q, st)) {
        d->lastError = eventlog::errorText(q.lastError());
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return eventFromRow(q, d->channel);
}

std::optional<SqlStatement> EventLog::pageStatement(const EventQuery& q) const
{
    if (!d->open || d->noSchema || !q.matchesChannel(d->channel) || q.limit <= 0 || q.effectiveIds().isEmpty())
        return std::nullopt;
    const eventlog::EventQuerySql sql(q, d->channel, d->fullText);
    PagePlan plan;
    if (sql.filtersSubjects()) {
        // Few matching subjects (certificates): read each one's events in time order.
        QSqlQuery candidates(d->db);
        if (!run(candidates, sql.subjectCandidates(eventlog::kMaxSubjectArms + 1))) {
            d->lastError = eventlog::errorText(candidates.lastError());
            return std::nullopt;
        }
        while (candidates.next())
            plan.subjects << candidates.value(0).toLongLong();
        if (plan.subjects.isEmpty())
            return std::nullopt;
        plan.kind = PagePlan::SubjectArms;
        if (plan.subjects.size() > eventlog::kMaxSubjectArms) {
            // Many: if the newest rows match often enough, walking the time order finds a
            // page soon; otherwise collecting and sorting every match costs less.
            QSqlQuery sample(d->db);
            if (!run(sample, sql.walkSample()) || !sample.next()) {
                d->lastError = eventlog::errorText(sample.lastError());
                return std::nullopt;
            }
            const qint64 rows = sample.value(0).toLongLong();
            const qint64 matches = sample.value(1).toLongLong();
            plan.subjects.clear();
            plan.kind = rows < eventlog::kWalkSampleRows || matches * 100 >= rows ? PagePlan::Walk
                                                                                  : PagePlan::SortMatches;
        }
    }
    return sql.page(plan);
}

QList<LifecycleEvent> EventLog::query(const EventQuery& q) const
{
    d->lastError.clear();
    const std::optional<SqlStatement> st = pageStatement(q);
    if (!st)
        return {};
    QSqlQuery page(d->db);
    if (!run(page, *st)) {
        d->lastError = eventlog::errorText(page.lastError());
        return {};
    }
    QList<LifecycleEvent> result;
    result.reserve(q.limit);
    while (page.next()) {
        if (auto e = eventFromRow(page, d->channel))
            result.append(std::move(*e));
        else
            d->lastError = QStringLiteral("record %1 is unreadable").arg(page.value(0).toLongLong());
    }
    return result;
}

QStringList EventLog::explainQuery(const EventQuery& q) const
{
    d->lastError.clear();
    std::optional<SqlStatement> st = pageStatement(q);
    if (!st)
        return {};
    st->sql.prepend(QLatin1String("EXPLAIN QUERY PLAN "));
    QSqlQuery plan(d->db);
    if (!run(plan, *st)) {
        d->lastError = eventlog::errorText(plan.lastError());
        return {};
    }
    QStringList lines;
    while (plan.next())
        lines << plan.value(3).toString();
    return lines;
}

qint64 EventLog::count(const EventQuery& q) const
{
    d->lastError.clear();
    if (!d->open || d->noSchema || !q.matchesChannel(d->channel) || q.effectiveIds().isEmpty())
        return 0;
    QSqlQuery c(d->db);
    if (!run(c, eventlog::EventQuerySql(q, d->channel, d->fullText).count()) || !c.next()) {
        d->lastError = eventlog::errorText(c.lastError());
        return 0;
    }
    return c.value(0).toLongLong();
}

qint64 EventLog::latestRecordId() const
{
    if (!d->open || d->noSchema)
        return 0;
    QSqlQuery q(d->db);
    if (!run(q, {QStringLiteral("SELECT max(record_id) FROM events"), {}}) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

} // namespace certlife
