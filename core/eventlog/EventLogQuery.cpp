// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// EventLog's read side: single events, pages, counts and the plan a page takes.
#include "eventlog/EventJson.h"
#include "eventlog/EventLogPrivate.h"

#include <sqlite3.h>

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
            plan.kind =
                rows < eventlog::kWalkSampleRows || matches * 100 >= rows ? PagePlan::Walk : PagePlan::SortMatches;
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

namespace {

QByteArrayView columnBytes(sqlite3_stmt* st, int column)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, column));
    return text ? QByteArrayView(text, sqlite3_column_bytes(st, column)) : QByteArrayView();
}

bool bindAll(sqlite3_stmt* st, const QVariantList& binds)
{
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant& v = binds.at(i);
        int rc = SQLITE_OK;
        switch (v.typeId()) {
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong: rc = sqlite3_bind_int64(st, i + 1, v.toLongLong()); break;
        default:
            if (v.isNull()) {
                rc = sqlite3_bind_null(st, i + 1);
            } else {
                const QByteArray text = v.toString().toUtf8();
                rc = sqlite3_bind_text64(st, i + 1, text.constData(), sqlite3_uint64(text.size()), SQLITE_TRANSIENT,
                                         SQLITE_UTF8);
            }
        }
        if (rc != SQLITE_OK)
            return false;
    }
    return true;
}

// Writes the event of ST's row (kEventColumns) as `events --json` does; false, with
// nothing written, for a row that cannot be read.
bool writeRowJson(JsonLineWriter& w, sqlite3_stmt* st, Scope channel)
{
    EventId id;
    const QByteArrayView subject = columnBytes(st, 10);
    if (!parseEventId(sqlite3_column_int(st, 2), &id) || !subject.startsWith('{'))
        return false;
    w.beginObject();
    eventlog::writeEventHeadJson(w, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), id, channel);
    w.key(QLatin1StringView("host"));
    w.utf8String(columnBytes(st, 4));
    w.key(QLatin1StringView("account"));
    w.utf8String(columnBytes(st, 5));
    w.key(QLatin1StringView("process"));
    w.utf8String(columnBytes(st, 6));
    w.key(QLatin1StringView("action"));
    w.utf8String(columnBytes(st, 7));
    w.key(QLatin1StringView("store"));
    w.utf8String(columnBytes(st, 3));
    w.key(QLatin1StringView("message"));
    w.utf8String(columnBytes(st, 8));
    if (sqlite3_column_type(st, 9) != SQLITE_NULL)
        w.field(QLatin1StringView("remainingSeconds"), sqlite3_column_int64(st, 9));
    w.objectMembers(subject); // "certificate" and, for a Replace, "oldCertificate"
    w.endObject();
    return true;
}

QString columnText(sqlite3_stmt* st, int column)
{
    const QByteArrayView bytes = columnBytes(st, column);
    return QString::fromUtf8(bytes.data(), bytes.size());
}

} // namespace

EventJsonPage EventLog::queryJson(const EventQuery& q) const
{
    d->lastError.clear();
    const std::optional<SqlStatement> plan = pageStatement(q);
    if (!plan)
        return {};
    sqlite3* db = eventlog::nativeHandle(d->db); // also for a read-only log, which prepares no statements
    sqlite3_stmt* st = nullptr;
    const QByteArray sql = plan->sql.toUtf8();
    if (!db || sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &st, nullptr) != SQLITE_OK
        || !bindAll(st, plan->binds)) {
        d->lastError = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("the event log is not open");
        sqlite3_finalize(st);
        return {};
    }
    EventJsonPage page;
    page.lines.reserve(q.limit);
    page.text.reserve(qsizetype(q.limit) * 1024);
    JsonLineWriter w(page.text);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        EventJsonLine line;
        line.recordId = sqlite3_column_int64(st, 0);
        line.timeMs = sqlite3_column_int64(st, 1);
        line.channel = d->channel;
        line.begin = page.text.size();
        if (!writeRowJson(w, st, d->channel)) {
            d->lastError = QStringLiteral("record %1 is unreadable").arg(line.recordId);
            continue;
        }
        line.length = page.text.size() - line.begin;
        w.endLine();
        page.lines.append(line);
    }
    if (rc != SQLITE_DONE)
        d->lastError = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return page;
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

QList<LifecycleEvent> EventLog::eventsAfter(qint64 recordId, int limit) const
{
    d->lastError.clear();
    QList<LifecycleEvent> events;
    if (!d->open || d->noSchema || limit <= 0)
        return events;
    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    const SqlStatement st{QStringLiteral("SELECT %1 FROM events e%2 WHERE e.record_id > ? ORDER BY e.record_id LIMIT ?")
                              .arg(QLatin1String(eventlog::kEventColumns), QLatin1String(eventlog::kEventJoins)),
                          {recordId, limit}};
    if (!run(q, st)) {
        d->lastError = eventlog::errorText(q.lastError());
        return events;
    }
    while (q.next()) {
        if (std::optional<LifecycleEvent> e = eventFromRow(q, d->channel))
            events << *e;
    }
    return events;
}

QList<EventJsonRecord> EventLog::eventsAfterJson(qint64 recordId, int limit) const
{
    d->lastError.clear();
    QList<EventJsonRecord> records;
    if (!d->open || d->noSchema || limit <= 0)
        return records;
    sqlite3* db = eventlog::nativeHandle(d->db);
    sqlite3_stmt* st = nullptr;
    const QByteArray sql = QStringLiteral("SELECT %1, s.thumbprint FROM events e%2 WHERE e.record_id > ?"
                                          " ORDER BY e.record_id LIMIT ?")
                               .arg(QLatin1String(eventlog::kEventColumns), QLatin1String(eventlog::kEventJoins))
                               .toUtf8();
    if (!db || sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &st, nullptr) != SQLITE_OK
        || sqlite3_bind_int64(st, 1, recordId) != SQLITE_OK || sqlite3_bind_int64(st, 2, limit) != SQLITE_OK) {
        d->lastError = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("the event log is not open");
        sqlite3_finalize(st);
        return records;
    }
    constexpr int kThumbprintColumn = 11; // after kEventColumns
    records.reserve(limit);
    // Each line is written into one scratch buffer and copied out at its size: the writer
    // reserves for the worst case of every escape, which is far more than a line takes.
    QByteArray scratch;
    scratch.reserve(16384);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        EventJsonRecord r;
        scratch.resize(0);
        JsonLineWriter w(scratch);
        if (!writeRowJson(w, st, d->channel) || !parseEventId(sqlite3_column_int(st, 2), &r.id))
            continue; // as eventsAfter(): an unreadable row is not an event
        r.json = QByteArray(scratch.constData(), scratch.size());
        r.recordId = sqlite3_column_int64(st, 0);
        r.timeMs = sqlite3_column_int64(st, 1);
        r.store = columnText(st, 3);
        r.message = columnText(st, 8);
        r.thumbprint = columnText(st, kThumbprintColumn);
        records.append(std::move(r));
    }
    if (rc != SQLITE_DONE)
        d->lastError = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return records;
}

} // namespace certlife
