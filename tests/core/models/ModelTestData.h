// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the model tests and the GUI tests: certificates, stores and an in-memory
// event source with fixed UTC dates. Header-only so every test executable can use it.

#include "CertFactory.h"
#include "eventlog/EventLog.h"
#include "models/EventSource.h"
#include "models/Inventory.h"
#include "x509/CertificateDecoder.h"

#include <QCryptographicHash>
#include <QTest>
#include <algorithm>
#include <atomic>

namespace certlife::test {

inline QDateTime utc(int year, int month, int day, int hour = 0, int minute = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute), Qt::UTC);
}

struct CertOptions
{
    QStringList dns;
    QString org;
    QString templateName;
    QStringList ekuOids;
    bool privateKey = false;
    QString path;
    int index = 0;
};

// A real certificate (generated and decoded as a store would) with the given dates.
inline StoredCertificate storedCert(const QString& cn, const QDateTime& notBefore, const QDateTime& notAfter,
                                    const CertOptions& options = {})
{
    CertSpec spec;
    spec.cn = cn;
    spec.dns = options.dns;
    if (!options.org.isEmpty())
        spec.extraSubject = {{QStringLiteral("O"), options.org}};
    spec.templateName = options.templateName;
    spec.ekuOids = options.ekuOids;
    spec.notBefore = notBefore;
    spec.notAfter = notAfter;
    const GeneratedCert gen = makeCertificate(spec);
    QString error;
    const std::optional<Certificate> decoded = decodeCertificateDer(gen.der, &error);
    if (!decoded)
        qFatal("test certificate did not decode: %s", qPrintable(error));
    StoredCertificate stored;
    stored.certificate = *decoded;
    stored.certificate.hasPrivateKey = options.privateKey;
    stored.path = options.path.isEmpty() ? QStringLiteral("/stores/%1.pem").arg(cn) : options.path;
    stored.index = options.index;
    if (options.privateKey)
        stored.keyPath = stored.path + QStringLiteral(".key");
    return stored;
}

inline StoreInventory storeWith(Scope scope, const QString& id, const QString& name,
                                const QList<StoredCertificate>& certificates, const QDateTime& scannedAt,
                                const QList<ScanProblem>& problems = {})
{
    StoreInventory store;
    store.config.id = id;
    store.config.displayName = name;
    store.config.scope = scope;
    store.config.kind = StoreKind::Directory;
    store.config.path = QStringLiteral("/stores/") + id;
    store.scan.storeId = id;
    store.scan.scope = scope;
    store.scan.scannedAt = scannedAt;
    store.scan.certificates = certificates;
    store.scan.problems = problems;
    return store;
}

// `count` distinct certificates made from one (its DER shared; fingerprints, names, paths
// and expiry dates of their own, expiring from 100 days ago to 600 days after `now`):
// an inventory large enough to measure without generating thousands of keys.
inline QList<StoredCertificate> manyCertificates(const StoredCertificate& model, int count, const QDateTime& now)
{
    QList<StoredCertificate> certificates;
    certificates.reserve(count);
    for (int i = 0; i < count; ++i) {
        StoredCertificate c = model;
        const QByteArray digest = QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256);
        std::copy_n(digest.constData(), c.certificate.sha256.size(), c.certificate.sha256.begin());
        std::copy_n(digest.constData(), c.certificate.sha1.size(), c.certificate.sha1.begin());
        c.certificate.subjectCN = QStringLiteral("host-%1.example").arg(i);
        c.certificate.subject = QStringLiteral("CN=") + c.certificate.subjectCN;
        c.certificate.notAfterSecs = now.toSecsSinceEpoch() + qint64((i * 7919) % 700 - 100) * 86400;
        c.certificate.notBeforeSecs = c.certificate.notAfterSecs - 398 * 86400;
        c.path = QStringLiteral("/stores/many/%1.pem").arg(c.certificate.subjectCN);
        certificates << c;
    }
    return certificates;
}

inline LifecycleEvent makeEvent(EventId id, Scope channel, const QDateTime& time, const QString& cn,
                                const QString& storeId = QStringLiteral("My"))
{
    LifecycleEvent e;
    e.id = id;
    e.channel = channel;
    e.time = time;
    e.host = QStringLiteral("host.example");
    e.account = channel == Scope::System ? QStringLiteral("root") : QStringLiteral("alice");
    e.process = QStringLiteral("certlifectl");
    e.action = QStringLiteral("detected");
    e.storeId = storeId;
    e.certificate.subjectCN = cn;
    e.certificate.subject = QStringLiteral("CN=") + cn;
    e.certificate.thumbprint =
        QString::fromLatin1(QCryptographicHash::hash(cn.toUtf8(), QCryptographicHash::Sha1).toHex().toUpper());
    e.certificate.sans = {QStringLiteral("DNS:") + cn};
    e.message = QStringLiteral("%1 %2").arg(eventName(id), cn);
    return e;
}

// Appends events to a channel's log through a connection of its own, as the agent does.
inline void writeEvents(const QString& logPath, Scope channel, QList<LifecycleEvent> events)
{
    EventLog log(logPath, channel);
    QString error;
    if (!log.open(&error) || !log.append(events, &error))
        QFAIL(qPrintable(error));
}

// Counts the events a source hands out, to show that a model reads pages, not the log.
class CountingEventSource final : public EventSource
{
public:
    explicit CountingEventSource(std::shared_ptr<const EventSource> inner) : m_inner(std::move(inner)) {}
    qint64 eventsHandedOut() const { return m_handedOut.load(); }

    EventPage fetch(const EventQuery& query) const override
    {
        EventPage page = m_inner->fetch(query);
        m_handedOut += page.events.size();
        return page;
    }
    qint64 latestRecordId(Scope channel) const override { return m_inner->latestRecordId(channel); }
    qint64 count(const EventQuery& query) const override { return m_inner->count(query); }

private:
    std::shared_ptr<const EventSource> m_inner;
    mutable std::atomic<qint64> m_handedOut{0};
};

} // namespace certlife::test
