// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notify/ExpiryAlert.h"
#include "notify/NotificationLedger.h"
#include "policy/Policy.h"
#include "util/Clock.h"

#include <QList>
#include <QSet>
#include <memory>

namespace certlife {

// A desktop notification to show: the certificate as the ledger records it (notifiedAt:
// when it was decided, by the notifier's clock), and how it reads at that moment.
struct ExpiryNotification : NotificationLedger::Entry
{
    qint64 daysLeft = 0;  // whole days, rounded down; negative once expired (as the console)
    int count = 1;        // > 1: several certificates in one notification (no thumbprint)
    int expiredCount = 0; // of those, how many have expired

    QString summary() const; // "Certificate expires in 24 days", "Certificate expired"
    QString body() const;    // plain text: name, store, date, days left
    static ExpiryNotification fromEntry(const NotificationLedger::Entry& entry, const QDateTime& now);
    // One notification for many, so a first start with a dozen expired certificates
    // does not pop up a dozen bubbles. Names the most urgent ones.
    static ExpiryNotification combine(const QList<ExpiryNotification>& notifications);
};

// Decides WHAT to notify and WHEN, from alerts, the clock, the user's policy and the
// ledger of what was already notified. Pure: no files, no desktop, no event loop.
//
// - nothing while ShowExpiryNotifications is off (the ledger is left alone);
// - only certificates of the User scope, never archived ones;
// - once per certificate, again when RenotifyInterval has passed (never with 0), and
//   at once when a certificate that warned has since expired;
// - a certificate is named by its state now (a 1003 logged before notAfter that has
//   passed since reads as expired);
// - alerts from events are taken once (record id above the ledger's last one) and only
//   while they are news: logged within max(RenotifyInterval, 1 day). Give every User
//   event alert at hand, old ones included: when the newest is below the ledger's last
//   record id, the log was started afresh and the ids count from 1 again;
// - with `present` (the User scope's certificates, by SHA-256, once the inventory is
//   known) a certificate that has left every store is not notified.
class ExpiryNotifier
{
public:
    explicit ExpiryNotifier(std::shared_ptr<const Clock> clock);

    QList<ExpiryNotification> decide(const QList<ExpiryAlert>& alerts, const Policy& policy, NotificationLedger& ledger,
                                     const QSet<QString>* present = nullptr) const;

    // Forgets certificates that have left every store of the User scope (not in
    // `present`) and were last notified more than 30 days and a RenotifyInterval ago,
    // so the ledger stays small. Returns whether anything was forgotten.
    bool prune(NotificationLedger& ledger, const QSet<QString>& present, const Policy& policy) const;

private:
    std::shared_ptr<const Clock> m_clock;
};

} // namespace certlife
