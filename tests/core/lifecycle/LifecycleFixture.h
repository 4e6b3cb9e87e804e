// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the lifecycle tests: a few named certificates, stores as real directories
// changed by a tiny script ("put s1/a.pem A; link s1/live/cert.pem ../archive/cert1.pem"),
// and events written as short strings ("1001 renew s1 A->A2@live/cert.pem").

#include "CertFactory.h"
#include "StoreDirectoryReader.h"
#include "TestEnvironment.h"
#include "lifecycle/LifecycleEngine.h"
#include "lifecycle/LifecycleEvent.h"
#include "util/Clock.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <unistd.h>

namespace certlife::test {

inline QDateTime utc(int y, int m, int d, int h = 0, int min = 0, int s = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min, s), Qt::UTC);
}

// A: a.example valid 2026-01-01 → 2026-04-01 (90 days); A2, A3: its renewals (same
// subject, SANs and key type, later notAfter); Arsa: A's RSA twin; Aalt: another subject
// sharing the SAN www.a.example; B: unrelated; CA: an intermediate.
inline const QMap<QString, GeneratedCert>& namedCertificates()
{
    static const QMap<QString, GeneratedCert> certs = [] {
        const auto make = [](const QString& cn, QStringList dns, QDateTime from, QDateTime to, QByteArray serial,
                             KeyType type = KeyType::EcP256, bool ca = false) {
            CertSpec spec;
            spec.cn = cn;
            spec.dns = dns;
            spec.notBefore = from;
            spec.notAfter = to;
            spec.serialHex = serial;
            spec.keyType = type;
            spec.isCA = ca;
            spec.ekuOids = ca ? QStringList() : QStringList{QStringLiteral("serverAuth")};
            return makeCertificate(spec);
        };
        const QStringList aNames{QStringLiteral("a.example"), QStringLiteral("www.a.example")};
        QMap<QString, GeneratedCert> m;
        m.insert(QStringLiteral("A"),
                 make(QStringLiteral("a.example"), aNames, utc(2026, 1, 1), utc(2026, 4, 1), "0A01"));
        m.insert(QStringLiteral("A2"),
                 make(QStringLiteral("a.example"), aNames, utc(2026, 3, 2), utc(2026, 5, 31), "0A02"));
        m.insert(QStringLiteral("A3"),
                 make(QStringLiteral("a.example"), aNames, utc(2026, 5, 1), utc(2026, 7, 30), "0A03"));
        m.insert(QStringLiteral("Arsa"),
                 make(QStringLiteral("a.example"), aNames, utc(2026, 1, 5), utc(2026, 4, 5), "0A11", KeyType::Rsa2048));
        m.insert(QStringLiteral("Aalt"),
                 make(QStringLiteral("shop.example"), {QStringLiteral("shop.example"), QStringLiteral("www.a.example")},
                      utc(2026, 2, 1), utc(2026, 5, 1), "0A21"));
        m.insert(QStringLiteral("B"),
                 make(QStringLiteral("b.example"), {QStringLiteral("b.example")}, utc(2026, 1, 1), utc(2026, 12, 31),
                      "0B01"));
        m.insert(QStringLiteral("CA"),
                 make(QStringLiteral("Test Intermediate CA"), {}, utc(2025, 1, 1), utc(2030, 1, 1), "0C01",
                      KeyType::EcP256, true));
        return m;
    }();
    return certs;
}

class LifecycleFixture
{
public:
    explicit LifecycleFixture(const QString& root,
                              QStringList storeIds = {QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("s3")})
        : m_root(root), m_storeIds(storeIds)
    {
        QDir().mkpath(root);
    }

    QString root() const { return m_root; }
    QString path(const QString& relative) const { return m_root + QLatin1Char('/') + relative; }

    // Runs "op args; op args; …". Returns an error text, empty when every step worked.
    QString apply(const QString& script) const
    {
        for (const QString& step : script.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QStringList w = step.trimmed().split(QRegularExpression(QStringLiteral("\\s+")));
            const QString op = w.value(0);
            const QString p = path(w.value(1));
            QDir().mkpath(QFileInfo(p).path());
            bool ok = false;
            if (op == QLatin1String("put")) {
                QByteArray pem;
                for (const QString& name : w.value(2).split(QLatin1Char(',')))
                    pem += namedCertificates().value(name).pem();
                ok = !pem.isEmpty() && writeFile(p + QStringLiteral(".tmp"), pem)
                    && ::rename(qPrintable(p + ".tmp"), qPrintable(p)) == 0;
            } else if (op == QLatin1String("link")) { // as certbot does: new symlink renamed over the old
                const QString tmp = p + QStringLiteral(".new");
                ok = ::symlink(qPrintable(w.value(2)), qPrintable(tmp)) == 0
                    && ::rename(qPrintable(tmp), qPrintable(p)) == 0;
            } else if (op == QLatin1String("rm")) {
                ok = QFile::remove(p);
            } else if (op == QLatin1String("rmdir")) {
                ok = QDir(p).removeRecursively();
            } else if (op == QLatin1String("mv")) {
                QDir().mkpath(QFileInfo(path(w.value(2))).path());
                ok = ::rename(qPrintable(p), qPrintable(path(w.value(2)))) == 0;
            } else if (op == QLatin1String("garbage")) {
                ok = writeFile(p, "-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----\n");
            } else if (op == QLatin1String("chmod000")) {
                ok = QFile::setPermissions(p, {});
            }
            if (!ok)
                return QStringLiteral("step failed: %1").arg(step.trimmed());
        }
        return {};
    }

    QList<StoreScan> scan(Scope scope = Scope::User) const
    {
        QList<StoreScan> scans;
        for (const QString& id : m_storeIds)
            scans << readStoreDirectory(id, path(id), scope);
        return scans;
    }

    static QString nameOf(const QString& thumbprint)
    {
        const auto& certs = namedCertificates();
        for (auto it = certs.cbegin(); it != certs.cend(); ++it)
            if (it->thumbprint() == thumbprint)
                return it.key();
        return QStringLiteral("?") + thumbprint.left(8);
    }

    // "1001 renew s1 A->A2@live/a/cert.pem", "1003 - s1 A@a.pem"
    QString describe(const LifecycleEvent& e) const
    {
        QString text = QStringLiteral("%1 %2 %3 ")
                           .arg(int(e.id))
                           .arg(e.action.isEmpty() ? QStringLiteral("-") : e.action, e.storeId);
        if (e.oldCertificate)
            text += nameOf(e.oldCertificate->thumbprint) + QStringLiteral("->");
        const QString prefix = path(e.storeId) + QLatin1Char('/');
        const QString where =
            e.certificate.path.startsWith(prefix) ? e.certificate.path.mid(prefix.size()) : e.certificate.path;
        return text + nameOf(e.certificate.thumbprint) + QLatin1Char('@') + where;
    }
    QString describe(const QList<LifecycleEvent>& events) const
    {
        QStringList out;
        for (const LifecycleEvent& e : events)
            out << describe(e);
        return out.join(QLatin1String(" | "));
    }

private:
    QString m_root;
    QStringList m_storeIds;
};

// One test case of the engine: every core path in a temporary directory (the
// TestEnvironment comes first, before any path is used), stores s1–s3 under it, and a
// LifecycleEngine whose clock is fixed at `now`.
struct EngineFixture
{
    explicit EngineFixture(const QDateTime& now, const Policy& policy = {})
        : stores(env.path(QStringLiteral("stores"))), engine(std::make_shared<FixedClock>(now), policy)
    {}

    // One pass of the user scope over the stores as they are now: its events, described.
    QString pass() { return stores.describe(engine.process(stores.scan(), Scope::User)); }

    TestEnvironment env;
    LifecycleFixture stores;
    LifecycleEngine engine;
};

} // namespace certlife::test
