// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventLogSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

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

bool execAll(QSqlDatabase& db, const QStringList& statements, QString* error)
{
    for (const QString& s : statements) {
        if (!exec(db, s, error))
            return false;
    }
    return true;
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
        QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA temp_store = MEMORY"),
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

// The upgrade itself, inside one IMMEDIATE transaction.
static bool migrateInTransaction(QSqlDatabase& db, QString* error)
{
    if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), error))
        return false;
    const auto rollback = [&] {
        QString ignored;
        exec(db, QStringLiteral("ROLLBACK"), &ignored);
        return false;
    };
    // Read again under the write lock: another process may have upgraded it meanwhile.
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
                *error =
                    QStringLiteral("upgrading the schema from version %1 to %2 failed: %3").arg(v).arg(v + 1).arg(why);
            return rollback();
        }
    }
    if (version != kSchemaVersion && !exec(db, QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion), error))
        return rollback();
    if (!exec(db, QStringLiteral("COMMIT"), error))
        return rollback();
    return true;
}

bool migrate(QSqlDatabase& db, QString* error)
{
    static_assert(kSchemaVersion == 3, "add the migration to migrations() and bump kSchemaVersion together");
    const int version = schemaVersion(db, error);
    if (version < 0)
        return false;
    if (version == kSchemaVersion)
        return true;
    // Version 2 rebuilds the events table. With foreign keys on, dropping the old one
    // would run the ON DELETE actions of other components' references to it (TaskRunLog
    // may add some); the rebuilt table keeps every record id, so those references stay
    // valid. The pragma is a no-op inside a transaction, hence around it.
    if (!exec(db, QStringLiteral("PRAGMA foreign_keys = OFF"), error))
        return false;
    const bool migrated = migrateInTransaction(db, error);
    QString why;
    if (!exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), &why)) {
        if (migrated && error)
            *error = why;
        return false;
    }
    return migrated;
}

bool hasFullTextIndex(QSqlDatabase& db)
{
    QString ignored;
    return scalar(db, QStringLiteral("SELECT count(*) FROM event_subjects_fts WHERE rowid = 0"), &ignored).isValid();
}

} // namespace certlife::eventlog
