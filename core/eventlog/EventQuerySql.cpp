// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventQuerySql.h"

#include <limits>
#include <optional>

namespace certlife::eventlog {

// Trigram full-text search needs at least three characters; shorter text scans
// event_subjects (one row per certificate, not per event).
static constexpr int kTrigram = 3;

EventQuerySql::EventQuerySql(const EventQuery& q, Scope channel, bool fullText)
    : m_q(q),
      m_channel(channel),
      m_fullText(fullText),
      m_text(q.text.trimmed().toLower()),
      m_thumbprint(q.thumbprint.trimmed().toUpper()),
      m_ids(q.effectiveIds())
{
    m_allIds = m_ids.size() == allEventIds().size();
}

QString EventQuerySql::searchTextOf(const LifecycleEvent& e)
{
    QStringList parts;
    const auto add = [&parts](const CertificateDetails& c) {
        parts << c.subject;
        if (!c.subjectCN.isEmpty() && !c.subject.contains(c.subjectCN))
            parts << c.subjectCN;
        parts << c.sans.join(QLatin1Char(' ')) << c.thumbprint << c.sha256;
    };
    add(e.certificate);
    if (e.oldCertificate)
        add(*e.oldCertificate);
    return parts.join(QLatin1Char('\n')).toLower();
}

QString EventQuerySql::idCondition(bool evenForAllIds) const
{
    QStringList s;
    for (EventId id : m_ids)
        s << QString::number(int(id));
    return m_allIds && !evenForAllIds ? QString() : QStringLiteral("e.event_id IN (%1)").arg(s.join(QLatin1Char(',')));
}

QString EventQuerySql::subjectSelect(QVariantList& binds) const
{
    QStringList selects;
    if (!m_thumbprint.isEmpty()) {
        selects << QStringLiteral("SELECT subject_id FROM event_subjects WHERE thumbprint = ? OR old_thumbprint = ?");
        binds << m_thumbprint << m_thumbprint;
    }
    if (!m_text.isEmpty() && m_fullText && m_text.size() >= kTrigram) {
        // An FTS5 phrase of the whole text: with the trigram tokenizer that is a substring
        // match. Double quotes inside a phrase are escaped by doubling them.
        QString phrase = m_text;
        phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
        selects << QStringLiteral(
            "SELECT rowid AS subject_id FROM event_subjects_fts WHERE event_subjects_fts MATCH ?");
        binds << QStringLiteral("\"%1\"").arg(phrase);
    } else if (!m_text.isEmpty()) {
        selects << QStringLiteral("SELECT subject_id FROM event_subjects WHERE instr(search, ?) > 0");
        binds << m_text;
    }
    return selects.join(QLatin1String(" INTERSECT "));
}

QString EventQuerySql::subjectPredicate(QVariantList& binds) const
{
    QStringList c;
    if (!m_thumbprint.isEmpty()) {
        c << QStringLiteral("(s.thumbprint = ? OR s.old_thumbprint = ?)");
        binds << m_thumbprint << m_thumbprint;
    }
    if (!m_text.isEmpty()) {
        c << QStringLiteral("instr(s.search, ?) > 0"); // the same substring match as the trigram index
        binds << m_text;
    }
    return c.join(QLatin1String(" AND "));
}

QString EventQuerySql::commonConditions(QVariantList& binds, bool forPage) const
{
    QStringList c;
    if (m_q.since.isValid()) {
        c << QStringLiteral("e.time_ms >= ?");
        binds << m_q.since.toMSecsSinceEpoch();
    }
    if (m_q.until.isValid()) {
        c << QStringLiteral("e.time_ms < ?");
        binds << m_q.until.toMSecsSinceEpoch();
    }
    if (forPage && m_q.after) {
        // Keyset: rows after (time, record id). Across channels System sorts before User
        // at the same time, so this log either keeps all, some or none of the rows at
        // the cursor's time.
        const EventCursor& a = *m_q.after;
        qint64 idBound = a.recordId;
        if (a.channel != m_channel)
            idBound = m_channel == Scope::User ? std::numeric_limits<qint64>::max() : 0;
        const qint64 t = a.time.toMSecsSinceEpoch();
        c << QStringLiteral("e.time_ms <= ? AND (e.time_ms < ? OR e.record_id < ?)");
        binds << t << t << idBound;
    }
    if (!m_q.storeId.isEmpty()) {
        // A store that was never logged has no id: NULL, which matches nothing.
        c << QStringLiteral("e.store_id = (SELECT store_id FROM event_stores WHERE name = ?)");
        binds << m_q.storeId;
    }
    return c.join(QLatin1String(" AND "));
}

// The index that yields rows of the non-subject filters already in (time, record id)
// order, so SQLite reads about one page of index entries instead of sorting every
// match. The ids (all of them without an id filter) become one arm each: an IN list on
// the leading column would lose the order.
QList<EventQuerySql::Arm> EventQuerySql::orderedArms() const
{
    const QString index =
        m_q.storeId.isEmpty() ? QStringLiteral("events_event_time") : QStringLiteral("events_store_event_time");
    QList<Arm> arms;
    for (EventId id : m_ids)
        arms.append({index, QStringLiteral("e.event_id = %1").arg(int(id)), {}});
    return arms;
}

QString EventQuerySql::bucketSelect(QVariantList& binds, bool forPage) const
{
    // A bucket holds events from its start to the next one's (the first also anything
    // earlier), so the buckets before the one holding `since` cannot match, nor those
    // starting at or after `until` or after the cursor's time (but the first).
    QStringList c;
    if (m_q.since.isValid()) {
        c << QStringLiteral(
            "(start_ms >= (SELECT max(start_ms) FROM event_buckets WHERE start_ms <= ?) OR start_ms > ?)");
        binds << m_q.since.toMSecsSinceEpoch() << m_q.since.toMSecsSinceEpoch();
    }
    std::optional<qint64> end; // exclusive
    if (m_q.until.isValid())
        end = m_q.until.toMSecsSinceEpoch();
    if (forPage && m_q.after) {
        const qint64 cursorEnd = m_q.after->time.toMSecsSinceEpoch() + 1;
        end = end ? std::min(*end, cursorEnd) : cursorEnd;
    }
    if (end) {
        c << QStringLiteral("(start_ms < ? OR start_ms = (SELECT min(start_ms) FROM event_buckets))");
        binds << *end;
    }
    QString sql = QStringLiteral("SELECT start_ms FROM event_buckets");
    if (!c.isEmpty())
        sql += QLatin1String(" WHERE ") + c.join(QLatin1String(" AND "));
    return sql;
}

EventQuerySql::Arm EventQuerySql::subjectArm(const QString& subjects) const
{
    Arm arm{QStringLiteral("events_bucket_subject_time"), QString(), {}, true};
    arm.condition = QStringLiteral("e.bucket IN (%1) AND e.subject_id %2").arg(bucketSelect(arm.binds, true), subjects);
    return arm;
}

QString EventQuerySql::armSql(const Arm& arm, bool walkSubjects, const QString& extra, QVariantList& binds) const
{
    QStringList where;
    if (!arm.condition.isEmpty())
        where << arm.condition;
    binds << arm.binds;
    if (!extra.isEmpty())
        where << extra;
    const QString common = commonConditions(binds, true);
    if (!common.isEmpty())
        where << common;
    QString sql = QStringLiteral("SELECT e.record_id, e.time_ms%1 FROM events e INDEXED BY %2")
                      .arg(arm.byBucket ? QLatin1String(", e.bucket") : QLatin1String(), arm.index);
    if (walkSubjects) {
        sql += QLatin1String(" JOIN event_subjects s ON s.subject_id = e.subject_id");
        where << subjectPredicate(binds);
    }
    if (!where.isEmpty())
        sql += QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
    return sql;
}

// The arms as one compound SELECT in newest-first order. Arms without ORDER BY or LIMIT
// of their own: SQLite then merges them as co-routines, each read in its index's order,
// and stops when the page is full; an arm with its own ORDER BY … LIMIT would be read
// (and sorted) to its limit first, which for an arm of rare matches means a long walk.
// Bucket arms are merged by (bucket, time, record id), which is the same order
// (TimeBuckets) and the one their index yields.
QString EventQuerySql::merged(const QStringList& arms, bool byBucket, QVariantList& binds) const
{
    binds << m_q.limit;
    return arms.join(QLatin1String(" UNION ALL "))
        + (byBucket ? QLatin1String(" ORDER BY 3 DESC, 2 DESC, 1 DESC LIMIT ?")
                    : QLatin1String(" ORDER BY 2 DESC, 1 DESC LIMIT ?"));
}

SqlStatement EventQuerySql::subjectCandidates(int cap) const
{
    SqlStatement st;
    st.sql = QStringLiteral("SELECT subject_id FROM (%1) LIMIT %2").arg(subjectSelect(st.binds)).arg(cap);
    return st;
}

SqlStatement EventQuerySql::walkSample() const
{
    SqlStatement st;
    QStringList samples;
    for (const Arm& arm : orderedArms()) {
        QStringList where;
        if (!arm.condition.isEmpty())
            where << arm.condition;
        const QString common = commonConditions(st.binds, true);
        if (!common.isEmpty())
            where << common;
        samples << QStringLiteral("SELECT e.subject_id, e.time_ms, e.record_id FROM events e INDEXED BY %1%2")
                       .arg(arm.index,
                            where.isEmpty() ? QString()
                                            : QLatin1String(" WHERE ") + where.join(QLatin1String(" AND ")));
    }
    // The newest kWalkSampleRows rows the walk would read, whatever arm they come from.
    const QString newest = QStringLiteral("%1 ORDER BY 2 DESC, 3 DESC LIMIT %2")
                               .arg(samples.join(QLatin1String(" UNION ALL ")))
                               .arg(kWalkSampleRows);
    QVariantList predicateBinds;
    const QString predicate = subjectPredicate(predicateBinds);
    st.sql =
        QStringLiteral("SELECT count(*), total(%1) FROM (%2) x JOIN event_subjects s ON s.subject_id = x.subject_id")
            .arg(predicate, newest);
    st.binds = predicateBinds + st.binds;
    return st;
}

SqlStatement EventQuerySql::page(const PagePlan& plan) const
{
    SqlStatement st;
    QStringList arms;
    switch (plan.kind) {
    case PagePlan::Ordered:
    case PagePlan::Walk:
        for (const Arm& arm : orderedArms())
            arms << armSql(arm, plan.kind == PagePlan::Walk, QString(), st.binds);
        break;
    case PagePlan::SubjectArms:
        for (qint64 subject : plan.subjects)
            arms << armSql(subjectArm(QStringLiteral("= %1").arg(subject)), false, idCondition(), st.binds);
        break;
    case PagePlan::SortMatches: {
        QVariantList cteBinds;
        st.sql = QStringLiteral("WITH matched_subjects(subject_id) AS MATERIALIZED (%1) ").arg(subjectSelect(cteBinds));
        st.binds = cteBinds;
        const QString ids = idCondition();
        arms << armSql(subjectArm(QStringLiteral("IN matched_subjects")), false, ids, st.binds);
        break;
    }
    }
    // Merge the arms' keys, then join only the page's rows with the rest of the event.
    const bool byBucket = plan.kind == PagePlan::SubjectArms || plan.kind == PagePlan::SortMatches;
    const QString keys = merged(arms, byBucket, st.binds);
    st.sql += QStringLiteral("SELECT %1 FROM (%2) k JOIN events e ON e.record_id = k.record_id%3"
                             " ORDER BY k.time_ms DESC, k.record_id DESC")
                  .arg(QLatin1String(kEventColumns), keys, QLatin1String(kEventJoins));
    return st;
}

SqlStatement EventQuerySql::count() const
{
    SqlStatement st;
    QStringList where;
    if (filtersSubjects()) {
        st.sql = QStringLiteral("WITH matched_subjects(subject_id) AS MATERIALIZED (%1) ").arg(subjectSelect(st.binds));
        where << QStringLiteral("e.bucket IN (%1) AND e.subject_id IN matched_subjects")
                     .arg(bucketSelect(st.binds, false));
    }
    // Always an id condition: with it, SQLite counts a time range on events_event_time
    // (one range scan per id) instead of reading every row.
    where << idCondition(true);
    const QString common = commonConditions(st.binds, false);
    if (!common.isEmpty())
        where << common;
    st.sql += QStringLiteral("SELECT count(*) FROM events e");
    if (!where.isEmpty())
        st.sql += QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
    return st;
}

} // namespace certlife::eventlog
