// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/FileNames.h"

#include <QRandomGenerator>
#include <QTest>

using namespace certlife;

class TestFileNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utf8NamesArePlainStrings();
    void everyByteSequenceRoundTrips();
    void escapedForDisplay_data();
    void escapedForDisplay();
};

void TestFileNames::utf8NamesArePlainStrings()
{
    const QByteArray name("/srv/certs/Zoë 🔐 ca.pem");
    QCOMPARE(decodeFileName(name), QString::fromUtf8(name));
    QCOMPARE(encodeFileName(QString::fromUtf8(name)), name);
    QCOMPARE(decodeFileName("\xef\xbf\xbd.pem"), QStringLiteral("\uFFFD.pem")); // a real U+FFFD stays one
}

void TestFileNames::everyByteSequenceRoundTrips()
{
    QList<QByteArray> samples = {"\xff",
                                 "\x80",
                                 "caf\xe9.pem",
                                 "\xc0\xaf" /* overlong '/' */,
                                 "\xed\xa0\x80" /* UTF-8 encoded surrogate */,
                                 "\xf4\x90\x80\x80" /* > U+10FFFF */,
                                 "\xe2\x82",
                                 "ok\xf0\x9f\x94\x90ok",
                                 QByteArray("a\0b", 3)};
    QByteArray all;
    for (int b = 1; b < 256; ++b)
        all.append(char(b));
    samples.append(all);
    QRandomGenerator rng(7);
    for (int i = 0; i < 500; ++i) {
        QByteArray random(int(rng.bounded(1, 40)), Qt::Uninitialized);
        for (char& c : random)
            c = char(rng.bounded(256));
        samples.append(random);
    }
    for (const QByteArray& raw : std::as_const(samples))
        QCOMPARE(encodeFileName(decodeFileName(raw)), raw);
}

void TestFileNames::escapedForDisplay_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("shown");
    QTest::newRow("plain") << QByteArray("/etc/ssl/certs/ca.pem") << QStringLiteral("/etc/ssl/certs/ca.pem");
    QTest::newRow("spaces and unicode") << QByteArray("/srv/my cert é.pem") << QStringLiteral("/srv/my cert é.pem");
    QTest::newRow("latin-1 byte") << QByteArray("caf\xe9.pem") << QStringLiteral("caf\\xE9.pem");
    QTest::newRow("newline") << QByteArray("a\nb.pem") << QStringLiteral("a\\x0Ab.pem");
    QTest::newRow("escape character") << QByteArray("\x1b[31mred") << QStringLiteral("\\x1B[31mred");
    QTest::newRow("backslash") << QByteArray("a\\xFF") << QStringLiteral("a\\\\xFF");
    // C1 controls and bidi overrides are valid UTF-8, and no less able to redraw a
    // terminal line (U+009B is CSI) or reverse it: escaped as characters, not bytes.
    QTest::newRow("C1 CSI") << QByteArray("a\xc2\x9b"
                                          "31mb")
                            << QStringLiteral("a\\u009B31mb");
    QTest::newRow("right-to-left override")
        << QByteArray("evil\xe2\x80\xaegnp.pem") << QStringLiteral("evil\\u202Egnp.pem");
    QTest::newRow("isolate") << QByteArray("a\xe2\x81\xa6z") << QStringLiteral("a\\u2066z");
}

void TestFileNames::escapedForDisplay()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, shown);
    QCOMPARE(escapedFileName(decodeFileName(raw)), shown);
}

QTEST_GUILESS_MAIN(TestFileNames)
#include "TestFileNames.moc"
