// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "fleet/FleetReader.h"

#include "fleet/FleetSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace certlife::fleet {

namespace {

QString errorOf(const QSqlQuery& q)
{
    const QSqlError e = q.lastError();
    return oneLine(e.databaseText().isEmpty() ? e.text() : e.databaseText());
}

// Times are read as milliseconds since the epoch: no time zone of the session or the
// driver comes between.
QString millis(const QString& column)
{
    return QStringLiteral("(extract(epoch FROM %1) * 1000)::bigint").arg(column);
}

QDateTime timeOf(const QVariant& millis)
{
    return millis.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(millis.toLongLong(), Qt::UTC);
}

QVariant timeValue(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QStringList stringsOf(const QVariant& jsonText)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(jsonText.toString().toUtf8()).array();
    for (const QJsonValue& v : array)
        out << v.toString();
    return out;
}

bool exec(QSqlQuery& q, const QString& sql, const QVariantList& binds, FleetError* error)
{
    if (!q.prepare(sql)) {
        *error = statementFailure(errorOf(q));
        return false;
    }
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = statementFailure(errorOf(q));
        return false;
    }
    return true;
}

// The WHERE conditions of an event query (every filter of EventQuery, its host, and,
// with FOR_PAGE, the keyset cursor), on certlife.events.
QString eventConditions(const EventQuery& q, bool forPage, QVariantList& binds, bool* matchesNothing)
{
    QStringList where;
    if (q.channel) {
        where << QStringLiteral("channel = ?");
        binds << scopeName(*q.channel);
    }
    if (!q.ids.isEmpty() || q.level) {
        const QList<EventId> ids = q.effectiveIds();
        if (ids.isEmpty())
            *matchesNothing = true;
        QStringList numbers;
        for (EventId id : ids)
            numbers << QString::number(int(id));
        where << QStringLiteral("event_id = ANY (?::integer[])");
        binds << QStringLiteral("{%1}").arg(numbers.join(QLatin1Char(',')));
    }
    if (q.since.isValid()) {
        where << QStringLiteral("time >= ?::timestamptz");
        binds << timeValue(q.since);
    }
    if (q.until.isValid()) {
        where << QStringLiteral("time < ?::timestamptz");
        binds << timeValue(q.until);
    }
    if (!q.storeId.isEmpty()) {
        where << QStringLiteral("store = ?");
        binds << q.storeId;
    }
    if (!q.host.isEmpty()) {
        where << QStringLiteral("host = ?");
        binds << q.host.toLower();
    }
    if (!q.thumbprint.isEmpty()) {
        where << QStringLiteral("(upper(data #>> '{certificate,thumbprint}') = ? OR upper(thumbprint) = ?"
                                " OR upper(data #>> '{oldCertificate,thumbprint}') = ?)");
        const QString thumbprint = q.thumbprint.toUpper();
        binds << thumbprint << thumbprint << thumbprint;
    }
    const QString text = q.text.trimmed();
    if (!text.isEmpty()) {
        // As the local log: part of the subject, a SAN, the thumbprint or SHA-256 of the
        // certificate or of the old one of a Replace, in any case.
        QStringList fields;
        for (const char* certificate : {"certificate", "oldCertificate"}) {
            for (const char* field : {"subject", "subjectCN", "sans", "thumbprint", "sha256"})
                fields << QStringLiteral("coalesce(data #>> '{%1,%2}', '')")
                              .arg(QLatin1String(certificate), QLatin1String(field));
        }
        where
            << QStringLiteral("strpos(lower(concat_ws(' ', %1)), lower(?)) > 0").arg(fields.join(QStringLiteral(", ")));
        binds << text;
    }
    if (forPage && q.after) {
        // After the cursor in the order time DESC, channel (System first), record_id DESC,
        // host; `time <= ?` lets the index on time bound the scan.
        const EventCursor& c = *q.after;
        const QString t = timeValue(c.time).toString();
        const QString channel = scopeName(c.channel);
        where << QStringLiteral("time <= ?::timestamptz AND (time < ?::timestamptz OR channel > ? OR (channel = ? AND"
                                " (record_id < ? OR (record_id = ? AND host > ?))))");
        binds << t << t << channel << channel << c.recordId << c.recordId << c.host;
    }
    return where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
}

LifecycleEvent eventOf(const QSqlQuery& q)
{
    // host, channel, record_id, event_id, time, store, thumbprint, message, data
    const QJsonObject data = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
    LifecycleEvent e = LifecycleEvent::fromJson(data).value_or(LifecycleEvent());
    // The columns are what the database keys and filters by: they win over the JSON.
    e.host = q.value(0).toString();
    Scope channel = Scope::System;
    parseScope(q.value(1).toString(), &channel);
    e.channel = channel;
    e.recordId = q.value(2).toLongLong();
    EventId id = EventId::New;
    if (parseEventId(q.value(3).toInt(), &id))
        e.id = id;
    e.time = timeOf(q.value(4));
    e.storeId = q.value(5).toString();
    if (e.certificate.thumbprint.isEmpty())
        e.certificate.thumbprint = q.value(6).toString();
    e.message = q.value(7).toString();
    return e;
}

} // namespace

int FleetHostStatus::count(ExpiryState state) const
{
    int n = 0;
    for (auto it = certificatesByState.cbegin(); it != certificatesByState.cend(); ++it) {
        ExpiryState parsed;
        if (it.key().compare(expiryStateName(state), Qt::CaseInsensitive) == 0
            || (parseExpiryStateKey(it.key(), &parsed) && parsed == state))
            n += it.value();
    }
    return n;
}

FleetReader::FleetReader(QSqlDatabase& db, std::shared_ptr<const Clock> clock) : m_db(db), m_clock(std::move(clock)) {}

bool FleetReader::isSilent(const QDateTime& lastContact, const std::optional<int>& rescanIntervalSeconds,
                           const QDateTime& now)
{
    if (!lastContact.isValid())
        return true;
    const qint64 interval =
        rescanIntervalSeconds && *rescanIntervalSeconds > 0 ? *rescanIntervalSeconds : kAssumedRescanIntervalSeconds;
    return lastContact.secsTo(now) > 2 * interval;
}

bool FleetReader::checkSchema(FleetError* error) const
{
    QString why;
    const int version = schemaVersion(m_db, &why);
    if (version < 0) {
        *error = statementFailure(QStringLiteral("cannot read the fleet schema's version: %1").arg(why));
        return false;
    }
    if (version == 0) {
        *error = {FleetFailure::Refused,
                  QStringLiteral("the database has no fleet schema: the database admin runs "
                                 "'certlifectl fleet init'")};
        return false;
    }
    if (version < kSchemaVersion) {
        *error = {FleetFailure::Refused,
                  QStringLiteral("the fleet database is at schema version %1, this Certlife "
                                 "reads version %2: the database admin runs 'certlifectl "
                                 "fleet init'")
                      .arg(version)
                      .arg(kSchemaVersion)};
        return false;
    }
    if (version > kSchemaVersion) {
        *error = {FleetFailure::Refused,
                  QStringLiteral("the fleet database is at schema version %1, newer than "
                                 "this Certlife understands (%2): upgrade Certlife")
                      .arg(version)
                      .arg(kSchemaVersion)};
        return false;
    }
    return true;
}

std::optional<QList<FleetHostStatus>> FleetReader::hosts(FleetError* error) const
{
    if (!checkSchema(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!exec(q,
              QStringLiteral("SELECT f.host, h.agent_version, %1, %2, h.last_pass_outcome, h.last_pass_error,"
                             " h.rescan_interval_seconds, coalesce(h.events_lost_to_pruning, 0)"
                             " FROM certlife.fleet_hosts f"
                             " LEFT JOIN certlife.hosts h ON h.host = f.host ORDER BY f.host")
                  .arg(millis(QStringLiteral("h.last_contact")), millis(QStringLiteral("h.last_pass_time"))),
              {}, error))
        return std::nullopt;
    const QDateTime now = m_clock->now();
    QList<FleetHostStatus> hosts;
    QHash<QString, qsizetype> indexOf;
    while (q.next()) {
        FleetHostStatus h;
        h.host = q.value(0).toString();
        h.agentVersion = q.value(1).toString();
        h.lastContact = timeOf(q.value(2));
        h.lastPassTime = timeOf(q.value(3));
        h.lastPassOutcome = q.value(4).toString();
        h.lastPassError = q.value(5).toString();
        if (!q.value(6).isNull())
            h.rescanIntervalSeconds = q.value(6).toInt();
        h.eventsLostToPruning = q.value(7).toLongLong();
        h.silent = isSilent(h.lastContact, h.rescanIntervalSeconds, now);
        indexOf.insert(h.host, hosts.size());
        hosts << h;
    }
    if (!exec(q, QStringLiteral("SELECT host, state, count(*) FROM certlife.certificates GROUP BY host, state"), {},
              error))
        return std::nullopt;
    while (q.next()) {
        const qsizetype i = indexOf.value(q.value(0).toString(), -1);
        if (i < 0)
            continue;
        const int n = q.value(2).toInt();
        hosts[i].certificatesByState[q.value(1).toString()] += n;
        hosts[i].certificates += n;
    }
    return hosts;
}

std::optional<QList<FleetCertificateRow>> FleetReader::certificates(const FleetCertificateQuery& query,
                                                                    FleetError* error) const
{
    QList<FleetCertificateRow> rows;
    if (!forEachCertificate(
            query, [&rows](FleetCertificateRow&& row) { rows << std::move(row); }, error))
        return std::nullopt;
    return rows;
}

bool FleetReader::forEachCertificate(const FleetCertificateQuery& query,
                                     const std::function<void(FleetCertificateRow&&)>& row, FleetError* error) const
{
    if (!checkSchema(error))
        return false;
    QStringList where;
    QVariantList binds;
    if (!query.host.isEmpty()) {
        where << QStringLiteral("host = ?");
        binds << query.host.toLower();
    }
    if (query.expiringWithinDays) {
        where << QStringLiteral("not_after < ?::timestamptz");
        binds << timeValue(m_clock->now().addDays(*query.expiringWithinDays));
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!exec(q,
              QStringLiteral("SELECT host, channel, store, sha256, thumbprint, array_to_json(paths)::text, subject,"
                             " array_to_json(sans)::text, issuer, %1, %2, key, state, problems::text, %3"
                             " FROM certlife.certificates%4 ORDER BY host, not_after NULLS LAST, store, sha256")
                  .arg(millis(QStringLiteral("not_before")), millis(QStringLiteral("not_after")),
                       millis(QStringLiteral("updated_at")),
                       where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "))),
              binds, error))
        return false;
    while (q.next()) {
        FleetCertificateRow read;
        read.host = q.value(0).toString();
        FleetCertificate& c = read.certificate;
        c.channel = q.value(1).toString();
        c.store = q.value(2).toString();
        c.sha256 = q.value(3).toString();
        c.thumbprint = q.value(4).toString();
        c.paths = stringsOf(q.value(5));
        c.subject = q.value(6).toString();
        c.sans = stringsOf(q.value(7));
        c.issuer = q.value(8).toString();
        c.notBefore = timeOf(q.value(9));
        c.notAfter = timeOf(q.value(10));
        c.key = q.value(11).toString();
        c.state = q.value(12).toString();
        c.problems = QJsonDocument::fromJson(q.value(13).toString().toUtf8()).array();
        read.updatedAt = timeOf(q.value(14));
        row(std::move(read));
    }
    // A connection lost after the first rows ends the loop like the last row does.
    if (q.lastError().isValid()) {
        *error = statementFailure(errorOf(q));
        return false;
    }
    return true;
}

std::optional<QList<FleetExpiryCount>>
FleetReader::expiryCounts(const QDateTime& expiredBefore, const QList<QDateTime>& boundaries, FleetError* error) const
{
    if (!checkSchema(error))
        return std::nullopt;
    QStringList times;
    for (const QDateTime& t : boundaries)
        times << timeValue(t).toString();
    // width_bucket: 0 before the first boundary, i + 1 in [b[i], b[i + 1]), n past the last.
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!exec(q,
              QStringLiteral("SELECT host, channel, store, state, coalesce(not_after < ?::timestamptz, false),"
                             " coalesce(width_bucket(not_after, ?::timestamptz[]), 0), count(*)"
                             " FROM certlife.certificates GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3"),
              {timeValue(expiredBefore), QStringLiteral("{%1}").arg(times.join(QLatin1Char(',')))}, error))
        return std::nullopt;
    QList<FleetExpiryCount> counts;
    while (q.next()) {
        FleetExpiryCount c;
        c.host = q.value(0).toString();
        c.channel = q.value(1).toString();
        c.store = q.value(2).toString();
        c.state = q.value(3).toString();
        c.expiredBefore = q.value(4).toBool();
        const int bucket = q.value(5).toInt();
        c.period = bucket >= 1 && bucket < boundaries.size() ? bucket - 1 : -1;
        c.count = q.value(6).toInt();
        counts << c;
    }
    if (q.lastError().isValid()) {
        *error = statementFailure(errorOf(q));
        return std::nullopt;
    }
    return counts;
}

std::optional<QList<LifecycleEvent>> FleetReader::events(const EventQuery& query, FleetError* error) const
{
    if (!checkSchema(error))
        return std::nullopt;
    QVariantList binds;
    bool matchesNothing = false;
    const QString where = eventConditions(query, true, binds, &matchesNothing);
    if (matchesNothing)
        return QList<LifecycleEvent>();
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!exec(q,
              QStringLiteral("SELECT host, channel, record_id, event_id, %1, store, thumbprint, message, data::text"
                             " FROM certlife.events%2 ORDER BY time DESC, channel, record_id DESC, host%3")
                  .arg(millis(QStringLiteral("time")), where,
                       query.limit > 0 ? QStringLiteral(" LIMIT %1").arg(query.limit) : QString()),
              binds, error))
        return std::nullopt;
    QList<LifecycleEvent> events;
    while (q.next())
        events << eventOf(q);
    return events;
}

std::optional<qint64> FleetReader::countEvents(const EventQuery& query, FleetError* error) const
{
    if (!checkSchema(error))
        return std::nullopt;
    QVariantList binds;
    bool matchesNothing = false;
    const QString where = eventConditions(query, false, binds, &matchesNothing);
    if (matchesNothing)
        return 0;
    QSqlQuery q(m_db);
    if (!exec(q, QStringLiteral("SELECT count(*) FROM certlife.events%1").arg(where), binds, error) || !q.next()) {
        if (!*error)
            *error = statementFailure(errorOf(q));
        return std::nullopt;
    }
    return q.value(0).toLongLong();
}

} // namespace certlife::fleet
