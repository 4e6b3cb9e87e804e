// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "Pkcs12Factory.h"
#include "actions/PrivateKeyMaterial.h"
#include "x509/CertificateParser.h"

#include <QElapsedTimer>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// PKCS#12 iteration counts are read before OpenSSL derives anything: a 1.2 KB file
// whose MAC asked for 2^31 - 1 iterations once held one scan for 464 s. A file that
// asks for more than kMaxPkcs12Iterations in all is refused at once; real files read.
class TestPkcs12Limits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostileCountsAreRefusedAtOnce_data();
    void hostileCountsAreRefusedAtOnce();
    void countHiddenInEncryptedContentsIsRefusedBeforeUse();
    void importRefusesAHostileFileAtOnce();
    void realFilesStillRead_data();
    void realFilesStillRead();

private:
    static ParseOptions withPassword(const QByteArray& password)
    {
        ParseOptions o;
        o.pkcs12Password = password;
        o.hasPkcs12Password = true;
        return o;
    }
};

// Far below what deriving even one of these counts would take (minutes).
constexpr qint64 kQuickMilliseconds = 2000;

void TestPkcs12Limits::hostileCountsAreRefusedAtOnce_data()
{
    QTest::addColumn<qint64>("mac");
    QTest::addColumn<qint64>("pbe");
    QTest::addColumn<QString>("named");
    QTest::newRow("MAC 2^31-1") << qint64(2147483647) << qint64(0) << QStringLiteral("MAC 2147483647");
    QTest::newRow("PBKDF2 2^31-1") << qint64(0) << qint64(2147483647)
                                   << QStringLiteral("encrypted contents 2147483647");
    QTest::newRow("2^62") << qint64(1) << (qint64(1) << 62)
                          << QStringLiteral("encrypted private key 4611686018427387904");
    // Each count moderate, together over the limit.
    QTest::newRow("4M each") << qint64(4000000) << qint64(4000000)
                             << QStringLiteral(
                                    "MAC 4000000, encrypted contents 4000000, encrypted private key 4000000");
}

void TestPkcs12Limits::hostileCountsAreRefusedAtOnce()
{
    QFETCH(qint64, mac);
    QFETCH(qint64, pbe);
    QFETCH(QString, named);
    const QByteArray p12 =
        withPkcs12Iterations(makePkcs12(makeCertificate(CertSpec{}), "s3cret", false, {}, false, 2), mac, pbe);
    QVERIFY(p12.size() < 2048); // the size of the file that stalled a scan

    for (const ParseOptions& options : {ParseOptions{}, withPassword("s3cret")}) {
        QElapsedTimer timer;
        timer.start();
        const ParsedFile parsed = parseCertificateData(p12, options);
        QVERIFY2(timer.elapsed() < kQuickMilliseconds, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(parsed.format, ContainerFormat::Pkcs12);
        QVERIFY(parsed.certificates.isEmpty());
        QCOMPARE(parsed.errors.size(), 1);
        const QString error = parsed.errors.first();
        QVERIFY2(error.startsWith(QLatin1String("PKCS#12 file refused unread: it asks for ")), qPrintable(error));
        QVERIFY2(error.contains(named), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("more than the 10000000 Certlife spends on one file")),
                 qPrintable(error));
    }
}

void TestPkcs12Limits::countHiddenInEncryptedContentsIsRefusedBeforeUse()
{
    // The key's count is only visible once the contents are decrypted (with 1 iteration):
    // it is checked then, before the key's own derivation.
    const QByteArray p12 = makePkcs12WithHiddenKeyIterations(makeCertificate(CertSpec{}), "s3cret", 2147483647);
    QElapsedTimer timer;
    timer.start();
    const ParsedFile parsed = parseCertificateData(p12, withPassword("s3cret"));
    QVERIFY2(timer.elapsed() < kQuickMilliseconds, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(parsed.certificates.isEmpty());
    QVERIFY(parsed.privateKeySpki.isEmpty());
    QVERIFY2(parsed.errors.value(0).contains(QLatin1String("encrypted private key 2147483647")),
             qPrintable(parsed.errors.join(u'\n')));

    // The same file with an honest key count reads: the structure is a real one.
    const GeneratedCert cert = makeCertificate(CertSpec{});
    const ParsedFile honest =
        parseCertificateData(makePkcs12WithHiddenKeyIterations(cert, "s3cret", 1), withPassword("s3cret"));
    QVERIFY2(honest.errors.isEmpty(), qPrintable(honest.errors.join(u'\n')));
    QCOMPARE(honest.certificates.size(), 1);
    QVERIFY(honest.certificates.first().hasPrivateKey);
}

void TestPkcs12Limits::importRefusesAHostileFileAtOnce()
{
    // An import read the file again with PKCS12_parse and checked the MAC twice more.
    const QByteArray p12 =
        withPkcs12Iterations(makePkcs12(makeCertificate(CertSpec{}), "s3cret", false, {}, false, 2), 2147483647, 0);
    for (bool hasPassword : {false, true}) {
        QElapsedTimer timer;
        timer.start();
        const ImportMaterial material = readImportMaterial(p12, "s3cret", hasPassword);
        QVERIFY2(timer.elapsed() < kQuickMilliseconds, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(material.certificates.isEmpty());
        QVERIFY(material.keys.empty());
        QVERIFY(!material.needsPassword); // no password opens it: asking for one would mislead
        QVERIFY2(material.error.contains(QLatin1String("refused unread")), qPrintable(material.error));
    }
}

void TestPkcs12Limits::realFilesStillRead_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::addColumn<int>("iterations");
    QTest::newRow("OpenSSL 3 default (2048)") << false << 0;
    QTest::newRow("legacy 3DES/RC2, SHA-1 MAC") << true << 0;
    QTest::newRow("Windows (10000)") << false << 10000;
    QTest::newRow("600000 each, as the most careful tools write") << false << 600000;
}

void TestPkcs12Limits::realFilesStillRead()
{
    QFETCH(bool, legacy);
    QFETCH(int, iterations);
    const GeneratedCert cert = makeCertificate(CertSpec{});
    CertSpec caSpec;
    caSpec.cn = QStringLiteral("ca.example");
    caSpec.subjectKey = freshKey(KeyType::EcP256); // not the leaf's (cached) key
    const GeneratedCert ca = makeCertificate(caSpec);
    const QByteArray p12 = makePkcs12(cert, "s3cret", legacy, {ca}, false, iterations);
    const ParsedFile parsed = parseCertificateData(p12, withPassword("s3cret"));
    QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(u'\n')));
    QCOMPARE(parsed.certificates.size(), 2);
    QCOMPARE(parsed.certificates[0].thumbprint(), cert.thumbprint()); // the key's certificate first
    QVERIFY(parsed.certificates[0].hasPrivateKey);
    QCOMPARE(parsed.certificates[1].thumbprint(), ca.thumbprint());
    QCOMPARE(parsed.privateKeySpki.size(), 1);

    const ImportMaterial material = readImportMaterial(p12, "s3cret", true);
    QVERIFY2(material.error.isEmpty(), qPrintable(material.error));
    QCOMPARE(material.certificates.size(), 2);
    QVERIFY(!material.keyFor(material.certificates[0]).isNull());
}

QTEST_GUILESS_MAIN(TestPkcs12Limits)
#include "TestPkcs12Limits.moc"
