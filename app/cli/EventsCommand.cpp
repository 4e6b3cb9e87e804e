// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl events: the lifecycle event history of the User and/or System channel.
#include "CliCommand.h"
#include "EventsTable.h"
#include "FleetCliSupport.h"
#include "TerminalOutput.h"
#include "ReportOptions.h"

#include "eventlog/EventJson.h"
#include "eventlog/EventLogSet.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetReader.h"
#include "tasks/NotificationTask.h"
#include "util/Clock.h"

#include <cerrno>
#include <cstring>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral(
    "certlifectl events [--channel system|user|all] [--id IDS] [--level LEVEL] [--since ISO] [--until ISO] "
    "[--store ID] [--search TEXT] [--thumbprint SHA1] [--limit N] [--json] "
    "[--fleet URI [--host NAME] [--password-file FILE]]");

const QString kDescription =
    QStringLiteral("Show lifecycle events (1001 Replace, 1002 Expired, 1003 CloseToExpiration, 1004 Deleted,\n"
                   "1005 Archived, 1006 New, 1007 Exported, 1101 StaleBinding, 1102 BindingCurrent, 1201\n"
                   "Acknowledged, 1202 AcknowledgementRemoved), newest first. Filters combine: an event is shown\n"
                   "when it matches all of them. A channel without an event log yet has no events.\n"
                   "\n"
                   "Examples:\n"
                   "  certlifectl events                                   the last 100 events of your User channel\n"
                   "  certlifectl events --channel system --level warning  machine certificates close to expiry\n"
                   "  certlifectl events --channel all --id 1001,1002      renewals and expiries in both channels\n"
                   "  certlifectl events --since 2026-01-01 --until 2026-02-01T12:00:00Z --store My\n"
                   "  certlifectl events --search example.org --json       every field, one JSON object per line\n"
                   "  certlifectl events --thumbprint 3A5F… --limit 0      the whole history of one certificate\n"
                   "\n"
                   "Dates are ISO 8601, a date alone meaning its midnight UTC; a time without a zone is UTC.\n"
                   "--since is inclusive, --until exclusive. --search matches part of the subject, a SAN,\n"
                   "the SHA-1 thumbprint or SHA-256 of the certificate (or of the old one of a Replace),\n"
                   "in any case.\n"
                   "\n"
                   "--fleet URI reads the events every host's agent published to the fleet database (docs/fleet.md)\n"
                   "instead of this machine's logs, as a member of certlife_reader: both channels unless --channel\n"
                   "says one, every filter above, --host NAME for one host's; each event has its host (a HOST\n"
                   "column; \"host\" in --json). Same time: ordered by channel, record id, host.\n"
                   "  certlifectl events --fleet 'postgresql://db/certlife?user=alice' --password-file ~/.fleet \\\n"
                   "      --host web1.example.com --level error\n"
                   "With --fleet the exit status is 5 when the database cannot be reached or refuses the login,\n"
                   "1 when it refuses the read (no fleet schema: 'certlifectl fleet init').");

struct Options
{
    QString fleet; // the fleet database's URI; empty: this machine's logs
    QList<Scope> channels;
    EventQuery query;
    qint64 limit = 100; // 0: all
    bool json = false;
};

// Fills *options from the parsed command line; returns an error text for a usage error.
QString readOptions(const QCommandLineParser& p, Options* o)
{
    if (!p.positionalArguments().isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first());
    const QString channel = p.value(QStringLiteral("channel")).trimmed().toLower();
    if (channel == QLatin1String("all"))
        o->channels = {Scope::System, Scope::User};
    else if (Scope s; parseScope(channel, &s))
        o->channels = {s};
    else
        return QStringLiteral("--channel: '%1' is not system, user or all").arg(p.value(QStringLiteral("channel")));
    EventQuery& q = o->query;
    if (p.isSet(QStringLiteral("id"))) {
        QString error;
        if (!parseEventIdOption(p.value(QStringLiteral("id")), &q.ids, &error))
            return error;
    }
    if (p.isSet(QStringLiteral("level"))) {
        EventLevel level;
        if (!parseLevel(p.value(QStringLiteral("level")), &level))
            return QStringLiteral("--level: '%1' is not information, warning or error")
                .arg(p.value(QStringLiteral("level")));
        q.level = level;
    }
    for (const auto& [name, target] :
         {std::pair{QStringLiteral("since"), &q.since}, std::pair{QStringLiteral("until"), &q.until}}) {
        if (!p.isSet(name))
            continue;
        *target = parseIsoUtc(p.value(name));
        if (!target->isValid())
            return QStringLiteral("--%1: '%2' is not an ISO 8601 date or time (for example 2026-01-31 or "
                                  "2026-01-31T12:00:00Z)")
                .arg(name, p.value(name));
    }
    if (q.since.isValid() && q.until.isValid() && q.until <= q.since)
        return QStringLiteral("--until %1 is not after --since %2")
            .arg(q.until.toString(Qt::ISODate), q.since.toString(Qt::ISODate));
    q.storeId = p.value(QStringLiteral("store"));
    q.text = p.value(QStringLiteral("search"));
    if (p.isSet(QStringLiteral("thumbprint"))) {
        // As `switch` and `task new --filter-thumbprint` take it: a value that is no
        // thumbprint would only match nothing and look like "no events".
        q.thumbprint = normalizeThumbprint(p.value(QStringLiteral("thumbprint")));
        if (q.thumbprint.isEmpty())
            return QStringLiteral("--thumbprint: '%1' is not a SHA-1 thumbprint (40 hex digits; colons and spaces "
                                  "are allowed)")
                .arg(p.value(QStringLiteral("thumbprint")));
    }
    if (p.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        o->limit = p.value(QStringLiteral("limit")).toLongLong(&ok);
        if (!ok || o->limit < 0)
            return QStringLiteral("--limit: '%1' is not a number of events (0 for all)")
                .arg(p.value(QStringLiteral("limit")));
    }
    o->json = p.isSet(QStringLiteral("json"));
    o->fleet = p.value(QStringLiteral("fleet"));
    if (o->fleet.isEmpty()) {
        for (const char* fleetOnly : {"host", "password-file"}) {
            if (p.isSet(QString::fromLatin1(fleetOnly)))
                return QStringLiteral("--%1 needs --fleet").arg(QLatin1String(fleetOnly));
        }
    } else {
        // The fleet's hosts have both channels; one only when asked for.
        if (!p.isSet(QStringLiteral("channel")))
            o->channels = {Scope::System, Scope::User};
        if (o->channels.size() == 1)
            q.channel = o->channels.constFirst();
        if (p.isSet(QStringLiteral("host"))) {
            const std::optional<QString> host = fleet::normalizedHostName(p.value(QStringLiteral("host")));
            if (!host)
                return QStringLiteral("--host \"%1\" is not a host name (letters, digits, '.', '-')")
                    .arg(p.value(QStringLiteral("host")));
            q.host = *host;
        }
    }
    return {};
}

// `events --fleet`: the same pages from the fleet database, each event with its host.
int runFleetEvents(const Options& o, const QString& passwordFile, CliIo& io)
{
    FleetReadSession session;
    int code = ExitOk;
    if (!openFleetReader(QStringLiteral("fleet"), o.fleet, passwordFile, kUsage, session, io, &code))
        return code;
    const fleet::FleetReader& reader = *session.reader;
    // The CHANNEL column names a User channel's account (`User (alice)`): shown for it too.
    EventsTable table(o.channels.size() > 1 || o.channels.contains(Scope::User), true);
    qint64 shown = 0;
    EventQuery q = o.query;
    while (o.limit == 0 || shown < o.limit) {
        q.limit = int(std::min<qint64>(1000, o.limit == 0 ? 1000 : o.limit - shown));
        fleet::FleetError error;
        const std::optional<QList<LifecycleEvent>> page = reader.events(q, &error);
        if (!page)
            return failFleet(io, error);
        if (page->isEmpty())
            break;
        if (o.json) {
            QByteArray text;
            JsonLineWriter w(text);
            for (const LifecycleEvent& e : *page) {
                eventlog::writeEventJson(w, e);
                w.endLine();
            }
            if (!writeJsonLines(io, text))
                return fail(
                    io, ExitFailure,
                    QStringLiteral("cannot write to standard output: %1").arg(QString::fromLocal8Bit(strerror(errno))));
        } else {
            io.out << table.format(*page);
            io.out.flush();
        }
        shown += page->size();
        if (page->size() < q.limit)
            break;
        q.after = EventCursor::of(page->last());
    }
    if (shown == 0 && !o.json) {
        io.out << "No events.\n";
        io.out.flush();
    }
    return ExitOk;
}

int runEvents(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.addOptions({
        {QStringLiteral("channel"), QStringLiteral("system, user (default) or all (both, merged by time)."),
         QStringLiteral("CHANNEL"), QStringLiteral("user")},
        {QStringLiteral("id"),
         QStringLiteral("Event ids, ranges or names, comma-separated (1001,1003-1005 or Replace,Expired)."),
         QStringLiteral("IDS")},
        {QStringLiteral("level"), QStringLiteral("information, warning or error."), QStringLiteral("LEVEL")},
        {QStringLiteral("since"), QStringLiteral("Events at or after this time (ISO 8601)."), QStringLiteral("ISO")},
        {QStringLiteral("until"), QStringLiteral("Events before this time (ISO 8601)."), QStringLiteral("ISO")},
        {QStringLiteral("store"), QStringLiteral("Events of this store id."), QStringLiteral("ID")},
        {QStringLiteral("search"), QStringLiteral("Text in the subject, SANs or hashes (any case)."),
         QStringLiteral("TEXT")},
        {QStringLiteral("thumbprint"),
         QStringLiteral("Events of the certificate with this SHA-1 thumbprint (40 hex "
                        "digits; colons and spaces allowed)."),
         QStringLiteral("SHA1")},
        {QStringLiteral("limit"), QStringLiteral("At most N events (default 100; 0: all)."), QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("One JSON object per line with every field of the event.")},
        {QStringLiteral("fleet"),
         QStringLiteral("Read the fleet database at this libpq URI (every host's events) instead of this "
                        "machine's logs."),
         QStringLiteral("URI")},
        {QStringLiteral("host"), QStringLiteral("With --fleet: only this host's events."), QStringLiteral("NAME")},
        {QStringLiteral("password-file"),
         QStringLiteral("With --fleet: file holding the URI's user's password alone (first line), mode 0600."),
         QStringLiteral("FILE")},
    });
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    Options o;
    const QString usageError = readOptions(parser, &o);
    if (!usageError.isEmpty()) {
        io.err << "certlifectl: " << usageError << "\nusage: " << kUsage << "\n";
        io.err.flush();
        return ExitUsage;
    }
    if (!o.fleet.isEmpty())
        return runFleetEvents(o, parser.value(QStringLiteral("password-file")), io);

    EventLogSet logs;
    int exitCode = ExitOk;
    if (!logs.open(o.channels, EventLogSet::Access::Read)) {
        if (o.channels.size() == 1)
            return fail(io, ExitFailure, logs.errors().constFirst());
        // --channel all: show the channel that can be read, and say what is missing.
        for (const QString& error : logs.errors())
            io.err << "certlifectl: " << error << " (showing the other channel only)\n";
        io.err.flush();
        exitCode = ExitPartial;
    }
    const QList<const EventLog*> open = logs.logs();

    EventsTable table(o.channels.size() > 1);
    qint64 shown = 0;
    EventQuery q = o.query;
    while (o.json && (o.limit == 0 || shown < o.limit)) {
        // JSON lines straight from the rows: no LifecycleEvent, no QJsonObject.
        q.limit = int(std::min<qint64>(5000, o.limit == 0 ? 5000 : o.limit - shown));
        const EventJsonPage page = queryChannelsJson(open, q);
        for (const EventLog* log : open) {
            if (!log->lastError().isEmpty())
                return fail(io, ExitFailure,
                            QStringLiteral("event log %1: %2").arg(log->databasePath(), log->lastError()));
        }
        if (page.lines.isEmpty())
            break;
        if (!writeJsonLines(io, page.text))
            return fail(
                io, ExitFailure,
                QStringLiteral("cannot write to standard output: %1").arg(QString::fromLocal8Bit(strerror(errno))));
        shown += page.lines.size();
        if (page.lines.size() < q.limit)
            break;
        q.after = page.lines.last().cursor();
    }
    while (!o.json && (o.limit == 0 || shown < o.limit)) {
        q.limit = int(std::min<qint64>(1000, o.limit == 0 ? 1000 : o.limit - shown));
        const QList<LifecycleEvent> page = queryChannels(open, q);
        for (const EventLog* log : open) {
            if (!log->lastError().isEmpty())
                return fail(io, ExitFailure,
                            QStringLiteral("event log %1: %2").arg(log->databasePath(), log->lastError()));
        }
        if (page.isEmpty())
            break;
        io.out << table.format(page);
        io.out.flush();
        shown += page.size();
        if (page.size() < q.limit)
            break;
        q.after = EventCursor::of(page.last());
    }
    if (shown == 0 && !o.json) {
        io.out << "No events.\n";
        io.out.flush();
    }
    return exitCode;
}

const CommandRegistration registration{
    {QStringLiteral("events"), QStringLiteral("Show lifecycle events, newest first (filters, --json)."), &runEvents}};

} // namespace

} // namespace certlife::cli
