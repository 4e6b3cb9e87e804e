// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "fleet/FleetPublish.h"

#include "fleet/FleetSchema.h"
#include "util/JsonLineWriter.h"

#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cstring>

namespace certlife::fleet {

namespace {

QVariant timeValue(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toUTC().toString(Qt::ISODateWithMs))
                          : QVariant(QMetaType::fromType<QString>());
}

QJsonValue jsonTime(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// The value of the four hex digits at p, or -1.
int hexQuad(const char* p)
{
    int value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = p[i];
        const int digit = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f'             ? c - 'a' + 10
            : c >= 'A' && c <= 'F'             ? c - 'A' + 10
                                               : -1;
        if (digit < 0)
            return -1;
        value = value * 16 + digit;
    }
    return value;
}

// What PostgreSQL's jsonb refuses, and so would fail the whole statement: "\u0000" (text
// holds no U+0000: "unsupported Unicode escape sequence") and a surrogate escape without
// its pair ("Unicode low surrogate must follow a high surrogate"). A certificate's CN or
// SAN can carry a NUL, and Qt keeps a lone surrogate of a BMPString. Each travels as
// U+FFFD (in place: same length), so that one hostile certificate cannot stop a host's
// publishing for good.
void replaceEscapesPostgresRefuses(QByteArray& json)
{
    char* p = json.data();
    const char* const end = p + json.size();
    while (p < end && (p = static_cast<char*>(std::memchr(p, '\\', size_t(end - p)))) != nullptr) {
        const int unit = end - p >= 6 && p[1] == 'u' ? hexQuad(p + 2) : -1;
        if (unit < 0) {
            p += 2; // another escape: its second character never starts one
            continue;
        }
        const bool high = unit >= 0xD800 && unit <= 0xDBFF;
        if (high && end - p >= 12 && p[6] == '\\' && p[7] == 'u') {
            const int next = hexQuad(p + 8);
            if (next >= 0xDC00 && next <= 0xDFFF) {
                p += 12; // a pair: one character
                continue;
            }
        }
        if (unit == 0 || (unit >= 0xD800 && unit <= 0xDFFF))
            std::memcpy(p + 2, "fffd", 4);
        p += 6;
    }
}

QString postgresJson(QByteArray json)
{
    replaceEscapesPostgresRefuses(json);
    return QString::fromUtf8(json);
}

QString compact(const QJsonArray& array)
{
    return postgresJson(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonObject& object)
{
    return postgresJson(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString errorOf(const QSqlQuery& q)
{
    const QSqlError e = q.lastError();
    return oneLine(e.databaseText().isEmpty() ? e.text() : e.databaseText());
}

// Runs the prepared SQL with VALUES bound in order; false and *error when refused.
bool run(QSqlQuery& q, const QString& sql, const QVariantList& values, QString* error, const char* what)
{
    if (!q.prepare(sql)) {
        *error = QStringLiteral("%1: %2").arg(QLatin1String(what), errorOf(q));
        return false;
    }
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = QStringLiteral("%1: %2").arg(QLatin1String(what), errorOf(q));
        return false;
    }
    return true;
}

// The inventory as one JSON array (one parameter, one round trip), each certificate and
// store once.
QString inventoryJson(const QList<FleetCertificate>& inventory)
{
    QJsonArray rows;
    QSet<QString> seen;
    for (const FleetCertificate& c : inventory) {
        const QString key = c.channel + QChar(0) + c.store + QChar(0) + c.sha256;
        if (seen.contains(key))
            continue;
        seen.insert(key);
        rows.append(QJsonObject{
            {QStringLiteral("channel"), c.channel},
            {QStringLiteral("store"), c.store},
            {QStringLiteral("sha256"), c.sha256},
            {QStringLiteral("thumbprint"), c.thumbprint},
            {QStringLiteral("paths"), QJsonArray::fromStringList(c.paths)},
            {QStringLiteral("subject"), c.subject},
            {QStringLiteral("sans"), QJsonArray::fromStringList(c.sans)},
            {QStringLiteral("issuer"), c.issuer},
            {QStringLiteral("not_before"), jsonTime(c.notBefore)},
            {QStringLiteral("not_after"), jsonTime(c.notAfter)},
            {QStringLiteral("key"), c.key},
            {QStringLiteral("state"), c.state},
            {QStringLiteral("problems"), c.problems},
        });
    }
    return compact(rows);
}

// "yyyy-MM-ddTHH:mm:ss.zzzZ", as Qt::ISODateWithMs writes a UTC time, without QDateTime's
// formatter (10,000 events a publish).
void timeWithMs(JsonLineWriter& w, const QDateTime& time)
{
    if (!time.isValid()) {
        w.null();
        return;
    }
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    const int milli = int(ms - secs * 1000);
    char text[kIsoUtcLength];
    if (!formatIsoUtc(secs, text)) {
        w.string(time.toUTC().toString(Qt::ISODateWithMs)); // a year outside 1..9999
        return;
    }
    char withMs[kIsoUtcLength + 4];
    std::memcpy(withMs, text, kIsoUtcLength - 1); // without the Z
    withMs[kIsoUtcLength - 1] = '.';
    withMs[kIsoUtcLength] = char('0' + milli / 100);
    withMs[kIsoUtcLength + 1] = char('0' + milli / 10 % 10);
    withMs[kIsoUtcLength + 2] = char('0' + milli % 10);
    withMs[kIsoUtcLength + 3] = 'Z';
    w.utf8String(QByteArrayView(withMs, sizeof withMs));
}

// The events as two parameters, written directly (no QJsonObject per event): their
// columns as one JSON array, and their data one JSON object a line, each event's
// `events --json` text copied as it is. The server parses each event's data once, into
// its own jsonb, instead of one 10 MB jsonb document to take apart again.
struct EventsParameters
{
    QString columns;
    QString dataLines;
};

EventsParameters eventsParameters(const QList<FleetEvent>& events)
{
    QByteArray columns;
    QByteArray lines;
    qsizetype columnsSize = 2;
    qsizetype linesSize = 0;
    for (const FleetEvent& e : events) {
        columnsSize += 2 * (e.message.size() + e.store.size() + e.logIdentity.size()) + 256;
        linesSize += e.data.size() + 1;
    }
    columns.reserve(columnsSize);
    lines.reserve(linesSize);
    JsonLineWriter w(columns);
    w.beginArray();
    for (const FleetEvent& e : events) {
        w.beginObject();
        w.field(QLatin1StringView("channel"), e.channel);
        w.field(QLatin1StringView("log_identity"), e.logIdentity);
        w.field(QLatin1StringView("record_id"), e.recordId);
        w.field(QLatin1StringView("event_id"), qint64(e.eventId));
        w.field(QLatin1StringView("level"), e.level);
        w.key(QLatin1StringView("time"));
        timeWithMs(w, e.time);
        w.field(QLatin1StringView("store"), e.store);
        w.field(QLatin1StringView("thumbprint"), e.thumbprint);
        w.field(QLatin1StringView("message"), e.message);
        w.endObject();
        if (!lines.isEmpty())
            lines += '\n';
        const qsizetype at = lines.size();
        lines += e.data.isEmpty() ? QByteArrayView("{}") : QByteArrayView(e.data);
        // One event a line: JSON has a raw line feed only as white space (a string
        // holds it escaped, as JsonLineWriter writes it), so a blank keeps the meaning.
        std::replace(lines.begin() + at, lines.end(), '\n', ' ');
    }
    w.endArray();
    return {postgresJson(std::move(columns)), postgresJson(std::move(lines))};
}

QJsonValue optionalNumber(const std::optional<int>& value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QString taskRunsJson(const QList<FleetTaskRun>& runs)
{
    QJsonArray rows;
    for (const FleetTaskRun& r : runs) {
        rows.append(QJsonObject{
            {QStringLiteral("channel"), r.channel},
            {QStringLiteral("log_identity"), r.logIdentity},
            {QStringLiteral("run_id"), r.runId},
            {QStringLiteral("task"), r.task},
            {QStringLiteral("event_record_id"), r.eventRecordId},
            {QStringLiteral("event_id"), r.eventId},
            {QStringLiteral("attempt"), r.attempt},
            {QStringLiteral("state"), r.state},
            {QStringLiteral("queued_at"), jsonTime(r.queuedAt)},
            {QStringLiteral("started_at"), jsonTime(r.startedAt)},
            {QStringLiteral("ended_at"), jsonTime(r.endedAt)},
            {QStringLiteral("exit_code"), optionalNumber(r.exitCode)},
            {QStringLiteral("exit_signal"), optionalNumber(r.exitSignal)},
            {QStringLiteral("reason"), r.reason},
        });
    }
    return compact(rows);
}

const QString kCertificateColumns = QStringLiteral(
    "channel text, store text, sha256 text, thumbprint text, paths text[], subject text, sans text[], issuer text,"
    " not_before timestamptz, not_after timestamptz, key text, state text, problems jsonb");

// Checks the schema and the role's host, under the transaction.
bool checkBeforePublishing(QSqlQuery& q, QSqlDatabase& db, const QString& host, FleetError* error)
{
    QString why;
    const int version = schemaVersion(db, &why);
    if (version < 0) {
        *error = statementFailure(QStringLiteral("cannot read the fleet schema's version: %1").arg(why));
        return false;
    }
    if (version != kSchemaVersion) {
        *error = {FleetFailure::Refused,
                  version > kSchemaVersion
                      ? QStringLiteral("the fleet database is at schema version %1, newer than this agent "
                                       "understands (%2): upgrade Certlife on this host")
                            .arg(version)
                            .arg(kSchemaVersion)
                      : QStringLiteral("the fleet database is at schema version %1, this agent writes version %2: "
                                       "the database admin runs 'certlifectl fleet init'")
                            .arg(version)
                            .arg(kSchemaVersion)};
        return false;
    }
    if (!q.exec(QStringLiteral("SELECT certlife.current_host()")) || !q.next()) {
        *error = statementFailure(errorOf(q));
        return false;
    }
    const QString mapped = q.value(0).toString();
    if (mapped.isEmpty()) {
        *error = {FleetFailure::Refused,
                  QStringLiteral("the login role %1 is not a host of the fleet "
                                 "(certlifectl fleet add-host)")
                      .arg(db.userName())};
        return false;
    }
    if (mapped != host) {
        *error = {FleetFailure::Refused,
                  QStringLiteral("the login role %1 belongs to the host %2, not to this host "
                                 "(%3; CERTLIFE_HOSTNAME overrides the machine's name)")
                      .arg(db.userName(), mapped, host)};
        return false;
    }
    return true;
}

bool publishInTransaction(QSqlDatabase& db, const QString& host, const FleetPublication& p, int statementTimeoutMs,
                          PublishOutcome* outcome, FleetError* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SET LOCAL statement_timeout = %1").arg(statementTimeoutMs))) {
        *error = statementFailure(errorOf(q));
        return false;
    }
    if (!checkBeforePublishing(q, db, host, error))
        return false;
    QString why;
    const FleetHeartbeat& h = p.heartbeat;
    if (!run(q,
             QStringLiteral(
                 "INSERT INTO certlife.hosts AS h (host, agent_version, last_contact, last_pass_time,"
                 " last_pass_outcome, last_pass_error, rescan_interval_seconds, thresholds, tasks,"
                 " events_lost_to_pruning)"
                 " VALUES (?, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?::jsonb, ?::jsonb, ?)"
                 " ON CONFLICT (host) DO UPDATE SET agent_version = excluded.agent_version,"
                 " last_contact = excluded.last_contact, last_pass_time = excluded.last_pass_time,"
                 " last_pass_outcome = excluded.last_pass_outcome, last_pass_error = excluded.last_pass_error,"
                 " rescan_interval_seconds = excluded.rescan_interval_seconds, thresholds = excluded.thresholds,"
                 " tasks = excluded.tasks, events_lost_to_pruning = excluded.events_lost_to_pruning"),
             {host, h.agentVersion, timeValue(h.lastContact), timeValue(h.lastPassTime),
              h.lastPassOutcome.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(h.lastPassOutcome),
              h.lastPassError.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(h.lastPassError),
              h.rescanIntervalSeconds ? QVariant(*h.rescanIntervalSeconds) : QVariant(QMetaType::fromType<int>()),
              compact(h.thresholds), compact(h.tasks), h.eventsLostToPruning},
             &why, "writing the heartbeat")) {
        *error = statementFailure(why);
        return false;
    }
    if (!p.inventoryChannels.isEmpty()) {
        const QString rows = inventoryJson(p.inventory);
        const QString channels = compact(QJsonArray::fromStringList(p.inventoryChannels));
        // Gone: the host's rows of these channels that the inventory no longer has.
        if (!run(q,
                 QStringLiteral("DELETE FROM certlife.certificates c WHERE c.host = ?"
                                " AND c.channel IN (SELECT jsonb_array_elements_text(?::jsonb))"
                                " AND NOT EXISTS (SELECT FROM jsonb_to_recordset(?::jsonb)"
                                " AS x(channel text, store text, sha256 text)"
                                " WHERE x.channel = c.channel AND x.store = c.store AND x.sha256 = c.sha256)"),
                 {host, channels, rows}, &why, "removing certificates")) {
            *error = statementFailure(why);
            return false;
        }
        outcome->certificatesDeleted = q.numRowsAffected();
        // New or changed: a row whose content is the same is not written at all.
        if (!run(q,
                 QStringLiteral(
                     "INSERT INTO certlife.certificates AS c (host, channel, store, sha256, thumbprint, paths, subject,"
                     " sans, issuer, not_before, not_after, key, state, problems, updated_at)"
                     " SELECT ?, x.channel, x.store, x.sha256, x.thumbprint, coalesce(x.paths, '{}'), x.subject,"
                     " coalesce(x.sans, '{}'), x.issuer, x.not_before, x.not_after, x.key, x.state,"
                     " coalesce(x.problems, '[]'), ?::timestamptz FROM jsonb_to_recordset(?::jsonb) AS x(%1)"
                     " WHERE x.channel IN (SELECT jsonb_array_elements_text(?::jsonb))"
                     " ON CONFLICT (host, channel, store, sha256) DO UPDATE SET thumbprint = excluded.thumbprint,"
                     " paths = excluded.paths, subject = excluded.subject, sans = excluded.sans,"
                     " issuer = excluded.issuer, not_before = excluded.not_before, not_after = excluded.not_after,"
                     " key = excluded.key, state = excluded.state, problems = excluded.problems,"
                     " updated_at = excluded.updated_at"
                     " WHERE (c.thumbprint, c.paths, c.subject, c.sans, c.issuer, c.not_before, c.not_after, c.key,"
                     " c.state, c.problems) IS DISTINCT FROM (excluded.thumbprint, excluded.paths, excluded.subject,"
                     " excluded.sans, excluded.issuer, excluded.not_before, excluded.not_after, excluded.key,"
                     " excluded.state, excluded.problems)")
                     .arg(kCertificateColumns),
                 {host, timeValue(h.lastContact), rows, channels}, &why, "writing certificates")) {
            *error = statementFailure(why);
            return false;
        }
        outcome->certificatesWritten = q.numRowsAffected();
    }
    outcome->eventsSent = int(p.events.size());
    if (!p.events.isEmpty()) {
        const EventsParameters parameters = eventsParameters(p.events);
        if (!run(q,
                 QStringLiteral(
                     "INSERT INTO certlife.events (host, channel, log_identity, record_id, event_id, level, time,"
                     " store, thumbprint, message, data)"
                     " SELECT ?, x.channel, x.log_identity, x.record_id, x.event_id, x.level, x.time, x.store,"
                     " coalesce(x.thumbprint, ''), coalesce(x.message, ''), x.data::jsonb"
                     " FROM ROWS FROM (json_to_recordset(?::json) AS (channel text, log_identity text,"
                     " record_id bigint, event_id integer, level text, time timestamptz, store text, thumbprint text,"
                     " message text), unnest(string_to_array(?, E'\\n')))"
                     " AS x(channel, log_identity, record_id, event_id, level, time, store, thumbprint, message, data)"
                     " ON CONFLICT DO NOTHING"),
                 {host, parameters.columns, parameters.dataLines}, &why, "writing events")) {
            *error = statementFailure(why);
            return false;
        }
        outcome->eventsStored = q.numRowsAffected();
    }
    if (!p.taskRuns.isEmpty()) {
        if (!run(q,
                 QStringLiteral(
                     "INSERT INTO certlife.task_runs AS t (host, channel, log_identity, run_id, task, event_record_id,"
                     " event_id, attempt, state, queued_at, started_at, ended_at, exit_code, exit_signal, reason)"
                     " SELECT DISTINCT ON (x.channel, x.log_identity, x.run_id) ?, x.channel, x.log_identity,"
                     " x.run_id, x.task, x.event_record_id, x.event_id, x.attempt, x.state, x.queued_at,"
                     " x.started_at, x.ended_at, x.exit_code, x.exit_signal, coalesce(x.reason, '')"
                     " FROM jsonb_to_recordset(?::jsonb) AS x(channel text, log_identity text, run_id bigint,"
                     " task text, event_record_id bigint, event_id integer, attempt integer, state text,"
                     " queued_at timestamptz, started_at timestamptz, ended_at timestamptz, exit_code integer,"
                     " exit_signal integer, reason text)"
                     " ON CONFLICT (host, channel, log_identity, run_id) DO UPDATE SET state = excluded.state,"
                     " attempt = excluded.attempt, started_at = excluded.started_at, ended_at = excluded.ended_at,"
                     " exit_code = excluded.exit_code, exit_signal = excluded.exit_signal, reason = excluded.reason"
                     " WHERE (t.state, t.attempt, t.started_at, t.ended_at, t.exit_code, t.exit_signal, t.reason)"
                     " IS DISTINCT FROM (excluded.state, excluded.attempt, excluded.started_at, excluded.ended_at,"
                     " excluded.exit_code, excluded.exit_signal, excluded.reason)"),
                 {host, taskRunsJson(p.taskRuns)}, &why, "writing task runs")) {
            *error = statementFailure(why);
            return false;
        }
        outcome->taskRunsWritten = q.numRowsAffected();
    }
    return true;
}

} // namespace

std::optional<PublishOutcome> publish(QSqlDatabase& db, const QString& host, const FleetPublication& publication,
                                      FleetError* error, int statementTimeoutMs)
{
    if (!db.transaction()) {
        *error = statementFailure(oneLine(db.lastError().text()));
        return std::nullopt;
    }
    PublishOutcome outcome;
    if (!publishInTransaction(db, host, publication, statementTimeoutMs, &outcome, error)) {
        db.rollback();
        return std::nullopt;
    }
    if (!db.commit()) {
        *error = statementFailure(
            oneLine(db.lastError().databaseText().isEmpty() ? db.lastError().text() : db.lastError().databaseText()));
        db.rollback();
        return std::nullopt;
    }
    return outcome;
}

} // namespace certlife::fleet
