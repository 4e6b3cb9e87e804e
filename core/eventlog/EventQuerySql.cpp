#include "eventlog/EventQuerySql.h"

#include <limits>

namespace certlife::eventlog {

// Trigram full-text search needs at least three characters; shorter text scans
// search_terms (one row per certificate, not per event).
static constexpr int kTrigram = 3;

EventQuerySql::EventQuerySql(const EventQuery& q, Scope channel, bool fullText)
    : m_q(q)
    , m_channel(channel)
    , m_fullText(fullText)
    , m_text(q.text.trimmed().toLower())
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

QString EventQuerySql::matchedTermsCte(QVariantList& binds) const
{
    if (m_fullText && m_text.size() >= kTrigram) {
        // An FTS5 phrase of the whole text: with the trigram tokenizer that is a substring
        // match. Double quotes inside a phrase are escaped by doubling them.
        QString phrase = m_text;
        phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
        binds << QStringLiteral("\"%1\"").arg(phrase);
        return QStringLiteral("WITH matched_terms(term_id) AS MATERIALIZED ("
                              "SELECT rowid FROM search_terms_fts WHERE search_terms_fts MATCH ?) ");
    }
    binds << m_text;
    return QStringLiteral("WITH matched_terms(term_id) AS MATERIALIZED ("
                          "SELECT term_id FROM search_terms WHERE instr(text, ?) > 0) ");
}

QString EventQuerySql::commonConditions(QVariantList& binds, bool forPage, TextStrategy text) const
{
    QStringList c;
    if (m_q.since.isValid()) {
        c << QStringLiteral("time_ms >= ?");
        binds << m_q.since.toMSecsSinceEpoch();
    }
    if (m_q.until.isValid()) {
        c << QStringLiteral("time_ms < ?");
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
        c << QStringLiteral("time_ms <= ? AND (time_ms < ? OR record_id < ?)");
        binds << t << t << idBound;
    }
    if (!m_q.storeId.isEmpty()) {
        c << QStringLiteral("store = ?");
        binds << m_q.storeId;
    }
    if (!m_q.thumbprint.isEmpty()) {
        const QString t = m_q.thumbprint.trimmed().toUpper();
        c << QStringLiteral("(thumbprint = ? OR old_thumbprint = ?)");
        binds << t << t;
    }
    if (text == TextStrategy::FilterByTerm)
        c << QStringLiteral("+term_id IN matched_terms"); // '+': test per row, do not drive by it
    else if (text == TextStrategy::DriveByTerm)
        c << QStringLiteral("term_id IN matched_terms");
    return c.join(QLatin1String(" AND "));
}

QString EventQuerySql::arm(const QString& index, const QString& extraCondition, TextStrategy text,
                           QVariantList& binds) const
{
    QString where = commonConditions(binds, true, text);
    if (!extraCondition.isEmpty())
        where = where.isEmpty() ? extraCondition : extraCondition + QLatin1String(" AND ") + where;
    QString sql = QStringLiteral("SELECT record_id FROM events");
    if (!index.isEmpty())
        sql += QLatin1String(" INDEXED BY ") + index;
    if (!where.isEmpty())
        sql += QLatin1String(" WHERE ") + where;
    sql += QLatin1String(" ORDER BY time_ms DESC, record_id DESC LIMIT ?");
    binds << m_q.limit;
    return sql;
}

static QString idList(const QList<EventId>& ids)
{
    QStringList s;
    for (EventId id : ids)
        s << QString::number(int(id));
    return s.join(QLatin1Char(','));
}

SqlStatement EventQuerySql::textMatchProbe() const
{
    SqlStatement st;
    st.sql = matchedTermsCte(st.binds)
        + QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM events WHERE term_id IN matched_terms LIMIT %1)")
              .arg(kTextDriveLimit);
    return st;
}

SqlStatement EventQuerySql::page(TextStrategy text) const
{
    SqlStatement st;
    if (text != TextStrategy::None)
        st.sql = matchedTermsCte(st.binds);

    // Pick the index that yields this filter's rows already in (time, record id) order,
    // so SQLite reads about one page of index entries instead of sorting every match.
    // An id set becomes one arm per id (an IN list on the leading column would lose
    // the order); the outer query merges at most 7 × limit rows.
    QStringList arms;
    if (!m_q.thumbprint.isEmpty() || text == TextStrategy::DriveByTerm) {
        // Few rows match: let SQLite collect them through the thumbprint / term index.
        const QString ids = m_allIds ? QString() : QStringLiteral("event_id IN (%1)").arg(idList(m_ids));
        arms << arm(QString(), ids, text, st.binds);
    } else if (!m_q.storeId.isEmpty()) {
        for (EventId id : m_ids)
            arms << arm(QStringLiteral("events_store_event_time"), QStringLiteral("event_id = %1").arg(int(id)), text,
                        st.binds);
    } else if (!m_allIds) {
        for (EventId id : m_ids)
            arms << arm(QStringLiteral("events_event_time"), QStringLiteral("event_id = %1").arg(int(id)), text,
                        st.binds);
    } else {
        arms << arm(QStringLiteral("events_time"), QString(), text, st.binds);
    }
    QString keys;
    if (arms.size() == 1) {
        keys = arms.first();
    } else {
        QStringList wrapped;
        for (const QString& a : arms)
            wrapped << QStringLiteral("SELECT record_id FROM (%1)").arg(a);
        keys = wrapped.join(QLatin1String(" UNION ALL "));
    }
    st.sql += QStringLiteral("SELECT e.record_id, e.time_ms, d.json FROM events e"
                             " JOIN event_data d ON d.record_id = e.record_id"
                             " WHERE e.record_id IN (%1)"
                             " ORDER BY e.time_ms DESC, e.record_id DESC LIMIT ?")
                  .arg(keys);
    st.binds << m_q.limit;
    return st;
}

SqlStatement EventQuerySql::count() const
{
    SqlStatement st;
    const bool text = !m_text.isEmpty();
    if (text)
        st.sql = matchedTermsCte(st.binds);
    QString where = commonConditions(st.binds, false, text ? TextStrategy::DriveByTerm : TextStrategy::None);
    if (!m_allIds) {
        const QString ids = QStringLiteral("event_id IN (%1)").arg(idList(m_ids));
        where = where.isEmpty() ? ids : ids + QLatin1String(" AND ") + where;
    }
    st.sql += QStringLiteral("SELECT count(*) FROM events");
    if (!where.isEmpty())
        st.sql += QLatin1String(" WHERE ") + where;
    return st;
}

} // namespace certlife::eventlog
