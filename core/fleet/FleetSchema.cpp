// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "fleet/FleetSchema.h"

#include "fleet/FleetConnection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace certlife::fleet {

namespace {

// pg_advisory_xact_lock's key for migrations: "cert" "life" in ASCII.
constexpr qint64 kMigrationLock = 0x636572746c696665LL;

QString errorOf(const QSqlQuery& q)
{
    const QSqlError e = q.lastError();
    return oneLine(e.databaseText().isEmpty() ? e.text() : e.databaseText());
}

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = errorOf(q);
    return false;
}

bool rollback(QSqlDatabase& db)
{
    db.rollback();
    return false;
}

} // namespace

int schemaVersion(QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT to_regclass('certlife.schema_version') IS NOT NULL")) || !q.next()) {
        *error = errorOf(q);
        return -1;
    }
    if (!q.value(0).toBool())
        return 0;
    if (!q.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM certlife.schema_version")) || !q.next()) {
        *error = errorOf(q);
        return -1;
    }
    return q.value(0).toInt();
}

static bool migrateInTransaction(QSqlDatabase& db, int target, MigrationOutcome* outcome, QString* error)
{
    if (!exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLock), error))
        return false;
    // Read under the lock: another `fleet init` may have migrated meanwhile.
    const int version = schemaVersion(db, error);
    if (version < 0)
        return false;
    if (version > kSchemaVersion) {
        *error = QStringLiteral("the fleet database is at schema version %1, newer than this Certlife understands "
                                "(%2): upgrade Certlife, never the other way")
                     .arg(version)
                     .arg(kSchemaVersion);
        return false;
    }
    outcome->from = version;
    outcome->to = std::max(version, target);
    for (int v = version; v < target; ++v) {
        for (const QString& statement : migrations().at(v).statements) {
            QString why;
            if (!exec(db, statement, &why)) {
                *error = QStringLiteral("upgrading the fleet schema from version %1 to %2 failed: %3")
                             .arg(v)
                             .arg(v + 1)
                             .arg(why);
                return false;
            }
        }
        if (!exec(db, QStringLiteral("INSERT INTO certlife.schema_version (version) VALUES (%1)").arg(v + 1), error))
            return false;
    }
    return true;
}

std::optional<MigrationOutcome> migrate(QSqlDatabase& db, QString* error, int target)
{
    static_assert(kSchemaVersion == 4, "add the migration to migrations() and bump kSchemaVersion together");
    Q_ASSERT(migrations().size() == kSchemaVersion && target <= kSchemaVersion);
    if (!db.transaction()) {
        *error = oneLine(db.lastError().text());
        return std::nullopt;
    }
    MigrationOutcome outcome;
    if (!migrateInTransaction(db, target, &outcome, error))
        return rollback(db), std::nullopt;
    if (!db.commit()) {
        *error =
            oneLine(db.lastError().databaseText().isEmpty() ? db.lastError().text() : db.lastError().databaseText());
        return rollback(db), std::nullopt;
    }
    return outcome;
}

QList<TableGrant> roleGrants(QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    // information_schema lists a privilege once per grantor; shown in the usual order.
    if (!q.exec(QStringLiteral(
            "SELECT grantee, table_name, string_agg(privilege_type, ', ' ORDER BY"
            " array_position(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], privilege_type::text),"
            " privilege_type)"
            " FROM (SELECT DISTINCT grantee, table_name, privilege_type FROM information_schema.role_table_grants"
            " WHERE table_schema = 'certlife' AND grantee IN ('certlife_agent', 'certlife_reader')) g"
            " GROUP BY grantee, table_name ORDER BY grantee, table_name"))) {
        *error = errorOf(q);
        return {};
    }
    QList<TableGrant> grants;
    while (q.next())
        grants.append({q.value(0).toString(), q.value(1).toString(),
                       q.value(2).toString().split(QStringLiteral(", "), Qt::SkipEmptyParts)});
    return grants;
}

} // namespace certlife::fleet
