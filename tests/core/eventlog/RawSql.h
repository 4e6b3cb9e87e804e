// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// SQL on an event log file through a connection of its own (not an EventLog), as
// another component, an older version or an admin's sqlite3 shell would run it.

#include <QDebug>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace certlife::test {

// Runs the statements in order and stops at the first that fails (logging why).
// Returns the first column of the last statement's first row; *ok: all of them ran.
inline QVariant rawSql(const QString& path, const QStringList& statements, bool* ok = nullptr)
{
    QVariant last;
    bool ran = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        ran = db.open();
        for (const QString& s : statements) {
            if (!ran)
                break;
            QSqlQuery q(db);
            ran = q.exec(s);
            if (!ran)
                qWarning() << s << q.lastError().text();
            else if (q.next())
                last = q.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    if (ok)
        *ok = ran;
    return last;
}

inline QVariant rawSql(const QString& path, const QString& statement, bool* ok = nullptr)
{
    return rawSql(path, QStringList{statement}, ok);
}

} // namespace certlife::test
