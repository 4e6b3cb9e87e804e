// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <functional>

namespace certlife::eventlog {

// The EventLog's schema version, kept in PRAGMA user_version. The file may also hold
// tables of other components (TaskRunLog's task_runs): they keep their own version
// elsewhere and this code never drops or alters a table it did not create.
inline constexpr int kSchemaVersion = 3;

// Events per time bucket (TimeBuckets) in a new or upgraded log; kept in eventlog_meta
// ('bucket_events'), where a test may set a smaller one. A million events make 61
// buckets: a text search probes each for each matching certificate.
inline constexpr qint64 kBucketEvents = 16384;

// Busy timeout, WAL, synchronous=NORMAL, foreign keys, bounded WAL and caches.
// Also proves the file is an SQLite database before anything writes to it.
bool configureConnection(QSqlDatabase& db, bool readOnly, QString* error);

// PRAGMA user_version, or -1 (and *error) when it cannot be read.
int schemaVersion(QSqlDatabase& db, QString* error);

// Brings the schema up to kSchemaVersion in one IMMEDIATE transaction, so two
// processes opening a new file at once do not both migrate it. A file written by a
// newer version is refused, never downgraded.
bool migrate(QSqlDatabase& db, QString* error);

// migrations()[v] takes the schema from version v to v + 1 (EventLogMigrations.cpp).
// Each runs inside migrate()'s transaction, with foreign keys off.
using Migration = std::function<bool(QSqlDatabase&, QString*)>;
const QList<Migration>& migrations();

// True when the trigram full-text index over event subjects exists and works here.
bool hasFullTextIndex(QSqlDatabase& db);

// SQLite's own words ("file is not a database"), without Qt's "Unable to execute statement".
QString errorText(const QSqlError& e);

// Runs one statement; on failure fills *error with the driver's text.
bool exec(QSqlDatabase& db, const QString& sql, QString* error);
// Runs statements in order, stopping at the first failure.
bool execAll(QSqlDatabase& db, const QStringList& statements, QString* error);

} // namespace certlife::eventlog
