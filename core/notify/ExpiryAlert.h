// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "util/Scope.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace certlife {

class CertificateRow;

// One certificate that, by someone's judgement, needs the user's attention: a 1002/1003
// the user's agent logged, or a row the console itself finds Expired or Expiring. The
// ExpiryNotifier decides which of these become desktop notifications.
struct ExpiryAlert
{
    enum class Origin : quint8 { Event, Inventory };

    QString sha256;     // upper-case hex: the certificate's identity
    QString thumbprint; // SHA-1, upper-case hex: what the console selects it by
    QString name;       // CN, else the first DNS name, else the subject
    QString storeKey;   // storeKey(scope, id)
    QString storeName;  // the store as the console names it
    Scope scope = Scope::User;
    EventId kind = EventId::CloseToExpiration; // Expired or CloseToExpiration
    QDateTime notAfter;
    bool archived = false; // the console holds it Archived (renewed since) or Acknowledged there: never notified
    Origin origin = Origin::Inventory;
    qint64 recordId = 0;  // Event: the event's record id in its channel's log
    QDateTime observedAt; // Event: when it was logged; Inventory: invalid
};

// The alerts among a channel's events: 1002 and 1003 only, anything else is skipped.
// Store names come from `rows` when one of them is in that store; an event about a
// certificate the rows hold Archived (renewed since it was logged) is marked archived.
QList<ExpiryAlert> alertsFromEvents(const QList<LifecycleEvent>& events, const QList<CertificateRow>& rows);

// The console's own view: every row of `scope` that needs attention (Expired or
// Expiring, ExpiryInfo::needsAttention()): the one classification, so certbot's archive/
// of renewed predecessors (Archived) stays quiet, as the agent does.
QList<ExpiryAlert> alertsFromInventory(const QList<CertificateRow>& rows, Scope scope);

} // namespace certlife
