// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportOptions.h"

#include "eventlog/EventIdList.h"
#include "fleet/FleetHosts.h"

#include <QRegularExpression>

namespace certlife::cli {

namespace {

constexpr int kMaxWithinDays = 36500;

struct OptionSpec
{
    const char* name;
    const char* valueName; // nullptr: a flag
    const char* help;
    QList<ReportKind> kinds; // empty: every kind
};

const QList<OptionSpec>& optionSpecs()
{
    static const QList<OptionSpec> specs{
        {"kind", "KIND", "certificates, events or tasks (required).", {}},
        {"format", "FORMAT", "csv, json, html or pdf (required).", {}},
        {"out", "FILE", "The file to write (replaced atomically); - for standard output (required).", {}},
        {"scope", "SCOPE", "system or user: only that scope's stores, channel or tasks (default: both).", {}},
        {"within-days",
         "N",
         "Certificates expiring within N days, the expired ones included.",
         {ReportKind::Certificates}},
        {"state",
         "STATE",
         "Certificates in this state: expired, expiring (inside the policy's warning threshold), "
         "within30, within60, within90, healthy (more than 90 days left), archived or acknowledged.",
         {ReportKind::Certificates}},
        {"include-archived",
         nullptr,
         "Also list the archived certificates (superseded by a renewal the agent "
         "recognised), as Archived with their successor; they are never counted as "
         "expired or expiring.",
         {ReportKind::Certificates}},
        {"include-acknowledged",
         nullptr,
         "Also list the acknowledged and muted certificates (certlifectl ack, mute), as "
         "Acknowledged or Muted; they are never counted as expired or expiring.",
         {ReportKind::Certificates}},
        {"store", "ID", "Only this store (certificates and events).", {ReportKind::Certificates, ReportKind::Events}},
        {"search",
         "TEXT",
         "Text in the subject, SANs, thumbprint or SHA-256 (certificates also: issuer, path), any case.",
         {ReportKind::Certificates, ReportKind::Events}},
        {"channel", "CHANNEL", "Events of this channel only: system or user (as --scope).", {ReportKind::Events}},
        {"id", "IDS", "Event ids, e.g. 1001,1003-1005.", {ReportKind::Events}},
        {"level", "LEVEL", "Events of this level: information, warning or error.", {ReportKind::Events}},
        {"since",
         "TIME",
         "Events at or after TIME (ISO 8601, UTC unless a zone is given: 2026-01-31, "
         "2026-01-31T12:00:00Z).",
         {ReportKind::Events}},
        {"until", "TIME", "Events before TIME (ISO 8601).", {ReportKind::Events}},
        {"no-bom", nullptr, "CSV: leave out the UTF-8 byte order mark (for tools that do not expect one).", {}},
        {"fleet",
         "URI",
         "Report the fleet database's certificates or events (every host's) instead of this computer's.",
         {ReportKind::Certificates, ReportKind::Events}},
        {"host", "NAME", "With --fleet: only this host's.", {ReportKind::Certificates, ReportKind::Events}},
        {"password-file",
         "FILE",
         "With --fleet: file holding the URI's user's password alone (first line), mode 0600.",
         {ReportKind::Certificates, ReportKind::Events}},
    };
    return specs;
}

QString kindNames(const QList<ReportKind>& kinds)
{
    QStringList names;
    for (ReportKind k : kinds)
        names << reportKindName(k);
    return names.join(QLatin1String(" and "));
}

bool readTime(const QCommandLineParser& parser, const QString& option, QDateTime* out, QString* error)
{
    if (!parser.isSet(option))
        return true;
    const QString text = parser.value(option);
    *out = parseIsoUtc(text);
    if (!out->isValid()) {
        *error = QStringLiteral("--%1 \"%2\" is not a date or time; use ISO 8601, e.g. 2026-01-31 or "
                                "2026-01-31T12:00:00Z")
                     .arg(option, text);
        return false;
    }
    return true;
}

bool readScope(const QCommandLineParser& parser, const QString& option, std::optional<Scope>* out, QString* error)
{
    if (!parser.isSet(option))
        return true;
    Scope scope;
    if (!parseScope(parser.value(option), &scope)) {
        *error = QStringLiteral("--%1 must be system or user, not \"%2\"").arg(option, parser.value(option));
        return false;
    }
    *out = scope;
    return true;
}

bool readRequired(const QCommandLineParser& parser, ReportRequest* r, QString* error)
{
    for (const char* name : {"kind", "format", "out"}) {
        if (!parser.isSet(QLatin1String(name)) || parser.value(QLatin1String(name)).isEmpty()) {
            *error = QStringLiteral("--%1 is required").arg(QLatin1String(name));
            return false;
        }
    }
    if (!parseReportKind(parser.value(QStringLiteral("kind")), &r->kind)) {
        *error = QStringLiteral("unknown report kind \"%1\"; use certificates, events or tasks")
                     .arg(parser.value(QStringLiteral("kind")));
        return false;
    }
    if (!parseReportFormat(parser.value(QStringLiteral("format")), &r->format)) {
        *error = QStringLiteral("unknown format \"%1\"; use csv, json, html or pdf")
                     .arg(parser.value(QStringLiteral("format")));
        return false;
    }
    r->out = parser.value(QStringLiteral("out"));
    return true;
}

// Options that make no sense for the kind are errors, not silently ignored: a filter
// that does nothing would give a report that looks filtered but is not.
bool checkApplicable(const QCommandLineParser& parser, const ReportRequest& r, QString* error)
{
    for (const OptionSpec& spec : optionSpecs()) {
        if (!spec.kinds.isEmpty() && !spec.kinds.contains(r.kind) && parser.isSet(QLatin1String(spec.name))) {
            *error =
                QStringLiteral("--%1 applies to --kind %2 only").arg(QLatin1String(spec.name), kindNames(spec.kinds));
            return false;
        }
    }
    if (parser.isSet(QStringLiteral("no-bom")) && r.format != ReportFormat::Csv) {
        *error = QStringLiteral("--no-bom applies to --format csv only");
        return false;
    }
    return true;
}

bool readCertificateOptions(const QCommandLineParser& parser, ReportRequest* r, QString* error)
{
    CertificateReportOptions& o = r->certificates;
    if (parser.isSet(QStringLiteral("within-days"))) {
        bool ok = false;
        const QString text = parser.value(QStringLiteral("within-days"));
        o.withinDays = text.toInt(&ok);
        if (!ok || o.withinDays < 0 || o.withinDays > kMaxWithinDays) {
            *error =
                QStringLiteral("--within-days \"%1\" is not a number of days (0 to %2)").arg(text).arg(kMaxWithinDays);
            return false;
        }
        o.selection = CertificateReportOptions::Selection::ExpiringWithin;
    }
    if (parser.isSet(QStringLiteral("state"))) {
        ExpiryState state;
        if (!parseExpiryStateKey(parser.value(QStringLiteral("state")), &state)) {
            *error =
                QStringLiteral("--state \"%1\" must be expired, expiring, within30, within60, within90, healthy or "
                               "archived")
                    .arg(parser.value(QStringLiteral("state")));
            return false;
        }
        o.state = state;
    }
    o.includeArchived = parser.isSet(QStringLiteral("include-archived"));
    o.includeAcknowledged = parser.isSet(QStringLiteral("include-acknowledged"));
    o.scope = r->scope;
    o.storeId = parser.value(QStringLiteral("store"));
    o.search = parser.value(QStringLiteral("search"));
    return true;
}

bool readEventOptions(const QCommandLineParser& parser, ReportRequest* r, QString* error)
{
    EventQuery& q = r->events;
    std::optional<Scope> channel;
    if (!readScope(parser, QStringLiteral("channel"), &channel, error))
        return false;
    if (channel && r->scope && *channel != *r->scope) {
        *error = QStringLiteral("--channel and --scope name different channels");
        return false;
    }
    q.channel = channel ? channel : r->scope;
    if (parser.isSet(QStringLiteral("id")) && !parseEventIdOption(parser.value(QStringLiteral("id")), &q.ids, error))
        return false;
    if (parser.isSet(QStringLiteral("level"))) {
        EventLevel level;
        if (!parseLevel(parser.value(QStringLiteral("level")), &level)) {
            *error = QStringLiteral("--level \"%1\" must be information, warning or error")
                         .arg(parser.value(QStringLiteral("level")));
            return false;
        }
        q.level = level;
    }
    if (!readTime(parser, QStringLiteral("since"), &q.since, error)
        || !readTime(parser, QStringLiteral("until"), &q.until, error))
        return false;
    if (q.since.isValid() && q.until.isValid() && q.since >= q.until) {
        *error = QStringLiteral("--since (%1) must be before --until (%2)")
                     .arg(parser.value(QStringLiteral("since")), parser.value(QStringLiteral("until")));
        return false;
    }
    q.storeId = parser.value(QStringLiteral("store"));
    q.text = parser.value(QStringLiteral("search"));
    return true;
}

bool readFleetOptions(const QCommandLineParser& parser, ReportRequest* r, QString* error)
{
    r->fleet = parser.value(QStringLiteral("fleet"));
    if (r->fleet.isEmpty()) {
        for (const char* fleetOnly : {"host", "password-file"}) {
            if (parser.isSet(QLatin1String(fleetOnly))) {
                *error = QStringLiteral("--%1 needs --fleet").arg(QLatin1String(fleetOnly));
                return false;
            }
        }
        return true;
    }
    r->passwordFile = parser.value(QStringLiteral("password-file"));
    if (parser.isSet(QStringLiteral("host"))) {
        const std::optional<QString> host = fleet::normalizedHostName(parser.value(QStringLiteral("host")));
        if (!host) {
            *error = QStringLiteral("--host \"%1\" is not a host name (letters, digits, '.', '-')")
                         .arg(parser.value(QStringLiteral("host")));
            return false;
        }
        r->fleetHost = *host;
    }
    return true;
}

} // namespace

void addReportOptions(QCommandLineParser& parser)
{
    for (const OptionSpec& spec : optionSpecs()) {
        if (spec.valueName)
            parser.addOption(QCommandLineOption(QLatin1String(spec.name), QString::fromUtf8(spec.help),
                                                QLatin1String(spec.valueName)));
        else
            parser.addOption(QCommandLineOption(QLatin1String(spec.name), QString::fromUtf8(spec.help)));
    }
}

bool readReportOptions(const QCommandLineParser& parser, ReportRequest* r, QString* error)
{
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("report takes no arguments, only options (unexpected \"%1\")")
                     .arg(parser.positionalArguments().first());
        return false;
    }
    if (!readRequired(parser, r, error) || !checkApplicable(parser, *r, error)
        || !readScope(parser, QStringLiteral("scope"), &r->scope, error))
        return false;
    r->csvByteOrderMark = !parser.isSet(QStringLiteral("no-bom"));
    if (!readFleetOptions(parser, r, error))
        return false;
    switch (r->kind) {
    case ReportKind::Certificates: return readCertificateOptions(parser, r, error);
    case ReportKind::Events: return readEventOptions(parser, r, error);
    case ReportKind::Tasks: return true;
    }
    return true;
}

bool parseEventIdOption(const QString& text, QList<EventId>* ids, QString* error)
{
    QString why;
    if (!parseEventIdList(text, ids, &why)) {
        *error = QStringLiteral("--id \"%1\": %2").arg(text, why);
        return false;
    }
    if (ids->isEmpty()) {
        *error = QStringLiteral("--id \"%1\" names no event id").arg(text);
        return false;
    }
    return true;
}

} // namespace certlife::cli
