// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Generated lifecycle events with fixed times and every field filled, shared by the
// EventLog tests, the events CLI test and the benchmark. Header-only on purpose: each
// test executable includes it.

#include "lifecycle/LifecycleEvent.h"

#include <QCryptographicHash>
#include <QDateTime>

namespace certlife::test {

inline QDateTime fixtureTime(qint64 secondsAfterBase = 0)
{
    return QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(secondsAfterBase);
}

inline QString fixtureHex(const QByteArray& seed, QCryptographicHash::Algorithm algorithm)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed, algorithm).toHex().toUpper());
}

// Certificate number n: host<n>.example.org, deterministic hashes and dates.
inline CertificateDetails fixtureCertificate(int n, const QString& domain = QStringLiteral("example.org"))
{
    const QByteArray seed = "certificate-" + QByteArray::number(n) + domain.toUtf8();
    CertificateDetails c;
    c.thumbprint = fixtureHex(seed, QCryptographicHash::Sha1);
    c.sha256 = fixtureHex(seed, QCryptographicHash::Sha256);
    c.subjectCN = QStringLiteral("host%1.%2").arg(n).arg(domain);
    c.subject = QStringLiteral("CN=%1,O=Example Org %2").arg(c.subjectCN).arg(n % 7);
    c.issuer = QStringLiteral("CN=Example Issuing CA %1,O=Example Org").arg(n % 3);
    c.templateName = n % 4 == 0 ? QStringLiteral("WebServer") : QString();
    c.sans = {QStringLiteral("DNS:%1").arg(c.subjectCN), QStringLiteral("DNS:alt%1.%2").arg(n).arg(domain)};
    c.ekus = {{QStringLiteral("1.3.6.1.5.5.7.3.1"), QStringLiteral("TLS Web Server Authentication")}};
    c.notBefore = fixtureTime(-86400LL * (n % 300));
    c.notAfter = c.notBefore.addDays(90);
    c.path = QStringLiteral("/etc/ssl/site%1/cert.pem").arg(n);
    return c;
}

inline QString fixtureAction(EventId id)
{
    switch (id) {
    case EventId::Replace: return Action::Renew;
    case EventId::Expired:
    case EventId::CloseToExpiration: return Action::Expire;
    case EventId::Deleted: return Action::Delete;
    case EventId::Archived: return Action::Archive;
    case EventId::New: return Action::Detected;
    case EventId::Exported: return Action::Export;
    case EventId::Acknowledged: return Action::Acknowledge;
    case EventId::AcknowledgementRemoved: return Action::Unacknowledge;
    case EventId::StaleBinding:
    case EventId::BindingCurrent: return {}; // the agent's own finding, no store action
    }
    return {};
}

// An event with every field set: old certificate for Replace, remaining lifetime for
// Expired/CloseToExpiration.
inline LifecycleEvent fixtureEvent(EventId id, int certificate, const QString& store, const QDateTime& time)
{
    LifecycleEvent e;
    e.id = id;
    e.time = time;
    e.host = QStringLiteral("host.test");
    e.account = QStringLiteral("certlife");
    e.process = QStringLiteral("certlifectl[42]");
    e.action = fixtureAction(id);
    e.storeId = store;
    e.certificate = fixtureCertificate(certificate);
    if (id == EventId::Replace)
        e.oldCertificate = fixtureCertificate(certificate, QStringLiteral("old.example.net"));
    if (id == EventId::Expired)
        e.remainingSeconds = -3600;
    if (id == EventId::CloseToExpiration)
        e.remainingSeconds = 86400LL * 5;
    e.message = QStringLiteral("%1 %2 in %3").arg(eventName(id), e.certificate.subjectCN, store);
    return e;
}

} // namespace certlife::test
