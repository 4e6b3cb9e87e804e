#include "eventlog/EventLogSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <functional>

namespace certlife::eventlog {

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

static QVariant scalar(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        if (error)
            *error = q.lastError().text();
        return {};
    }
    return q.value(0);
}

bool configureConnection(QSqlDatabase& db, bool readOnly, QString* error)
{
    // Reading the schema first: SQLite opens any file lazily, and this is the first
    // statement that reads it, so a file that is not a database fails here, before
    // any pragma could write to it.
    if (!exec(db, QStringLiteral("PRAGMA busy_timeout = 5000"), error)
        || !scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), error).isValid())
        return false;
    QStringList pragmas{
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA temp_store = MEMORY"),
        QStringLiteral("PRAGMA cache_size = -32768"), // 32 MiB: keeps the indexes of a large log hot
    };
    if (!readOnly) {
        pragmas << QStringLiteral("PRAGMA synchronous = NORMAL")     // WAL: durable at checkpoints, never corrupt
                << QStringLiteral("PRAGMA journal_size_limit = 16777216"); // the WAL shrinks back after a big batch
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

int schemaVersion(QSqlDatabase& db, QString* error)
{
    const QVariant v = scalar(db, QStringLiteral("PRAGMA user_version"), error);
    return v.isValid() ? v.toInt() : -1;
}

namespace {

// Version 0 -> 1: events (indexed columns), event_data (the full event as JSON),
// search_terms (deduplicated lower-cased search text, one row per certificate or
// Replace pair) and, where SQLite has FTS5 with the trigram tokenizer, a full-text
// index over the terms kept in step by triggers.
bool migrateTo1(QSqlDatabase& db, QString* error)
{
    const QStringList statements{
        QStringLiteral("CREATE TABLE IF NOT EXISTS search_terms ("
                       " term_id INTEGER PRIMARY KEY,"
                       " text TEXT NOT NULL UNIQUE)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS events ("
                       " record_id INTEGER PRIMARY KEY AUTOINCREMENT," // never reused after pruning
                       " time_ms INTEGER NOT NULL,"                    // UTC, ms since the epoch
                       " event_id INTEGER NOT NULL,"
                       " level INTEGER NOT NULL,"                      // 0 Information, 1 Warning, 2 Error
                       " store TEXT NOT NULL,"
                       " thumbprint TEXT NOT NULL,"
                       " old_thumbprint TEXT,"
                       " term_id INTEGER NOT NULL REFERENCES search_terms(term_id))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS event_data ("
                       " record_id INTEGER PRIMARY KEY REFERENCES events(record_id) ON DELETE CASCADE,"
                       " json TEXT NOT NULL)"),
        // Every index ends in time_ms, and SQLite appends the rowid, so each one yields
        // rows in (time, record id) order for an equality prefix: no sort for a page.
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_time ON events(time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_event_time ON events(event_id, time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_store_event_time ON events(store, event_id, time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_term_time ON events(term_id, time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_thumbprint ON events(thumbprint, time_ms)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_old_thumbprint ON events(old_thumbprint)"
                       " WHERE old_thumbprint IS NOT NULL"),
    };
    for (const QString& s : statements) {
        if (!exec(db, s, error))
            return false;
    }
    QString ftsError;
    if (exec(db,
             QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS search_terms_fts USING fts5("
                            "text, content='search_terms', content_rowid='term_id', tokenize='trigram')"),
             &ftsError)) {
        const QStringList triggers{
            QStringLiteral("CREATE TRIGGER IF NOT EXISTS search_terms_fts_insert AFTER INSERT ON search_terms BEGIN"
                           " INSERT INTO search_terms_fts(rowid, text) VALUES (new.term_id, new.text); END"),
            QStringLiteral("CREATE TRIGGER IF NOT EXISTS search_terms_fts_delete AFTER DELETE ON search_terms BEGIN"
                           " INSERT INTO search_terms_fts(search_terms_fts, rowid, text)"
                           " VALUES ('delete', old.term_id, old.text); END"),
        };
        for (const QString& s : triggers) {
            if (!exec(db, s, error))
                return false;
        }
    }
    // Without FTS5/trigram, text search scans search_terms (one row per certificate).
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
            *error = QStringLiteral("it was written by a newer Certlife (schema version %1; this version "
                                    "understands up to %2) and was left unchanged")
                         .arg(version)
                         .arg(kSchemaVersion);
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
    return scalar(db, QStringLiteral("SELECT count(*) FROM search_terms_fts WHERE rowid = 0"), &ignored).isValid();
}

} // namespace certlife::eventlog
