// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCertificateParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsGeneratedPemWithAllFields();
    void readsEveryCorpusCertificate();
    void pemBundleWithTextCrlfAndKey();
    void derPkcs7AndPkcs12();
    void unprotectedPkcs12WithStorePassword();
    void badInput_data();
    void badInput();
    void mayHoldPrivateKeyFindsEveryKeyLabel_data();
    void mayHoldPrivateKeyFindsEveryKeyLabel();
};

void TestCertificateParser::readsGeneratedPemWithAllFields()
{
    CertSpec spec;
    spec.cn = QStringLiteral("www.example.org");
    spec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Example, Inc.")}};
    spec.dns = {QStringLiteral("www.example.org"), QStringLiteral("example.org")};
    spec.ips = {QStringLiteral("192.0.2.7"), QStringLiteral("2001:db8::1")};
    spec.emails = {QStringLiteral("admin@example.org")};
    spec.uris = {QStringLiteral("https://example.org/")};
    spec.ekuOids = {QStringLiteral("serverAuth"), QStringLiteral("clientAuth")};
    spec.templateName = QStringLiteral("WebServer");
    spec.keyUsage = KuDigitalSignature | KuKeyEncipherment;
    const GeneratedCert gen = makeCertificate(spec);

    const ParsedFile parsed = parseCertificateData(gen.pem());
    QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char('\n'))));
    QCOMPARE(parsed.format, ContainerFormat::Pem);
    QCOMPARE(parsed.certificates.size(), 1);
    const Certificate& c = parsed.certificates.first();
    QCOMPARE(c.thumbprint(), gen.thumbprint());
    QCOMPARE(c.subjectCN, QStringLiteral("www.example.org"));
    QCOMPARE(c.subject, QStringLiteral("CN=www.example.org,O=Example\\, Inc."));
    QCOMPARE(c.subject, opensslField(gen.der, QStringLiteral("-subject -nameopt RFC2253,-esc_msb")).mid(8));
    QCOMPARE(c.serialHex, QStringLiteral("0A1B2C3D"));
    QCOMPARE(c.notAfter(), spec.notAfter);
    QCOMPARE(c.sanStrings(),
             QStringList({"DNS:www.example.org", "DNS:example.org", "IP:192.0.2.7", "IP:2001:db8::1",
                          "email:admin@example.org", "URI:https://example.org/"}));
    QCOMPARE(c.ekus.size(), 2);
    QCOMPARE(c.ekus[0].oid, QStringLiteral("1.3.6.1.5.5.7.3.1"));
    QCOMPARE(c.ekus[0].name, QStringLiteral("TLS Web Server Authentication"));
    QCOMPARE(c.templateName, QStringLiteral("WebServer"));
    QCOMPARE(c.keyAlgorithm, QStringLiteral("EC"));
    QCOMPARE(c.keyBits, 256);
    QVERIFY(c.hasKeyUsage);
    QCOMPARE(c.keyUsage, quint16(KuDigitalSignature | KuKeyEncipherment));
    QVERIFY(c.selfSigned);
    QVERIFY(!c.isCA);
}

void TestCertificateParser::readsEveryCorpusCertificate()
{
    QDir dir(corpusDir() + QStringLiteral("/real-sites"));
    const QStringList files = dir.entryList({QStringLiteral("*.pem")}, QDir::Files);
    QVERIFY2(files.size() >= 40, qPrintable(dir.path()));
    for (const QString& name : files) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const ParsedFile parsed = parseCertificateData(f.readAll());
        QVERIFY2(parsed.errors.isEmpty(), qPrintable(name + QLatin1Char(':') + parsed.errors.join(QLatin1Char(';'))));
        QCOMPARE(parsed.certificates.size(), 1);
        const Certificate& c = parsed.certificates.first();
        QCOMPARE(QStringLiteral("sha1 Fingerprint=")
                     + QString(c.thumbprint())
                           .replace(QRegularExpression(QStringLiteral("(..)(?!$)")), QStringLiteral("\\1:")),
                 opensslField(c.der, QStringLiteral("-fingerprint -sha1")));
    }
}

void TestCertificateParser::pemBundleWithTextCrlfAndKey()
{
    CertSpec a;
    a.cn = QStringLiteral("a.example");
    a.subjectKey = freshKey(KeyType::EcP256);
    CertSpec b;
    b.cn = QStringLiteral("b.example");
    const GeneratedCert ca = makeCertificate(a);
    const GeneratedCert cb = makeCertificate(b);
    QByteArray bundle = "Subject: a.example\nsome text\n" + ca.pem() + "between\n" + ca.key.pkcs8Pem() + cb.pem();
    bundle.replace("\n", "\r\n");
    const ParsedFile parsed = parseCertificateData(bundle);
    QVERIFY(parsed.errors.isEmpty());
    QCOMPARE(parsed.certificates.size(), 2);
    QCOMPARE(parsed.privateKeySpki.size(), 1);
    QVERIFY(parsed.certificates[0].hasPrivateKey);
    QVERIFY(!parsed.certificates[1].hasPrivateKey);
}

// A scan decodes only the files that may hold a key before the rest (to pair keys across
// files): a key this look misses is a certificate shown without its key.
void TestCertificateParser::mayHoldPrivateKeyFindsEveryKeyLabel_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("mayHold");

    CertSpec spec;
    spec.subjectKey = freshKey(KeyType::EcP256);
    const GeneratedCert cert = makeCertificate(spec);
    const QByteArray certs = "Subject: a - b\n" + cert.pem() + "text between\n" + cert.pem();
    const QByteArray pkcs12Block =
        "-----BEGIN PKCS12-----\n" + makePkcs12(cert, "pw", false).toBase64() + "\n-----END PKCS12-----\n";

    QTest::newRow("certificates and text") << certs << false;
    QTest::newRow("text naming a key, no label") << QByteArray("the PRIVATE KEY is elsewhere\n" + certs) << false;
    QTest::newRow("PKCS#8 key last") << QByteArray(certs + cert.key.pkcs8Pem()) << true;
    QTest::newRow("traditional key first") << QByteArray(cert.key.traditionalPem() + certs) << true;
    QTest::newRow("key without a final newline") << QByteArray(certs + cert.key.pkcs8Pem().trimmed()) << true;
    QByteArray crlf = certs + cert.key.pkcs8Pem() + certs;
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF lines") << crlf << true;
    QByteArray cr = certs + cert.key.pkcs8Pem() + certs;
    cr.replace("\n", "\r");
    QTest::newRow("CR lines only") << cr << true;
    QTest::newRow("PKCS12 block") << QByteArray(certs + pkcs12Block) << true;
}

void TestCertificateParser::mayHoldPrivateKeyFindsEveryKeyLabel()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, mayHold);
    QCOMPARE(mayHoldPrivateKey(data), mayHold);
    if (!mayHold) { // its promise: the parser finds no key either
        const ParsedFile parsed = parseCertificateData(data);
        QVERIFY(parsed.privateKeySpki.isEmpty());
        QCOMPARE(parsed.encryptedPrivateKeys, 0);
    }
}

void TestCertificateParser::derPkcs7AndPkcs12()
{
    const GeneratedCert c = makeCertificate(CertSpec{});
    QCOMPARE(parseCertificateData(c.der).format, ContainerFormat::Der);
    QCOMPARE(parseCertificateData(c.der).certificates.size(), 1);

    CertSpec s2;
    s2.cn = QStringLiteral("second");
    const GeneratedCert c2 = makeCertificate(s2);
    for (bool pem : {false, true}) {
        const ParsedFile p7 = parseCertificateData(makePkcs7({c, c2}, pem));
        QVERIFY(p7.errors.isEmpty());
        QCOMPARE(p7.certificates.size(), 2);
    }
    for (bool legacy : {false, true}) {
        const QByteArray p12 = makePkcs12(c, "s3cret", legacy, {c2});
        ParseOptions opts;
        opts.pkcs12Password = "s3cret";
        opts.hasPkcs12Password = true;
        const ParsedFile parsed = parseCertificateData(p12, opts);
        QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char(';'))));
        QCOMPARE(parsed.format, ContainerFormat::Pkcs12);
        QCOMPARE(parsed.certificates.size(), 2);
        QVERIFY(parsed.certificates[0].hasPrivateKey);

        ParseOptions wrong;
        wrong.pkcs12Password = "nope";
        wrong.hasPkcs12Password = true;
        const ParsedFile bad = parseCertificateData(p12, wrong);
        QVERIFY(bad.certificates.isEmpty());
        QVERIFY(bad.errors.value(0).contains(QStringLiteral("wrong PKCS#12 password")));
        QVERIFY(parseCertificateData(p12).errors.value(0).contains(QStringLiteral("no password is configured")));
    }
}

void TestCertificateParser::unprotectedPkcs12WithStorePassword()
{
    // No MAC, no encryption: readable whether or not the store has a password.
    const GeneratedCert c = makeCertificate(CertSpec{});
    const QByteArray p12 = makePkcs12(c, QByteArray(), false, {}, true);
    for (bool withPassword : {false, true}) {
        ParseOptions opts;
        opts.pkcs12Password = "store-password";
        opts.hasPkcs12Password = withPassword;
        const ParsedFile parsed = parseCertificateData(p12, opts);
        QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char(';'))));
        QCOMPARE(parsed.certificates.size(), 1);
        QVERIFY(parsed.certificates[0].hasPrivateKey);
    }
}

void TestCertificateParser::badInput_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");
    const QByteArray pem = makeCertificate(CertSpec{}).pem();
    QTest::newRow("empty") << QByteArray() << "empty file";
    QTest::newRow("random") << QByteArray("\x01\x02\x03garbage\xff\xfe", 12) << "not a certificate file";
    QTest::newRow("begin without end") << pem.left(pem.indexOf("-----END")) << "without END";
    QTest::newRow("bad base64") << QByteArray(pem).replace(40, 4, "!!!!") << "invalid base64";
    QTest::newRow("truncated der") << makeCertificate(CertSpec{}).der.left(100) << "truncated";
    QTest::newRow("truncated p12") << makePkcs12(makeCertificate(CertSpec{}), "x", false).left(200) << "truncated";
}

void TestCertificateParser::badInput()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);
    const ParsedFile parsed = parseCertificateData(data);
    QVERIFY(parsed.certificates.isEmpty());
    QCOMPARE(parsed.errors.size(), 1);
    QVERIFY2(parsed.errors.first().contains(expected), qPrintable(parsed.errors.first()));
}

QTEST_GUILESS_MAIN(TestCertificateParser)
#include "TestCertificateParser.moc"
