// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/ExpiryState.h"

#include "policy/PolicyStore.h"

#include <QCoreApplication>
#include <algorithm>

namespace certlife {

namespace {
constexpr qint64 kSecondsPerDay = 86400;

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
} // namespace

ExpiryThresholds policyFileThresholds()
{
    const PolicyStore policies;
    return {ExpiryThreshold::fromPolicy(policies.effective(Scope::System).policy),
            ExpiryThreshold::fromPolicy(policies.effective(Scope::User).policy)};
}

ExpiryThreshold ExpiryThreshold::fromPolicy(const Policy& policy)
{
    return {policy.expiryWarningPercent, policy.expiryWarningDays};
}

Policy ExpiryThreshold::asPolicy() const
{
    Policy policy;
    policy.expiryWarningPercent = percent;
    policy.expiryWarningDays = days;
    return policy;
}

QString ExpiryThreshold::describe() const
{
    const QString pct = QCoreApplication::translate("ExpiryThreshold", "%1 % of lifetime").arg(percent);
    const QString d = days == 1
        ? QCoreApplication::translate("ExpiryThreshold", "1 day")
        : QCoreApplication::translate("ExpiryThreshold", "%1 days").arg(days);
    if (percent > 0 && days > 0)
        return QCoreApplication::translate("ExpiryThreshold", "%1 or %2").arg(pct, d);
    if (days > 0)
        return d;
    if (percent > 0)
        return pct;
    return QCoreApplication::translate("ExpiryThreshold", "off");
}

ExpiryInfo evaluateExpiry(qint64 notBeforeSecs, qint64 notAfterSecs, qint64 nowSecs,
                          const ExpiryEvaluator& evaluator)
{
    ExpiryInfo info;
    const qint64 remaining = notAfterSecs - nowSecs;
    info.daysLeft = floorDiv(remaining, kSecondsPerDay);
    const qint64 lifetime = notAfterSecs - notBeforeSecs;
    if (lifetime > 0)
        info.lifetimeLeftPercent = std::clamp(100.0 * double(remaining) / double(lifetime), 0.0, 100.0);
    if (remaining < 0)
        info.state = ExpiryState::Expired;
    else if (remaining <= evaluator.warningWindowSeconds(notBeforeSecs, notAfterSecs))
        info.state = ExpiryState::Expiring;
    else if (remaining <= 30 * kSecondsPerDay)
        info.state = ExpiryState::Within30;
    else if (remaining <= 60 * kSecondsPerDay)
        info.state = ExpiryState::Within60;
    else if (remaining <= 90 * kSecondsPerDay)
        info.state = ExpiryState::Within90;
    else
        info.state = ExpiryState::Healthy;
    return info;
}

QString expiryStateName(ExpiryState state)
{
    switch (state) {
    case ExpiryState::Expired: return QCoreApplication::translate("ExpiryState", "Expired");
    case ExpiryState::Expiring: return QCoreApplication::translate("ExpiryState", "Expiring");
    case ExpiryState::Within30: return QCoreApplication::translate("ExpiryState", "Within 30 days");
    case ExpiryState::Within60: return QCoreApplication::translate("ExpiryState", "Within 60 days");
    case ExpiryState::Within90: return QCoreApplication::translate("ExpiryState", "Within 90 days");
    case ExpiryState::Healthy: return QCoreApplication::translate("ExpiryState", "Healthy");
    }
    return {};
}

QString expiryStateKey(ExpiryState state)
{
    switch (state) {
    case ExpiryState::Expired: return QStringLiteral("expired");
    case ExpiryState::Expiring: return QStringLiteral("expiring");
    case ExpiryState::Within30: return QStringLiteral("30");
    case ExpiryState::Within60: return QStringLiteral("60");
    case ExpiryState::Within90: return QStringLiteral("90");
    case ExpiryState::Healthy: return QStringLiteral("healthy");
    }
    return {};
}

bool parseExpiryStateKey(const QString& key, ExpiryState* out)
{
    for (int i = 0; i < kExpiryStateCount; ++i) {
        if (expiryStateKey(ExpiryState(i)) == key) {
            *out = ExpiryState(i);
            return true;
        }
    }
    return false;
}

} // namespace certlife
