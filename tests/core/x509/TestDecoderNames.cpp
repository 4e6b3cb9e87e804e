// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Subject and issuer names through both readers: UTF-8 and every string type,
// RFC 4514 escapes in every position, multi-valued RDNs, the usual attribute
// types; names the fast path cannot format exactly go to OpenSSL.

#include "CertFactory.h"
#include "DecoderCheck.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::test::FastPath)

class TestDecoderNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readersAgree_data();
    void readersAgree();
    void matchesOpensslCommand_data() { readersAgree_data(); }
    void matchesOpensslCommand();
    void formatsAsRfc4514();
    void invalidStringsAreLeftToOpenSsl_data();
    void invalidStringsAreLeftToOpenSsl();
};

namespace {

using Enc = NameEntry::Encoding;

QByteArray certWith(const QList<NameEntry>& subject)
{
    CertSpec s;
    s.subjectEntries = subject;
    s.dns = {QStringLiteral("names.example")};
    static const GeneratedCert ca = [] {
        CertSpec c;
        c.cn = QStringLiteral("Names CA");
        c.isCA = true;
        return makeCertificate(c);
    }();
    return makeCertificate(s, &ca).der;
}

QByteArray selfSignedWith(const QList<NameEntry>& subject)
{
    CertSpec s;
    s.subjectEntries = subject;
    return makeCertificate(s).der;
}

NameEntry cn(const QString& value, Enc enc = Enc::Default)
{
    return {QStringLiteral("CN"), value, enc};
}

} // namespace

void TestDecoderNames::readersAgree_data()
{
    QTest::addColumn<QByteArray>("der");
    QTest::addColumn<FastPath>("fastPath");
    auto row = [](const QString& name, const QByteArray& der, FastPath expected) {
        QTest::newRow(qPrintable(name)) << der << expected;
    };

    row(QStringLiteral("UTF-8 Zürich"),
        certWith({{QStringLiteral("C"), QStringLiteral("CH")},
                  {QStringLiteral("L"), QStringLiteral("Zürich")},
                  {QStringLiteral("O"), QStringLiteral("Bücher & Söhne AG")},
                  cn(QStringLiteral("zürich.example"))}),
        FastPath::Accepts);
    row(QStringLiteral("UTF-8 CJK"), certWith({cn(QStringLiteral("测试.例子.公司"))}), FastPath::Accepts);
    row(QStringLiteral("UTF-8 astral plane"), certWith({cn(QStringLiteral("emoji 😀 name"))}), FastPath::Accepts);
    row(QStringLiteral("BMPString CN"), certWith({cn(QStringLiteral("Ünïcödé ☃ BMP"), Enc::Bmp)}), FastPath::Accepts);
    row(QStringLiteral("UniversalString CN"), certWith({cn(QStringLiteral("univ 😀 ß"), Enc::Universal)}),
        FastPath::Accepts);
    row(QStringLiteral("T61String Latin-1"), certWith({cn(QStringLiteral("café crème"), Enc::T61)}), FastPath::Accepts);
    row(QStringLiteral("IA5String CN"), certWith({cn(QStringLiteral("ia5.example"), Enc::Ia5)}), FastPath::Accepts);
    row(QStringLiteral("PrintableString CN"), certWith({cn(QStringLiteral("Printable Name"), Enc::Printable)}),
        FastPath::Accepts);

    // Every character RFC 4514 escapes, at the start, in the middle and at the end,
    // in each string type the fast path formats.
    const QStringList special = {
        QStringLiteral(","),    QStringLiteral("+"),    QStringLiteral("\""), QStringLiteral("\\"), QStringLiteral("<"),
        QStringLiteral(">"),    QStringLiteral(";"),    QStringLiteral("="),  QStringLiteral("#"),  QStringLiteral(" "),
        QStringLiteral("\x01"), QStringLiteral("\x7f"), QString(QChar(0)),    QStringLiteral("\n")};
    const std::pair<Enc, const char*> encodings[] = {
        {Enc::Utf8, "UTF8"}, {Enc::Printable, "Printable"}, {Enc::Bmp, "BMP"}, {Enc::Universal, "Universal"}};
    for (const auto& [enc, encName] : encodings) {
        for (const QString& c : special) {
            const QString shown = QStringLiteral("U+%1").arg(c.at(0).unicode(), 4, 16, QLatin1Char('0'));
            for (const QString& value : {c + QStringLiteral("start"), QStringLiteral("mid") + c + QStringLiteral("dle"),
                                         QStringLiteral("end") + c, c, c + c}) {
                const QString where = value == c ? QStringLiteral("alone")
                    : value == c + c             ? QStringLiteral("twice")
                    : value.startsWith(c)        ? QStringLiteral("first")
                    : value.endsWith(c)          ? QStringLiteral("last")
                                                 : QStringLiteral("inside");
                row(QStringLiteral("%1 %2 %3").arg(QLatin1String(encName), shown, where),
                    certWith({{QStringLiteral("O"), value, enc}, cn(QStringLiteral("x") + value, enc)}),
                    FastPath::Accepts);
            }
        }
    }
    row(QStringLiteral("spaces inside kept"), certWith({cn(QStringLiteral("a  b   c"))}), FastPath::Accepts);

    // Structure and attribute types.
    row(QStringLiteral("multi-valued RDN"),
        certWith({{QStringLiteral("O"), QStringLiteral("Org")},
                  cn(QStringLiteral("a")),
                  {QStringLiteral("OU"), QStringLiteral("Unit"), Enc::Default, true},
                  {QStringLiteral("UID"), QStringLiteral("u1"), Enc::Default, true}}),
        FastPath::Accepts);
    row(QStringLiteral("multi-valued RDN self-signed"),
        selfSignedWith({cn(QStringLiteral("a")), {QStringLiteral("O"), QStringLiteral("b"), Enc::Default, true}}),
        FastPath::Accepts);
    row(QStringLiteral("emailAddress and DC"),
        certWith({{QStringLiteral("DC"), QStringLiteral("com")},
                  {QStringLiteral("DC"), QStringLiteral("example")},
                  {QStringLiteral("emailAddress"), QStringLiteral("pki@example.com")},
                  cn(QStringLiteral("Jane Doe"))}),
        FastPath::Accepts);
    row(QStringLiteral("EV attributes"),
        certWith({{QStringLiteral("jurisdictionC"), QStringLiteral("DE")},
                  {QStringLiteral("jurisdictionST"), QStringLiteral("Bayern")},
                  {QStringLiteral("businessCategory"), QStringLiteral("Private Organization")},
                  {QStringLiteral("serialNumber"), QStringLiteral("HRB 12345")},
                  {QStringLiteral("organizationIdentifier"), QStringLiteral("VATDE-123456789")},
                  {QStringLiteral("street"), QStringLiteral("Hauptstraße 1")},
                  {QStringLiteral("postalCode"), QStringLiteral("80331")},
                  cn(QStringLiteral("ev.example"))}),
        FastPath::Accepts);
    row(QStringLiteral("person attributes"),
        certWith({{QStringLiteral("GN"), QStringLiteral("Jane")},
                  {QStringLiteral("SN"), QStringLiteral("Doe")},
                  {QStringLiteral("title"), QStringLiteral("Admin")},
                  {QStringLiteral("initials"), QStringLiteral("JD")},
                  {QStringLiteral("pseudonym"), QStringLiteral("jd")},
                  {QStringLiteral("description"), QStringLiteral("d")},
                  cn(QStringLiteral("Jane Doe"))}),
        FastPath::Accepts);
    row(QStringLiteral("two CNs: the last counts"),
        certWith({cn(QStringLiteral("first")), cn(QStringLiteral("second"))}), FastPath::Accepts);
    row(QStringLiteral("no CN"), certWith({{QStringLiteral("O"), QStringLiteral("Only Org")}}), FastPath::Accepts);
    row(QStringLiteral("attribute type OpenSSL does not name"),
        certWith({{QStringLiteral("1.2.3.4.5"), QStringLiteral("x")}, cn(QStringLiteral("y"))}), FastPath::Declines);
    CertSpec empty;
    empty.cn.clear();
    row(QStringLiteral("empty subject"), makeCertificate(empty).der, FastPath::Declines); // mbedTLS refuses it
    QList<NameEntry> many;
    for (int i = 0; i < 70; ++i)
        many << NameEntry{QStringLiteral("OU"), QStringLiteral("u%1").arg(i)};
    row(QStringLiteral("70 attributes"), certWith(many), FastPath::Declines);
}

void TestDecoderNames::readersAgree()
{
    QFETCH(QByteArray, der);
    QFETCH(FastPath, fastPath);
    verifyReadersAgree(der, fastPath);
}

void TestDecoderNames::matchesOpensslCommand()
{
    QFETCH(QByteArray, der);
    verifyMatchesOpensslCommand(der);
}

void TestDecoderNames::formatsAsRfc4514()
{
    // The exact strings, so that both readers being wrong alike would show.
    const std::optional<Certificate> c =
        MbedCertificateReader::fromDer(certWith({{QStringLiteral("C"), QStringLiteral("CH")},
                                                 {QStringLiteral("O"), QStringLiteral("Müller, \"Söhne\" + Co")},
                                                 cn(QStringLiteral("#1 <host>; a\\b ")),
                                                 {QStringLiteral("OU"), QStringLiteral("ops"), Enc::Default, true}}));
    QVERIFY(c.has_value());
    // OpenSSL writes an RDN's values sorted by encoding (OU before the longer CN);
    // printing reverses the order.
    QCOMPARE(c->subject,
             QStringLiteral("CN=\\#1 \\<host\\>\\; a\\\\b\\ +OU=ops,O=Müller\\, \\\"Söhne\\\" \\+ Co,C=CH"));
    QCOMPARE(c->subjectCN, QStringLiteral("#1 <host>; a\\b "));
    QCOMPARE(c->issuer, QStringLiteral("CN=Names CA"));

    const std::optional<Certificate> bmp =
        MbedCertificateReader::fromDer(certWith({cn(QStringLiteral("Zürich ☃"), Enc::Bmp)}));
    QVERIFY(bmp.has_value());
    QCOMPARE(bmp->subject, QStringLiteral("CN=Zürich ☃"));
    QCOMPARE(bmp->subjectCN, QStringLiteral("Zürich ☃"));

    const std::optional<Certificate> ctl = MbedCertificateReader::fromDer(certWith({cn(QStringLiteral("a\x01z\x7f"))}));
    QVERIFY(ctl.has_value());
    QCOMPARE(ctl->subject, QStringLiteral("CN=a\\01z\\7F"));
}

void TestDecoderNames::invalidStringsAreLeftToOpenSsl_data()
{
    // Encodings OpenSSL's API will not write: patched into a generated certificate
    // (same length, so the structure holds; the signature no longer matters here).
    QTest::addColumn<QByteArray>("der");
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    const QByteArray utf8 = certWith({cn(QStringLiteral("PATCHME!!"), Enc::Utf8)});
    const QByteArray value("\x0c\x09PATCHME!!", 11);
    auto add = [&](const char* name, const QByteArray& to) { QTest::newRow(name) << utf8 << value << to; };
    add("invalid UTF-8", QByteArray("\x0c\x09P\xc3\x28TCHME!", 11));
    add("overlong UTF-8", QByteArray("\x0c\x09\xc0\xafTCHME!!", 11));
    add("UTF-8 surrogate", QByteArray("\x0c\x09\xed\xa0\x80TCHME!", 11));
    add("UTF-8 beyond U+10FFFF",
        QByteArray("\x0c\x09\xf4\x90\x80\x80"
                   "CHME!",
                   11));
    add("NumericString",
        QByteArray("\x12\x09"
                   "123456789",
                   11));
    add("VisibleString", QByteArray("\x1a\x09PATCHME!!", 11));
    add("BIT STRING value", QByteArray("\x03\x09\x00PATCHME!", 11));
    add("BMPString of odd length", QByteArray("\x1e\x09PATCHME!!", 11));
    add("UniversalString of odd length", QByteArray("\x1c\x09PATCHME!!", 11));
    const QByteArray bmp = certWith({cn(QStringLiteral("PATCH"), Enc::Bmp)});
    const QByteArray bmpValue = QByteArray::fromHex("1e0a00500041005400430048");
    QTest::newRow("BMP surrogate pair") << bmp << bmpValue << QByteArray::fromHex("1e0ad83dde00004100540043");
    QTest::newRow("BMP lone surrogate") << bmp << bmpValue << QByteArray::fromHex("1e0ad800004100540043 0048");
    const QByteArray universal = certWith({cn(QStringLiteral("PAT"), Enc::Universal)});
    QTest::newRow("UniversalString beyond U+10FFFF") << universal << QByteArray::fromHex("1c0c000000500000004100000054")
                                                     << QByteArray::fromHex("1c0c001100000000004100000054");
}

void TestDecoderNames::invalidStringsAreLeftToOpenSsl()
{
    QFETCH(QByteArray, der);
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QCOMPARE(from.size(), to.size());
    const qsizetype at = der.lastIndexOf(from); // the subject, after the issuer
    QVERIFY(at > 0);
    der.replace(at, from.size(), to);
    verifyReadersAgree(der, FastPath::Declines);
}

QTEST_GUILESS_MAIN(TestDecoderNames)
#include "TestDecoderNames.moc"
