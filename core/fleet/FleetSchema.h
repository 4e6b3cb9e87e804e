// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <optional>

namespace certlife::fleet {

// The fleet schema (docs/fleet.md, "Schema"): the PostgreSQL schema `certlife` in the
// fleet database, its version in certlife.schema_version (one row per version applied).
inline constexpr int kSchemaVersion = 4;

// The two group roles `fleet init` creates (roles belong to the whole PostgreSQL
// cluster, so several fleet databases of one cluster share them). Each host's login
// role is a member of the agents' role; consoles log in as members of the readers'.
inline const QString kAgentRole = QStringLiteral("certlife_agent");
inline const QString kReaderRole = QStringLiteral("certlife_reader");

// The version the database is at: 0 when it has no fleet schema yet, -1 (and *error)
// when it cannot be read.
int schemaVersion(QSqlDatabase& db, QString* error);

struct Migration
{
    QString summary;        // what the step adds, for `fleet init`'s report
    QStringList statements; // run in order, in migrate()'s transaction
};
// migrations()[v] takes the schema from version v to v + 1 (FleetMigrations.cpp).
const QList<Migration>& migrations();

struct MigrationOutcome
{
    int from = 0; // the version found
    int to = 0;   // the version left (== from: nothing was changed)
};

// Brings the schema up to TARGET (kSchemaVersion; a test stops at an older one) in one
// transaction, under an advisory lock, so two `fleet init` at once do not both migrate.
// Creates the group roles when the cluster lacks them. A database at a newer version
// than this code knows is refused, never downgraded. Needs the rights to create a
// schema in the database and roles in the cluster (the database's owner with
// CREATEROLE, or a superuser), and to be the owner of the fleet's tables to migrate them.
std::optional<MigrationOutcome> migrate(QSqlDatabase& db, QString* error, int target = kSchemaVersion);

// The privileges of the two group roles on the fleet's tables, as the database has them
// (information_schema), for `fleet init` to print: "certlife_agent: hosts SELECT, INSERT, …".
struct TableGrant
{
    QString role;
    QString table;
    QStringList privileges;
};
QList<TableGrant> roleGrants(QSqlDatabase& db, QString* error);

} // namespace certlife::fleet
