// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/Policy.h"
#include "util/Scope.h"
#include "x509/Certificate.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace certlife {

// The one classification of a certificate (docs/lifecycle.md, "States"): what the
// console's tiles, chart and table, the CLI's tables, the reports, the metrics and the
// agent's 1002/1003 all say. The time bins do not overlap: a certificate inside the
// policy's warning threshold is Expiring even when it also has fewer than 30 days left,
// so per-bin counts add up to the total. Archived is not a time bin: a certificate
// superseded by a renewal the lifecycle engine recognised gets no more expiry warnings
// and is left out of every expiry count.
enum class ExpiryState : quint8 {
    Expired,      // notAfter has passed
    Expiring,     // remaining lifetime within the policy's warning threshold
    Within30,     // not Expiring, at most 30 days left
    Within60,     // 31–60 days left
    Within90,     // 61–90 days left
    Healthy,      // more than 90 days left
    Archived,     // superseded by a renewal (or archived by an admin's Replace): not counted
    Acknowledged, // acknowledged or muted by an admin (Acknowledgements.h), or a trust anchor
                  // nothing uses (TrustAnchorWarnings): no warnings, not counted while in force
};
inline constexpr int kExpiryStateCount = 8;
// The time bins, Expired to Healthy: what the tiles, the chart and the expiry counts show.
inline constexpr int kExpiryBinCount = 6;
inline constexpr bool isExpiryBin(ExpiryState state)
{
    return state != ExpiryState::Archived && state != ExpiryState::Acknowledged;
}

// The expiry part of a scope's policy (DESIGN.md "Policy"): when the warning window
// opens and when an expired certificate counts as long expired. Built from a Policy in
// one place (fromPolicy); every evaluation of a certificate's dates goes through it.
struct ExpiryThreshold
{
    int percent = 10;         // ExpiryWarningPercent; 0 = off
    int days = 0;             // ExpiryWarningDays; 0 = off
    int maxDays = 90;         // ExpiryWarningMaxDays: caps the percent rule; 0 = no cap
    int longExpiredDays = 90; // LongExpiredDays: expired longer sinks in the urgency order; 0 = never
    TrustAnchorWarnings trustAnchors = TrustAnchorWarnings::WhenUsed; // the system CA store (System policy)

    static ExpiryThreshold fromPolicy(const Policy& policy);
    // How long before notAfter the warning window opens (seconds, ≥ 0): the percent of
    // the lifetime (at most maxDays) or the days, whichever opens first.
    qint64 warningWindowSeconds(qint64 notBeforeSecs, qint64 notAfterSecs) const;
    QString describe() const; // "10 % of lifetime (at most 90 days)", "… or 30 days"
    friend bool operator==(const ExpiryThreshold&, const ExpiryThreshold&) = default;
};

// Each channel has its own policy (DESIGN.md): System stores are judged by the machine
// policy, User stores by the user's effective policy.
struct ExpiryThresholds
{
    ExpiryThreshold system;
    ExpiryThreshold user;

    const ExpiryThreshold& of(Scope scope) const { return scope == Scope::System ? system : user; }
    friend bool operator==(const ExpiryThresholds&, const ExpiryThresholds&) = default;
};

// The thresholds the policy files set now (PolicyStore at its default paths): the
// machine policy for System stores, the user's effective policy for User stores. The
// console, `certlifectl report` and the console's export read them.
ExpiryThresholds policyFileThresholds();

// What besides its dates decides a certificate's state. The lifecycle engine's archived
// flag (ArchivedCertificates.h) and an admin's acknowledgement or mute
// (Acknowledgements.h; an unused trust anchor counts as muted): while it is in force the
// certificate is Acknowledged, keeps its time bin in ExpiryInfo::timeBin and needs no
// attention; from acknowledgedUntil on it is judged by its dates again.
struct ExpiryStanding
{
    bool archived = false;
    std::optional<Sha256Digest> successor; // archived: the certificate that replaced it, when known
    bool acknowledged = false;
    bool muted = false;           // acknowledged by a mute of its store or issuer, or as an unused trust anchor
    qint64 acknowledgedUntil = 0; // seconds since the epoch; 0: no date (forever, or until it changes)
    QString acknowledgement;      // who, when, until, note: one line for the details and tooltips
};

// A certificate's state at a given time.
struct ExpiryInfo
{
    ExpiryState state = ExpiryState::Healthy;
    qint64 daysLeft = 0;                        // daysLeftOf(remainingSeconds)
    double lifetimeLeftPercent = 0;             // 0–100
    qint64 remainingSeconds = 0;                // notAfter − now; negative once expired
    qint64 warningWindowSeconds = 0;            // the policy's window for this certificate
    bool expired = false;                       // now is past notAfter (also for an archived certificate)
    bool longExpired = false;                   // expired for more than the policy's LongExpiredDays
    bool acknowledged = false;                  // Acknowledged (see ExpiryStanding)
    bool muted = false;                         // Acknowledged by a mute (store, issuer, trust anchor policy)
    qint64 acknowledgedUntil = 0;               // Acknowledged: when it lapses; 0: no date
    QString acknowledgement;                    // Acknowledged: who, when, until, note
    ExpiryState timeBin = ExpiryState::Healthy; // the bin of its dates alone (Archived, Acknowledged: what it would be)
    std::optional<Sha256Digest> successor;      // Archived: what replaced it, when known

    // What refreshing the state with a later clock needs to keep (archived, acknowledged).
    ExpiryStanding standing() const;

    // Expired or Expiring, and not acknowledged: the "needs attention" of the console,
    // what the agent warns about (1002/1003) and the desktop notifies.
    bool needsAttention() const
    {
        return !acknowledged && (state == ExpiryState::Expired || state == ExpiryState::Expiring);
    }
};

// Expired once now is past notAfter (notAfter is the last valid second, as the agent
// counts); Expiring inside the threshold's warning window; an archived certificate is
// Archived whatever its dates; an acknowledged one Acknowledged until acknowledgedUntil.
ExpiryInfo classifyExpiry(qint64 notBeforeSecs, qint64 notAfterSecs, qint64 nowSecs, const ExpiryThreshold& threshold,
                          const ExpiryStanding& standing = {});

// The one day count of a certificate: whole days from now to notAfter, rounded down, so
// negative once expired (−1 during the first day after notAfter, −36 during the 36th).
// The Within 30/60/90 bins are bounded by it (30 days left is Within 30), and every
// text that counts days derives its number from it (daysLeftText): the table's "Days
// left −36" and "expired 36 days ago" in the details, the CLI and the reports agree.
qint64 daysLeftOf(qint64 remainingSeconds);
// "12 days left", "less than a day left", "expired less than a day ago", "expired 36
// days ago".
QString daysLeftText(qint64 daysLeft);

QString expiryStateName(ExpiryState state); // "Expired", "Expiring", "Within 30 days", …, "Archived", "Acknowledged"
// What the console's state column says: the state, "Muted" for a mute.
QString expiryStateText(const ExpiryInfo& info);
QString expiryStateKey(ExpiryState state); // stable, for settings and options: "expired", "expiring", "30", …
bool parseExpiryStateKey(const QString& key, ExpiryState* out); // any case; "within30" for "30" too
// The console's colours for the states: models/ExpiryColors.h (Qt Gui).

} // namespace certlife
