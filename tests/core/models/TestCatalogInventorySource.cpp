// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ModelTestData.h"
#include "TestEnvironment.h"
#include "models/CatalogInventorySource.h"
#include "endpoints/Endpoint.h"
#include "models/InventoryCache.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The console's real inventory: the default stores of a temporary system and user, read
// with the Scanner, remembered in the console's inventory cache.
class TestCatalogInventorySource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void cacheRoundTripsEveryField();
    void aDamagedCacheReadsAsEmptyWithAReason();
    void endpointProbesSurviveTheCache();
    void scansTheDefaultStoresAndRemembersThem();
    void addsValidatesAndRemovesUserStores();

private:
    static const StoreInventory* find(const Inventory& inventory, const QString& key);

    std::unique_ptr<TestEnvironment> m_env;
    std::shared_ptr<FixedClock> m_clock;
};

void TestCatalogInventorySource::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_clock = std::make_shared<FixedClock>(utc(2026, 3, 1, 12));
}

void TestCatalogInventorySource::cleanup()
{
    m_env.reset();
}

const StoreInventory* TestCatalogInventorySource::find(const Inventory& inventory, const QString& key)
{
    for (const StoreInventory& store : inventory) {
        if (store.key() == key)
            return &store;
    }
    return nullptr;
}

void TestCatalogInventorySource::cacheRoundTripsEveryField()
{
    CertOptions options;
    options.dns = {QStringLiteral("a.example"), QStringLiteral("b.example")};
    options.templateName = QStringLiteral("WebServer");
    options.ekuOids = {QStringLiteral("serverAuth"), QStringLiteral("clientAuth")};
    options.privateKey = true;
    options.index = 2;
    StoreInventory store =
        storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web"),
                  {storedCert(QStringLiteral("a.example"), utc(2026, 1, 1), utc(2026, 6, 1), options)},
                  utc(2026, 3, 1, 11), {{QStringLiteral("/x/bad.pem"), QStringLiteral("bad base64")}});
    store.config.readOnly = true;
    store.config.recursive = true;
    store.scan.storeMissing = false;
    StoreInventory gone = storeWith(Scope::User, QStringLiteral("gone"), QString(), {}, utc(2026, 3, 1, 11));
    gone.scan.storeMissing = true;

    const QString file = m_env->path(QStringLiteral("inventory.bin"));
    QString error;
    QVERIFY2(InventoryCache::save(file, {store, gone}, &error), qPrintable(error));
    QVERIFY(QFile::permissions(file) == (QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser));
    const Inventory loaded = InventoryCache::load(file, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(loaded.size(), 2);
    const StoreInventory& s = loaded[0];
    QCOMPARE(s.key(), QStringLiteral("system/web"));
    QCOMPARE(s.displayName(), QStringLiteral("Web"));
    QVERIFY(s.config.readOnly && s.config.recursive);
    QCOMPARE(s.scan.scannedAt, utc(2026, 3, 1, 11));
    QCOMPARE(s.scan.problems.size(), 1);
    QCOMPARE(s.scan.problems[0].error, QStringLiteral("bad base64"));
    QCOMPARE(s.scan.certificates.size(), 1);
    const StoredCertificate& a = store.scan.certificates[0];
    const StoredCertificate& b = s.scan.certificates[0];
    QCOMPARE(b.path, a.path);
    QCOMPARE(b.index, 2);
    QCOMPARE(b.keyPath, a.keyPath);
    const Certificate& x = a.certificate;
    const Certificate& y = b.certificate;
    QCOMPARE(y.der, x.der);
    QCOMPARE(y.thumbprint(), x.thumbprint());
    QCOMPARE(y.sha256Hex(), x.sha256Hex());
    QVERIFY(y.spkiSha256 == x.spkiSha256);
    QCOMPARE(y.subject, x.subject);
    QCOMPARE(y.issuer, x.issuer);
    QCOMPARE(y.serialHex, x.serialHex);
    QCOMPARE(y.notBefore(), x.notBefore());
    QCOMPARE(y.notAfter(), x.notAfter());
    QCOMPARE(y.sans, x.sans);
    QCOMPARE(y.ekus, x.ekus);
    QCOMPARE(y.keyUsage, x.keyUsage);
    QCOMPARE(y.keyAlgorithm, x.keyAlgorithm);
    QCOMPARE(y.keyBits, x.keyBits);
    QCOMPARE(y.templateName, QStringLiteral("WebServer"));
    QVERIFY(y.hasPrivateKey);
    QVERIFY(loaded[1].scan.storeMissing);
}

void TestCatalogInventorySource::endpointProbesSurviveTheCache()
{
    // An endpoint store: one address served a leaf and its issuer, one refused.
    StoredCertificate leaf = storedCert(QStringLiteral("www.example.org"), utc(2026, 1, 1), utc(2026, 2, 1));
    StoredCertificate issuer = storedCert(QStringLiteral("Example CA"), utc(2025, 1, 1), utc(2030, 1, 1));
    leaf.path = issuer.path = QStringLiteral("www.example.org:443 [192.0.2.1]");
    issuer.index = 1;
    StoreInventory store =
        storeWith(Scope::User, QStringLiteral("web"), QStringLiteral("Web"), {issuer, leaf}, utc(2026, 3, 1, 11),
                  {{QStringLiteral("www.example.org:443 [192.0.2.2]"), QStringLiteral("connection refused")}});
    store.config.kind = StoreKind::TlsEndpoint;
    store.config.path = QStringLiteral("www.example.org:443");
    ProbeResult served;
    QVERIFY(parseEndpoint(QStringLiteral("www.example.org:443"), &served.endpoint).isEmpty());
    served.endpoint.sni = QStringLiteral("www.example.org");
    served.endpoint.startTls = StartTls::Smtp;
    served.address = QStringLiteral("192.0.2.1");
    served.protocol = QStringLiteral("TLSv1.3");
    served.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    served.chain = {leaf.certificate, issuer.certificate};
    served.findings = {{FindingKind::Expired, QStringLiteral("the served certificate expired on 2026-02-01")},
                       {FindingKind::Protocol, served.protocol}};
    served.elapsedMs = 12;
    ProbeResult refused = served;
    refused.address = QStringLiteral("192.0.2.2");
    refused.failure = ProbeFailure::Refused;
    refused.error = QStringLiteral("connection refused");
    refused.protocol.clear();
    refused.cipher.clear();
    refused.chain.clear();
    refused.findings = {{FindingKind::HandshakeError, refused.error}};
    store.scan.endpointProbes = {served, refused};

    const QString file = m_env->path(QStringLiteral("inventory.bin"));
    QString error;
    QVERIFY2(InventoryCache::save(file, {store}, &error), qPrintable(error));
    const Inventory loaded = InventoryCache::load(file, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(loaded.size(), 1);
    const QList<ProbeResult>& probes = loaded[0].scan.endpointProbes;
    QCOMPARE(probes.size(), 2);
    const ProbeResult& a = probes[0];
    QCOMPARE(a.endpoint.hostPort(), QStringLiteral("www.example.org:443"));
    QCOMPARE(a.endpoint.sni, QStringLiteral("www.example.org"));
    QCOMPARE(a.endpoint.startTls, StartTls::Smtp);
    QCOMPARE(a.address, QStringLiteral("192.0.2.1"));
    QVERIFY(a.handshakeSucceeded());
    QCOMPARE(a.protocol, QStringLiteral("TLSv1.3"));
    QCOMPARE(a.cipher, QStringLiteral("TLS_AES_256_GCM_SHA384"));
    QCOMPARE(a.elapsedMs, 12);
    QCOMPARE(a.findings.size(), 2);
    QCOMPARE(a.findings[0].kind, FindingKind::Expired);
    QCOMPARE(a.findings[0].detail, served.findings[0].detail);
    // The chain comes back from the store's certificates at the address, leaf first.
    QCOMPARE(a.chain.size(), 2);
    QCOMPARE(a.chain[0].sha256Hex(), leaf.certificate.sha256Hex());
    QCOMPARE(a.chain[1].sha256Hex(), issuer.certificate.sha256Hex());
    const ProbeResult& b = probes[1];
    QCOMPARE(b.failure, ProbeFailure::Refused);
    QCOMPARE(b.error, QStringLiteral("connection refused"));
    QVERIFY(b.chain.isEmpty());
    QCOMPARE(b.findings.value(0).kind, FindingKind::HandshakeError);
}

void TestCatalogInventorySource::aDamagedCacheReadsAsEmptyWithAReason()
{
    const QString file = m_env->path(QStringLiteral("inventory.bin"));
    QString error;
    QVERIFY(InventoryCache::save(
        file,
        {storeWith(Scope::User, QStringLiteral("My"), QString(),
                   {storedCert(QStringLiteral("c.example"), utc(2026, 1, 1), utc(2026, 6, 1))}, utc(2026, 3, 1))},
        &error));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.resize(f.size() / 2); // cut in the middle of a certificate
    f.close();
    QVERIFY(InventoryCache::load(file, &error).isEmpty());
    QVERIFY2(error.contains(file) && error.contains(QStringLiteral("damaged")), qPrintable(error));

    QVERIFY(writeFile(file, "not an inventory at all"));
    error.clear();
    QVERIFY(InventoryCache::load(file, &error).isEmpty());
    QVERIFY(error.contains(file));

    error.clear();
    QVERIFY(InventoryCache::load(m_env->path(QStringLiteral("missing.bin")), &error).isEmpty());
    QVERIFY(error.isEmpty()); // nothing cached yet is not a problem
}

void TestCatalogInventorySource::scansTheDefaultStoresAndRemembersThem()
{
    // The user's My store and the system certificate directory, as on a fresh machine.
    const QString my = Paths::defaultMyStore(Scope::User);
    QVERIFY(QDir().mkpath(my));
    CertSpec mine;
    mine.cn = QStringLiteral("alice.example");
    QVERIFY(writeFile(my + QStringLiteral("/alice.pem"), makeCertificate(mine).pem()));
    QVERIFY(
        writeFile(my + QStringLiteral("/broken.pem"), "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"));
    CertSpec root;
    root.cn = QStringLiteral("Example Root");
    root.isCA = true;
    QVERIFY(writeFile(Paths::systemCertificatesDir() + QStringLiteral("/root.pem"), makeCertificate(root).pem()));

    const QString cacheFile = m_env->path(QStringLiteral("state/console-inventory.bin"));
    CatalogInventorySource source(m_clock, cacheFile);
    const Inventory before = QCoro::waitFor(source.loadCached());
    const StoreInventory* userMy = find(before, QStringLiteral("user/My"));
    QVERIFY(userMy);
    QVERIFY(!userMy->hasBeenScanned()); // nothing cached yet
    QVERIFY(find(before, QStringLiteral("system/ssl-certs")));

    QList<ScanProgress> progress;
    const Inventory scanned = QCoro::waitFor(source.scan([&](const ScanProgress& p) { progress << p; }));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().storesDone, int(scanned.size()));
    userMy = find(scanned, QStringLiteral("user/My"));
    QVERIFY(userMy && userMy->hasBeenScanned());
    QCOMPARE(userMy->scan.scannedAt, m_clock->now());
    QCOMPARE(userMy->scan.certificates.size(), 1);
    QCOMPARE(userMy->scan.certificates[0].certificate.subjectCN, QStringLiteral("alice.example"));
    QCOMPARE(userMy->scan.problems.size(), 1);
    QVERIFY(userMy->scan.problems[0].path.endsWith(QStringLiteral("broken.pem")));
    const StoreInventory* system = find(scanned, QStringLiteral("system/ssl-certs"));
    QVERIFY(system && system->config.readOnly);
    QCOMPARE(system->scan.certificates.size(), 1);
    QVERIFY(source.watchedPaths().contains(my));
    QVERIFY(QFile::exists(cacheFile));

    // Another console starts: it shows the same certificates before scanning anything.
    QVERIFY(QFile::remove(my + QStringLiteral("/alice.pem")));
    CatalogInventorySource next(m_clock, cacheFile);
    const Inventory cached = QCoro::waitFor(next.loadCached());
    userMy = find(cached, QStringLiteral("user/My"));
    QVERIFY(userMy && userMy->hasBeenScanned());
    QCOMPARE(userMy->scan.certificates.size(), 1);
    QCOMPARE(userMy->scan.certificates[0].certificate.subjectCN, QStringLiteral("alice.example"));
}

void TestCatalogInventorySource::addsValidatesAndRemovesUserStores()
{
    CatalogInventorySource source(m_clock, m_env->path(QStringLiteral("inventory.bin")));
    QCoro::waitFor(source.loadCached());
    QVERIFY(source.canModify(Scope::User));

    const QString dir = m_env->path(QStringLiteral("nginx"));
    QVERIFY(QDir().mkpath(dir));
    StoreConfig config;
    config.id = QStringLiteral("nginx");
    config.scope = Scope::User;
    config.path = dir;
    QCOMPARE(source.validateStore(config), QString());
    QCOMPARE(source.addStore(config), QString());
    const Inventory after = QCoro::waitFor(source.loadCached());
    QVERIFY(find(after, QStringLiteral("user/nginx")));

    // The same id again is refused, with the id named; so is a path that does not exist.
    QVERIFY(source.validateStore(config).contains(QStringLiteral("nginx")));
    StoreConfig missing = config;
    missing.id = QStringLiteral("other");
    missing.path = m_env->path(QStringLiteral("does-not-exist"));
    QVERIFY(!source.validateStore(missing).isEmpty());

    QCOMPARE(source.removeStore(Scope::User, QStringLiteral("nginx")), QString());
    QVERIFY(!find(QCoro::waitFor(source.loadCached()), QStringLiteral("user/nginx")));
}

QTEST_GUILESS_MAIN(TestCatalogInventorySource)
#include "TestCatalogInventorySource.moc"
