// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "policy/Policy.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

namespace certlife {

namespace {

constexpr qint64 kMinute = 60;
constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 86400;

// Whole number, optionally followed by one unit letter (e.g. "10%", "30d").
bool parseWholeNumber(const QString& text, qint64 min, qint64 max, QChar optionalSuffix, qint64* out)
{
    QString t = text.trimmed();
    if (!optionalSuffix.isNull() && t.endsWith(optionalSuffix, Qt::CaseInsensitive))
        t.chop(1);
    t = t.trimmed();
    if (t.isEmpty() || t.size() > 12
        || !std::all_of(t.begin(), t.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; }))
        return false;
    const qint64 v = t.toLongLong();
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool parseBool(const QString& text, bool* out)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on") || t == QLatin1String("1"))
        *out = true;
    else if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off")
             || t == QLatin1String("0"))
        *out = false;
    else
        return false;
    return true;
}

bool parseDurationIn(const QString& text, qint64 min, qint64 max, bool zeroAllowed, qint64* out)
{
    const std::optional<qint64> d = parseDuration(text);
    if (!d || (*d == 0 && !zeroAllowed) || (*d != 0 && (*d < min || *d > max)))
        return false;
    *out = *d;
    return true;
}

// Absolute paths only: a relative path would depend on the agent's working directory.
bool parsePathList(const QString& text, QStringList* out)
{
    QStringList result;
    for (const QString& raw : splitPolicyList(text)) {
        const QString item = raw.trimmed();
        if (!QDir::isAbsolutePath(item))
            return false;
        if (std::any_of(item.begin(), item.end(), [](QChar c) { return c.category() == QChar::Other_Control; }))
            return false;
        const QString clean = QDir::cleanPath(item);
        if (!result.contains(clean))
            result << clean;
    }
    *out = result;
    return true;
}

bool parseRetention(const QString& text, EventRetention* out)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() > 2)
        return false;
    EventRetention r;
    if (!parseDurationIn(parts[0], kDay, 36500 * kDay, false, &r.maxAgeSeconds))
        return false;
    if (parts.size() == 2 && !parseWholeNumber(parts[1], 1000, 1000000000, QChar(), &r.maxEvents))
        return false;
    *out = r;
    return true;
}

// Empty (off) or one absolute, clean path of a file.
bool parseFilePath(const QString& text, QString* out)
{
    const QString t = text.trimmed();
    if (!t.isEmpty()
        && (!QDir::isAbsolutePath(t) || QDir::cleanPath(t) != t || t == QLatin1String("/")
            || std::any_of(t.begin(), t.end(), [](QChar c) { return c.category() == QChar::Other_Control; })))
        return false;
    *out = t;
    return true;
}

// Empty (off) or the form of a libpq URI: postgresql:// or postgres://, no spaces or
// control characters, and no password in it (user:password@, password=, sslpassword=),
// which would sit in a file every user may read. The agent parses it whole before each
// publish (fleet/FleetConnection.h: policy stays below fleet in core's layers).
// *why, when given, never repeats the URI.
bool parseFleetDatabase(const QString& text, QString* out, QString* why)
{
    const QString t = text.trimmed();
    const auto refuse = [why](const QString& reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (!t.isEmpty()) {
        if (!t.startsWith(QLatin1String("postgresql://")) && !t.startsWith(QLatin1String("postgres://")))
            return refuse(QStringLiteral("not a PostgreSQL connection URI (postgresql://…)"));
        if (std::any_of(t.begin(), t.end(),
                        [](QChar c) { return c.isSpace() || c.category() == QChar::Other_Control; }))
            return refuse(QStringLiteral("a connection URI holds no spaces or control characters"));
        const QString afterScheme = t.mid(t.indexOf(QLatin1String("://")) + 3);
        const qsizetype authorityEnd = afterScheme.indexOf(QRegularExpression(QStringLiteral("[/?]")));
        const QString authority = authorityEnd < 0 ? afterScheme : afterScheme.left(authorityEnd);
        const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
        const qsizetype mark = t.indexOf(QLatin1Char('?'));
        bool password = at >= 0 && authority.left(at).contains(QLatin1Char(':'));
        for (const QString& pair : (mark < 0 ? QString() : t.mid(mark + 1)).split(QLatin1Char('&'))) {
            const QString key = pair.section(QLatin1Char('='), 0, 0);
            password = password || key == QLatin1String("password") || key == QLatin1String("sslpassword");
        }
        if (password)
            return refuse(QStringLiteral("the URI holds a password: put it in a password file (FleetPasswordFile "
                                         "or PGPASSFILE), never in the URI"));
    }
    *out = t;
    return true;
}

QString boolText(bool v)
{
    return v ? QStringLiteral("true") : QStringLiteral("false");
}

} // namespace

QString trustAnchorWarningsText(TrustAnchorWarnings v)
{
    switch (v) {
    case TrustAnchorWarnings::Never: return QStringLiteral("never");
    case TrustAnchorWarnings::WhenUsed: return QStringLiteral("when-used");
    case TrustAnchorWarnings::Always: return QStringLiteral("always");
    }
    return {};
}

bool parseTrustAnchorWarnings(const QString& text, TrustAnchorWarnings* out)
{
    const QString t = text.trimmed().toLower();
    for (TrustAnchorWarnings v :
         {TrustAnchorWarnings::Never, TrustAnchorWarnings::WhenUsed, TrustAnchorWarnings::Always})
        if (t == trustAnchorWarningsText(v)) {
            *out = v;
            return true;
        }
    return false;
}

namespace {

struct KeyInfo
{
    PolicyKey key;
    const char* name;
    const char* allowed;
    const char* description;
    bool (*parse)(const QString& text, Policy& p);
    QString (*format)(const Policy& p);
    QJsonValue (*json)(const Policy& p);
};

// The one table mapping policy keys to typed fields.
const KeyInfo kKeys[] = {
    {PolicyKey::ExpiryWarningPercent, "ExpiryWarningPercent", "a whole number from 1 to 99",
     "Warn (1003) when this percentage of a certificate's lifetime or less is left.",
     [](const QString& t, Policy& p) {
         qint64 v;
         return parseWholeNumber(t, 1, 99, QLatin1Char('%'), &v) && (p.expiryWarningPercent = int(v), true);
     },
     [](const Policy& p) { return QString::number(p.expiryWarningPercent); },
     [](const Policy& p) { return QJsonValue(p.expiryWarningPercent); }},
    {PolicyKey::ExpiryWarningDays, "ExpiryWarningDays", "a whole number of days from 0 (off) to 3650",
     "Also warn when this many days or fewer are left (the earlier of the two warns); 0 is off.",
     [](const QString& t, Policy& p) {
         qint64 v;
         return parseWholeNumber(t, 0, 3650, QLatin1Char('d'), &v) && (p.expiryWarningDays = int(v), true);
     },
     [](const Policy& p) { return QString::number(p.expiryWarningDays); },
     [](const Policy& p) { return QJsonValue(p.expiryWarningDays); }},
    {PolicyKey::ExpiryWarningMaxDays, "ExpiryWarningMaxDays", "a whole number of days from 0 (no cap) to 3650",
     "The percentage rule warns at most this many days ahead (a 20-year root does not warn two years early); 0 is no "
     "cap.",
     [](const QString& t, Policy& p) {
         qint64 v;
         return parseWholeNumber(t, 0, 3650, QLatin1Char('d'), &v) && (p.expiryWarningMaxDays = int(v), true);
     },
     [](const Policy& p) { return QString::number(p.expiryWarningMaxDays); },
     [](const Policy& p) { return QJsonValue(p.expiryWarningMaxDays); }},
    {PolicyKey::LongExpiredDays, "LongExpiredDays", "a whole number of days from 0 (never) to 36500",
     "A certificate expired longer than this is long expired: it sinks to the bottom of \"most urgent first\"; 0 is "
     "never.",
     [](const QString& t, Policy& p) {
         qint64 v;
         return parseWholeNumber(t, 0, 36500, QLatin1Char('d'), &v) && (p.longExpiredDays = int(v), true);
     },
     [](const Policy& p) { return QString::number(p.longExpiredDays); },
     [](const Policy& p) { return QJsonValue(p.longExpiredDays); }},
    {PolicyKey::TrustAnchorWarnings, "TrustAnchorWarnings", "never, when-used or always",
     "Warn about the system CA store's roots: never, only when a monitored certificate chains to them (when-used), "
     "or always.",
     [](const QString& t, Policy& p) { return parseTrustAnchorWarnings(t, &p.trustAnchorWarnings); },
     [](const Policy& p) { return trustAnchorWarningsText(p.trustAnchorWarnings); },
     [](const Policy& p) { return QJsonValue(trustAnchorWarningsText(p.trustAnchorWarnings)); }},
    {PolicyKey::LogExpiryEvents, "LogExpiryEvents", "true or false",
     "Log Expired (1002) and CloseToExpiration (1003) events.",
     [](const QString& t, Policy& p) { return parseBool(t, &p.logExpiryEvents); },
     [](const Policy& p) { return boolText(p.logExpiryEvents); },
     [](const Policy& p) { return QJsonValue(p.logExpiryEvents); }},
    {PolicyKey::ShowExpiryNotifications, "ShowExpiryNotifications", "true or false",
     "Show desktop notifications for certificates that expire or are close to expiry.",
     [](const QString& t, Policy& p) { return parseBool(t, &p.showExpiryNotifications); },
     [](const Policy& p) { return boolText(p.showExpiryNotifications); },
     [](const Policy& p) { return QJsonValue(p.showExpiryNotifications); }},
    {PolicyKey::RescanInterval, "RescanInterval",
     "a duration from 1m to 7d, such as 30m, 8h, 2d, or a number of seconds",
     "Rescan every store this often, besides rescans on file changes.",
     [](const QString& t, Policy& p) { return parseDurationIn(t, kMinute, 7 * kDay, false, &p.rescanIntervalSeconds); },
     [](const Policy& p) { return formatDuration(p.rescanIntervalSeconds); },
     [](const Policy& p) { return QJsonValue(p.rescanIntervalSeconds); }},
    {PolicyKey::RenotifyInterval, "RenotifyInterval",
     "0 (never repeat) or a duration from 1h to 365d, such as 12h or 7d",
     "Log 1002/1003 again for the same certificate after this long.",
     [](const QString& t, Policy& p) {
         return parseDurationIn(t, kHour, 365 * kDay, true, &p.renotifyIntervalSeconds);
     },
     [](const Policy& p) { return formatDuration(p.renotifyIntervalSeconds); },
     [](const Policy& p) { return QJsonValue(p.renotifyIntervalSeconds); }},
    {PolicyKey::StaleBindingGrace, "StaleBindingGrace", "0 (at once) or a duration from 1m to 30d, such as 30m or 1h",
     "Log StaleBinding (1101) when an endpoint has served an older certificate than a file store holds for its name "
     "this long.",
     [](const QString& t, Policy& p) {
         return parseDurationIn(t, kMinute, 30 * kDay, true, &p.staleBindingGraceSeconds);
     },
     [](const Policy& p) { return formatDuration(p.staleBindingGraceSeconds); },
     [](const Policy& p) { return QJsonValue(p.staleBindingGraceSeconds); }},
    {PolicyKey::AdditionalStores, "AdditionalStores", "absolute paths separated by commas",
     "Files or directories monitored as stores besides those in stores.conf.",
     [](const QString& t, Policy& p) { return parsePathList(t, &p.additionalStores); },
     [](const Policy& p) { return joinPolicyList(p.additionalStores); },
     [](const Policy& p) { return QJsonValue(QJsonArray::fromStringList(p.additionalStores)); }},
    {PolicyKey::EventRetention, "EventRetention",
     "an age from 1d to 36500d, optionally followed by a comma and a maximum number of events "
     "from 1000 to 1000000000, such as 365d or 365d,1000000",
     "Drop events older than the age, and beyond the maximum number when one is given.",
     [](const QString& t, Policy& p) { return parseRetention(t, &p.eventRetention); },
     [](const Policy& p) {
         const QString age = formatDuration(p.eventRetention.maxAgeSeconds);
         return p.eventRetention.maxEvents > 0 ? age + QLatin1Char(',') + QString::number(p.eventRetention.maxEvents)
                                               : age;
     },
     [](const Policy& p) {
         return QJsonValue(QJsonObject{{QStringLiteral("maxAgeSeconds"), p.eventRetention.maxAgeSeconds},
                                       {QStringLiteral("maxEvents"), p.eventRetention.maxEvents}});
     }},
    {PolicyKey::RequireSignedScripts, "RequireSignedScripts", "true or false",
     "Run a notification task's script only with a valid signature by a trusted signer.",
     [](const QString& t, Policy& p) { return parseBool(t, &p.requireSignedScripts); },
     [](const Policy& p) { return boolText(p.requireSignedScripts); },
     [](const Policy& p) { return QJsonValue(p.requireSignedScripts); }},
    {PolicyKey::TrustedSigners, "TrustedSigners", "absolute paths of certificate files separated by commas",
     "Certificates whose signatures on task scripts are accepted.",
     [](const QString& t, Policy& p) { return parsePathList(t, &p.trustedSigners); },
     [](const Policy& p) { return joinPolicyList(p.trustedSigners); },
     [](const Policy& p) { return QJsonValue(QJsonArray::fromStringList(p.trustedSigners)); }},
    {PolicyKey::MetricsTextfile, "MetricsTextfile", "empty (off) or the absolute path of a file",
     "The agent writes Prometheus metrics to this file after every pass (node_exporter's textfile directory).",
     [](const QString& t, Policy& p) { return parseFilePath(t, &p.metricsTextfile); },
     [](const Policy& p) { return p.metricsTextfile; }, [](const Policy& p) { return QJsonValue(p.metricsTextfile); }},
    {PolicyKey::FleetDatabase, "FleetDatabase",
     "empty (off) or a libpq URI, postgresql://[USER@]HOST[:PORT]/DATABASE[?PARAM=VALUE&…], without a password "
     "(machine policy only)",
     "The system agent publishes its inventory, events, task runs and heartbeat to this PostgreSQL fleet database "
     "after every pass (sslmode=verify-full recommended).",
     [](const QString& t, Policy& p) { return parseFleetDatabase(t, &p.fleetDatabase, nullptr); },
     [](const Policy& p) { return p.fleetDatabase; }, [](const Policy& p) { return QJsonValue(p.fleetDatabase); }},
    {PolicyKey::FleetPasswordFile, "FleetPasswordFile",
     "empty or the absolute path of a file of mode 0600 owned by root or the agent's user (machine policy only)",
     "The password of the agent's fleet login, alone on the file's first line; empty: libpq's own (PGPASSFILE, "
     "a client certificate).",
     [](const QString& t, Policy& p) { return parseFilePath(t, &p.fleetPasswordFile); },
     [](const Policy& p) { return p.fleetPasswordFile; },
     [](const Policy& p) { return QJsonValue(p.fleetPasswordFile); }},
    {PolicyKey::FleetPublishUserEvents, "FleetPublishUserEvents", "true or false",
     "A user's opt-in: the system agent publishes this account's User event log to the machine policy's "
     "FleetDatabase, named with the account (the machine policy's value is every user's default; [Enforced] "
     "decides for them).",
     [](const QString& t, Policy& p) { return parseBool(t, &p.fleetPublishUserEvents); },
     [](const Policy& p) { return boolText(p.fleetPublishUserEvents); },
     [](const Policy& p) { return QJsonValue(p.fleetPublishUserEvents); }},
};

const KeyInfo& info(PolicyKey key)
{
    for (const KeyInfo& k : kKeys)
        if (k.key == key)
            return k;
    Q_UNREACHABLE();
}

int editDistance(const QString& a, const QString& b)
{
    QList<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

QString policySourceName(PolicySource source)
{
    switch (source) {
    case PolicySource::Default: return QStringLiteral("default");
    case PolicySource::Machine: return QStringLiteral("machine");
    case PolicySource::User: return QStringLiteral("user");
    case PolicySource::Enforced: return QStringLiteral("enforced");
    }
    return {};
}

const QList<PolicyKey>& allPolicyKeys()
{
    static const QList<PolicyKey> keys = [] {
        QList<PolicyKey> out;
        for (const KeyInfo& k : kKeys)
            out << k.key;
        return out;
    }();
    return keys;
}

QString policyKeyName(PolicyKey key)
{
    return QLatin1String(info(key).name);
}
QString policyKeyAllowed(PolicyKey key)
{
    return QLatin1String(info(key).allowed);
}
QString policyKeyDescription(PolicyKey key)
{
    return QString::fromUtf8(info(key).description);
}
bool isPolicyListKey(PolicyKey key)
{
    return key == PolicyKey::AdditionalStores || key == PolicyKey::TrustedSigners;
}
bool isMachineOnlyPolicyKey(PolicyKey key)
{
    return key == PolicyKey::FleetDatabase || key == PolicyKey::FleetPasswordFile;
}

std::optional<PolicyKey> parsePolicyKey(const QString& name)
{
    const QString t = name.trimmed();
    for (const KeyInfo& k : kKeys)
        if (t.compare(QLatin1String(k.name), Qt::CaseInsensitive) == 0)
            return k.key;
    return std::nullopt;
}

QString unknownPolicyKeyMessage(const QString& name)
{
    const QString lower = name.trimmed().toLower();
    const KeyInfo* best = nullptr;
    int bestDistance = 0;
    for (const KeyInfo& k : kKeys) {
        const QString candidate = QString::fromLatin1(k.name).toLower();
        int d = editDistance(lower, candidate);
        if (lower.size() >= 5 && candidate.contains(lower))
            d = std::min(d, 2); // a fragment such as "percent" or "retention"
        if (!best || d < bestDistance) {
            best = &k;
            bestDistance = d;
        }
    }
    QString message = QStringLiteral("%1: unknown policy key").arg(name);
    if (best && bestDistance <= std::max<qsizetype>(2, lower.size() / 3))
        message += QStringLiteral("; did you mean %1?").arg(QLatin1String(best->name));
    return message;
}

bool setPolicyValue(Policy& policy, PolicyKey key, const QString& text, QString* error)
{
    Policy candidate = policy;
    if (info(key).parse(text, candidate)) {
        policy = candidate;
        return true;
    }
    if (!error)
        return false;
    QString why;
    if (key == PolicyKey::FleetDatabase && !parseFleetDatabase(text, &candidate.fleetDatabase, &why))
        *error = QStringLiteral("%1: not allowed: %2").arg(policyKeyName(key), why); // the URI may hold a password
    else
        *error = QStringLiteral("%1: \"%2\" is not allowed: %3").arg(policyKeyName(key), text, policyKeyAllowed(key));
    return false;
}

void copyPolicyValue(Policy& to, const Policy& from, PolicyKey key)
{
    // The canonical text always parses back to the same value.
    const bool ok = info(key).parse(info(key).format(from), to);
    Q_ASSERT(ok);
    Q_UNUSED(ok);
}

QString policyValueText(const Policy& policy, PolicyKey key)
{
    return info(key).format(policy);
}
QJsonValue policyValueJson(const Policy& policy, PolicyKey key)
{
    return info(key).json(policy);
}

std::optional<qint64> parseDuration(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,12})\\s*([smhdw]?)\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 value = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).isEmpty() ? QLatin1Char('s') : m.captured(2).at(0).toLower();
    const qint64 factor = unit == QLatin1Char('m') ? kMinute
        : unit == QLatin1Char('h')                 ? kHour
        : unit == QLatin1Char('d')                 ? kDay
        : unit == QLatin1Char('w')                 ? 7 * kDay
                                                   : 1;
    return value * factor; // at most 12 digits times a week: no overflow
}

QString formatDuration(qint64 seconds)
{
    if (seconds == 0)
        return QStringLiteral("0");
    {
        if (seconds % kDay == 0)
            return QString::number(seconds / kDay) + QLatin1Char('d');
        if (seconds % kHour == 0)
            return QString::number(seconds / kHour) + QLatin1Char('h');
        if (seconds % kMinute == 0)
            return QString::number(seconds / kMinute) + QLatin1Char('m');
    }
    return QString::number(seconds) + QLatin1Char('s');
}

QStringList splitPolicyList(const QString& text)
{
    QStringList items;
    QString current;
    bool quoted = false;
    bool wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('\\') && i + 1 < text.size())
                current += text[++i];
            else if (c == QLatin1Char('"'))
                quoted = false;
            else
                current += c;
        } else if (c == QLatin1Char('"') && current.trimmed().isEmpty()) {
            current.clear(); // spaces before an opening quote are not part of the item
            quoted = wasQuoted = true;
        } else if (c == QLatin1Char(',')) {
            items << (wasQuoted ? current : current.trimmed());
            current.clear();
            wasQuoted = false;
        } else if (!wasQuoted || !c.isSpace()) {
            current += c;
        }
    }
    items << (wasQuoted ? current : current.trimmed());
    if (items.size() == 1 && items[0].isEmpty() && !wasQuoted)
        return {};
    return items;
}

QString joinPolicyList(const QStringList& items)
{
    QStringList parts;
    for (const QString& item : items) {
        static const QRegularExpression special(QStringLiteral("[,\";\\\\=#]|^\\s|\\s$|^@"));
        if (item.contains(special) || item.isEmpty()) {
            QString escaped = item;
            escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
            parts << QLatin1Char('"') + escaped + QLatin1Char('"');
        } else {
            parts << item;
        }
    }
    return parts.join(QLatin1String(", "));
}

} // namespace certlife
