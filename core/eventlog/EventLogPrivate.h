#pragma once

// Internals shared by EventLog.cpp (open, append, prune) and EventLogQuery.cpp (reads).

#include "eventlog/EventLog.h"
#include "eventlog/EventLogSchema.h"
#include "eventlog/EventQuerySql.h"
#include "eventlog/SubjectCache.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <optional>

namespace certlife {

struct EventLog::Private
{
    QString path;
    Scope channel = Scope::User;
    QString connection;
    QSqlDatabase db;
    bool open = false;
    bool readOnly = false;
    bool fullText = false;
    bool noSchema = false; // read-only open of a file whose schema was never created
    std::shared_ptr<const Clock> clock = Clock::system();
    // Prepared once, reused by every append: one bind and step per row. (Measured:
    // 32-row INSERT … VALUES statements were no faster; execBatch is the same loop.)
    std::optional<QSqlQuery> insertEvent, insertData, findSubject, insertSubject;
    eventlog::SubjectCache subjects;
    mutable QString lastError;

    void close()
    {
        insertEvent.reset();
        insertData.reset();
        findSubject.reset();
        insertSubject.reset();
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
