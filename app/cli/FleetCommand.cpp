// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl fleet: set up the shared PostgreSQL fleet database (docs/fleet.md).

#include "CliCommand.h"
#include "FleetCliSupport.h"
#include "FleetReadOutput.h"

#include "fleet/FleetConnection.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetReader.h"
#include "fleet/FleetSchema.h"
#include "util/Clock.h"

#include <QFile>
#include <QSqlQuery>

namespace certlife::cli {

namespace {

using namespace certlife::fleet;

const QString kUsage = QStringLiteral("certlifectl fleet init|add-host|status|certificates --database URI [options]");

void addConnectionOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("database"),
                                        QStringLiteral("The fleet database, as a libpq connection URI (required)."),
                                        QStringLiteral("URI")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("password-file"),
                           QStringLiteral("File holding the password of the URI's user alone (first line), mode 0600."),
                           QStringLiteral("FILE")));
}

// Connects as the URI and the options say; on failure prints one line and sets *code.
bool connect(const QCommandLineParser& parser, const QString& usage, FleetConnection& connection, FleetAddress* address,
             CliIo& io, int* code)
{
    return connectToFleet(QStringLiteral("database"), parser.value(QStringLiteral("database")),
                          parser.value(QStringLiteral("password-file")), usage, connection, address, io, code);
}

bool openReader(const QCommandLineParser& parser, const QString& usage, FleetReadSession& session, CliIo& io, int* code)
{
    return openFleetReader(QStringLiteral("database"), parser.value(QStringLiteral("database")),
                           parser.value(QStringLiteral("password-file")), usage, session, io, code);
}

QString currentDatabase(QSqlDatabase& db)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT current_database()")) && q.next() ? q.value(0).toString()
                                                                           : QStringLiteral("DATABASE");
}

void printGrants(QSqlDatabase& db, CliIo& io)
{
    QString error;
    const QList<TableGrant> grants = roleGrants(db, &error);
    io.out << "\nGrants (row-level security: an agent's rows are those of the host certlife.fleet_hosts maps "
              "its login role to):\n";
    for (const TableGrant& grant : grants) {
        io.out << "  " << grant.role.leftJustified(16) << " certlife." << grant.table.leftJustified(16) << " "
               << grant.privileges.join(QStringLiteral(", "));
        if (grant.role == kAgentRole && grant.table != QLatin1String("schema_version"))
            io.out << (grant.table == QLatin1String("fleet_hosts") ? "  (its own mapping only)"
                                                                   : "  (its own host's rows only)");
        io.out << "\n";
    }
    if (!error.isEmpty())
        io.out << "  (cannot list them: " << error << ")\n";
}

void printAdvice(const QString& database, CliIo& io)
{
    io.out << "\nNext:\n"
              "  1. One login role per host, a member of certlife_agent that may write only that host's rows:\n"
              "       certlifectl fleet add-host --database URI --host HOST --host-password-file FILE\n"
              "  2. Consoles log in as members of certlife_reader, which may only read (in psql):\n"
              "       CREATE ROLE alice LOGIN IN ROLE certlife_reader;  \\password alice\n"
              "  3. pg_hba.conf: TLS and scram-sha-256 passwords for both, narrowed to your networks:\n"
           << "       hostssl  " << database << "  +certlife_agent   10.0.0.0/8  scram-sha-256\n"
           << "       hostssl  " << database << "  +certlife_reader  10.0.0.0/8  scram-sha-256\n"
           << "  4. TLS: ssl = on in postgresql.conf, with a certificate for the name the hosts connect to;\n"
              "     every agent's and console's URI says sslmode=verify-full (and sslrootcert=FILE when the\n"
              "     CA is not the system's), so that a password goes only to the real server.\n";
}

int runFleetInit(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Creates the fleet schema in the database (or upgrades it to this Certlife's version, "
                       "%1) and the group roles certlife_agent (each host's login role is a member; row-level "
                       "security lets it write only its own host's rows) and certlife_reader (consoles: read "
                       "only), then prints the grants and the pg_hba.conf and TLS advice. Running it again "
                       "changes nothing. Needs the rights to create a schema in the database and roles in the "
                       "cluster (the database's owner with CREATEROLE, or a superuser).\n\n")
            .arg(kSchemaVersion)
        + kFleetConnectionHelp);
    addConnectionOptions(parser);
    const QString usage = QStringLiteral("certlifectl fleet init --database URI [--password-file FILE]");
    int code = ExitOk;
    if (!parseCommandLine(parser, QStringList{QStringLiteral("fleet init")} + args.mid(2), io, &code, usage))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return fail(io, ExitUsage, QStringLiteral("fleet init takes no arguments\nusage: %1").arg(usage));
    FleetConnection connection;
    FleetAddress address;
    if (!connect(parser, usage, connection, &address, io, &code))
        return code;
    QSqlDatabase& db = connection.database();
    const QString database = currentDatabase(db);
    QString error;
    const std::optional<MigrationOutcome> outcome = migrate(db, &error);
    if (!outcome)
        return fail(io, ExitFailure, error);
    if (outcome->from == outcome->to) {
        io.out << "The fleet database " << database << " is already at schema version " << outcome->to
               << ": nothing was changed.\n";
        return ExitOk;
    }
    if (outcome->from == 0)
        io.out << "The fleet database " << database << " now has the fleet schema, version " << outcome->to << ":\n";
    else
        io.out << "The fleet database " << database << " was upgraded from schema version " << outcome->from << " to "
               << outcome->to << ":\n";
    for (int v = outcome->from; v < outcome->to; ++v)
        io.out << "  version " << v + 1 << ": " << migrations().at(v).summary << "\n";
    printGrants(db, io);
    printAdvice(database, io);
    return ExitOk;
}

int runFleetAddHost(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Adds a host to the fleet: creates its login role (a member of certlife_agent, so it may "
                       "write only this host's rows), with a new random password written to a new file (mode "
                       "0600), and maps the role to the host in certlife.fleet_hosts. The password is sent to "
                       "the server only as a SCRAM-SHA-256 verifier. Copy the file to the host (owner root, "
                       "mode 0600): its agent logs in with it. Needs CREATEROLE.\n\n")
        + kFleetConnectionHelp);
    addConnectionOptions(parser);
    parser.addOption(QCommandLineOption(
        QStringLiteral("host"),
        QStringLiteral("The host's name as its agent reports it (letters, digits, '.', '-'; kept in lower case)."),
        QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(QStringLiteral("host-password-file"),
                                        QStringLiteral("New file to write the host's password to (required; an "
                                                       "existing file is never overwritten)."),
                                        QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(QStringLiteral("role"),
                                        QStringLiteral("The login role's name (default certlife_host_NAME; at most "
                                                       "63 bytes)."),
                                        QStringLiteral("ROLE")));
    const QString usage = QStringLiteral("certlifectl fleet add-host --database URI --host NAME "
                                         "--host-password-file FILE [--role ROLE] [--password-file FILE]");
    int code = ExitOk;
    if (!parseCommandLine(parser, QStringList{QStringLiteral("fleet add-host")} + args.mid(2), io, &code, usage))
        return code;
    for (const char* required : {"host", "host-password-file"}) {
        if (!parser.isSet(QString::fromLatin1(required)))
            return fail(io, ExitUsage,
                        QStringLiteral("--%1 is required\nusage: %2").arg(QLatin1String(required), usage));
    }
    const std::optional<QString> host = normalizedHostName(parser.value(QStringLiteral("host")));
    if (!host)
        return fail(io, ExitUsage,
                    QStringLiteral("--host \"%1\" is not a host name (letters, digits, '.', '-')")
                        .arg(parser.value(QStringLiteral("host"))));
    const QString role =
        parser.isSet(QStringLiteral("role")) ? parser.value(QStringLiteral("role")) : defaultHostRole(*host);
    if (role.isEmpty() || role.toUtf8().size() > kMaxRoleNameBytes)
        return fail(io, ExitUsage,
                    QStringLiteral("the role name %1 is longer than PostgreSQL's 63 bytes: give a shorter --role")
                        .arg(role.isEmpty() ? defaultHostRole(QString()) + *host : role));
    FleetConnection connection;
    FleetAddress address;
    if (!connect(parser, usage, connection, &address, io, &code))
        return code;
    const QString passwordFile = parser.value(QStringLiteral("host-password-file"));
    const QString password = generatePassword();
    QString error;
    if (!createPasswordFile(passwordFile, password, &error))
        return fail(io, ExitFailure, error);
    if (!addHost(connection.database(), *host, role, password, &error)) {
        QFile::remove(passwordFile);
        return fail(io, ExitFailure, error);
    }
    const QString server = address.host.isEmpty() || address.host.startsWith(QLatin1Char('/'))
        ? QStringLiteral("DB-SERVER")
        : address.host;
    io.out << "Host " << *host << " added: login role " << role << ", a member of certlife_agent (it may write only "
           << *host << "'s rows).\n"
           << "Its password is in " << passwordFile << " (mode 0600). On " << *host
           << ", keep it as a file of root's, mode 0600; its agent connects with\n"
           << "  postgresql://" << server << "/" << currentDatabase(connection.database()) << "?user=" << role
           << "&sslmode=verify-full\n";
    return ExitOk;
}

// Options of the reading subcommands, parsed; false (and *code) on a usage error.
bool parseReadOptions(QCommandLineParser& parser, const QString& name, const QString& usage, const QStringList& args,
                      CliIo& io, int* code)
{
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("One JSON object per line.")));
    if (!parseCommandLine(parser, QStringList{QStringLiteral("fleet ") + name} + args.mid(2), io, code, usage))
        return false;
    if (!parser.positionalArguments().isEmpty()) {
        *code = fail(io, ExitUsage, QStringLiteral("fleet %1 takes no arguments\nusage: %2").arg(name, usage));
        return false;
    }
    return true;
}

int runFleetStatus(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Shows every host of the fleet: its agent's version and last contact, the outcome of its "
                       "last pass, and how many of its certificates are in each state (EXPIRED, EXPIRING within "
                       "the host's warning threshold, within 30/60/90 days, HEALTHY). A host whose agent has not "
                       "been heard from for more than twice its rescan interval (8 h when it did not say), or "
                       "never, is \"agent silent\": what it reported is old, and the host or its agent may be "
                       "down. Reads as a member of certlife_reader (nothing is written).\n\n"
                       "Examples:\n"
                       "  certlifectl fleet status --database 'postgresql://db/certlife?user=alice' "
                       "--password-file ~/.certlife-fleet\n"
                       "  certlifectl fleet status --database URI --json | jq 'select(.silent)'\n\n")
        + kFleetConnectionHelp);
    addConnectionOptions(parser);
    const QString usage = QStringLiteral("certlifectl fleet status --database URI [--password-file FILE] [--json]");
    int code = ExitOk;
    if (!parseReadOptions(parser, QStringLiteral("status"), usage, args, io, &code))
        return code;
    FleetReadSession session;
    if (!openReader(parser, usage, session, io, &code))
        return code;
    FleetError error;
    const std::optional<QList<FleetHostStatus>> hosts = session.reader->hosts(&error);
    if (!hosts)
        return failFleet(io, error);
    if (parser.isSet(QStringLiteral("json")))
        return printFleetStatusJson(*hosts, io) ? ExitOk : ExitFailure;
    printFleetStatusTable(*hosts, session.clock->now(), io.out);
    return ExitOk;
}

int runFleetCertificates(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Lists the certificates every host's agent published: host, store, expiry, state (as the "
                       "host's policy judged it at its last pass), subject and path, by host and soonest expiry "
                       "first. --json writes the keys of 'certlifectl scan --json' the fleet has (path, "
                       "thumbprint, sha256, subject, issuer, notBefore, notAfter, sans) plus host, channel, store, "
                       "state, key, paths, problems and updatedAt.\n\n"
                       "Examples:\n"
                       "  certlifectl fleet certificates --database URI --expiring-within 30   what needs renewing\n"
                       "  certlifectl fleet certificates --database URI --host web1.example.com --json\n\n")
        + kFleetConnectionHelp);
    addConnectionOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("host"), QStringLiteral("Only this host's certificates."),
                                        QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(QStringLiteral("expiring-within"),
                                        QStringLiteral("Only certificates that expire within DAYS days from now "
                                                       "(those already expired too)."),
                                        QStringLiteral("DAYS")));
    const QString usage = QStringLiteral("certlifectl fleet certificates --database URI [--password-file FILE] "
                                         "[--host NAME] [--expiring-within DAYS] [--json]");
    int code = ExitOk;
    if (!parseReadOptions(parser, QStringLiteral("certificates"), usage, args, io, &code))
        return code;
    FleetCertificateQuery query;
    if (parser.isSet(QStringLiteral("host"))) {
        const std::optional<QString> host = normalizedHostName(parser.value(QStringLiteral("host")));
        if (!host)
            return fail(io, ExitUsage,
                        QStringLiteral("--host \"%1\" is not a host name (letters, digits, '.', '-')")
                            .arg(parser.value(QStringLiteral("host"))));
        query.host = *host;
    }
    if (parser.isSet(QStringLiteral("expiring-within"))) {
        bool ok = false;
        const int days = parser.value(QStringLiteral("expiring-within")).toInt(&ok);
        if (!ok || days < 0 || days > 36500)
            return fail(io, ExitUsage,
                        QStringLiteral("--expiring-within: '%1' is not a number of days (0 to 36500)")
                            .arg(parser.value(QStringLiteral("expiring-within"))));
        query.expiringWithinDays = days;
    }
    FleetReadSession session;
    if (!openReader(parser, usage, session, io, &code))
        return code;
    FleetError error;
    const std::optional<QList<FleetCertificateRow>> rows = session.reader->certificates(query, &error);
    if (!rows)
        return failFleet(io, error);
    if (parser.isSet(QStringLiteral("json")))
        return printFleetCertificatesJson(*rows, io) ? ExitOk : ExitFailure;
    printFleetCertificatesTable(*rows, session.clock->now(), io.out);
    return ExitOk;
}

int runFleet(const QStringList& args, CliIo& io)
{
    const QString sub = args.value(1);
    if (sub == QLatin1String("init"))
        return runFleetInit(args, io);
    if (sub == QLatin1String("add-host"))
        return runFleetAddHost(args, io);
    if (sub == QLatin1String("status"))
        return runFleetStatus(args, io);
    if (sub == QLatin1String("certificates"))
        return runFleetCertificates(args, io);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub.isEmpty()) {
        (sub.isEmpty() ? io.err : io.out)
            << "Usage: " << kUsage << "\n\n"
            << "The fleet: every host's certificates, events and heartbeat in one shared PostgreSQL database.\n\n"
               "  init          create or upgrade the fleet schema and its roles (the database admin, once)\n"
               "  add-host      create a host's login role, its password written to a new 0600 file\n"
               "  status        every host: last contact, certificates by state, silent agents\n"
               "  certificates  every host's certificates (--host, --expiring-within DAYS)\n"
               "\nEvents across hosts: certlifectl events --fleet URI [--host NAME] (every events filter).\n\n"
               "'certlifectl fleet SUBCOMMAND --help' for the options; docs/fleet.md for the details.\n";
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    return fail(io, ExitUsage, QStringLiteral("unknown fleet subcommand '%1'\nusage: %2").arg(sub, kUsage));
}

const CommandRegistration reg{
    {QStringLiteral("fleet"),
     QStringLiteral("The shared PostgreSQL fleet database: set it up (init, add-host), read it (status, "
                    "certificates)."),
     &runFleet}};

} // namespace

} // namespace certlife::cli
