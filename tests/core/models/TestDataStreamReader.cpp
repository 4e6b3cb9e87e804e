// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/DataStreamReader.h"

#include <QDataStream>
#include <QTest>

using namespace certlife;

// The inventory cache is written with QDataStream and read back with DataStreamReader:
// both must agree on every encoding the cache uses, and a cut-off blob must read as bad.
class TestDataStreamReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatQDataStreamWrote();
    void aTruncatedOrMalformedBlobIsNotOk();
    void skipStringStepsOverWhatItWouldRead();
};

namespace {
QByteArray written(const std::function<void(QDataStream&)>& write)
{
    QByteArray blob;
    QDataStream out(&blob, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    write(out);
    return blob;
}
} // namespace

void TestDataStreamReader::readsWhatQDataStreamWrote()
{
    const QString text = QStringLiteral("CN=bücher.example, O=\u00c9t\u00e9 \U0001F512");
    const QByteArray bytes("\x30\x82\x00\xff", 4);
    const QByteArray blob = written([&](QDataStream& out) {
        out << quint8(200) << qint32(-7) << quint32(0xDEADBEEF) << qint64(-1234567890123) << quint16(0x8001) << true
            << false << text << QString() << QString(QLatin1String("")) << bytes << QByteArray();
        out.writeRawData("raw!", 4);
    });
    DataStreamReader in(blob);
    quint8 u8 = 0;
    qint32 i32 = 0;
    quint32 u32 = 0;
    qint64 i64 = 0;
    quint16 u16 = 0;
    bool yes = false, no = true;
    QString s, null, empty;
    QByteArray b, nullBytes("x");
    char raw[4] = {};
    in >> u8 >> i32 >> u32 >> i64 >> u16 >> yes >> no >> s >> null >> empty >> b >> nullBytes;
    QVERIFY(in.readRawData(raw, 4));
    QVERIFY(in.ok());
    QCOMPARE(u8, quint8(200));
    QCOMPARE(i32, -7);
    QCOMPARE(u32, 0xDEADBEEFu);
    QCOMPARE(i64, qint64(-1234567890123));
    QCOMPARE(u16, quint16(0x8001));
    QVERIFY(yes);
    QVERIFY(!no);
    QCOMPARE(s, text);
    QVERIFY(null.isNull());
    QVERIFY(empty.isEmpty() && !empty.isNull());
    QCOMPARE(b, bytes);
    QVERIFY(nullBytes.isNull());
    QCOMPARE(QByteArray(raw, 4), QByteArray("raw!"));
}

void TestDataStreamReader::aTruncatedOrMalformedBlobIsNotOk()
{
    const QByteArray blob =
        written([](QDataStream& out) { out << QStringLiteral("a long enough string") << qint32(5); });
    for (qsizetype cut : {qsizetype(2), qsizetype(10), blob.size() - 1}) {
        DataStreamReader in(QByteArrayView(blob).first(cut));
        QString s;
        qint32 n = 0;
        in >> s >> n;
        QVERIFY2(!in.ok(), qPrintable(QString::number(cut)));
        QCOMPARE(n, 0);
    }
    // A string length that is not a whole number of UTF-16 units.
    const QByteArray odd("\x00\x00\x00\x03"
                         "abc",
                         7);
    DataStreamReader in(odd);
    QString s;
    in >> s;
    QVERIFY(!in.ok());
    QVERIFY(s.isNull());
}

void TestDataStreamReader::skipStringStepsOverWhatItWouldRead()
{
    // The cache's decoder steps over a repeated issuer or key type instead of reading it:
    // it must land where reading would, and fail where reading fails.
    const QByteArray blob = written([](QDataStream& out) {
        out << QStringLiteral("CN=Example Issuing CA 3") << QString() << QString(QLatin1String("")) << qint32(42);
    });
    DataStreamReader skipped(blob);
    QVERIFY(skipped.skipString());
    QVERIFY(skipped.skipString());
    QVERIFY(skipped.skipString());
    qint32 after = 0;
    skipped >> after;
    QVERIFY(skipped.ok());
    QCOMPARE(after, 42);

    DataStreamReader cut(QByteArrayView(blob).first(10));
    QVERIFY(!cut.skipString());
    QVERIFY(!cut.ok());
    const QByteArray oddLength("\x00\x00\x00\x03"
                               "abc",
                               7);
    DataStreamReader odd(oddLength);
    QVERIFY(!odd.skipString());
    QVERIFY(!odd.ok());
}

QTEST_GUILESS_MAIN(TestDataStreamReader)
#include "TestDataStreamReader.moc"
