// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace certlife::fleet {

// Where the fleet database is: a libpq connection URI (docs/fleet.md, "Connecting"),
// postgresql://[user@][host][:port][/database][?param=value&…], split into what Qt's
// QPSQL driver takes. A password in the URI is refused: it would sit in the policy
// file, the process list and shell histories; it comes from a password file instead.
struct FleetAddress
{
    QString uri;      // as given (it holds no password)
    QString host;     // a name, an address, a socket directory, or a comma-separated list
    QString port;     // a number or a list; empty: libpq's default
    QString database; // empty: libpq's default (the user's name)
    QString user;     // empty: libpq's default (PGUSER, or the account's name)
    // Every other parameter (sslmode, sslrootcert, connect_timeout, application_name, …),
    // handed to libpq as it is.
    QMap<QString, QString> parameters;

    // "sslmode=verify-full" and the like, as QSqlDatabase::setConnectOptions takes them.
    QString connectOptions() const;
};

// Parses URI; std::nullopt and *error (one line) when it is not a usable libpq URI.
std::optional<FleetAddress> parseFleetAddress(const QString& uri, QString* error);

// Seconds libpq waits for a server before giving up, unless the URI says
// connect_timeout=…: an unreachable host is reported, not waited on for minutes.
inline constexpr int kDefaultConnectTimeoutSeconds = 10;

// Why a connection could not be used.
enum class FleetFailure {
    None,
    Unreachable,  // no server answered: down, wrong host or socket, network, timeout
    LoginRefused, // the server answered and refused us: password, pg_hba.conf, TLS
    Refused,      // connected, but a statement was refused (rights, schema)
};

struct FleetError
{
    FleetFailure failure = FleetFailure::None;
    QString message; // one line

    explicit operator bool() const { return failure != FleetFailure::None; }
};

// One connection to the fleet database, closed and removed with this object. Open,
// use and close it on one thread (a QSqlDatabase is).
class FleetConnection
{
public:
    FleetConnection();
    ~FleetConnection();
    FleetConnection(const FleetConnection&) = delete;
    FleetConnection& operator=(const FleetConnection&) = delete;

    // Connects; PASSWORD empty leaves it to libpq (PGPASSFILE, ~/.pgpass, peer, cert).
    // On failure *error says whether the server was unreachable or refused the login.
    bool open(const FleetAddress& address, const QString& password, FleetError* error);
    bool isOpen() const;
    QSqlDatabase& database() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

// The text of a driver error on one line (libpq's messages have several, and tabs).
QString oneLine(const QString& text);

// A statement's failure (one line): Unreachable when the server went away (stopped,
// restarted, the network), else Refused. Callers try again later either way, but say which.
FleetError statementFailure(const QString& text);

// The password alone in the first line of FILE (the rest is ignored), for
// --password-file and the FleetPasswordFile policy key. Refused when the file may be
// read by group or others (like libpq refuses such a ~/.pgpass), and, with
// REQUIRE_TRUSTED_OWNER, when neither root nor this process's user owns it (the agent's
// file: a file another account owns could be swapped by that account).
std::optional<QString> readPasswordFile(const QString& path, bool requireTrustedOwner, QString* error);

// Writes PASSWORD and a newline to a new file at PATH, mode 0600 (never over an
// existing file or through a symlink). False with *error.
bool createPasswordFile(const QString& path, const QString& password, QString* error);

} // namespace certlife::fleet
