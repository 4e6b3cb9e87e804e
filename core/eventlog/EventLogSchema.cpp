#include "eventlog/EventLogSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <functional>

namespace certlife::eventlog {

QString errorText(const QSqlError& e)
{
    return e.databaseText().isEmpty() ? e.text() : e.databaseText();
}

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = errorText(q.lastError());
    return false;
}

static QVariant scalar(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        if (error)
            *error = errorText(q.lastError());
        return {};
    }
    return q.value(0);
}

int schemaVersion(QSqlDatabase& db, QString* error)
{
    const QVariant v = scalar(db, QStringLiteral("PRAGMA user_version"), error);
    return v.isValid() ? v.toInt() : -1;
}

static QString newerSchemaMessage(int version)
{
    return QStringLiteral("it was written by a newer Certlife (schema version %1; this version understands up to %2)")
        .arg(version)
        .arg(kSchemaVersion);
}

bool configureConnection(QSqlDatabase& db, bool readOnly, QString* error)
{
    // Reading the schema first: SQLite opens any file lazily, and this is the first
    // statement that reads it, so a file that is not a database fails here, before
    // any pragma could write to it.
    if (!exec(db, QStringLiteral("PRAGMA busy_timeout = 5000"), error)
        || !scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), error).isValid())
        return false;
    // Nor is a newer schema touched (switching it to WAL would write its header).
    const int version = schemaVersion(db, error);
    if (version < 0)
        return false;
    if (version > kSchemaVersion) {
        if (error)
            *error = newerSchemaMessage(version);
        return false;
    }
    QStringList pragmas{
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA temp_store = MEMORY"),
        QStringLiteral("PRAGMA cache_size = -32768"), // 32 MiB: keeps the indexes of a large log hot
    };
    if (!readOnly) {
        // With WAL, NORMAL loses nothing when the process dies; a power cut may lose the
        // last commits but never corrupts the file.
        pragmas << QStringLiteral("PRAGMA synchronous = NORMAL")
                // A 32 MiB WAL: hot index pages are copied back less often during big batches,
                // and the file is cut back to that size after a checkpoint.
                << QStringLiteral("PRAGMA wal_autocheckpoint = 8192")
                << QStringLiteral("PRAGMA journal_size_limit = 33554432");
    }
    for (const QString& p : pragmas) {
        if (!exec(db, p, error))
            return false;
    }
    if (readOnly)
        return true;
    const QString mode = scalar(db, QStringLiteral("PRAGMA journal_mode = WAL"), error).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        if (error && error->isEmpty())
            *error = QStringLiteral("cannot switch to WAL journal mode (got '%1')").arg(mode);
        return false;
    }
    return true;
}


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
                       " search TEXT NOT NULL)"),        // lower-cased names, SANs and hashes of both
        QStringLiteral("CREATE INDEX IF NOT EXISTS event_subjects_details_hash ON event_subjects(details_hash)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS event_subjects_thumbprint ON event_subjects(thumbprint)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS event_subjects_old_thumbprint ON event_subjects(old_thumbprint)"
                       " WHERE old_thumbprint IS NOT NULL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS events ("
                       " record_id INTEGER PRIMARY KEY AUTOINCREMENT," // never reused after pruning
                       " time_ms INTEGER NOT NULL,"                    // UTC, ms since the epoch
                       " event_id INTEGER NOT NULL,"
                       " level INTEGER NOT NULL,"                      // 0 Information, 1 Warning, 2 Error
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

using Migration = std::function<bool(QSqlDatabase&, QString*)>;

// migrations[i] takes the schema from version i to i + 1.
const QList<Migration>& migrations()
{
    static const QList<Migration> list{&migrateTo1};
    return list;
}

} // namespace

bool migrate(QSqlDatabase& db, QString* error)
{
    static_assert(kSchemaVersion == 1, "add the migration to migrations() and bump kSchemaVersion together");
    if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), error))
        return false;
    const auto rollback = [&] {
        QString ignored;
        exec(db, QStringLiteral("ROLLBACK"), &ignored);
        return false;
    };
    const int version = schemaVersion(db, error);
    if (version < 0)
        return rollback();
    if (version > kSchemaVersion) {
        if (error)
            *error = newerSchemaMessage(version);
        return rollback();
    }
    for (int v = version; v < kSchemaVersion; ++v) {
        QString why;
        if (!migrations().at(v)(db, &why)) {
            if (error)
                *error = QStringLiteral("upgrading the schema from version %1 to %2 failed: %3").arg(v).arg(v + 1).arg(why);
            return rollback();
        }
    }
    if (version != kSchemaVersion
        && !exec(db, QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion), error))
        return rollback();
    if (!exec(db, QStringLiteral("COMMIT"), error))
        return rollback();
    return true;
}

bool hasFullTextIndex(QSqlDatabase& db)
{
    QString ignored;
    return scalar(db, QStringLiteral("SELECT count(*) FROM event_subjects_fts WHERE rowid = 0"), &ignored).isValid();
}

} // namespace certlife::eventlog
