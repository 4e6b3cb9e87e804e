// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Talking to a PostgresCluster's fleet databases in tests: a connection as any role, and
// statements whose result or refusal the test looks at.

#include "PostgresCluster.h"
#include "fleet/FleetConnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QFile>
#include <QTest>
#include <memory>
#include <sys/stat.h>

namespace certlife::test {

// A connection to DATABASE as USER (default: the superuser, with its password); null
// with a QWARN of the reason when it fails.
inline std::unique_ptr<fleet::FleetConnection> connectTo(const PostgresCluster& cluster, const QString& database,
                                                         const QString& user = {}, const QString& password = {})
{
    QString error;
    const std::optional<fleet::FleetAddress> address = fleet::parseFleetAddress(cluster.uri(database, user), &error);
    auto connection = std::make_unique<fleet::FleetConnection>();
    fleet::FleetError failure;
    if (!address || !connection->open(*address, user.isEmpty() ? cluster.superuserPassword() : password, &failure)) {
        qWarning("cannot connect to %s as %s: %s", qPrintable(database), qPrintable(user),
                 qPrintable(address ? failure.message : error));
        return nullptr;
    }
    return connection;
}

// The first column of the first row of SQL, or an invalid QVariant (and a warning).
inline QVariant scalar(fleet::FleetConnection& connection, const QString& sql)
{
    QSqlQuery q(connection.database());
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return {};
    }
    return q.value(0);
}

// Runs SQL; empty when it succeeded, else the server's message.
inline QString refusalOf(fleet::FleetConnection& connection, const QString& sql, int* rowsAffected = nullptr)
{
    QSqlQuery q(connection.database());
    if (!q.exec(sql))
        return q.lastError().databaseText().isEmpty() ? q.lastError().text() : q.lastError().databaseText();
    if (rowsAffected)
        *rowsAffected = q.numRowsAffected();
    return {};
}

// The permission bits of PATH (0600), or -1.
inline int fileMode(const QString& path)
{
    struct stat st
    {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// What `fleet init` made, as text to compare before and after: the versions applied (and
// when), the policies, the columns, the indexes, the grants and the group roles.
inline QString fleetCatalog(fleet::FleetConnection& connection)
{
    return scalar(
               connection,
               QStringLiteral(
                   "SELECT concat_ws(E'\\n',"
                   " (SELECT string_agg(version || '@' || applied_at, ',' ORDER BY version)"
                   "  FROM certlife.schema_version),"
                   " (SELECT string_agg(tablename || ':' || policyname || ':' || cmd || ':'"
                   "  || array_to_string(roles, '+') || ':' || coalesce(qual, '') || ':' || coalesce(with_check, ''),"
                   "  ',' ORDER BY tablename, policyname) FROM pg_policies WHERE schemaname = 'certlife'),"
                   " (SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ','"
                   "  ORDER BY table_name, ordinal_position) FROM information_schema.columns"
                   "  WHERE table_schema = 'certlife'),"
                   " (SELECT string_agg(indexdef, ',' ORDER BY indexname) FROM pg_indexes"
                   "  WHERE schemaname = 'certlife'),"
                   " (SELECT string_agg(grantee || ':' || table_name || ':' || privilege_type, ','"
                   "  ORDER BY grantee, table_name, privilege_type) FROM information_schema.role_table_grants"
                   "  WHERE table_schema = 'certlife'),"
                   " (SELECT string_agg(rolname || ':' || rolcanlogin, ',' ORDER BY rolname) FROM pg_roles"
                   "  WHERE rolname LIKE 'certlife%'))"))
        .toString();
}

} // namespace certlife::test
