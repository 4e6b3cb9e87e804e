#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

namespace certlife::eventlog {

// The EventLog's schema version, kept in PRAGMA user_version. The file may also hold
// tables of other components (TaskRunLog's task_runs): they keep their own version
// elsewhere and this code never drops or alters a table it did not create.
inline constexpr int kSchemaVersion = 1;

// Busy timeout, WAL, synchronous=NORMAL, foreign keys, bounded WAL and caches.
// Also proves the file is an SQLite database before anything writes to it.
bool configureConnection(QSqlDatabase& db, bool readOnly, QString* error);

// PRAGMA user_version, or -1 (and *error) when it cannot be read.
int schemaVersion(QSqlDatabase& db, QString* error);

// Brings the schema up to kSchemaVersion in one IMMEDIATE transaction, so two
// processes opening a new file at once do not both migrate it. A file written by a
// newer version is refused, never downgraded.
bool migrate(QSqlDatabase& db, QString* error);

// True when the trigram full-text index over event subjects exists and works here.
bool hasFullTextIndex(QSqlDatabase& db);

// SQLite's own words ("file is not a database"), without Qt's "Unable to execute statement".
QString errorText(const QSqlError& e);

// Runs one statement; on failure fills *error with the driver's text.
bool exec(QSqlDatabase& db, const QString& sql, QString* error);

} // namespace certlife::eventlog
