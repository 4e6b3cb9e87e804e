// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/ExpiryEvaluator.h"
#include "policy/Policy.h"
#include "util/Scope.h"

#include <QDateTime>
#include <QString>

namespace certlife {

// How soon a certificate expires, in the bins the console shows. The bins do not
// overlap: a certificate inside the policy's warning threshold is Expiring even when it
// also has fewer than 30 days left, so per-state counts always add up to the total.
enum class ExpiryState : quint8 {
    Expired,   // notAfter has passed
    Expiring,  // remaining lifetime within the policy's warning threshold
    Within30,  // not Expiring, at most 30 days left
    Within60,  // 31–60 days left
    Within90,  // 61–90 days left
    Healthy,   // more than 90 days left
};
inline constexpr int kExpiryStateCount = 6;

// The policy's warning threshold (DESIGN.md "Policy"): percent of lifetime (Windows'
// default 10) and, optionally, days; whichever is reached first warns. The arithmetic
// is the ExpiryEvaluator's, so the console's "Expiring" is exactly the agent's 1003.
struct ExpiryThreshold
{
    int percent = 10; // 0 = off
    int days = 0;     // 0 = off

    static ExpiryThreshold fromPolicy(const Policy& policy);
    Policy asPolicy() const;
    QString describe() const; // "10 % of lifetime", "10 % of lifetime or 30 days"
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
// console reads them at start and again on refresh (after the Policy page saves).
ExpiryThresholds policyFileThresholds();

// What the console derives from a certificate's dates at a given time.
struct ExpiryInfo
{
    ExpiryState state = ExpiryState::Healthy;
    qint64 daysLeft = 0;            // whole days, rounded down; negative once expired
    double lifetimeLeftPercent = 0; // 0–100
};

// Expired once now is past notAfter (notAfter is the last valid second, as the agent
// counts); Expiring inside the evaluator's warning window.
ExpiryInfo evaluateExpiry(qint64 notBeforeSecs, qint64 notAfterSecs, qint64 nowSecs,
                          const ExpiryEvaluator& evaluator);

QString expiryStateName(ExpiryState state);      // "Expired", "Expiring", "Within 30 days", …
QString expiryStateKey(ExpiryState state);       // stable, for settings: "expired", "expiring", "30", …
bool parseExpiryStateKey(const QString& key, ExpiryState* out);
// The console's colours for the states: models/ExpiryColors.h (Qt Gui).

} // namespace certlife
