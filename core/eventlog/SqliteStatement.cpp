// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/SqliteStatement.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>
#include <cstring>
#include <sqlite3.h>

namespace certlife::eventlog {

sqlite3* nativeHandle(const QSqlDatabase& db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // QSQLITE wraps its connection as a QVariant of type "sqlite3*".
    if (!handle.isValid() || std::strcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

bool execNative(sqlite3* db, const char* sql, QString* error)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    if (error)
        *error = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_free(message);
    return false;
}

bool SqliteStatement::prepare(sqlite3* db, const char* sql, QString* error)
{
    finalize();
    m_db = db;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        return false;
    }
    m_text.resize(sqlite3_bind_parameter_count(m_stmt) + 1);
    return true;
}

void SqliteStatement::finalize()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

void SqliteStatement::bind(int index, QStringView text)
{
    QByteArray& out = m_text[index];
    // Event text is nearly always ASCII: copied byte by byte into a buffer that keeps
    // its capacity from event to event; anything else takes Qt's encoder.
    const qsizetype n = text.size();
    out.resize(n);
    char* p = out.data();
    const char16_t* in = text.utf16();
    for (qsizetype i = 0; i < n; ++i) {
        if (in[i] >= 0x80) {
            out = text.toUtf8();
            break;
        }
        p[i] = char(in[i]);
    }
    sqlite3_bind_text64(m_stmt, index, out.constData(), sqlite3_uint64(out.size()), SQLITE_STATIC, SQLITE_UTF8);
}

QString SqliteStatement::errorText() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

bool SqliteStatement::run(QString* error)
{
    const int rc = sqlite3_step(m_stmt);
    // The message belongs to the failed step; sqlite3_reset would repeat the code but
    // keep the text, so it is read first.
    const QString why = rc == SQLITE_DONE ? QString() : errorText();
    sqlite3_reset(m_stmt);
    if (rc == SQLITE_DONE)
        return true;
    if (error)
        *error = why;
    return false;
}

bool SqliteStatement::next()
{
    m_lastStep = sqlite3_step(m_stmt);
    return m_lastStep == SQLITE_ROW;
}

qint64 SqliteStatement::columnInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString SqliteStatement::columnText(int column) const
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, column)) : QString();
}

qint64 SqliteStatement::lastInsertRowid() const
{
    return sqlite3_last_insert_rowid(m_db);
}

bool SqliteStatement::finish(QString* error)
{
    const bool ok = m_lastStep == 0 || m_lastStep == SQLITE_ROW || m_lastStep == SQLITE_DONE;
    const QString why = ok ? QString() : errorText();
    sqlite3_reset(m_stmt);
    m_lastStep = 0;
    if (!ok && error)
        *error = why;
    return ok;
}

} // namespace certlife::eventlog
