// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "notify/ExpiryNotifier.h"

#include <QHash>
#include <algorithm>

namespace certlife {

namespace {
constexpr qint64 kSecondsPerDay = 86400;
constexpr qint64 kKeepAbsentSeconds = 30 * kSecondsPerDay;

qint64 floorDays(qint64 seconds)
{
    return seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
}

QString dayCount(qint64 days)
{
    return days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days);
}

int severity(EventId kind)
{
    return kind == EventId::Expired ? 2 : 1;
}
} // namespace

QString ExpiryNotification::summary() const
{
    if (count > 1)
        return QStringLiteral("%1 certificates need attention").arg(count);
    if (kind == EventId::Expired)
        return QStringLiteral("Certificate expired");
    if (daysLeft <= 0)
        return QStringLiteral("Certificate expires today");
    return QStringLiteral("Certificate expires in %1").arg(dayCount(daysLeft));
}

QString ExpiryNotification::body() const
{
    if (count > 1)
        return QStringLiteral("%1 expired, %2 expiring: %3.").arg(expiredCount).arg(count - expiredCount).arg(name);
    const QString date = notAfter.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    const QString store = storeName.isEmpty() ? QString() : QStringLiteral(" (store %1)").arg(storeName);
    if (kind == EventId::Expired) {
        // The console's number (daysLeft, −1 during the first day after notAfter): "Days
        // left −36" and "36 days ago" agree.
        const qint64 ago = -daysLeft;
        return QStringLiteral("%1%2 expired on %3%4.")
            .arg(name, store, date, ago <= 1 ? QString() : QStringLiteral(", %1 ago").arg(dayCount(ago)));
    }
    return QStringLiteral("%1%2 expires on %3: %4 left.")
        .arg(name, store, date, dayCount(std::max<qint64>(0, daysLeft)));
}

ExpiryNotification ExpiryNotification::fromEntry(const NotificationLedger::Entry& entry, const QDateTime& now)
{
    ExpiryNotification n;
    static_cast<NotificationLedger::Entry&>(n) = entry;
    const qint64 remaining = now.secsTo(entry.notAfter);
    n.kind = remaining < 0 ? EventId::Expired : entry.kind;
    n.daysLeft = floorDays(remaining);
    return n;
}

ExpiryNotification ExpiryNotification::combine(const QList<ExpiryNotification>& notifications)
{
    constexpr int kNamed = 3;
    QList<ExpiryNotification> byUrgency = notifications;
    std::stable_sort(byUrgency.begin(), byUrgency.end(),
                     [](const ExpiryNotification& a, const ExpiryNotification& b) { return a.notAfter < b.notAfter; });
    ExpiryNotification combined;
    combined.count = int(byUrgency.size());
    QStringList names;
    for (const ExpiryNotification& n : std::as_const(byUrgency)) {
        combined.expiredCount += n.kind == EventId::Expired ? 1 : 0;
        if (names.size() < kNamed)
            names << n.name;
    }
    combined.name = names.join(QStringLiteral(", "));
    if (byUrgency.size() > kNamed)
        combined.name += QStringLiteral(" and %1 more").arg(byUrgency.size() - kNamed);
    combined.kind = combined.expiredCount > 0 ? EventId::Expired : EventId::CloseToExpiration;
    if (!byUrgency.isEmpty()) {
        combined.notAfter = byUrgency.constFirst().notAfter;
        combined.notifiedAt = byUrgency.constFirst().notifiedAt;
        combined.daysLeft = byUrgency.constFirst().daysLeft;
    }
    return combined;
}

ExpiryNotifier::ExpiryNotifier(std::shared_ptr<const Clock> clock) : m_clock(std::move(clock)) {}

QList<ExpiryNotification> ExpiryNotifier::decide(const QList<ExpiryAlert>& alerts, const Policy& policy,
                                                 NotificationLedger& ledger, const QSet<QString>* present) const
{
    const QDateTime now = m_clock->now();
    qint64 newestUserRecord = -1;
    for (const ExpiryAlert& alert : alerts) {
        if (alert.origin == ExpiryAlert::Origin::Event && alert.scope == Scope::User)
            newestUserRecord = std::max(newestUserRecord, alert.recordId);
    }
    // The newest User event given is older than one already seen: the log was deleted
    // and started again at record 1. Its events are new (still only while they are news).
    const qint64 lastSeenRecord =
        newestUserRecord >= 0 && newestUserRecord < ledger.lastUserRecordId ? 0 : ledger.lastUserRecordId;
    ledger.lastUserRecordId = std::max(lastSeenRecord, newestUserRecord);
    if (!policy.showExpiryNotifications)
        return {};

    const qint64 newsSeconds = std::max(policy.renotifyIntervalSeconds, kSecondsPerDay);
    // The most severe alert per certificate, in the order the alerts came.
    QList<ExpiryAlert> wanted;
    QHash<QString, qsizetype> indexOf;
    for (const ExpiryAlert& given : alerts) {
        if (given.scope != Scope::User || given.archived || given.sha256.isEmpty())
            continue;
        if (given.kind != EventId::Expired && given.kind != EventId::CloseToExpiration)
            continue;
        if (given.origin == ExpiryAlert::Origin::Event
            && (given.recordId <= lastSeenRecord || !given.observedAt.isValid()
                || given.observedAt.secsTo(now) > newsSeconds))
            continue;
        if (present && !present->contains(given.sha256))
            continue;
        ExpiryAlert alert = given;
        if (alert.notAfter.isValid() && now > alert.notAfter)
            alert.kind = EventId::Expired;
        const auto found = indexOf.constFind(alert.sha256);
        if (found == indexOf.cend()) {
            indexOf.insert(alert.sha256, wanted.size());
            wanted << alert;
        } else if (severity(alert.kind) > severity(wanted[*found].kind)) {
            wanted[*found] = alert;
        }
    }

    QList<ExpiryNotification> shown;
    for (const ExpiryAlert& alert : std::as_const(wanted)) {
        const auto previous = ledger.entries.constFind(alert.sha256);
        if (previous != ledger.entries.cend()) {
            const bool escalated = severity(alert.kind) > severity(previous->kind);
            const bool intervalPassed = policy.renotifyIntervalSeconds > 0
                && previous->notifiedAt.secsTo(now) >= policy.renotifyIntervalSeconds;
            if (!escalated && !intervalPassed)
                continue;
        }
        NotificationLedger::Entry entry{alert.sha256,    alert.thumbprint, alert.name,     alert.storeKey,
                                        alert.storeName, alert.kind,       alert.notAfter, now};
        ledger.entries.insert(alert.sha256, entry);
        shown << ExpiryNotification::fromEntry(entry, now);
    }
    return shown;
}

bool ExpiryNotifier::prune(NotificationLedger& ledger, const QSet<QString>& present, const Policy& policy) const
{
    const QDateTime now = m_clock->now();
    const qint64 keepAbsent = kKeepAbsentSeconds + std::max<qint64>(0, policy.renotifyIntervalSeconds);
    bool changed = false;
    for (auto it = ledger.entries.begin(); it != ledger.entries.end();) {
        if (!present.contains(it.key()) && it->notifiedAt.secsTo(now) > keepAbsent) {
            it = ledger.entries.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    return changed;
}

} // namespace certlife
