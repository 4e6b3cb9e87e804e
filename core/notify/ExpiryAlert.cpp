// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "notify/ExpiryAlert.h"

#include "models/CertificateRow.h"
#include "models/Inventory.h"
#include "util/TerminalText.h"

#include <QHash>
#include <algorithm>
#include <QSet>

namespace certlife {

namespace {

// Certificate fields are hostile: a subject may carry newlines or escape sequences
// meant to forge a second line in a notification.
QString printable(QString text)
{
    for (QChar& c : text) {
        if (isControlCharacter(c.unicode()))
            c = QChar(0xFFFD);
    }
    return text;
}

QString detailsName(const CertificateDetails& details)
{
    if (!details.subjectCN.isEmpty())
        return details.subjectCN;
    for (const QString& san : details.sans) {
        if (san.startsWith(QLatin1String("DNS:")))
            return san.mid(4);
    }
    return details.subject;
}

} // namespace

QList<ExpiryAlert> alertsFromEvents(const QList<LifecycleEvent>& events, const QList<CertificateRow>& rows)
{
    QHash<QString, QString> storeNames;
    QSet<QString> archived;     // SHA-256s the rows hold archived (renewed since the event)
    QSet<QString> acknowledged; // store key + SHA-256 of rows acknowledged or muted since the event
    for (const CertificateRow& row : rows) {
        storeNames.insert(row.storeKey(), row.storeName());
        if (row.expiry.state == ExpiryState::Archived)
            archived.insert(row.certificate().sha256Hex());
        else if (row.expiry.state == ExpiryState::Acknowledged)
            acknowledged.insert(row.storeKey() + QLatin1Char('|') + row.certificate().sha256Hex());
    }
    QList<ExpiryAlert> alerts;
    for (const LifecycleEvent& event : events) {
        if (event.id != EventId::Expired && event.id != EventId::CloseToExpiration)
            continue;
        ExpiryAlert alert;
        alert.sha256 = event.certificate.sha256.toUpper();
        alert.thumbprint = event.certificate.thumbprint.toUpper();
        alert.name = printable(detailsName(event.certificate));
        alert.scope = event.channel;
        alert.storeKey = storeKey(event.channel, event.storeId);
        alert.storeName = printable(storeNames.value(alert.storeKey, event.storeId));
        alert.kind = event.id;
        alert.notAfter = event.certificate.notAfter;
        alert.origin = ExpiryAlert::Origin::Event;
        alert.recordId = event.recordId;
        alert.observedAt = event.time;
        alert.archived =
            archived.contains(alert.sha256) || acknowledged.contains(alert.storeKey + QLatin1Char('|') + alert.sha256);
        alerts << alert;
    }
    return alerts;
}

QList<ExpiryAlert> alertsFromInventory(const QList<CertificateRow>& rows, Scope scope)
{
    QList<ExpiryAlert> alerts;
    for (const CertificateRow& row : rows) {
        if (row.scope() != scope || !row.expiry.needsAttention())
            continue; // archived (superseded by a renewal) and acknowledged ones are quiet
        const Certificate& cert = row.certificate();
        ExpiryAlert alert;
        alert.sha256 = cert.sha256Hex();
        alert.thumbprint = row.thumbprint();
        alert.name = printable(cert.displayName());
        alert.scope = row.scope();
        alert.storeKey = row.storeKey();
        alert.storeName = printable(row.storeName());
        alert.kind = row.expiry.state == ExpiryState::Expired ? EventId::Expired : EventId::CloseToExpiration;
        alert.notAfter = cert.notAfter();
        alert.origin = ExpiryAlert::Origin::Inventory;
        alerts << alert;
    }
    return alerts;
}

} // namespace certlife
