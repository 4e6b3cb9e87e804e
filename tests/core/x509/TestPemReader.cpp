// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The PEM reader: framing and base64 rules, and a large bundle decoded by several
// threads giving exactly what one thread gives (certificates, errors, keys, order).

#include "CertFactory.h"
#include "x509/CertificateParser.h"
#include "x509/PemReader.h"

#include <QRandomGenerator>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestPemReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void base64MatchesQt();
    void blocks_data();
    void blocks();
    void legacyEncryptedKeyHeaders();
    void bundleDecodedInParallelEqualsSequential();
};

namespace {

QByteArray wrap(const QByteArray& b64, int width, const QByteArray& eol)
{
    QByteArray out;
    for (qsizetype i = 0; i < b64.size(); i += width)
        out += b64.mid(i, width) + eol;
    return out;
}

QByteArray block(const QByteArray& label, const QByteArray& body)
{
    return "-----BEGIN " + label + "-----\n" + body + "-----END " + label + "-----\n";
}

struct Seen
{
    QByteArray label, der;
    QString error;
};

QList<Seen> scan(const QByteArray& text)
{
    QList<Seen> seen;
    forEachPemBlock(text, [&](const PemBlockView& b) {
        seen.append({b.label.toByteArray(), b.der.toByteArray(), b.error});
    });
    return seen;
}

} // namespace

void TestPemReader::base64MatchesQt()
{
    // Every length 0..300 (all three padding cases) with several line layouts.
    QRandomGenerator rng(42);
    for (int len = 0; len <= 300; ++len) {
        QByteArray bytes(len, Qt::Uninitialized);
        for (char& c : bytes)
            c = char(rng.bounded(256));
        const QByteArray b64 = bytes.toBase64();
        for (const auto& [width, eol] : {std::pair{64, QByteArray("\n")}, std::pair{76, QByteArray("\r\n")},
                                         std::pair{5, QByteArray(" \t\n")}, std::pair{1000, QByteArray("\n")}}) {
            const QList<Seen> seen = scan(block("CERTIFICATE", wrap(b64, width, eol)));
            QCOMPARE(seen.size(), 1);
            if (len == 0) {
                QVERIFY(seen[0].error.contains(QLatin1String("invalid base64")));
            } else {
                QVERIFY2(seen[0].error.isEmpty(), qPrintable(seen[0].error));
                QCOMPARE(seen[0].der, bytes);
            }
        }
    }
}

void TestPemReader::blocks_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected"); // per block: "LABEL:hex" or "error:<part of the message>"
    const QByteArray ok = "AAECAw==\n";        // 00 01 02 03
    QTest::newRow("text around, CRLF") << QByteArray(
        "preamble\r\n" + block("CERTIFICATE", "AAEC\r\nAw==\r\n").replace("\n", "\r\n") + "trailer")
                                       << QStringList{"CERTIFICATE:00010203"};
    QTest::newRow("two blocks, other label ignored by nobody") << block("CERTIFICATE", ok) + block("X509 CRL", "BAU=\n")
                                                               << QStringList{"CERTIFICATE:00010203", "X509 CRL:0405"};
    QTest::newRow("padding in the middle") << block("CERTIFICATE", "AA==AAEC\n") << QStringList{"error:invalid base64"};
    QTest::newRow("three pads") << block("CERTIFICATE", "A===\n") << QStringList{"error:invalid base64"};
    QTest::newRow("not whole quads") << block("CERTIFICATE", "AAECA\n") << QStringList{"error:invalid base64"};
    QTest::newRow("bad character") << block("CERTIFICATE", "AA*CAw==\n") << QStringList{"error:invalid base64"};
    QTest::newRow("empty body") << block("CERTIFICATE", "") << QStringList{"error:invalid base64"};
    QTest::newRow("BEGIN without END, then a good block") << QByteArray("-----BEGIN CERTIFICATE-----\nAAEC\n")
            + block("CERTIFICATE", ok) << QStringList{"error:without END", "CERTIFICATE:00010203"};
    QTest::newRow("END of another label") << QByteArray("-----BEGIN CERTIFICATE-----\nAAECAw==\n-----END PKCS7-----\n")
                                          << QStringList{"error:without END"};
    QTest::newRow("stray dashes before the END")
        << QByteArray("-----BEGIN CERTIFICATE-----\nAAECAw==\n----- note -----\n-----END CERTIFICATE-----\n")
        << QStringList{"error:invalid base64"};
    QTest::newRow("BEGIN line without dashes") << QByteArray("-----BEGIN CERTIFICATE\n") + block("CERTIFICATE", ok)
                                               << QStringList{"error:malformed BEGIN", "CERTIFICATE:00010203"};
    QTest::newRow("label too long") << block(QByteArray(70, 'X'), ok) << QStringList{"error:malformed BEGIN"};
    QTest::newRow("END cut off") << QByteArray("-----BEGIN CERTIFICATE-----\nAAECAw==\n-----END CERTIFI")
                                 << QStringList{"error:without END"};
}

void TestPemReader::blocks()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);
    QStringList actual;
    for (const Seen& s : scan(text))
        actual << (s.error.isEmpty() ? QString::fromLatin1(s.label + ':' + s.der.toHex())
                                     : QStringLiteral("error:") + s.error);
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        if (expected[i].startsWith(QLatin1String("error:")))
            QVERIFY2(actual[i].startsWith(QLatin1String("error:")) && actual[i].contains(expected[i].mid(6)),
                     qPrintable(actual[i]));
        else
            QCOMPARE(actual[i], expected[i]);
    }
}

void TestPemReader::legacyEncryptedKeyHeaders()
{
    const QByteArray text =
        "-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-128-CBC,00FF\r\n\r\n"
        "AAECAw==\r\n-----END RSA PRIVATE KEY-----\r\n";
    bool sawBlock = false;
    forEachPemBlock(text, [&](const PemBlockView& b) {
        sawBlock = true;
        QVERIFY(b.encryptedHeaders);
        QCOMPARE(b.der.toByteArray().toHex(), QByteArray("00010203"));
    });
    QVERIFY(sawBlock);
    const ParsedFile parsed = parseCertificateData(text);
    QCOMPARE(parsed.encryptedPrivateKeys, 1);
    QVERIFY(parsed.errors.isEmpty());
}

void TestPemReader::bundleDecodedInParallelEqualsSequential()
{
    // About 1.7 MiB: 2,000 certificates with keys, broken blocks and noise between
    // them; the last block cut off.
    QList<GeneratedCert> certs;
    for (int i = 0; i < 40; ++i) {
        CertSpec s;
        s.cn = QStringLiteral("bundle%1.example").arg(i);
        s.keyType = i % 2 ? KeyType::Rsa2048 : KeyType::EcP256;
        s.serialHex = QByteArray::number(1000 + i, 16);
        certs << makeCertificate(s);
    }
    const TestKey key = freshKey(KeyType::EcP256);
    QByteArray bundle = "Bundle of test certificates\n";
    int badBlocks = 0, keys = 0, encryptedKeys = 0;
    const int count = 2000;
    for (int i = 0; i < count; ++i) {
        bundle += certs[i % certs.size()].pem();
        if (i % 97 == 0 && ++badBlocks)
            bundle += block("CERTIFICATE", "!!not base64!!\n");
        if (i % 211 == 0 && ++keys)
            bundle += key.pkcs8Pem();
        if (i % 301 == 0 && ++encryptedKeys)
            bundle += "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAECAw==\n-----END ENCRYPTED PRIVATE KEY-----\n";
        if (i % 50 == 0)
            bundle += "# comment between blocks\r\n";
    }
    bundle += "-----BEGIN CERTIFICATE-----\nMIIB";
    QVERIFY(bundle.size() > (1 << 20)); // large enough to be split

    ParseOptions one;
    one.threads = 1;
    const ParsedFile sequential = parseCertificateData(bundle, one);
    QCOMPARE(sequential.certificates.size(), count);
    QCOMPARE(sequential.errors.size(), badBlocks + 1); // and the cut-off block
    QVERIFY(sequential.errors.first().startsWith(QLatin1String("PEM block 2: ")));
    QVERIFY(sequential.errors.last().contains(QLatin1String("without END")));
    QCOMPARE(sequential.privateKeySpki.size(), keys);
    QCOMPARE(sequential.encryptedPrivateKeys, encryptedKeys);

    for (int threads : {2, 3, 4}) {
        ParseOptions many;
        many.threads = threads;
        const ParsedFile parallel = parseCertificateData(bundle, many);
        QCOMPARE(parallel.format, sequential.format);
        QCOMPARE(parallel.errors, sequential.errors);
        QCOMPARE(parallel.privateKeySpki, sequential.privateKeySpki);
        QCOMPARE(parallel.encryptedPrivateKeys, sequential.encryptedPrivateKeys);
        QCOMPARE(parallel.certificates.size(), sequential.certificates.size());
        for (qsizetype i = 0; i < parallel.certificates.size(); ++i) {
            QCOMPARE(parallel.certificates[i].sha256, sequential.certificates[i].sha256);
            QCOMPARE(parallel.certificates[i].hasPrivateKey, sequential.certificates[i].hasPrivateKey);
        }
    }
}

QTEST_GUILESS_MAIN(TestPemReader)
#include "TestPemReader.moc"
