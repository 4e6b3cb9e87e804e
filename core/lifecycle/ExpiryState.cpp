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

QString dayCount(int days)
{
    return days == 1 ? QCoreApplication::translate("ExpiryThreshold", "1 day")
                     : QCoreApplication::translate("ExpiryThreshold", "%1 days").arg(days);
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
    return {policy.expiryWarningPercent, policy.expiryWarningDays, policy.expiryWarningMaxDays, policy.longExpiredDays,
            policy.trustAnchorWarnings};
}

qint64 ExpiryThreshold::warningWindowSeconds(qint64 notBeforeSecs, qint64 notAfterSecs) const
{
    const qint64 lifetime = qMax<qint64>(0, notAfterSecs - notBeforeSecs);
    // remaining ≤ lifetime·p/100  ⇔  remaining ≤ ⌊lifetime·p/100⌋ for whole seconds: exact.
    qint64 byPercent = lifetime / 100 * percent + lifetime % 100 * percent / 100;
    if (maxDays > 0) // a 20-year root does not warn two years ahead
        byPercent = qMin(byPercent, qint64(maxDays) * kSecondsPerDay);
    const qint64 byDays = qint64(days) * kSecondsPerDay;
    return qMax(byPercent, byDays);
}

QString ExpiryThreshold::describe() const
{
    QString pct;
    if (percent > 0) {
        pct = QCoreApplication::translate("ExpiryThreshold", "%1 % of lifetime").arg(percent);
        if (maxDays > 0)
            pct = QCoreApplication::translate("ExpiryThreshold", "%1 (at most %2)").arg(pct, dayCount(maxDays));
    }
    if (percent > 0 && days > 0)
        return QCoreApplication::translate("ExpiryThreshold", "%1 or %2").arg(pct, dayCount(days));
    if (days > 0)
        return dayCount(days);
    if (percent > 0)
        return pct;
    return QCoreApplication::translate("ExpiryThreshold", "off");
}

ExpiryInfo classifyExpiry(qint64 notBeforeSecs, qint64 notAfterSecs, qint64 nowSecs, const ExpiryThreshold& threshold,
                          const ExpiryStanding& standing)
{
    ExpiryInfo info;
    const qint64 remaining = notAfterSecs - nowSecs;
    info.remainingSeconds = remaining;
    info.daysLeft = daysLeftOf(remaining);
    const qint64 lifetime = notAfterSecs - notBeforeSecs;
    if (lifetime > 0)
        info.lifetimeLeftPercent = std::clamp(100.0 * double(remaining) / double(lifetime), 0.0, 100.0);
    info.warningWindowSeconds = threshold.warningWindowSeconds(notBeforeSecs, notAfterSecs);
    info.expired = remaining < 0;
    info.longExpired = info.expired && threshold.longExpiredDays > 0
        && -remaining > qint64(threshold.longExpiredDays) * kSecondsPerDay;
    if (remaining < 0)
        info.timeBin = ExpiryState::Expired;
    else if (remaining <= info.warningWindowSeconds)
        info.timeBin = ExpiryState::Expiring;
    else if (info.daysLeft <= 30) // the bins count the days the Days left column shows
        info.timeBin = ExpiryState::Within30;
    else if (info.daysLeft <= 60)
        info.timeBin = ExpiryState::Within60;
    else if (info.daysLeft <= 90)
        info.timeBin = ExpiryState::Within90;
    else
        info.timeBin = ExpiryState::Healthy;
    info.state = info.timeBin;
    const bool acknowledged =
        standing.acknowledged && (standing.acknowledgedUntil == 0 || nowSecs < standing.acknowledgedUntil);
    if (standing.archived) {
        info.state = ExpiryState::Archived;
        info.successor = standing.successor;
    } else if (acknowledged) {
        info.state = ExpiryState::Acknowledged;
        info.acknowledged = true;
        info.muted = standing.muted;
        info.acknowledgedUntil = standing.acknowledgedUntil;
        info.acknowledgement = standing.acknowledgement;
    }
    return info;
}

qint64 daysLeftOf(qint64 remainingSeconds)
{
    return floorDiv(remainingSeconds, kSecondsPerDay);
}

QString daysLeftText(qint64 daysLeft)
{
    if (daysLeft == 0)
        return QCoreApplication::translate("ExpiryState", "less than a day left");
    if (daysLeft == 1)
        return QCoreApplication::translate("ExpiryState", "1 day left");
    if (daysLeft > 1)
        return QCoreApplication::translate("ExpiryState", "%1 days left").arg(daysLeft);
    if (daysLeft == -1)
        return QCoreApplication::translate("ExpiryState", "expired less than a day ago");
    return QCoreApplication::translate("ExpiryState", "expired %1 days ago").arg(-daysLeft);
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
    case ExpiryState::Archived: return QCoreApplication::translate("ExpiryState", "Archived");
    case ExpiryState::Acknowledged: return QCoreApplication::translate("ExpiryState", "Acknowledged");
    }
    return {};
}

QString expiryStateText(const ExpiryInfo& info)
{
    if (info.state == ExpiryState::Acknowledged && info.muted)
        return QCoreApplication::translate("ExpiryState", "Muted");
    return expiryStateName(info.state);
}

ExpiryStanding ExpiryInfo::standing() const
{
    ExpiryStanding s;
    s.archived = state == ExpiryState::Archived;
    s.successor = successor;
    s.acknowledged = acknowledged;
    s.muted = muted;
    s.acknowledgedUntil = acknowledgedUntil;
    s.acknowledgement = acknowledgement;
    return s;
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
    case ExpiryState::Archived: return QStringLiteral("archived");
    case ExpiryState::Acknowledged: return QStringLiteral("acknowledged");
    }
    return {};
}

bool parseExpiryStateKey(const QString& key, ExpiryState* out)
{
    QString wanted = key.trimmed().toLower();
    if (wanted.startsWith(QLatin1String("within")))
        wanted = wanted.mid(6).remove(QLatin1Char('-')).remove(QLatin1Char('_')).trimmed();
    for (int i = 0; i < kExpiryStateCount; ++i) {
        if (expiryStateKey(ExpiryState(i)) == wanted) {
            *out = ExpiryState(i);
            return true;
        }
    }
    return false;
}

} // namespace certlife
