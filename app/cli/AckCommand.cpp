// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl ack|unack|mute|unmute: the admin decides what counts
// (docs/acknowledgements.md). Each change is written to the scope's acknowledgements
// file and recorded in its event log (1201, 1202); `ack --list` and `mute --list` show them.

#include "CliCommand.h"
#include "MonitoringSupport.h"
#include "actions/AcknowledgementActions.h"
#include "util/Clock.h"
#include "util/TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <unistd.h>

namespace certlife::cli {

namespace {

QString isoUtc(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

const QString kAckUsage =
    QStringLiteral("certlifectl ack THUMBPRINT... [--until DATE|changed] [--note TEXT] [--scope system|user]\n"
                   "       certlifectl ack --list [--json] [--scope system|user]");
const QString kUnackUsage = QStringLiteral("certlifectl unack THUMBPRINT... [--scope system|user]");
const QString kMuteUsage =
    QStringLiteral("certlifectl mute --store ID | --issuer DN [--until DATE] [--note TEXT] [--scope system|user]\n"
                   "       certlifectl mute --list [--json] [--scope system|user]");
const QString kUnmuteUsage = QStringLiteral("certlifectl unmute --store ID | --issuer DN [--scope system|user]");

struct Options
{
    QCommandLineOption until{QStringLiteral("until"),
                             QStringLiteral("Until this date (2026-06-30, the start of that day in UTC) or time "
                                            "(2026-06-30T12:00:00Z). ack: `changed` (the default) keeps it until "
                                            "the certificate at its paths changes (a renewal ends it); mute: the "
                                            "default is for ever."),
                             QStringLiteral("DATE")};
    QCommandLineOption note{QStringLiteral("note"), QStringLiteral("Why (shown in listings and the event)."),
                            QStringLiteral("TEXT")};
    QCommandLineOption scope{QStringLiteral("scope"),
                             QStringLiteral("system (machine-wide, needs root) or user. Default: system for root, "
                                            "user for everyone else."),
                             QStringLiteral("system|user")};
    QCommandLineOption list{QStringLiteral("list"),
                            QStringLiteral("List the acknowledgements and mutes (both scopes unless --scope).")};
    QCommandLineOption json{QStringLiteral("json"), QStringLiteral("With --list: one JSON object per line.")};
    QCommandLineOption store{QStringLiteral("store"), QStringLiteral("The store id (`certlifectl store list`)."),
                             QStringLiteral("ID")};
    QCommandLineOption issuer{QStringLiteral("issuer"),
                              QStringLiteral("The issuer's DN as `certlifectl scan` shows it (RFC 4514)."),
                              QStringLiteral("DN")};
};

std::optional<Scope> chosenScope(const QCommandLineParser& parser, const Options& o, CliIo& io, int* code)
{
    if (!parser.isSet(o.scope))
        return ::geteuid() == 0 ? Scope::System : Scope::User;
    Scope scope;
    if (!parseScope(parser.value(o.scope), &scope)) {
        *code = fail(io, ExitUsage,
                     QStringLiteral("--scope must be system or user, not \"%1\"").arg(parser.value(o.scope)));
        return std::nullopt;
    }
    return scope;
}

// --until: nullopt after a usage error; an invalid QDateTime for none (or `changed`).
std::optional<QDateTime> untilOption(const QCommandLineParser& parser, const Options& o, const QDateTime& now,
                                     CliIo& io, int* code)
{
    if (!parser.isSet(o.until) || parser.value(o.until).compare(QLatin1String("changed"), Qt::CaseInsensitive) == 0)
        return QDateTime();
    const QDateTime until = parseIsoUtc(parser.value(o.until));
    if (!until.isValid()) {
        *code = fail(io, ExitUsage,
                     QStringLiteral("--until: \"%1\" is not a date (2026-06-30), a time (2026-06-30T12:00:00Z) or "
                                    "`changed`")
                         .arg(parser.value(o.until)));
        return std::nullopt;
    }
    if (until <= now) {
        *code = fail(io, ExitUsage, QStringLiteral("--until %1 is not in the future").arg(until.toString(Qt::ISODate)));
        return std::nullopt;
    }
    return until;
}

QString hexOnly(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[:\\s]"));
    QString hex = text;
    hex.remove(separators);
    return hex.toUpper();
}

bool isHex(const QString& text)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9A-F]+$"));
    return hex.match(text).hasMatch();
}

int report(const AcknowledgementChange& change, CliIo& io)
{
    if (!change.ok())
        return fail(io, ExitFailure, change.error);
    for (const LifecycleEvent& e : change.events)
        io.out << escapeControlCharacters(e.message) << " (event " << int(e.id) << ", record " << e.recordId << ")\n";
    return ExitOk;
}

bool start(QCommandLineParser& parser, const QStringList& args, CliIo& io, int* code, const QString& usage,
           std::shared_ptr<Clock>* clock)
{
    if (!parseCommandLine(parser, args, io, code, usage))
        return false;
    QString error;
    *clock = Clock::fromEnvironment(&error);
    if (!*clock) {
        *code = fail(io, ExitUsage, error);
        return false;
    }
    return true;
}

int listAcknowledgements(const QCommandLineParser& parser, const Options& o, AcknowledgementKind kind,
                         const QDateTime& now, CliIo& io)
{
    QList<Scope> scopes;
    QString error;
    if (!parseMonitoringScopes(parser, o.scope, &scopes, &error))
        return fail(io, ExitUsage, error);
    const bool json = parser.isSet(o.json);
    int shown = 0;
    for (const Scope scope : scopes) {
        const AcknowledgementsLoad load = loadAcknowledgements(scope);
        if (!load.problem.isEmpty())
            io.err << "certlifectl: warning: " << escapeControlCharacters(load.problem) << '\n';
        for (const Acknowledgement& a : load.acknowledgements.entries()) {
            if ((kind == AcknowledgementKind::Certificate) != (a.kind == AcknowledgementKind::Certificate))
                continue;
            ++shown;
            const QString state = a.lapsedBy(now) ? QStringLiteral("lapsed") : QStringLiteral("in force");
            if (json) {
                QJsonObject obj{{QStringLiteral("scope"), scopeName(scope)},
                                {QStringLiteral("kind"), acknowledgementKindName(a.kind)},
                                {QStringLiteral("until"),
                                 a.until.isValid() ? QJsonValue(isoUtc(a.until)) : QJsonValue(QJsonValue::Null)},
                                {QStringLiteral("untilChanged"), a.untilChanged},
                                {QStringLiteral("at"), isoUtc(a.at)},
                                {QStringLiteral("by"), a.by},
                                {QStringLiteral("note"), a.note},
                                {QStringLiteral("inForce"), !a.lapsedBy(now)}};
                if (a.kind == AcknowledgementKind::Certificate) {
                    obj.insert(QStringLiteral("sha256"), toHexUpper(a.sha256));
                    obj.insert(QStringLiteral("thumbprint"), a.thumbprint);
                    obj.insert(QStringLiteral("subject"), a.subject);
                } else if (a.kind == AcknowledgementKind::Store) {
                    obj.insert(QStringLiteral("store"), a.storeId);
                } else {
                    obj.insert(QStringLiteral("issuer"), a.issuer);
                }
                io.out << QJsonDocument(obj).toJson(QJsonDocument::Compact) << '\n';
            } else {
                io.out << scopeName(scope) << "  " << escapeControlCharacters(a.target()) << "  (" << state << ")\n    "
                       << escapeControlCharacters(a.describe()) << '\n';
            }
        }
    }
    if (shown == 0 && !json)
        io.out << (kind == AcknowledgementKind::Certificate ? "No certificate is acknowledged.\n"
                                                            : "No store or issuer is muted.\n");
    return ExitOk;
}

int runAck(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Acknowledge certificates: while an acknowledgement is in force the agent logs no Expired (1002) or\n"
        "CloseToExpiration (1003) for the certificate (so no task runs for it), the console does not notify\n"
        "and counts it apart (Acknowledged), and `report` leaves it out unless --include-acknowledged.\n"
        "THUMBPRINT: SHA-1 (40 hex digits) or SHA-256 (64), or a unique prefix of at least 8 digits, of a\n"
        "certificate in a store the scope monitors. By default it lasts until the certificate changes: while\n"
        "one of the paths it is at now still holds it (a renewal ends it); --until DATE ends it at a date.\n"
        "Recorded as event 1201 (Acknowledged) in the scope's event log.\n\n"
        "Examples:\n"
        "  certlifectl ack 3F2A9C01 --note \"renewal ordered, ticket 1234\"\n"
        "  certlifectl ack 3F2A9C01 --until 2026-07-01 --scope system\n"
        "  certlifectl ack --list --json"));
    parser.addPositionalArgument(QStringLiteral("THUMBPRINT"), QStringLiteral("The certificate(s)."),
                                 QStringLiteral("THUMBPRINT..."));
    const Options o;
    parser.addOptions({o.until, o.note, o.scope, o.list, o.json});
    int code = ExitOk;
    std::shared_ptr<Clock> clock;
    if (!start(parser, args, io, &code, kAckUsage, &clock))
        return code;
    const QDateTime now = clock->now().toUTC();
    if (parser.isSet(o.list))
        return listAcknowledgements(parser, o, AcknowledgementKind::Certificate, now, io);
    if (parser.positionalArguments().isEmpty())
        return fail(io, ExitUsage, QStringLiteral("name a certificate's thumbprint. Usage: ") + kAckUsage);
    const std::optional<Scope> scope = chosenScope(parser, o, io, &code);
    if (!scope)
        return code;
    const std::optional<QDateTime> until = untilOption(parser, o, now, io, &code);
    if (!until)
        return code;
    if (*scope == Scope::System && ::geteuid() != 0)
        return fail(io, ExitFailure,
                    QStringLiteral("acknowledging in the System scope needs root: run it with sudo, or add "
                                   "--scope user"));

    QStringList problems;
    QList<MonitoredScope> scopes{monitoredScope(*scope, PolicyStore(), &problems)};
    scanMonitoredScopes(scopes, &problems);
    const QList<StoreCertificate> certificates = storeCertificates(scopes.first().scans);
    QList<Acknowledgement> acknowledgements;
    for (const QString& argument : parser.positionalArguments()) {
        const QString hex = hexOnly(argument);
        if (hex.size() < 8 || hex.size() > 64 || !isHex(hex))
            return fail(io, ExitUsage,
                        QStringLiteral("\"%1\" is not a thumbprint: SHA-1 or SHA-256 in hex, or a prefix of at "
                                       "least 8 digits")
                            .arg(escapeControlCharacters(argument)));
        Acknowledgement a;
        a.kind = AcknowledgementKind::Certificate;
        a.until = *until;
        a.untilChanged = !until->isValid();
        a.note = parser.value(o.note);
        QSet<QString> matched; // SHA-256s
        for (const StoreCertificate& c : certificates) {
            if (!c.certificate().thumbprint().startsWith(hex) && !c.certificate().sha256Hex().startsWith(hex))
                continue;
            matched.insert(c.certificate().sha256Hex());
            a.sha256 = c.certificate().sha256;
            a.thumbprint = c.certificate().thumbprint();
            a.subject = c.certificate().displayName();
            a.locations.append({c.storeId, c.stored.path});
        }
        if (matched.isEmpty()) {
            for (const QString& p : std::as_const(problems))
                io.err << "certlifectl: warning: " << escapeControlCharacters(p) << '\n';
            return fail(io, ExitFailure,
                        QStringLiteral("no certificate with thumbprint %1 in the stores of the %2 scope "
                                       "(`certlifectl scan --store ID` lists them)")
                            .arg(hex, scopeName(*scope)));
        }
        if (matched.size() > 1)
            return fail(io, ExitUsage,
                        QStringLiteral("%1 is the start of %2 certificates' thumbprints: give more digits")
                            .arg(hex)
                            .arg(matched.size()));
        acknowledgements << a;
    }
    return report(addAcknowledgements(*scope, acknowledgements, clock), io);
}

int runUnack(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Remove certificates' acknowledgements (`certlifectl ack --list` shows them): the agent warns about\n"
        "them again. THUMBPRINT: SHA-1 or SHA-256, or a unique prefix of at least 8 digits. Recorded as event\n"
        "1202 (AcknowledgementRemoved)."));
    parser.addPositionalArgument(QStringLiteral("THUMBPRINT"), QStringLiteral("The certificate(s)."),
                                 QStringLiteral("THUMBPRINT..."));
    const Options o;
    parser.addOptions({o.scope});
    int code = ExitOk;
    std::shared_ptr<Clock> clock;
    if (!start(parser, args, io, &code, kUnackUsage, &clock))
        return code;
    if (parser.positionalArguments().isEmpty())
        return fail(io, ExitUsage, QStringLiteral("name a certificate's thumbprint. Usage: ") + kUnackUsage);
    const std::optional<Scope> scope = chosenScope(parser, o, io, &code);
    if (!scope)
        return code;
    const AcknowledgementsLoad load = loadAcknowledgements(*scope);
    if (!load.problem.isEmpty())
        return fail(io, ExitFailure, load.problem);
    QStringList keys;
    for (const QString& argument : parser.positionalArguments()) {
        const QString hex = hexOnly(argument);
        QStringList found;
        if (hex.size() >= 8 && isHex(hex))
            for (const Acknowledgement& a : load.acknowledgements.entries())
                if (a.kind == AcknowledgementKind::Certificate
                    && (a.thumbprint.startsWith(hex) || toHexUpper(a.sha256).startsWith(hex)))
                    found << a.key();
        if (found.isEmpty())
            return fail(io, ExitFailure,
                        QStringLiteral("no acknowledged certificate with thumbprint %1 in the %2 scope "
                                       "(`certlifectl ack --list`)")
                            .arg(escapeControlCharacters(argument), scopeName(*scope)));
        if (found.size() > 1)
            return fail(io, ExitUsage,
                        QStringLiteral("%1 matches %2 acknowledgements: give more digits").arg(hex).arg(found.size()));
        keys << found.first();
    }
    return report(removeAcknowledgements(*scope, keys, clock), io);
}

// --store or --issuer: the mute's kind and what it names; nullopt after a usage error.
std::optional<Acknowledgement> muteTarget(const QCommandLineParser& parser, const Options& o, const QString& usage,
                                          CliIo& io, int* code)
{
    if (parser.isSet(o.store) == parser.isSet(o.issuer) || !parser.positionalArguments().isEmpty()) {
        *code = fail(io, ExitUsage, QStringLiteral("give --store ID or --issuer DN. Usage: ") + usage);
        return std::nullopt;
    }
    Acknowledgement a;
    if (parser.isSet(o.store)) {
        a.kind = AcknowledgementKind::Store;
        a.storeId = parser.value(o.store);
        if (a.storeId.isEmpty()) {
            *code = fail(io, ExitUsage, QStringLiteral("--store: the store id is empty"));
            return std::nullopt;
        }
    } else {
        a.kind = AcknowledgementKind::Issuer;
        a.issuer = parser.value(o.issuer).trimmed();
        if (a.issuer.isEmpty()) {
            *code = fail(io, ExitUsage, QStringLiteral("--issuer: the DN is empty"));
            return std::nullopt;
        }
    }
    return a;
}

int runMute(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Mute a store or an issuer: while the mute is in force its certificates are counted apart (Muted),\n"
        "the agent logs no 1002/1003 for them (no task runs) and the console does not notify. --issuer\n"
        "takes the DN exactly as `certlifectl scan` shows it. Recorded as event 1201 (Acknowledged, action\n"
        "mute) in the scope's event log.\n\n"
        "Examples:\n"
        "  certlifectl mute --store legacy-app --note \"decommissioned in June\"\n"
        "  certlifectl mute --issuer \"CN=Old Internal CA,O=Example\" --until 2026-09-01\n"
        "  certlifectl mute --list"));
    const Options o;
    parser.addOptions({o.store, o.issuer, o.until, o.note, o.scope, o.list, o.json});
    int code = ExitOk;
    std::shared_ptr<Clock> clock;
    if (!start(parser, args, io, &code, kMuteUsage, &clock))
        return code;
    const QDateTime now = clock->now().toUTC();
    if (parser.isSet(o.list))
        return listAcknowledgements(parser, o, AcknowledgementKind::Store, now, io);
    std::optional<Acknowledgement> a = muteTarget(parser, o, kMuteUsage, io, &code);
    if (!a)
        return code;
    const std::optional<Scope> scope = chosenScope(parser, o, io, &code);
    if (!scope)
        return code;
    if (parser.value(o.until).compare(QLatin1String("changed"), Qt::CaseInsensitive) == 0)
        return fail(io, ExitUsage, QStringLiteral("--until changed is for certificates (ack): a mute takes a date"));
    const std::optional<QDateTime> until = untilOption(parser, o, now, io, &code);
    if (!until)
        return code;
    if (*scope == Scope::System && ::geteuid() != 0)
        return fail(io, ExitFailure,
                    QStringLiteral("muting in the System scope needs root: run it with sudo, or add --scope user"));
    if (a->kind == AcknowledgementKind::Store) {
        QStringList problems;
        const MonitoredScope monitored = monitoredScope(*scope, PolicyStore(), &problems);
        const bool known = std::any_of(monitored.stores.cbegin(), monitored.stores.cend(),
                                       [&](const StoreConfig& s) { return s.id == a->storeId; });
        if (!known)
            return fail(io, ExitFailure,
                        QStringLiteral("the %1 scope monitors no store \"%2\" (`certlifectl store list`)")
                            .arg(scopeName(*scope), escapeControlCharacters(a->storeId)));
    }
    a->until = *until;
    a->note = parser.value(o.note);
    return report(addAcknowledgements(*scope, {*a}, clock), io);
}

int runUnmute(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Unmute a store or an issuer (`certlifectl mute --list` shows them): the agent warns about its\n"
                       "certificates again. Recorded as event 1202 (AcknowledgementRemoved, action unmute)."));
    const Options o;
    parser.addOptions({o.store, o.issuer, o.scope});
    int code = ExitOk;
    std::shared_ptr<Clock> clock;
    if (!start(parser, args, io, &code, kUnmuteUsage, &clock))
        return code;
    const std::optional<Acknowledgement> a = muteTarget(parser, o, kUnmuteUsage, io, &code);
    if (!a)
        return code;
    const std::optional<Scope> scope = chosenScope(parser, o, io, &code);
    if (!scope)
        return code;
    return report(removeAcknowledgements(*scope, {a->key()}, clock), io);
}

const CommandRegistration ackRegistration{
    {QStringLiteral("ack"), QStringLiteral("Acknowledge certificates: no warnings, not counted (--list: show them)"),
     &runAck}};
const CommandRegistration unackRegistration{
    {QStringLiteral("unack"), QStringLiteral("Remove certificates' acknowledgements"), &runUnack}};
const CommandRegistration muteRegistration{
    {QStringLiteral("mute"), QStringLiteral("Mute a store or an issuer: no warnings, not counted (--list: show them)"),
     &runMute}};
const CommandRegistration unmuteRegistration{
    {QStringLiteral("unmute"), QStringLiteral("Unmute a store or an issuer"), &runUnmute}};

} // namespace

} // namespace certlife::cli
