#pragma once

// Shared by the model tests and the GUI tests: certificates, stores and an in-memory
// event source with fixed UTC dates. Header-only so every test executable can use it.

#include "CertFactory.h"
#include "models/EventSource.h"
#include "models/Inventory.h"
#include "x509/CertificateDecoder.h"

#include <QCryptographicHash>
#include <QMutex>
#include <QMutexLocker>
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
    e.certificate.thumbprint = QString::fromLatin1(
        QCryptographicHash::hash(cn.toUtf8(), QCryptographicHash::Sha1).toHex().toUpper());
    e.certificate.sans = {QStringLiteral("DNS:") + cn};
    e.message = QStringLiteral("%1 %2").arg(eventName(id), cn);
    return e;
}

// The EventLog's contract in memory: record ids per channel, keyset pages newest first.
// Counts what it hands out so tests can show the model never reads everything.
class MemoryEventSource final : public EventSource
{
public:
    qint64 append(LifecycleEvent event)
    {
        QMutexLocker lock(&m_mutex);
        auto& log = m_logs[int(event.channel)];
        event.recordId = log.isEmpty() ? 1 : log.constLast().recordId + 1;
        log.append(event);
        return event.recordId;
    }
    void setError(Scope channel, const QString& error)
    {
        QMutexLocker lock(&m_mutex);
        m_errors[int(channel)] = error;
    }
    qint64 eventsHandedOut() const { return m_handedOut.load(); }

    EventPage fetch(Scope channel, const EventFilter& filter, const EventPageRequest& request) const override
    {
        QMutexLocker lock(&m_mutex);
        EventPage page;
        page.error = m_errors[int(channel)];
        if (!page.error.isEmpty())
            return page;
        const auto& log = m_logs[int(channel)];
        for (auto it = log.crbegin(); it != log.crend() && page.events.size() < request.limit; ++it) {
            if (request.beforeRecordId > 0 && it->recordId >= request.beforeRecordId)
                continue;
            if (it->recordId <= request.afterRecordId)
                break;
            if (filter.matches(*it))
                page.events.append(*it);
        }
        m_handedOut += page.events.size();
        return page;
    }
    qint64 latestRecordId(Scope channel) const override
    {
        QMutexLocker lock(&m_mutex);
        const auto& log = m_logs[int(channel)];
        return log.isEmpty() ? 0 : log.constLast().recordId;
    }
    qint64 count(Scope channel, const EventFilter& filter) const override
    {
        QMutexLocker lock(&m_mutex);
        if (!m_errors[int(channel)].isEmpty())
            return -1;
        const auto& log = m_logs[int(channel)];
        return std::count_if(log.cbegin(), log.cend(), [&](const LifecycleEvent& e) { return filter.matches(e); });
    }

private:
    mutable QMutex m_mutex;
    std::array<QList<LifecycleEvent>, 2> m_logs;
    std::array<QString, 2> m_errors;
    mutable std::atomic<qint64> m_handedOut{0};
};

} // namespace certlife::test
