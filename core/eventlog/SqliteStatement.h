// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QVarLengthArray>

struct sqlite3;
struct sqlite3_stmt;
class QSqlDatabase;

namespace certlife::eventlog {

// The sqlite3 connection behind a QSQLITE QSqlDatabase (QSqlDriver::handle()): the same
// connection, so statements run through it share Qt's transaction. nullptr when the
// database is not an open QSQLITE one. Qt's plugin and Certlife link the same system
// libsqlite3, which is what makes the handle usable here.
sqlite3* nativeHandle(const QSqlDatabase& db);

// One prepared statement on a native connection, kept for the life of the log: the
// EventLog's append path binds and steps these directly, without QVariant or Qt SQL's
// per-call work (docs/eventlog.md, "Performance"). Must be finalized before its
// connection closes (EventLog::Private::close does).
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement() { finalize(); }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // False with *error set (SQLite's message) when the SQL does not compile.
    bool prepare(sqlite3* db, const char* sql, QString* error);
    void finalize();

    // Parameters are numbered from 1, as in SQLite.
    void bind(int index, qint64 value);
    void bindNull(int index);
    // Text as UTF-8, in a buffer of this parameter's own that SQLite reads without
    // copying (SQLITE_STATIC): it stays valid until the parameter is bound again.
    void bind(int index, QStringView text);

    // One step of an INSERT/UPDATE/DELETE; false (with *error) unless SQLITE_DONE.
    // Resets the statement either way.
    bool run(QString* error);
    // Steps a SELECT: true while it yields a row. A failure ends the rows and is
    // reported by finish().
    bool next();
    qint64 columnInt(int column) const;
    QString columnText(int column) const; // empty for NULL
    // The record id the last INSERT on this connection gave its row.
    qint64 lastInsertRowid() const;
    // Ends a SELECT: resets the statement; false (with *error) when a step failed.
    bool finish(QString* error);

private:
    QString errorText() const;

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    int m_lastStep = 0;
    QVarLengthArray<QByteArray, 12> m_text; // per parameter: its bound UTF-8 text
};

// sqlite3_exec for statements without results (BEGIN, COMMIT, …).
bool execNative(sqlite3* db, const char* sql, QString* error);

} // namespace certlife::eventlog
