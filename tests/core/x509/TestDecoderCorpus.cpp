// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The fast path and OpenSSL against the shared corpus of real certificates: every
// one is read identically, the usual ones by the fast path, the odd ones through
// the OpenSSL fallback; and every one agrees with the `openssl x509` command.

#include "CertFactory.h"
#include "DecoderCheck.h"
#include "TestEnvironment.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::test::FastPath)

class TestDecoderCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readersAgree_data();
    void readersAgree();
    void matchesOpensslCommand_data();
    void matchesOpensslCommand();
    void oddCertificatesAreRead();

private:
    void addCorpusRows();
};

namespace {

QList<QByteArray> readCorpusFile(const QString& relative)
{
    QFile f(corpusDir() + QLatin1Char('/') + relative);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return certificatesOfPem(f.readAll());
}

QStringList corpusFiles(const QString& subdir)
{
    return QDir(corpusDir() + QLatin1Char('/') + subdir).entryList({QStringLiteral("*.pem")}, QDir::Files, QDir::Name);
}

} // namespace

void TestDecoderCorpus::addCorpusRows()
{
    QTest::addColumn<QByteArray>("der");
    QTest::addColumn<FastPath>("fastPath");
    const QStringList real = corpusFiles(QStringLiteral("real-sites"));
    QVERIFY2(real.size() >= 40, qPrintable(corpusDir()));
    for (const QString& name : real) {
        // Every real root, intermediate and leaf here is an ordinary RSA/EC
        // certificate: the fast path must take it (roots exercise self-signed).
        const QList<QByteArray> certs = readCorpusFile(QStringLiteral("real-sites/") + name);
        QCOMPARE(certs.size(), 1);
        QTest::newRow(qPrintable(name)) << certs.first() << FastPath::Accepts;
    }
    const QStringList odd = corpusFiles(QStringLiteral("odd"));
    QVERIFY(odd.size() >= 4);
    for (const QString& name : odd) {
        // Explicit curves are OpenSSL's alone, and so is the mismatched leaf (its inner
        // and outer signature algorithms differ: mbedTLS refuses it). The negative
        // serial the fast path renders exactly as OpenSSL does.
        const QList<QByteArray> certs = readCorpusFile(QStringLiteral("odd/") + name);
        QVERIFY(!certs.isEmpty());
        for (int i = 0; i < certs.size(); ++i) {
            const bool declined = name.startsWith(QLatin1String("explicit_curve"))
                || (name.startsWith(QLatin1String("cryptography.io")) && i == 0);
            QTest::newRow(qPrintable(QStringLiteral("odd/%1#%2").arg(name).arg(i)))
                << certs[i] << (declined ? FastPath::Declines : FastPath::Accepts);
        }
    }
}

void TestDecoderCorpus::readersAgree_data()
{
    addCorpusRows();
}

void TestDecoderCorpus::readersAgree()
{
    QFETCH(QByteArray, der);
    QFETCH(FastPath, fastPath);
    QVERIFY(!der.isEmpty());
    verifyReadersAgree(der, fastPath);
}

void TestDecoderCorpus::matchesOpensslCommand_data()
{
    addCorpusRows();
}

void TestDecoderCorpus::matchesOpensslCommand()
{
    QFETCH(QByteArray, der);
    verifyMatchesOpensslCommand(der);
}

void TestDecoderCorpus::oddCertificatesAreRead()
{
    // Through the whole parser, as a scan reads them: no error, one certificate each.
    for (const QString& name : corpusFiles(QStringLiteral("odd"))) {
        QFile f(corpusDir() + QStringLiteral("/odd/") + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pem = f.readAll();
        const ParsedFile parsed = parseCertificateData(pem);
        QVERIFY2(parsed.errors.isEmpty(),
                 qPrintable(name + QStringLiteral(": ") + parsed.errors.join(QLatin1Char(';'))));
        QCOMPARE(parsed.certificates.size(), int(pem.count("-----BEGIN CERTIFICATE-----")));
    }
    const std::optional<Certificate> negative =
        decodeCertificateDer(readCorpusFile(QStringLiteral("odd/negative_serial.pem")).value(0));
    QVERIFY(negative.has_value());
    QVERIFY2(negative->serialHex.startsWith(QLatin1Char('-')), qPrintable(negative->serialHex));
    const std::optional<Certificate> explicitCurve =
        decodeCertificateDer(readCorpusFile(QStringLiteral("odd/explicit_curve_leaf.pem")).value(0));
    QVERIFY(explicitCurve.has_value());
    QCOMPARE(explicitCurve->keyAlgorithm, QStringLiteral("EC"));
}

QTEST_GUILESS_MAIN(TestDecoderCorpus)
#include "TestDecoderCorpus.moc"
