// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The fuzzers' seed corpus (tests/fuzz/corpus) as a regression test that needs no
// clang: every seed, including inputs that once crashed a fuzzer, goes through
// parseCertificateData and must give the outcome tests/fuzz/corpus-expectations.txt
// records for it: how many certificates, keys and encrypted keys, or which error.

#include "x509/CertificateParser.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

using namespace certlife;

class TestFuzzCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everySeedHasAnExpectation();
    void seed_data();
    void seed();

private:
    QString m_corpus;
    QMap<QString, QString> m_expected; // file name -> "certs=1 keys=0 …"
};

void TestFuzzCorpus::initTestCase()
{
    m_corpus = certlife::test::sourcePath(QStringLiteral("tests/fuzz/corpus"));
    const QString list = certlife::test::sourcePath(QStringLiteral("tests/fuzz/corpus-expectations.txt"));
    QVERIFY2(QFileInfo(m_corpus).isDir() && QFileInfo(list).isFile(), "tests/fuzz/corpus not found");
    QFile f(list);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        QVERIFY2(space > 0, qPrintable(line));
        m_expected.insert(line.left(space), line.mid(space + 1).trimmed());
    }
}

void TestFuzzCorpus::everySeedHasAnExpectation()
{
    const QStringList files = QDir(m_corpus).entryList(QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 20);
    for (const QString& name : files)
        QVERIFY2(m_expected.contains(name),
                 qPrintable(name + QStringLiteral(" has no line in corpus-expectations.txt")));
    for (const QString& name : m_expected.keys())
        QVERIFY2(files.contains(name), qPrintable(name + QStringLiteral(" is expected but missing from the corpus")));
}

void TestFuzzCorpus::seed_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value();
}

void TestFuzzCorpus::seed()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QFile f(QDir(m_corpus).filePath(file));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();

    // Expectations: certs=N keys=N encrypted=N and optionally error="text" (the
    // first error contains it; without it there must be no error).
    static const QRegularExpression token(QStringLiteral(R"re(([\w.]+)=(?:"([^"]*)"|(\S+)))re"));
    QMap<QString, QString> want;
    for (auto m = token.globalMatch(expected); m.hasNext();) {
        const auto match = m.next();
        want.insert(match.captured(1), match.captured(2).isEmpty() ? match.captured(3) : match.captured(2));
    }
    // Once without and once with a password, as a store with one would read it.
    for (bool withPassword : {false, true}) {
        ParseOptions options;
        if (withPassword) {
            options.pkcs12Password = "s3cret";
            options.hasPkcs12Password = true;
        }
        const ParsedFile parsed = parseCertificateData(data, options);
        const QString prefix = withPassword ? QStringLiteral("password.") : QString();
        auto value = [&](const QString& key, const QString& fallback) {
            return want.value(prefix + key, want.value(key, fallback));
        };
        QCOMPARE(QString::number(parsed.certificates.size()), value(QStringLiteral("certs"), QStringLiteral("0")));
        QCOMPARE(QString::number(parsed.privateKeySpki.size()), value(QStringLiteral("keys"), QStringLiteral("0")));
        QCOMPARE(QString::number(parsed.encryptedPrivateKeys), value(QStringLiteral("encrypted"), QStringLiteral("0")));
        const QString error = value(QStringLiteral("error"), QString());
        if (error.isEmpty()) {
            QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char(';'))));
        } else {
            QVERIFY2(!parsed.errors.isEmpty() && parsed.errors.first().contains(error),
                     qPrintable(
                         QStringLiteral("expected \"%1\", got: %2").arg(error, parsed.errors.join(QLatin1Char(';')))));
        }
        for (const Certificate& c : parsed.certificates)
            QVERIFY(!c.subject.isEmpty() || !c.issuer.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "TestFuzzCorpus.moc"
