// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internals shared by EventLog.cpp (open, prune), EventLogAppend.cpp (the write path)
// and EventLogQuery.cpp (reads).

#include "eventlog/EventLog.h"
#include "eventlog/EventLogSchema.h"
#include "eventlog/EventQuerySql.h"
#include "eventlog/SqliteStatement.h"
#include "eventlog/SubjectCache.h"
#include "eventlog/TimeBuckets.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <optional>

namespace certlife {

// The append path's statements, on the connection's native handle (SqliteStatement):
// prepared at open, one bind and step per row.
struct AppendStatements
{
    eventlog::SqliteStatement state;       // generation, last record id, bucket size, last subject id
    eventlog::SqliteStatement buckets;     // every time bucket
    eventlog::SqliteStatement saveBucket;  // insert or update one bucket
    eventlog::SqliteStatement laterEvents; // TimeBuckets::Storage
    eventlog::SqliteStatement moveEvents;
    eventlog::SqliteStatement insertEvent;
    eventlog::SqliteStatement findSubject;
    eventlog::SqliteStatement insertSubject;
    eventlog::SqliteStatement findStore;
    eventlog::SqliteStatement insertStore;
    eventlog::SqliteStatement saveLastRecordId;
    eventlog::SqliteStatement passEvents; // what the last pass logged (appendPass)
    eventlog::SqliteStatement savePass;
    eventlog::SqliteStatement indexSubjects; // FTS: the batch's new subjects (only with FTS)

    bool prepare(sqlite3* db, bool fullText, QString* error);
    void finalize();
};

struct EventLog::Private
{
    QString path;
    Scope channel = Scope::User;
    QString connection;
    QSqlDatabase db;
    sqlite3* native = nullptr; // db's own connection
    bool open = false;
    bool readOnly = false;
    bool fullText = false;
    bool noSchema = false; // read-only open of a file whose schema was never created
    std::shared_ptr<const Clock> clock = Clock::system();
    AppendStatements statements;
    eventlog::SubjectCache subjects;
    QHash<QString, qint64> storeIds; // stores are never deleted, so ids stay valid
    eventlog::TimeBuckets buckets;   // reloaded by every append
    mutable QString lastError;

    void close()
    {
        statements.finalize(); // before Qt closes the connection under them
        native = nullptr;
        if (db.isValid()) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connection);
        }
        open = false;
    }
};

inline bool run(QSqlQuery& q, const eventlog::SqlStatement& st)
{
    q.setForwardOnly(true);
    if (!q.prepare(st.sql))
        return false;
    for (int i = 0; i < st.binds.size(); ++i)
        q.bindValue(i, st.binds[i]);
    return q.exec();
}

} // namespace certlife
