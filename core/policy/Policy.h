// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace certlife {

// How long the event log keeps events: older than maxAgeSeconds go, and when
// maxEvents > 0 only the newest maxEvents stay.
struct EventRetention
{
    qint64 maxAgeSeconds = 365 * 86400;
    qint64 maxEvents = 0; // 0: no limit by count
    friend bool operator==(const EventRetention&, const EventRetention&) = default;
};

// The typed policy every component reads. The member initialisers are the defaults;
// PolicyStore (PolicyStore.h) fills it from the machine and user policy files.
// What the agent warns about in the system CA store (the built-in System store
// "ssl-certs", the distribution's trust anchors): nothing, only anchors a monitored
// certificate chains to, or all of them (docs/policy.md, TrustAnchorWarnings).
enum class TrustAnchorWarnings : quint8 { Never, WhenUsed, Always };

struct Policy
{
    int expiryWarningPercent = 10; // warn when ≤ this % of the lifetime is left (Windows: 10)
    int expiryWarningDays = 0;     // warn when ≤ this many days are left; 0: off
    int expiryWarningMaxDays = 90; // the percent rule warns at most this many days ahead; 0: no cap
    int longExpiredDays = 90;      // expired longer than this sinks in "most urgent first"; 0: never
    TrustAnchorWarnings trustAnchorWarnings = TrustAnchorWarnings::WhenUsed; // the system CA store's warnings
    bool logExpiryEvents = true;                                             // log 1002/1003 at all
    bool showExpiryNotifications = true;                                     // desktop notifications for 1002/1003
    qint64 rescanIntervalSeconds = 8 * 3600;                                 // full rescan (Windows: 8 hours)
    qint64 renotifyIntervalSeconds = 24 * 3600; // repeat 1002/1003 (and 1101) after this; 0: never repeat
    qint64 staleBindingGraceSeconds = 3600;     // an endpoint may serve an older certificate this long before 1101
    QStringList additionalStores;               // absolute paths, each monitored as a store
    EventRetention eventRetention;
    bool requireSignedScripts = false; // task scripts need a detached signature
    QStringList trustedSigners;        // certificate files whose signatures are accepted
    QString metricsTextfile;           // the agent writes Prometheus metrics here; empty: off
    QString fleetDatabase;             // libpq URI the system agent publishes to; empty: off
    QString fleetPasswordFile;         // its password (0600, root's or the agent's); empty: libpq finds one
    // A user's opt-in: the system agent publishes this account's User log too (docs/fleet.md).
    bool fleetPublishUserEvents = false;

    friend bool operator==(const Policy&, const Policy&) = default;
};

// Every key a policy file may hold. The one table mapping these to Policy fields,
// with their validation, is in Policy.cpp.
enum class PolicyKey : quint8 {
    ExpiryWarningPercent,
    ExpiryWarningDays,
    ExpiryWarningMaxDays,
    LongExpiredDays,
    TrustAnchorWarnings,
    LogExpiryEvents,
    ShowExpiryNotifications,
    RescanInterval,
    RenotifyInterval,
    StaleBindingGrace,
    AdditionalStores,
    EventRetention,
    RequireSignedScripts,
    TrustedSigners,
    MetricsTextfile,
    FleetDatabase,
    FleetPasswordFile,
    FleetPublishUserEvents,
};

// Where an effective value came from.
enum class PolicySource : quint8 { Default, Machine, User, Enforced };
QString policySourceName(PolicySource source); // "default", "machine", "user", "enforced"

const QList<PolicyKey>& allPolicyKeys();     // in documentation order
QString policyKeyName(PolicyKey key);        // "ExpiryWarningPercent"
QString policyKeyAllowed(PolicyKey key);     // "a whole number from 1 to 99"
QString policyKeyDescription(PolicyKey key); // one line for help and `policy show`
bool isPolicyListKey(PolicyKey key);         // AdditionalStores, TrustedSigners
// Keys only the machine policy may set (FleetDatabase, FleetPasswordFile: only the
// system agent publishes); a user file's value is ignored with a problem, and
// PolicyStore::set refuses it for the user scope.
bool isMachineOnlyPolicyKey(PolicyKey key);

// Key names are matched without regard to case.
std::optional<PolicyKey> parsePolicyKey(const QString& name);
// "Foo: unknown policy key" plus "; did you mean ExpiryWarningDays?" when one is close.
QString unknownPolicyKeyMessage(const QString& name);

// Validates text and stores it in the key's field. On failure the policy is left as it
// was and *error reads `KEY: "TEXT" is not allowed: ALLOWED`. Lists are comma-separated
// (an item holding a comma is written in double quotes), as in the policy file.
bool setPolicyValue(Policy& policy, PolicyKey key, const QString& text, QString* error = nullptr);
// Copies one key's field from one policy to another.
void copyPolicyValue(Policy& to, const Policy& from, PolicyKey key);
// The canonical text of a key's value (what `policy set` writes and `policy show` prints).
QString policyValueText(const Policy& policy, PolicyKey key);
QJsonValue policyValueJson(const Policy& policy, PolicyKey key);

QString trustAnchorWarningsText(TrustAnchorWarnings value); // "never", "when-used", "always"
bool parseTrustAnchorWarnings(const QString& text, TrustAnchorWarnings* out);

// Durations as the policy writes them: "30m", "8h", "2d", "90s", or plain seconds.
std::optional<qint64> parseDuration(const QString& text);
QString formatDuration(qint64 seconds); // largest unit that divides evenly: 28800 → "8h"

// Policy lists: comma-separated, items quoted when they hold a comma, quote,
// semicolon or backslash (the form QSettings reads back as the same list).
QStringList splitPolicyList(const QString& text);
QString joinPolicyList(const QStringList& items);

} // namespace certlife
