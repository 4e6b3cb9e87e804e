// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace certlife::fleet {

// A host's name as the fleet keys it: lower case (DNS names are case-insensitive),
// letters, digits, '.' and '-', at most 253 characters. std::nullopt when NAME is not one.
std::optional<QString> normalizedHostName(const QString& name);

// The login role `fleet add-host` makes for HOST unless told another: certlife_host_HOST,
// or nothing when that is longer than PostgreSQL's 63 bytes (it would cut it silently).
QString defaultHostRole(const QString& host);
inline constexpr int kMaxRoleNameBytes = 63;

// A random password for a host's role: 32 letters and digits (190 bits).
QString generatePassword();

// PostgreSQL's SCRAM-SHA-256 verifier of PASSWORD (what `ALTER ROLE … PASSWORD` stores),
// computed here, as psql's \password does, so that the password itself never reaches the
// server or its statement log.
QString scramSha256Verifier(const QString& password);

// Creates ROLE (LOGIN, member of certlife_agent, with PASSWORD) and maps it to HOST in
// certlife.fleet_hosts, in one transaction. Needs CREATEROLE and a schema at
// kSchemaVersion. False with *error (one line) when the role or host exists already.
bool addHost(QSqlDatabase& db, const QString& host, const QString& role, const QString& password, QString* error);

// "certlife_host_web1" as an SQL identifier: "\"certlife_host_web1\"".
QString quotedIdentifier(const QString& name);

} // namespace certlife::fleet
