// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Generated certificates of every kind issue 2 lists (key types, serials, dates,
// extensions, self-signed variants) through both readers: the fast path must give
// exactly OpenSSL's Certificate, take the common cases and leave the rest to
// OpenSSL; and the result must agree with the `openssl x509` command.

#include "CertFactory.h"
#include "DecoderCheck.h"
#include "x509/CertificateParser.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::test::FastPath)

class TestCertificateDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readersAgree_data();
    void readersAgree();
    void matchesOpensslCommand_data() { readersAgree_data(); }
    void matchesOpensslCommand();
    void fieldValues();
    void selfSignedFollowsOpenSsl();
    void trailingBytesAreNotPartOfTheCertificate();
    void yearZeroIsUnreadable();
};

namespace {

const QDateTime kJan2026(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);

GeneratedCert ecCa()
{
    static const GeneratedCert ca = [] {
        CertSpec s;
        s.cn = QStringLiteral("Test EC CA");
        s.extraSubject = {{QStringLiteral("O"), QStringLiteral("Certlife Tests")}};
        s.isCA = true;
        s.keyUsage = KuKeyCertSign | KuCrlSign;
        s.subjectKey = freshKey(KeyType::EcP256);
        return makeCertificate(s);
    }();
    return ca;
}

GeneratedCert rsaCa()
{
    static const GeneratedCert ca = [] {
        CertSpec s;
        s.cn = QStringLiteral("Test RSA CA");
        s.isCA = true;
        s.subjectKey = freshKey(KeyType::Rsa2048);
        return makeCertificate(s);
    }();
    return ca;
}

CertSpec leaf(KeyType type = KeyType::EcP256)
{
    CertSpec s;
    s.cn = QStringLiteral("leaf.example");
    s.dns = {QStringLiteral("leaf.example"), QStringLiteral("www.leaf.example")};
    s.ekuOids = {QStringLiteral("serverAuth")};
    s.keyUsage = KuDigitalSignature;
    s.keyType = type;
    return s;
}

RawExtension raw(const char* oid, const QByteArray& hexValue, bool critical = false)
{
    return {QLatin1String(oid), QByteArray::fromHex(hexValue), critical};
}

void row(const char* name, const QByteArray& der, FastPath expected)
{
    QTest::newRow(name) << der << expected;
}

} // namespace

void TestCertificateDecoder::readersAgree_data()
{
    QTest::addColumn<QByteArray>("der");
    QTest::addColumn<FastPath>("fastPath");
    const GeneratedCert ec = ecCa();
    const GeneratedCert rsa = rsaCa();

    // Keys: RSA and named-curve EC on the fast path, everything else through OpenSSL.
    row("EC P-256 leaf", makeCertificate(leaf(), &ec).der, FastPath::Accepts);
    row("EC P-384 leaf", makeCertificate(leaf(KeyType::EcP384), &rsa).der, FastPath::Accepts);
    row("EC P-521 leaf", makeCertificate(leaf(KeyType::EcP521), &ec).der, FastPath::Accepts);
    row("EC secp256k1 leaf", makeCertificate(leaf(KeyType::EcSecp256k1), &ec).der, FastPath::Accepts);
    row("EC brainpoolP256r1 leaf", makeCertificate(leaf(KeyType::EcBrainpoolP256r1), &ec).der, FastPath::Accepts);
    row("RSA 2048 leaf", makeCertificate(leaf(KeyType::Rsa2048), &rsa).der, FastPath::Accepts);
    row("RSA 2047-bit key", makeCertificate(leaf(KeyType::Rsa2047), &rsa).der, FastPath::Accepts);
    CertSpec pssSigned = leaf(KeyType::Rsa2048);
    pssSigned.rsaPssSignature = true;
    row("RSA key, RSASSA-PSS signature", makeCertificate(pssSigned).der, FastPath::Accepts);
    row("RSA-PSS key", makeCertificate(leaf(KeyType::RsaPss)).der, FastPath::Declines);
    row("Ed25519 key", makeCertificate(leaf(KeyType::Ed25519)).der, FastPath::Declines);
    row("Ed448 key", makeCertificate(leaf(KeyType::Ed448)).der, FastPath::Declines);
    row("DSA key", makeCertificate(leaf(KeyType::Dsa2048)).der, FastPath::Declines);
    CertSpec edCa = leaf(KeyType::Ed25519);
    edCa.isCA = true;
    const GeneratedCert ed = makeCertificate(edCa);
    row("EC leaf signed with Ed25519", makeCertificate(leaf(), &ed).der, FastPath::Declines);

    // Serial numbers.
    struct Serial
    {
        const char* name;
        QByteArray hex;
        bool negative;
    };
    for (const Serial& s :
         {Serial{"serial negative", "0A1B2C3D", true}, Serial{"serial -1", "01", true},
          Serial{"serial -128", "80", true}, Serial{"serial -129", "81", true}, Serial{"serial -256", "0100", true},
          Serial{"serial 0", "00", false}, Serial{"serial 20 bytes", "7F0102030405060708090A0B0C0D0E0F10111213", false},
          Serial{"serial with 0x00 pad", "8F0102030405060708090A0B0C0D0E0F10111213", false}}) {
        CertSpec spec = leaf();
        spec.serialHex = s.hex;
        spec.negativeSerial = s.negative;
        row(s.name, makeCertificate(spec, &ec).der, FastPath::Accepts);
    }
    CertSpec nonMinimal = leaf();
    nonMinimal.rawSerial = QByteArray::fromHex("000A"); // OpenSSL 3 refuses the padding: so must we
    row("serial non-minimal 00 0A", makeCertificate(nonMinimal, &ec).der, FastPath::Declines);

    // Validity encodings.
    CertSpec generalized = leaf();
    generalized.notAfter = QDateTime(QDate(2051, 6, 30), QTime(23, 59, 59), Qt::UTC); // GeneralizedTime
    row("GeneralizedTime notAfter", makeCertificate(generalized, &ec).der, FastPath::Accepts);
    CertSpec old = leaf();
    old.notBefore = QDateTime(QDate(1950, 1, 1), QTime(0, 0), Qt::UTC);
    old.notAfter = QDateTime(QDate(2028, 2, 29), QTime(12, 30, 45), Qt::UTC);
    row("1950 and a leap day", makeCertificate(old, &ec).der, FastPath::Accepts);

    // Extensions.
    CertSpec v1 = leaf();
    v1.version = 1;
    row("v1 without extensions", makeCertificate(v1, &ec).der, FastPath::Accepts);
    CertSpec bare;
    bare.cn = QStringLiteral("bare.example");
    bare.basicConstraints = false;
    bare.subjectKeyId = false;
    row("v3 without SAN, EKU, KU, BC", makeCertificate(bare, &ec).der, FastPath::Accepts);
    CertSpec sans = leaf();
    sans.ips = {QStringLiteral("192.0.2.7"), QStringLiteral("2001:db8::1"), QStringLiteral("::ffff:10.0.0.1")};
    sans.emails = {QStringLiteral("admin@leaf.example")};
    sans.uris = {QStringLiteral("https://leaf.example/path?q=1")};
    row("SAN of every reported type", makeCertificate(sans, &ec).der, FastPath::Accepts);
    CertSpec allUsages = leaf();
    allUsages.keyUsage = 0x80FF;
    allUsages.ekuOids = {QStringLiteral("serverAuth"),
                         QStringLiteral("clientAuth"),
                         QStringLiteral("codeSigning"),
                         QStringLiteral("emailProtection"),
                         QStringLiteral("timeStamping"),
                         QStringLiteral("OCSPSigning"),
                         QStringLiteral("1.3.6.1.4.1.311.20.2.2"),
                         QStringLiteral("1.3.6.1.5.5.7.3.17"),
                         QStringLiteral("1.2.3.4.5.6.7"),
                         QStringLiteral("2.5.29.37.0")};
    row("every key usage bit, many EKUs", makeCertificate(allUsages, &ec).der, FastPath::Accepts);
    CertSpec withName = leaf();
    withName.templateName = QStringLiteral("WebServer");
    row("template name extension", makeCertificate(withName, &ec).der, FastPath::Accepts);
    CertSpec withInfo = leaf();
    withInfo.templateOid = QStringLiteral("1.3.6.1.4.1.311.21.8.1.2.3.4.5");
    row("template info extension", makeCertificate(withInfo, &ec).der, FastPath::Accepts);
    CertSpec withBoth = withName;
    withBoth.templateOid = withInfo.templateOid;
    row("both template extensions", makeCertificate(withBoth, &ec).der, FastPath::Accepts);

    struct Raw
    {
        const char* name;
        RawExtension ext;
        bool dropBasicConstraints;
        FastPath expected;
    };
    const Raw raws[] = {
        {"CA with pathLen", raw("2.5.29.19", "30060101ff020100", true), true, FastPath::Accepts},
        {"negative pathLen", raw("2.5.29.19", "30060101ff0201ff", true), true, FastPath::Declines},
        {"explicit cA FALSE", raw("2.5.29.19", "3003010100"), true, FastPath::Accepts},
        {"empty key usage", raw("2.5.29.15", "030100"), false, FastPath::Declines}, // mbedTLS refuses it
        {"key usage padding bits set", raw("2.5.29.15", "03020781"), false, FastPath::Accepts},
        {"critical unknown extension", raw("1.3.6.1.4.1.99999.1", "0500", true), false, FastPath::Accepts},
        {"duplicate subjectKeyIdentifier", raw("2.5.29.14", "04020102"), false, FastPath::Declines},
        {"name constraints", raw("2.5.29.30", "3012a010300e820c6c6561662e6578616d706c65", true), false,
         FastPath::Declines},
        {"SAN otherName (UPN)",
         raw("2.5.29.17", "3022a020060a2b060104018237140203a0120c1075736572406578616d706c652e6f7267"), false,
         FastPath::Declines},
        {"CRL distribution point URI",
         raw("2.5.29.31", "3021301fa01da01b8619687474703a2f2f63726c2e6578616d706c652f63612e63726c"), false,
         FastPath::Accepts},
        {"empty SAN list", raw("2.5.29.17", "3000"), false, FastPath::Declines}, // mbedTLS refuses it
        {"key usage with no bit set", raw("2.5.29.15", "03020000"), false, FastPath::Accepts},
        {"CRL distribution point with reasons",
         raw("2.5.29.31",
             "3025302"
             "3a01da01b8619687474703a2f2f63726c2e6578616d706c652f63612e63726c8102"
             "0560"),
         false, FastPath::Accepts},
        {"empty CRL distribution points", raw("2.5.29.31", "3000"), false, FastPath::Accepts},
        {"certificate policies", raw("2.5.29.32", "300a3008060667810c010201"), false, FastPath::Accepts},
        {"AKID with issuer and serial", raw("2.5.29.35", "3009a104a402300082010a"), false, FastPath::Declines},
        {"netscape cert type", raw("2.16.840.1.113730.1.1", "03020640"), false, FastPath::Declines},
        {"EKU of a malformed OID", raw("2.5.29.37", "300406028001"), false, FastPath::Declines},
    };
    for (const Raw& r : raws) {
        CertSpec spec = leaf();
        spec.keyUsage.reset();
        spec.basicConstraints = !r.dropBasicConstraints;
        spec.extraExtensions = {r.ext};
        row(r.name, makeCertificate(spec, &ec).der, r.expected);
    }

    // Self-signed and self-issued certificates (OpenSSL's EXFLAG_SS rules).
    CertSpec root;
    root.cn = QStringLiteral("Root EC");
    root.isCA = true;
    row("self-signed EC root", makeCertificate(root).der, FastPath::Accepts);
    CertSpec rsaRoot = root;
    rsaRoot.keyType = KeyType::Rsa2048;
    row("self-signed RSA root", makeCertificate(rsaRoot).der, FastPath::Accepts);
}

void TestCertificateDecoder::readersAgree()
{
    QFETCH(QByteArray, der);
    QFETCH(FastPath, fastPath);
    verifyReadersAgree(der, fastPath);
}

void TestCertificateDecoder::matchesOpensslCommand()
{
    QFETCH(QByteArray, der);
    verifyMatchesOpensslCommand(der);
}

void TestCertificateDecoder::fieldValues()
{
    // Spot checks of values, so that both readers being wrong alike would show.
    CertSpec negative = leaf();
    negative.serialHex = "81";
    negative.negativeSerial = true;
    const std::optional<Certificate> n = MbedCertificateReader::fromDer(makeCertificate(negative).der);
    QVERIFY(n.has_value());
    QCOMPARE(n->serialHex, QStringLiteral("-81"));

    CertSpec padded = leaf();
    padded.serialHex = "8F01";
    QCOMPARE(MbedCertificateReader::fromDer(makeCertificate(padded).der)->serialHex, QStringLiteral("8F01"));

    const std::optional<Certificate> odd = MbedCertificateReader::fromDer(makeCertificate(leaf(KeyType::Rsa2047)).der);
    QVERIFY(odd.has_value());
    QCOMPARE(odd->keyAlgorithm, QStringLiteral("RSA"));
    QCOMPARE(odd->keyBits, 2047);

    CertSpec masked = leaf();
    masked.keyUsage.reset();
    masked.extraExtensions = {raw("2.5.29.15", "03020781")};
    const std::optional<Certificate> m = MbedCertificateReader::fromDer(makeCertificate(masked).der);
    QVERIFY(m.has_value());
    QVERIFY(m->hasKeyUsage);
    QCOMPARE(m->keyUsage, quint16(KuDigitalSignature));

    CertSpec generalized = leaf();
    generalized.notAfter = QDateTime(QDate(2051, 6, 30), QTime(23, 59, 59), Qt::UTC);
    QCOMPARE(MbedCertificateReader::fromDer(makeCertificate(generalized).der)->notAfter(), generalized.notAfter);

    CertSpec both = leaf();
    both.templateName = QStringLiteral("WebServer");
    both.templateOid = QStringLiteral("1.3.6.1.4.1.311.21.8.1.2");
    QCOMPARE(MbedCertificateReader::fromDer(makeCertificate(both).der)->templateName, QStringLiteral("WebServer"));
    CertSpec info = leaf();
    info.templateOid = QStringLiteral("1.3.6.1.4.1.311.21.8.1.2");
    QCOMPARE(MbedCertificateReader::fromDer(makeCertificate(info).der)->templateName,
             QStringLiteral("1.3.6.1.4.1.311.21.8.1.2 v100.3"));

    CertSpec p384 = leaf(KeyType::EcP384);
    const std::optional<Certificate> ec = MbedCertificateReader::fromDer(makeCertificate(p384).der);
    QCOMPARE(ec->keyAlgorithm, QStringLiteral("EC"));
    QCOMPARE(ec->keyBits, 384);
}

void TestCertificateDecoder::selfSignedFollowsOpenSsl()
{
    struct Case
    {
        const char* name;
        QByteArray der;
        bool selfSigned;
    };
    QList<Case> cases;

    CertSpec root;
    root.cn = QStringLiteral("Example Root");
    root.isCA = true;
    cases.append({"self-signed", makeCertificate(root).der, true});

    // Same name, another key: the AKID names the other key, so not self-signed.
    CertSpec rollover = root;
    rollover.subjectKey = freshKey(KeyType::EcP256);
    const GeneratedCert oldRoot = makeCertificate(root);
    cases.append({"self-issued by another key (AKID differs)", makeCertificate(rollover, &oldRoot).der, false});

    // Same name, no AKID, an RSA key signed with ECDSA: the algorithm does not fit its key.
    CertSpec rsaNoAkid = root;
    rsaNoAkid.keyType = KeyType::Rsa2048;
    rsaNoAkid.authorityKeyId = false;
    cases.append(
        {"self-issued, signature algorithm of another key type", makeCertificate(rsaNoAkid, &oldRoot).der, false});

    // Same name, no AKID, same key type: OpenSSL does not verify the signature.
    CertSpec ecNoAkid = rollover;
    ecNoAkid.authorityKeyId = false;
    cases.append({"self-issued, no AKID, same key type", makeCertificate(ecNoAkid, &oldRoot).der, true});

    // Issuer spelt differently: X509_NAME_cmp ignores case, outer and repeated spaces.
    CertSpec spelling = root;
    spelling.subjectEntries = {{QStringLiteral("O"), QStringLiteral("Example Org")},
                               {QStringLiteral("CN"), QStringLiteral("Example Root")}};
    spelling.issuerEntries = {{QStringLiteral("O"), QStringLiteral("  EXAMPLE   org"), NameEntry::Encoding::Printable},
                              {QStringLiteral("CN"), QStringLiteral("example root "), NameEntry::Encoding::Utf8}};
    cases.append({"issuer differing in case and white space", makeCertificate(spelling).der, true});
    CertSpec otherName = spelling;
    otherName.issuerEntries[1].value = QStringLiteral("Example Root 2");
    cases.append({"issuer with another name", makeCertificate(otherName).der, false});

    for (const Case& c : cases) {
        const ReaderComparison r = compareReaders(c.der);
        QVERIFY2(r.fast.has_value(), c.name);
        QVERIFY2(r.differences.isEmpty(),
                 qPrintable(QLatin1String(c.name) + QLatin1Char('\n') + r.differences.join(QLatin1Char('\n'))));
        QVERIFY2(r.fast->selfSigned == c.selfSigned, c.name);
    }

    // A multi-valued RDN whose values the issuer lists in another order (OpenSSL
    // itself always writes them sorted, so the order is swapped in the encoding):
    // only OpenSSL's sorted canonical form can tell, so the fast path leaves it.
    CertSpec multi = root;
    multi.subjectEntries = {{QStringLiteral("CN"), QStringLiteral("a")},
                            {QStringLiteral("O"), QStringLiteral("b"), {}, true}};
    QByteArray der = makeCertificate(multi).der;
    const QByteArray cn = QByteArray::fromHex("300806035504030c0161"), o = QByteArray::fromHex("3008060355040a0c0162");
    const qsizetype issuerAt = der.indexOf(cn + o); // the issuer precedes the subject
    QVERIFY(issuerAt > 0 && der.indexOf(cn + o, issuerAt + 1) > issuerAt);
    der.replace(issuerAt, cn.size() + o.size(), o + cn);
    verifyReadersAgree(der, FastPath::Declines);
    QVERIFY(OpenSslCertificateReader::fromDer(der)->selfSigned);
}

void TestCertificateDecoder::trailingBytesAreNotPartOfTheCertificate()
{
    const QByteArray der = makeCertificate(leaf(), nullptr).der;
    const QByteArray padded = der + QByteArray("\0\0junk", 6);
    verifyReadersAgree(padded, FastPath::Accepts);
    QCOMPARE(MbedCertificateReader::fromDer(padded)->der, der);
}

void TestCertificateDecoder::yearZeroIsUnreadable()
{
    // GeneralizedTime allows year 0000, which has no date: OpenSSL reads it, and an
    // invalid QDateTime made it 1970-01-01, an expiry 56 years ago.
    CertSpec spec = leaf();
    spec.notAfter = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC);
    QByteArray der = makeCertificate(spec).der;
    const qsizetype at = der.indexOf("99991231235959Z");
    QVERIFY(at > 0);
    der.replace(at, 4, "0000");
    QVERIFY(!MbedCertificateReader::fromDer(der)); // the fast path declines it
    QString error;
    QVERIFY(!OpenSslCertificateReader::fromDer(der, &error));
    QCOMPARE(error, QStringLiteral("certificate has an unreadable validity period"));
    QVERIFY(!decodeCertificateDer(der, &error));
    const ParsedFile parsed = parseCertificateData(der);
    QVERIFY(parsed.certificates.isEmpty());
    QCOMPARE(parsed.errors, QStringList{QStringLiteral("certificate has an unreadable validity period")});
}

QTEST_GUILESS_MAIN(TestCertificateDecoder)
#include "TestCertificateDecoder.moc"
