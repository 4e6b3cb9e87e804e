// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "stores/StoreCatalog.h"
#include "util/Paths.h"

#include <QAtomicInt>
#include <QDir>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestDirectoryStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryContainerKind();
    void recursionFollowsTheConfiguration();
    void certbotLiveLinksKeepTheirPath();
    void pairsKeysWithCertificatesAcrossTheStore();
    void symlinkedDirectoryLoopIsReportedOnce();
    void fileReachedByTwoNamesIsReadOnce();
    void opensslHashLinksAreNotASecondPlace();
    void systemCertificatesListEachCaOnce();
    void missingDirectoryIsMissingNotEmpty();
};

void TestDirectoryStore::readsEveryContainerKind()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    const GeneratedCert single = makeNamedCert(QStringLiteral("single.example"), "11");
    const GeneratedCert b1 = makeNamedCert(QStringLiteral("bundle-one.example"), "12");
    const GeneratedCert b2 = makeNamedCert(QStringLiteral("bundle-two.example"), "13");
    const GeneratedCert der = makeNamedCert(QStringLiteral("der.example"), "14");
    const GeneratedCert p7 = makeNamedCert(QStringLiteral("p7.example"), "15");
    const GeneratedCert modern = makeNamedCert(QStringLiteral("modern-p12.example"), "16", freshKey(KeyType::EcP256));
    const GeneratedCert legacy = makeNamedCert(QStringLiteral("legacy-p12.example"), "17", freshKey(KeyType::EcP256));
    const GeneratedCert open = makeNamedCert(QStringLiteral("open-p12.example"), "18", freshKey(KeyType::EcP256));
    const GeneratedCert emptyPass = makeNamedCert(QStringLiteral("empty-p12.example"), "19", freshKey(KeyType::EcP256));
    const GeneratedCert noMac = makeNamedCert(QStringLiteral("nomac-p12.example"), "1A", freshKey(KeyType::EcP256));

    QByteArray bundle = "Issued by the test CA\r\n" + b1.pem() + "\r\nsecond:\r\n" + b2.pem();
    bundle.replace("\n", "\r\n");
    QVERIFY(writeFile(dir + QStringLiteral("/single.pem"), single.pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/bundle.crt"), bundle));
    QVERIFY(writeFile(dir + QStringLiteral("/binary.cer"), der.der));
    QVERIFY(writeFile(dir + QStringLiteral("/chain.p7b"), makePkcs7({p7}, true)));
    QVERIFY(writeFile(dir + QStringLiteral("/chain.p7c"), makePkcs7({p7}, false)));
    QVERIFY(writeFile(dir + QStringLiteral("/modern.p12"), makePkcs12(modern, "s3cret", false)));
    QVERIFY(writeFile(dir + QStringLiteral("/legacy.pfx"), makePkcs12(legacy, "s3cret", true)));
    // A store with a password may also hold files exported without one (`openssl pkcs12
    // -export -passout pass:` writes a MAC over the empty password; -nomac none at all).
    QVERIFY(writeFile(dir + QStringLiteral("/empty.p12"), makePkcs12(emptyPass, "", false)));
    QVERIFY(writeFile(dir + QStringLiteral("/nomac.p12"), makePkcs12(noMac, {}, false, {}, true)));
    QVERIFY(writeFile(env.path(QStringLiteral("p12.pass")), "s3cret\n"));

    StoreConfig config = directoryConfig(dir);
    config.pkcs12PasswordFile = env.path(QStringLiteral("p12.pass"));
    const StoreScan scan = scanOnce(config);

    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(QLatin1Char('\n'))));
    QCOMPARE(scan.filesSeen, 9);
    QCOMPARE(scan.certificates.size(), 10);
    const auto check = [&](const GeneratedCert& gen, const QString& file, int index, bool key) {
        const StoredCertificate* found = nullptr;
        for (const StoredCertificate& c : scan.certificates)
            if (c.path == dir + QLatin1Char('/') + file && c.certificate.thumbprint() == gen.thumbprint())
                found = &c;
        QVERIFY2(found, qPrintable(file));
        QCOMPARE(found->index, index);
        QCOMPARE(found->certificate.hasPrivateKey, key);
        QCOMPARE(found->keyPath, key ? found->path : QString());
    };
    check(single, QStringLiteral("single.pem"), 0, false);
    check(b1, QStringLiteral("bundle.crt"), 0, false);
    check(b2, QStringLiteral("bundle.crt"), 1, false);
    check(der, QStringLiteral("binary.cer"), 0, false);
    check(p7, QStringLiteral("chain.p7b"), 0, false);
    check(p7, QStringLiteral("chain.p7c"), 0, false);
    check(modern, QStringLiteral("modern.p12"), 0, true);
    check(legacy, QStringLiteral("legacy.pfx"), 0, true);
    check(emptyPass, QStringLiteral("empty.p12"), 0, true);
    check(noMac, QStringLiteral("nomac.p12"), 0, true);

    // A PKCS#12 file without any password, in a store that has none configured.
    const QString openDir = env.path(QStringLiteral("open"));
    QVERIFY(writeFile(openDir + QStringLiteral("/open.p12"), makePkcs12(open, {}, false, {}, true)));
    const StoreScan openScan = scanOnce(directoryConfig(openDir));
    QVERIFY2(openScan.problems.isEmpty(), qPrintable(problemText(openScan).join(QLatin1Char('\n'))));
    QCOMPARE(openScan.certificates.size(), 1);
    QCOMPARE(openScan.certificates.first().certificate.thumbprint(), open.thumbprint());
    QVERIFY(openScan.certificates.first().certificate.hasPrivateKey);
}

void TestDirectoryStore::recursionFollowsTheConfiguration()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    QVERIFY(writeFile(dir + QStringLiteral("/top.pem"), makeNamedCert(QStringLiteral("top.example"), "21").pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/sub/deeper/low.pem"),
                      makeNamedCert(QStringLiteral("low.example"), "22").pem()));

    const StoreScan flat = scanOnce(directoryConfig(dir, false));
    QCOMPARE(certificatePaths(flat), QStringList{dir + QStringLiteral("/top.pem")});
    QVERIFY(flat.problems.isEmpty());

    const StoreScan deep = scanOnce(directoryConfig(dir, true));
    QCOMPARE(certificatePaths(deep),
             QStringList({dir + QStringLiteral("/top.pem"), dir + QStringLiteral("/sub/deeper/low.pem")}));
    QVERIFY(deep.problems.isEmpty());
}

void TestDirectoryStore::certbotLiveLinksKeepTheirPath()
{
    // certbot: live/NAME/*.pem are relative symlinks to archive/NAME/*N.pem, and a README
    // sits in live/ and live/NAME/.
    TestEnvironment env;
    const QString le = env.path(QStringLiteral("letsencrypt"));
    const TestKey siteKey = freshKey(KeyType::EcP256);
    CertSpec caSpec;
    caSpec.cn = QStringLiteral("Test Issuing CA");
    caSpec.isCA = true;
    caSpec.subjectKey = freshKey(KeyType::EcP256);
    const GeneratedCert ca = makeCertificate(caSpec);
    CertSpec leafSpec;
    leafSpec.cn = QStringLiteral("example.org");
    leafSpec.dns = {QStringLiteral("example.org")};
    leafSpec.subjectKey = siteKey;
    const GeneratedCert leaf = makeCertificate(leafSpec, &ca);

    const QString archive = le + QStringLiteral("/archive/example.org");
    QVERIFY(writeFile(archive + QStringLiteral("/cert1.pem"), leaf.pem()));
    QVERIFY(writeFile(archive + QStringLiteral("/chain1.pem"), ca.pem()));
    QVERIFY(writeFile(archive + QStringLiteral("/fullchain1.pem"), leaf.pem() + ca.pem()));
    QVERIFY(writeFile(archive + QStringLiteral("/privkey1.pem"), siteKey.pkcs8Pem()));
    const QString live = le + QStringLiteral("/live/example.org");
    QVERIFY(QDir().mkpath(live));
    for (const QString& name :
         {QStringLiteral("cert"), QStringLiteral("chain"), QStringLiteral("fullchain"), QStringLiteral("privkey")})
        QVERIFY(makeSymlink(QStringLiteral("../../archive/example.org/") + name + QStringLiteral("1.pem"),
                            live + QLatin1Char('/') + name + QStringLiteral(".pem")));
    QVERIFY(writeFile(le + QStringLiteral("/live/README"), "This directory contains your keys and certificates.\n"));
    QVERIFY(writeFile(live + QStringLiteral("/README"), "`[cert name]/privkey.pem`  : the private key\n"));

    const StoreScan scan = scanOnce(directoryConfig(le + QStringLiteral("/live"), true));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(QLatin1Char('\n'))));
    QCOMPARE(certificatePaths(scan),
             QStringList({live + QStringLiteral("/cert.pem"), live + QStringLiteral("/chain.pem"),
                          live + QStringLiteral("/fullchain.pem"), live + QStringLiteral("/fullchain.pem")}));
    const StoredCertificate& cert = scan.certificates.at(0);
    QCOMPARE(cert.certificate.thumbprint(), leaf.thumbprint());
    QVERIFY(cert.certificate.hasPrivateKey);
    QCOMPARE(cert.keyPath, live + QStringLiteral("/privkey.pem"));
    QVERIFY(!scan.certificates.at(1).certificate.hasPrivateKey); // the CA's key is not here
    QCOMPARE(scan.certificates.at(3).index, 1);
}

void TestDirectoryStore::pairsKeysWithCertificatesAcrossTheStore()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    const TestKey webKey = freshKey(KeyType::EcP256);
    const TestKey mailKey = freshKey(KeyType::Rsa2048);
    const GeneratedCert web = makeNamedCert(QStringLiteral("web.example"), "31", webKey);
    const GeneratedCert mail = makeNamedCert(QStringLiteral("mail.example"), "32", mailKey);
    const GeneratedCert lonely = makeNamedCert(QStringLiteral("lonely.example"), "33", freshKey(KeyType::EcP256));
    QVERIFY(writeFile(dir + QStringLiteral("/certs/web.pem"), web.pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/certs/mail.pem"), mail.pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/certs/lonely.pem"), lonely.pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/private/web.key"), webKey.traditionalPem()));
    QVERIFY(writeFile(dir + QStringLiteral("/private/mail.der"), mailKey.pkcs8Der())); // DER PKCS#8: by content

    const StoreScan scan = scanOnce(directoryConfig(dir, true));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(QLatin1Char('\n'))));
    QCOMPARE(scan.certificates.size(), 3);
    const StoredCertificate* w = findByThumbprint(scan, web.thumbprint());
    const StoredCertificate* m = findByThumbprint(scan, mail.thumbprint());
    const StoredCertificate* l = findByThumbprint(scan, lonely.thumbprint());
    QVERIFY(w && m && l);
    QVERIFY(w->certificate.hasPrivateKey);
    QCOMPARE(w->keyPath, dir + QStringLiteral("/private/web.key"));
    QVERIFY(m->certificate.hasPrivateKey);
    QCOMPARE(m->keyPath, dir + QStringLiteral("/private/mail.der"));
    QVERIFY(!l->certificate.hasPrivateKey);
    QVERIFY(l->keyPath.isEmpty());

    // Without recursion the keys in private/ are not part of the store.
    const StoreScan flat = scanOnce(directoryConfig(dir + QStringLiteral("/certs"), true));
    QVERIFY(!findByThumbprint(flat, web.thumbprint())->certificate.hasPrivateKey);
}

void TestDirectoryStore::symlinkedDirectoryLoopIsReportedOnce()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    QVERIFY(writeFile(dir + QStringLiteral("/sub/a.pem"), makeNamedCert(QStringLiteral("a.example"), "41").pem()));
    QVERIFY(makeSymlink(QStringLiteral(".."), dir + QStringLiteral("/sub/up")));

    const StoreScan scan = scanOnce(directoryConfig(dir, true));
    QCOMPARE(certificatePaths(scan), QStringList{dir + QStringLiteral("/sub/a.pem")});
    QCOMPARE(scan.problems.size(), 1);
    QCOMPARE(scan.problems.first().path, dir + QStringLiteral("/sub/up"));
    QVERIFY2(scan.problems.first().error.startsWith(QStringLiteral("symlink loop")),
             qPrintable(scan.problems.first().error));
    QVERIFY(scan.problems.first().error.contains(dir)); // names where it leads back to
}

void TestDirectoryStore::fileReachedByTwoNamesIsReadOnce()
{
    // Two names of one file (not an OpenSSL hash link: those are left out, below).
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    const GeneratedCert ca = makeNamedCert(QStringLiteral("Root CA"), "51");
    QVERIFY(writeFile(dir + QStringLiteral("/Root_CA.pem"), ca.pem()));
    QVERIFY(makeSymlink(QStringLiteral("Root_CA.pem"), dir + QStringLiteral("/3513523f.pem")));

    QAtomicInt reads;
    ScanOptions options;
    options.readFile = [&reads](const QByteArray& path, qint64 max, QByteArray* content, FileStamp* stamp,
                                QString* error) {
        reads.fetchAndAddRelaxed(1);
        return readRegularFile(path, max, content, stamp, error);
    };
    const StoreScan scan = scanOnce(directoryConfig(dir), options);
    QCOMPARE(certificatePaths(scan),
             QStringList({dir + QStringLiteral("/3513523f.pem"), dir + QStringLiteral("/Root_CA.pem")}));
    QCOMPARE(scan.certificates.at(0).certificate.thumbprint(), ca.thumbprint());
    QCOMPARE(scan.certificates.at(1).certificate.thumbprint(), ca.thumbprint());
    QCOMPARE(reads.loadRelaxed(), 1);
    QCOMPARE(scan.filesParsed, 2);
}

void TestDirectoryStore::opensslHashLinksAreNotASecondPlace()
{
    // `openssl rehash` names: HASH.N for certificates, HASH.rN for CRLs. A hash link to a
    // file the store lists anyway is an index entry, not a second place of the
    // certificate; a hash name that is the only way to a certificate stays.
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    QVERIFY(QDir().mkpath(dir));
    const GeneratedCert root = makeNamedCert(QStringLiteral("Root CA"), "61");
    const GeneratedCert outside = makeNamedCert(QStringLiteral("Outside CA"), "62");
    const GeneratedCert copy = makeNamedCert(QStringLiteral("Copied CA"), "63");
    QVERIFY(writeFile(dir + QStringLiteral("/Root_CA.pem"), root.pem()));
    QVERIFY(makeSymlink(QStringLiteral("Root_CA.pem"), dir + QStringLiteral("/3513523f.0")));
    QVERIFY(makeSymlink(QStringLiteral("Root_CA.pem"), dir + QStringLiteral("/3513523f.1")));
    QVERIFY(makeSymlink(QStringLiteral("3513523f.0"), dir + QStringLiteral("/3513523f.r0"))); // a link to a link
    QVERIFY(writeFile(env.path(QStringLiteral("elsewhere/Outside_CA.pem")), outside.pem()));
    QVERIFY(makeSymlink(QStringLiteral("../elsewhere/Outside_CA.pem"), dir + QStringLiteral("/0a1b2c3d.0")));
    QVERIFY(writeFile(dir + QStringLiteral("/deadbeef.0"), copy.pem()));                      // a copy, not a link
    QVERIFY(makeSymlink(QStringLiteral("Root_CA.pem"), dir + QStringLiteral("/3513523F.0"))); // not a hash name

    const StoreScan scan = scanOnce(directoryConfig(dir));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(u'\n')));
    QCOMPARE(certificatePaths(scan),
             QStringList({dir + QStringLiteral("/0a1b2c3d.0"), dir + QStringLiteral("/3513523F.0"),
                          dir + QStringLiteral("/Root_CA.pem"), dir + QStringLiteral("/deadbeef.0")}));

    // In a recursive store the target may be in another directory of the store.
    QVERIFY(writeFile(env.path(QStringLiteral("tree/sub/Root_CA.pem")), root.pem()));
    QVERIFY(makeSymlink(QStringLiteral("sub/Root_CA.pem"), env.path(QStringLiteral("tree/3513523f.0"))));
    const StoreScan tree = scanOnce(directoryConfig(env.path(QStringLiteral("tree")), true));
    QCOMPARE(certificatePaths(tree), QStringList({env.path(QStringLiteral("tree/sub/Root_CA.pem"))}));
}

void TestDirectoryStore::systemCertificatesListEachCaOnce()
{
    // Debian's /etc/ssl/certs: NAME.pem links to /usr/share/ca-certificates, a hash link
    // to NAME.pem, and ca-certificates.crt, the bundle of them all. The built-in store
    // lists each CA once, at NAME.pem.
    TestEnvironment env; // CERTLIFE_SYSTEM_CERTS_DIR: a temporary directory
    const QString dir = Paths::systemCertificatesDir();
    QVERIFY(QDir().mkpath(dir));
    const GeneratedCert a = makeNamedCert(QStringLiteral("Alpha Root"), "71");
    const GeneratedCert b = makeNamedCert(QStringLiteral("Beta Root"), "72");
    QVERIFY(writeFile(env.path(QStringLiteral("share/Alpha_Root.crt")), a.pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("share/Beta_Root.crt")), b.pem()));
    QVERIFY(makeSymlink(env.path(QStringLiteral("share/Alpha_Root.crt")), dir + QStringLiteral("/Alpha_Root.pem")));
    QVERIFY(makeSymlink(env.path(QStringLiteral("share/Beta_Root.crt")), dir + QStringLiteral("/Beta_Root.pem")));
    QVERIFY(makeSymlink(QStringLiteral("Alpha_Root.pem"), dir + QStringLiteral("/1a2b3c4d.0")));
    QVERIFY(makeSymlink(QStringLiteral("Beta_Root.pem"), dir + QStringLiteral("/5e6f7a8b.0")));
    QVERIFY(writeFile(dir + QStringLiteral("/ca-certificates.crt"), a.pem() + b.pem()));

    StoreConfig system;
    for (const StoreConfig& c : StoreCatalog::builtInStores())
        if (c.id == QLatin1String("ssl-certs"))
            system = c;
    QCOMPARE(system.path, dir);
    const StoreScan scan = scanOnce(system);
    QCOMPARE(certificatePaths(scan),
             QStringList({dir + QStringLiteral("/Alpha_Root.pem"), dir + QStringLiteral("/Beta_Root.pem")}));

    // Any other directory store lists a bundle as it is: nothing says it was generated.
    QCOMPARE(scanOnce(directoryConfig(dir)).certificates.size(), 4);

    // Where the directory holds only the bundle (Fedora's /etc/pki/tls/certs), it is the
    // store's only place for those CAs and is listed.
    for (const QString& name : {QStringLiteral("Alpha_Root.pem"), QStringLiteral("Beta_Root.pem"),
                                QStringLiteral("1a2b3c4d.0"), QStringLiteral("5e6f7a8b.0")})
        QVERIFY(QFile::remove(dir + QLatin1Char('/') + name));
    const StoreScan bundleOnly = scanOnce(system);
    QCOMPARE(certificatePaths(bundleOnly),
             QStringList({dir + QStringLiteral("/ca-certificates.crt"), dir + QStringLiteral("/ca-certificates.crt")}));
}

void TestDirectoryStore::missingDirectoryIsMissingNotEmpty()
{
    TestEnvironment env;
    const StoreScan missing = scanOnce(directoryConfig(env.path(QStringLiteral("nowhere"))));
    QVERIFY(missing.storeMissing);
    QCOMPARE(missing.problems.size(), 1);
    QCOMPARE(missing.problems.first().path, env.path(QStringLiteral("nowhere")));
    QVERIFY(missing.problems.first().error.contains(QStringLiteral("does not exist")));

    QVERIFY(QDir().mkpath(env.path(QStringLiteral("empty"))));
    const StoreScan empty = scanOnce(directoryConfig(env.path(QStringLiteral("empty"))));
    QVERIFY(!empty.storeMissing);
    QVERIFY(empty.problems.isEmpty());
    QVERIFY(empty.certificates.isEmpty());
}

QTEST_GUILESS_MAIN(TestDirectoryStore)
#include "TestDirectoryStore.moc"
