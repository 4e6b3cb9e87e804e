#include "eventlog/EventQuerySql.h"

#include <limits>

namespace certlife::eventlog {

// Trigram full-text search needs at least three characters; shorter text scans
// event_subjects (one row per certificate, not per event).
static constexpr int kTrigram = 3;

EventQuerySql::EventQuerySql(const EventQuery& q, Scope channel, bool fullText)
    : m_q(q)
    , m_channel(channel)
    , m_fullText(fullText)
    , m_text(q.text.trimmed().toLower())
    , m_thumbprint(q.thumbprint.trimmed().toUpper())
    , m_ids(q.effectiveIds())
{
    m_allIds = m_ids.size() == 7;
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

QString EventQuerySql::idCondition() const
{
    QStringList s;
    for (EventId id : m_ids)
        s << QString::number(int(id));
    return m_allIds ? QString() : QStringLiteral("e.event_id IN (%1)").arg(s.join(QLatin1Char(',')));
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
        selects << QStringLiteral("SELECT rowid AS subject_id FROM event_subjects_fts WHERE event_subjects_fts MATCH ?");
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
        c << QStringLiteral("e.store = ?");
        binds << m_q.storeId;
    }
    return c.join(QLatin1String(" AND "));
}

// The index that yields rows of the non-subject filters already in (time, record id)
// order, so SQLite reads about one page of index entries instead of sorting every
// match. An id set becomes one arm per id (an IN list on the leading column would
// lose the order).
QList<EventQuerySql::Arm> EventQuerySql::orderedArms() const
{
    QList<Arm> arms;
    if (!m_q.storeId.isEmpty()) {
        for (EventId id : m_ids)
            arms.append({QStringLiteral("events_store_event_time"), QStringLiteral("e.event_id = %1").arg(int(id))});
    } else if (!m_allIds) {
        for (EventId id : m_ids)
            arms.append({QStringLiteral("events_event_time"), QStringLiteral("e.event_id = %1").arg(int(id))});
    } else {
        arms.append({QStringLiteral("events_time"), QString()});
    }
    return arms;
}

QString EventQuerySql::armSql(const Arm& arm, bool walkSubjects, const QString& extra, QVariantList& binds) const
{
    QStringList where;
    if (!arm.condition.isEmpty())
        where << arm.condition;
    if (!extra.isEmpty())
        where << extra;
    const QString common = commonConditions(binds, true);
    if (!common.isEmpty())
        where << common;
    QString sql = QStringLiteral("SELECT e.record_id, e.time_ms FROM events e INDEXED BY %1").arg(arm.index);
    if (walkSubjects) {
        sql += QLatin1String(" JOIN event_subjects s ON s.subject_id = e.subject_id");
        where << subjectPredicate(binds);
    }
    if (!where.isEmpty())
        sql += QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
    sql += QLatin1String(" ORDER BY e.time_ms DESC, e.record_id DESC LIMIT ?");
    binds << m_q.limit;
    return sql;
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
        samples << QStringLiteral("SELECT * FROM (SELECT e.subject_id FROM events e INDEXED BY %1%2"
                                  " ORDER BY e.time_ms DESC, e.record_id DESC LIMIT %3)")
                       .arg(arm.index,
                            where.isEmpty() ? QString() : QLatin1String(" WHERE ") + where.join(QLatin1String(" AND ")))
                       .arg(kWalkSampleRows);
    }
    QVariantList predicateBinds;
    const QString predicate = subjectPredicate(predicateBinds);
    st.sql = QStringLiteral("SELECT count(*), total(%1) FROM (%2) x JOIN event_subjects s ON s.subject_id = x.subject_id")
                 .arg(predicate, samples.join(QLatin1String(" UNION ALL ")));
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
            arms << armSql({QStringLiteral("events_subject_time"), QStringLiteral("e.subject_id = %1").arg(subject)},
                           false, idCondition(), st.binds);
        break;
    case PagePlan::SortMatches: {
        QVariantList cteBinds;
        st.sql = QStringLiteral("WITH matched_subjects(subject_id) AS MATERIALIZED (%1) ").arg(subjectSelect(cteBinds));
        st.binds = cteBinds;
        const QString ids = idCondition();
        arms << armSql({QStringLiteral("events_subject_time"), QStringLiteral("e.subject_id IN matched_subjects")},
                       false, ids, st.binds);
        break;
    }
    }
    // Merge the arms' keys, then join only the page's rows with their JSON.
    QString keys;
    if (arms.size() == 1) {
        keys = arms.first();
    } else {
        QStringList wrapped;
        for (const QString& a : arms)
            wrapped << QStringLiteral("SELECT * FROM (%1)").arg(a);
        keys = wrapped.join(QLatin1String(" UNION ALL "))
            + QStringLiteral(" ORDER BY 2 DESC, 1 DESC LIMIT ?");
        st.binds << m_q.limit;
    }
    st.sql += QStringLiteral("SELECT e.record_id, e.time_ms, d.json, s.details FROM (%1) k"
                             " JOIN events e ON e.record_id = k.record_id"
                             " JOIN event_data d ON d.record_id = k.record_id"
                             " JOIN event_subjects s ON s.subject_id = e.subject_id"
                             " ORDER BY k.time_ms DESC, k.record_id DESC")
                  .arg(keys);
    return st;
}

SqlStatement EventQuerySql::count() const
{
    SqlStatement st;
    QStringList where;
    if (filtersSubjects()) {
        st.sql = QStringLiteral("WITH matched_subjects(subject_id) AS MATERIALIZED (%1) ").arg(subjectSelect(st.binds));
        where << QStringLiteral("e.subject_id IN matched_subjects");
    }
    if (!m_allIds)
        where << idCondition();
    const QString common = commonConditions(st.binds, false);
    if (!common.isEmpty())
        where << common;
    st.sql += QStringLiteral("SELECT count(*) FROM events e");
    if (!where.isEmpty())
        st.sql += QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
    return st;
}

} // namespace certlife::eventlog
