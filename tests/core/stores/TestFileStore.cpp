// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "x509/CertificateParser.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestFileStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryCertificateOfABundle();
    void symlinkToTheBundleKeepsTheLinkPath();
    void missingFileIsMissing();
    void directoryWhereAFileBelongsIsAProblem();
    void largeBundleOnSeveralThreadsEqualsOnePass();

private:
    static StoreConfig fileConfig(const QString& path)
    {
        StoreConfig c;
        c.id = QStringLiteral("bundle");
        c.kind = StoreKind::File;
        c.path = path;
        return c;
    }
};

void TestFileStore::readsEveryCertificateOfABundle()
{
    TestEnvironment env;
    QList<GeneratedCert> certs;
    QByteArray bundle;
    for (int i = 0; i < 3; ++i) {
        certs.append(makeNamedCert(QStringLiteral("ca-%1.example").arg(i), QByteArray::number(0x60 + i, 16)));
        bundle += "# certificate " + QByteArray::number(i) + "\n" + certs.last().pem();
    }
    const QString file = env.path(QStringLiteral("ca-certificates.crt"));
    QVERIFY(writeFile(file, bundle));

    const StoreScan scan = scanOnce(fileConfig(file));
    QVERIFY(scan.problems.isEmpty());
    QVERIFY(!scan.storeMissing);
    QCOMPARE(scan.filesSeen, 1);
    QCOMPARE(scan.certificates.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(scan.certificates.at(i).path, file);
        QCOMPARE(scan.certificates.at(i).index, i);
        QCOMPARE(scan.certificates.at(i).certificate.thumbprint(), certs.at(i).thumbprint());
    }
}

void TestFileStore::symlinkToTheBundleKeepsTheLinkPath()
{
    TestEnvironment env;
    const GeneratedCert cert = makeNamedCert(QStringLiteral("linked.example"), "71");
    QVERIFY(writeFile(env.path(QStringLiteral("real/bundle.pem")), cert.pem()));
    QVERIFY(makeSymlink(env.path(QStringLiteral("real/bundle.pem")), env.path(QStringLiteral("current.pem"))));

    const StoreScan scan = scanOnce(fileConfig(env.path(QStringLiteral("current.pem"))));
    QCOMPARE(certificatePaths(scan), QStringList{env.path(QStringLiteral("current.pem"))});
}

void TestFileStore::missingFileIsMissing()
{
    TestEnvironment env;
    const StoreScan scan = scanOnce(fileConfig(env.path(QStringLiteral("gone.pem"))));
    QVERIFY(scan.storeMissing);
    QCOMPARE(scan.problems.size(), 1);
    QCOMPARE(scan.problems.first().path, env.path(QStringLiteral("gone.pem")));
    QVERIFY(scan.certificates.isEmpty());
}

void TestFileStore::directoryWhereAFileBelongsIsAProblem()
{
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("a-directory"))));
    const StoreScan scan = scanOnce(fileConfig(env.path(QStringLiteral("a-directory"))));
    QVERIFY(!scan.storeMissing);
    QCOMPARE(scan.problems.size(), 1);
    QVERIFY2(scan.problems.first().error.contains(QStringLiteral("is a directory")),
             qPrintable(scan.problems.first().error));
}

void TestFileStore::largeBundleOnSeveralThreadsEqualsOnePass()
{
    // 2,000 certificates (over 1 MiB: the parser decodes it on several threads), a key
    // at the end, and bad blocks at known places: the store must give what one pass
    // over the whole file gives, errors numbered by their block in the whole file, and
    // the key paired with its certificate far from it.
    TestEnvironment env;
    const TestKey key = freshKey(KeyType::EcP256);
    constexpr int kCount = 2000;
    QByteArray bundle;
    for (int i = 0; i < kCount; ++i) {
        const GeneratedCert c =
            makeNamedCert(QStringLiteral("host-%1.example").arg(i), QByteArray::number(1000 + i, 16),
                          i == 250 ? std::optional<TestKey>(key) : std::nullopt);
        bundle += c.pem();
        if (i == 100)
            bundle += "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n";
        if (i == 200)
            bundle += "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"; // not ours: ignored
    }
    bundle += key.pkcs8Pem();
    bundle += "-----BEGIN CERTIFICATE-----\nMIIB"; // cut off at the end
    const QString file = env.path(QStringLiteral("big.pem"));
    QVERIFY(writeFile(file, bundle));

    QVERIFY(bundle.size() > 1024 * 1024);
    ParseOptions oneThread;
    oneThread.threads = 1;
    const ParsedFile onePass = parseCertificateData(bundle, oneThread);
    QCOMPARE(onePass.certificates.size(), kCount);
    QCOMPARE(onePass.errors.size(), 2);

    const StoreScan scan = scanOnce(fileConfig(file));
    QCOMPARE(scan.certificates.size(), kCount);
    for (int i = 0; i < kCount; ++i) {
        QCOMPARE(scan.certificates.at(i).index, i);
        QCOMPARE(scan.certificates.at(i).certificate.thumbprint(), onePass.certificates.at(i).thumbprint());
    }
    QVERIFY(scan.certificates.at(250).certificate.hasPrivateKey); // its key is at the end
    QVERIFY(!scan.certificates.at(249).certificate.hasPrivateKey);
    QCOMPARE(scan.problems.size(), 1);
    QCOMPARE(scan.problems.first().error, onePass.errors.join(QStringLiteral("; ")));
    QVERIFY(scan.problems.first().error.contains(QStringLiteral("PEM block 102:")));
    QVERIFY(scan.problems.first().error.contains(QStringLiteral("PEM block %1:").arg(kCount + 4)));
}

QTEST_GUILESS_MAIN(TestFileStore)
#include "TestFileStore.moc"
