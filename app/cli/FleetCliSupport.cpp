// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "FleetCliSupport.h"

namespace certlife::cli {

using namespace certlife::fleet;

const QString kFleetConnectionHelp = QStringLiteral(
    "URI is a libpq connection URI: postgresql://[USER@]HOST[:PORT]/DATABASE[?PARAM=VALUE&...], for "
    "example postgresql://db.example.com/certlife?user=admin&sslmode=verify-full, or over a local socket "
    "postgresql:///certlife?host=/run/postgresql&user=postgres. Every libpq parameter is passed on "
    "(sslmode, sslrootcert, connect_timeout, default 10 s, ...); the PG* environment variables fill in what "
    "the URI leaves out. A password is never taken from the URI or the command line: --password-file, else "
    "libpq's PGPASSFILE (~/.pgpass format) or a login without a password (peer, certificate).\n\n"
    "Exit status: 0 done (or nothing to do), 1 refused by the database (rights, a newer schema), 2 usage "
    "error, 5 the database could not be reached or refused the login (password, pg_hba.conf, TLS); the "
    "reason is one line on standard error.");

bool connectToFleet(const QString& option, const QString& uri, const QString& passwordFile, const QString& usage,
                    FleetConnection& connection, FleetAddress* address, CliIo& io, int* code)
{
    if (uri.isEmpty()) {
        *code = fail(io, ExitUsage, QStringLiteral("--%1 is required\nusage: %2").arg(option, usage));
        return false;
    }
    QString error;
    const std::optional<FleetAddress> parsed = parseFleetAddress(uri, &error);
    if (!parsed) {
        *code = fail(io, ExitUsage, QStringLiteral("--%1: %2").arg(option, error));
        return false;
    }
    *address = *parsed;
    QString password;
    if (!passwordFile.isEmpty()) {
        const std::optional<QString> read = readPasswordFile(passwordFile, false, &error);
        if (!read) {
            *code = fail(io, ExitFailure, error);
            return false;
        }
        password = *read;
    }
    FleetError failure;
    if (!connection.open(*address, password, &failure)) {
        const bool refused = failure.failure == FleetFailure::LoginRefused;
        *code = fail(io, failure.failure == FleetFailure::Refused ? ExitFailure : ExitUnreachable,
                     QStringLiteral("cannot %1 the fleet database: %2")
                         .arg(refused ? QStringLiteral("log in to") : QStringLiteral("connect to"), failure.message));
        return false;
    }
    return true;
}

bool openFleetReader(const QString& option, const QString& uri, const QString& passwordFile, const QString& usage,
                     FleetReadSession& session, CliIo& io, int* code)
{
    QString clockError;
    session.clock = Clock::fromEnvironment(&clockError);
    if (!session.clock) {
        *code = fail(io, ExitUsage, clockError);
        return false;
    }
    FleetAddress address;
    if (!connectToFleet(option, uri, passwordFile, usage, session.connection, &address, io, code))
        return false;
    session.reader.emplace(session.connection.database(), session.clock);
    return true;
}

int failFleet(CliIo& io, const FleetError& error)
{
    return fail(io, error.failure == FleetFailure::Unreachable ? ExitUnreachable : ExitFailure,
                QStringLiteral("the fleet database: %1").arg(error.message));
}

} // namespace certlife::cli
