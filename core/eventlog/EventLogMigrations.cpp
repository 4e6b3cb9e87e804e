// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The EventLog's schema migrations: migrations()[v] takes a log from version v to v + 1.
#include "eventlog/EventLogSchema.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStringList>

namespace certlife::eventlog {

namespace {

// Version 0 -> 1. An event is split in two: what happened (events: indexed columns;
// event_data: the rest of the event as JSON) and what it happened to (event_subjects:
// the certificate details as JSON, plus the old certificate's for a Replace, stored
// once for all the events about the same certificates). A log holds many events per
// certificate, so this keeps a batch's writes small. Where SQLite has FTS5 with the
// trigram tokenizer, a full-text index covers the subjects' search text.
bool migrateTo1(QSqlDatabase& db, QString* error)
{
    const QStringList statements{
        QStringLiteral("CREATE TABLE IF NOT EXISTS event_subjects ("
                       " subject_id INTEGER PRIMARY KEY,"
                       " details_hash INTEGER NOT NULL," // FNV-1a of details: finds a subject again
                       " details TEXT NOT NULL,"         // {"certificate":{…},"oldCertificate":{…}}
                       " thumbprint TEXT NOT NULL,"
                       " old_thumbprint TEXT,"
                       " search TEXT NOT NULL)"), // lower-cased names, SANs and hashes of both
        QStringLiteral("CREATE INDEX IF NOT EXISTS event_subjects_details_hash ON event_subjects(details_hash)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS event_subjects_thumbprint ON event_subjects(thumbprint)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS event_subjects_old_thumbprint ON event_subjects(old_thumbprint)"
                       " WHERE old_thumbprint IS NOT NULL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS events ("
                       " record_id INTEGER PRIMARY KEY AUTOINCREMENT," // never reused after pruning
                       " time_ms INTEGER NOT NULL,"                    // UTC, ms since the epoch
                       " event_id INTEGER NOT NULL,"
                       " level INTEGER NOT NULL," // 0 Information, 1 Warning, 2 Error
                       " store TEXT NOT NULL,"
                       " subject_id INTEGER NOT NULL REFERENCES event_subjects(subject_id))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS event_data ("
                       " record_id INTEGER PRIMARY KEY REFERENCES events(record_id) ON DELETE CASCADE,"
                       " json TEXT NOT NULL)"), // the event without its certificate details
        // Bumped by every prune that deletes subjects: writers drop their subject caches.
        QStringLiteral("CREATE TABLE IF NOT EXISTS eventlog_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
        QStringLiteral("INSERT OR IGNORE INTO eventlog_meta(name, value) VALUES ('subjects_generation', 0)"),
        // Every index ends in time_ms, and SQLite appends the rowid, so each one yields
        // rows in (time, record id) order for an equality prefix: no sort for a page.
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_time ON events(time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_event_time ON events(event_id, time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_store_event_time ON events(store, event_id, time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_subject_time ON events(subject_id, time_ms)"),
    };
    for (const QString& s : statements) {
        if (!exec(db, s, error))
            return false;
    }
    QString ftsError;
    if (exec(db,
             QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS event_subjects_fts USING fts5("
                            "search, content='event_subjects', content_rowid='subject_id', tokenize='trigram')"),
             &ftsError)) {
        // Deletes follow by trigger. Inserts do not: EventLog::append indexes a batch's new
        // subjects in one statement at its end, because once an FTS5 table is part of a
        // transaction every later statement flushes its pending index data.
        if (!exec(db,
                  QStringLiteral("CREATE TRIGGER IF NOT EXISTS event_subjects_fts_delete AFTER DELETE ON event_subjects"
                                 " BEGIN INSERT INTO event_subjects_fts(event_subjects_fts, rowid, search)"
                                 " VALUES ('delete', old.subject_id, old.search); END"),
                  error))
            return false;
    }
    // Without FTS5/trigram, text search scans event_subjects (one row per certificate).
    return true;
}

// SQLite's json_extract() drops a NUL character (\u0000) and what follows it; those few
// events take their text from Qt's JSON parser instead.
bool copyTextWithNul(QSqlDatabase& db, QString* error)
{
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT record_id, json FROM event_data WHERE instr(json, '\\u0000') > 0"))) {
        *error = errorText(rows.lastError());
        return false;
    }
    QSqlQuery update(db);
    if (!update.prepare(
            QStringLiteral("UPDATE events_v2 SET host = ?, account = ?, process = ?, action = ?, message = ?"
                           " WHERE record_id = ?"))) {
        *error = errorText(update.lastError());
        return false;
    }
    while (rows.next()) {
        const QJsonObject o = QJsonDocument::fromJson(rows.value(1).toByteArray()).object();
        for (const char* field : {"host", "account", "process", "action", "message"})
            update.addBindValue(o.value(QLatin1String(field)).toString());
        update.addBindValue(rows.value(0));
        if (!update.exec()) {
            *error = errorText(update.lastError());
            return false;
        }
    }
    return true;
}

// Version 1 -> 2, for the insert rate (docs/eventlog.md, "Performance"): one table per
// event instead of two (event_data's JSON becomes columns), stores interned to integers
// (event_stores), no level column (a level is a set of ids), record ids assigned from
// eventlog_meta instead of AUTOINCREMENT, no foreign key check per row, and the subject
// index partitioned by time (event_buckets, TimeBuckets) so that a batch's inserts stay
// in a small part of it. Every event keeps its record id and fields.
bool migrateTo2(QSqlDatabase& db, QString* error)
{
    // The old text columns of event_data, where its JSON is valid (the writer always made
    // it so; a damaged row keeps its indexed columns and gets empty text).
    const auto field = [](const char* name) {
        return QStringLiteral("json_extract(d.json, '$.%1')").arg(QLatin1String(name));
    };
    // FTS5 merges an index's segments once `automerge` of them pile up (default 4); 16,
    // its maximum, merges less often: new subjects are indexed with a third less work
    // and text search over 40,000 subjects reads no slower (measured).
    if (hasFullTextIndex(db)
        && !exec(db,
                 QStringLiteral("INSERT INTO event_subjects_fts(event_subjects_fts, rank) VALUES ('automerge', 16)"),
                 error))
        return false;
    const bool copied = execAll(
        db,
        {
            QStringLiteral("CREATE TABLE event_stores (store_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"),
            QStringLiteral("INSERT INTO event_stores(name) SELECT DISTINCT store FROM events ORDER BY store"),
            QStringLiteral("CREATE TABLE event_buckets ("
                           " start_ms INTEGER PRIMARY KEY," // the bucket: events from this time on
                           " events INTEGER NOT NULL,"      // appended to it
                           " max_time_ms INTEGER NOT NULL)"),
            // The existing events in time order, a bucket every kBucketEvents of them.
            QStringLiteral("INSERT OR IGNORE INTO event_buckets(start_ms, events, max_time_ms)"
                           " SELECT time_ms, 0, time_ms FROM (SELECT time_ms,"
                           " row_number() OVER (ORDER BY time_ms, record_id) - 1 AS n FROM events)"
                           " WHERE n % %1 = 0")
                .arg(kBucketEvents),
            QStringLiteral("CREATE TABLE events_v2 ("
                           " record_id INTEGER PRIMARY KEY," // never reused: see eventlog_meta.last_record_id
                           " time_ms INTEGER NOT NULL,"      // UTC, ms since the epoch
                           " event_id INTEGER NOT NULL,"     // 1001-1007
                           " store_id INTEGER NOT NULL,"     // event_stores
                           " subject_id INTEGER NOT NULL,"   // event_subjects (kept by the writer)
                           " bucket INTEGER NOT NULL,"       // event_buckets.start_ms
                           " host TEXT NOT NULL,"
                           " account TEXT NOT NULL,"
                           " process TEXT NOT NULL,"
                           " action TEXT NOT NULL,"
                           " message TEXT NOT NULL,"
                           " remaining_seconds INTEGER)"),
            QStringLiteral(
                "INSERT INTO events_v2(record_id, time_ms, event_id, store_id, subject_id, bucket,"
                " host, account, process, action, message, remaining_seconds)"
                " SELECT e.record_id, e.time_ms, e.event_id, st.store_id, e.subject_id,"
                " coalesce((SELECT max(start_ms) FROM event_buckets WHERE start_ms <= e.time_ms),"
                " (SELECT min(start_ms) FROM event_buckets)),"
                " coalesce(%1, ''), coalesce(%2, ''), coalesce(%3, ''), coalesce(%4, ''), coalesce(%5, ''), %6"
                " FROM events e JOIN event_stores st ON st.name = e.store"
                " LEFT JOIN event_data d ON d.record_id = e.record_id AND json_valid(d.json)"
                " ORDER BY e.record_id")
                .arg(field("host"), field("account"), field("process"), field("action"), field("message"),
                     field("remainingSeconds")),
            QStringLiteral("INSERT OR REPLACE INTO eventlog_meta(name, value) SELECT 'last_record_id',"
                           " max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),"
                           " coalesce((SELECT max(record_id) FROM events), 0))"),
            QStringLiteral("INSERT OR IGNORE INTO eventlog_meta(name, value) VALUES ('bucket_events', %1)")
                .arg(kBucketEvents),
        },
        error);
    if (!copied || !copyTextWithNul(db, error))
        return false;
    return execAll(
        db,
        {
            QStringLiteral("DROP TABLE event_data"),
            QStringLiteral("DROP TABLE events"), // and its indexes
            QStringLiteral("ALTER TABLE events_v2 RENAME TO events"),
            // Each index ends in time_ms, and SQLite appends the record id, so an equality
            // prefix yields rows already in (time, record id) order: no sort for a page.
            // No index on time alone: a page without an id filter merges every id's
            // arms of events_event_time (EventQuerySql), and prune finds old events by
            // time bucket, so the fourth index per row was not worth its insert cost.
            QStringLiteral("CREATE INDEX events_event_time ON events(event_id, time_ms)"),
            QStringLiteral("CREATE INDEX events_store_event_time ON events(store_id, event_id, time_ms)"),
            QStringLiteral("CREATE INDEX events_bucket_subject_time ON events(bucket, subject_id, time_ms)"),
            QStringLiteral(
                "UPDATE event_buckets SET"
                " events = (SELECT count(*) FROM events WHERE bucket = start_ms),"
                " max_time_ms = coalesce((SELECT max(time_ms) FROM events WHERE bucket = start_ms), start_ms)"),
        },
        error);
}

// Version 2 -> 3: a lifecycle pass's events are logged once even when the pass is killed
// before its snapshot is saved and retried (docs/lifecycle.md, "A pass killed between
// its events and its snapshot"). Each event of a pass records the pass's base: the pass
// id of the snapshot it compared against (LifecyclePass::baseId); eventlog_meta's
// 'pass_base' and 'pass_first_record' name the last pass logged and its first record.
// Events logged before, and an admin's action's, have none (NULL).
bool migrateTo3(QSqlDatabase& db, QString* error)
{
    return exec(db, QStringLiteral("ALTER TABLE events ADD COLUMN pass_base INTEGER"), error);
}

} // namespace

const QList<Migration>& migrations()
{
    static const QList<Migration> list{&migrateTo1, &migrateTo2, &migrateTo3};
    return list;
}

} // namespace certlife::eventlog
