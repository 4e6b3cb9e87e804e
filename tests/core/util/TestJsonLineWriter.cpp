// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/JsonLineWriter.h"
#include "util/TerminalText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;

namespace {

// What a terminal or a line-oriented log must never receive raw: C0 controls, DEL, and
// (as UTF-8) C1 controls, line separators and bidi formatting characters.
bool hasRawControl(const QByteArray& utf8)
{
    for (const char c : utf8) {
        if (uchar(c) < 0x20 || uchar(c) == 0x7f)
            return true;
    }
    const QString text = QString::fromUtf8(utf8);
    for (const QChar c : text) {
        if (isControlCharacter(c.unicode()))
            return true;
    }
    return false;
}

QJsonObject parseLine(const QByteArray& line, QString* problem)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        *problem = error.errorString() + QStringLiteral(" in ") + QString::fromUtf8(line);
    return document.object();
}

} // namespace

// The JSON-lines writer of scan --json, events --json and watch --json-log: what it
// writes parses as the same values QJsonDocument would give, and a hostile certificate
// field cannot put a control character on an administrator's terminal or split a line.
class TestJsonLineWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stringsRoundTripAndStaySafe_data();
    void stringsRoundTripAndStaySafe();
    void invalidUtf8BecomesReplacement_data();
    void invalidUtf8BecomesReplacement();
    void integersAtTheLimits();
    void timesMatchQtsIsoDate_data();
    void timesMatchQtsIsoDate();
    void splicedObjectIsMadeSafe();
    void emptySplicedObjectAddsNothing();
    void nestedShapesAndLines();
};

void TestJsonLineWriter::stringsRoundTripAndStaySafe_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("parsed"); // what a JSON reader gets back
    QTest::newRow("plain") << QStringLiteral("www.example.org") << QStringLiteral("www.example.org");
    QTest::newRow("quote and backslash") << QStringLiteral("CN=\"a\\,b\"") << QStringLiteral("CN=\"a\\,b\"");
    QTest::newRow("non-ASCII") << QStringLiteral("café 日本 😀") << QStringLiteral("café 日本 😀");
    QTest::newRow("newline would split the line") << QStringLiteral("a\nb\r\nc") << QStringLiteral("a\nb\r\nc");
    QTest::newRow("escape sequence") << QStringLiteral("\x1b[2J\x1b]0;pwned\x07")
                                     << QStringLiteral("\x1b[2J\x1b]0;pwned\x07");
    QTest::newRow("NUL and DEL") << QString(QChar(0)) + QStringLiteral("x\x7f")
                                 << QString(QChar(0)) + QStringLiteral("x\x7f");
    QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + QStringLiteral("31m")
                            << QString(QChar(0x9b)) + QStringLiteral("31m");
    QTest::newRow("right-to-left override")
        << QStringLiteral("moc.elpmaxe") + QChar(0x202e) << QStringLiteral("moc.elpmaxe") + QChar(0x202e);
    QTest::newRow("line and paragraph separators")
        << QString(QChar(0x2028)) + QChar(0x2029) << QString(QChar(0x2028)) + QChar(0x2029);
    QTest::newRow("lone high surrogate") << QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b")
                                         << QStringLiteral("a") + QChar(0xfffd) + QStringLiteral("b");
    QTest::newRow("lone low surrogate at the end")
        << QStringLiteral("a") + QChar(0xdc00) << QStringLiteral("a") + QChar(0xfffd);
}

void TestJsonLineWriter::stringsRoundTripAndStaySafe()
{
    QFETCH(QString, text);
    QFETCH(QString, parsed);
    QByteArray out;
    JsonLineWriter json(out);
    json.beginObject();
    json.field(QLatin1StringView("subject"), text);
    json.key(QLatin1StringView("bytes"));
    json.utf8String(text.toUtf8()); // the same text as SQLite hands it over
    json.endObject();
    json.endLine();

    QVERIFY(out.endsWith('\n'));
    const QByteArray line = out.chopped(1);
    QVERIFY2(!hasRawControl(line), line.constData());
    QString problem;
    const QJsonObject object = parseLine(line, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(object.value(QLatin1String("subject")).toString(), parsed);
    // QString::toUtf8 has already replaced a lone surrogate (with '?'): the bytes say
    // what they say.
    QCOMPARE(object.value(QLatin1String("bytes")).toString(), QString::fromUtf8(text.toUtf8()));
}

void TestJsonLineWriter::invalidUtf8BecomesReplacement_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("parsed");
    const QString r(QChar(0xfffd));
    QTest::newRow("stray continuation byte") << QByteArray("a\x80z") << QStringLiteral("a") + r + QStringLiteral("z");
    QTest::newRow("0xff") << QByteArray("\xff") << r;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << r + r;
    QTest::newRow("truncated at the end") << QByteArray("x\xe2\x82") << QStringLiteral("x") + r + r;
    QTest::newRow("encoded surrogate") << QByteArray("\xed\xa0\x80") << r + r + r;
    QTest::newRow("beyond U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << r + r + r + r;
    QTest::newRow("valid four bytes") << QByteArray("\xf0\x9f\x98\x80") << QStringLiteral("😀");
    QTest::newRow("C1 as UTF-8") << QByteArray("\xc2\x9b"
                                               "1m")
                                 << QString(QChar(0x9b)) + QStringLiteral("1m");
}

void TestJsonLineWriter::invalidUtf8BecomesReplacement()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, parsed);
    QByteArray out;
    JsonLineWriter json(out);
    json.beginObject();
    json.key(QLatin1StringView("file"));
    json.utf8String(bytes);
    json.endObject();
    QVERIFY2(!hasRawControl(out), out.constData());
    QString problem;
    const QJsonObject object = parseLine(out, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(object.value(QLatin1String("file")).toString(), parsed);
}

void TestJsonLineWriter::integersAtTheLimits()
{
    QByteArray out;
    JsonLineWriter json(out);
    json.beginArray();
    for (const qint64 value :
         {qint64(0), qint64(-1), qint64(42), std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min()})
        json.integer(value);
    json.endArray();
    QCOMPARE(out, QByteArray("[0,-1,42,9223372036854775807,-9223372036854775808]"));
}

void TestJsonLineWriter::timesMatchQtsIsoDate_data()
{
    QTest::addColumn<qint64>("secs");
    QTest::newRow("epoch") << qint64(0);
    QTest::newRow("one second before the epoch") << qint64(-1);
    QTest::newRow("leap day 2024") << QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59), Qt::UTC).toSecsSinceEpoch();
    QTest::newRow("2100 is no leap year") << QDateTime(QDate(2100, 3, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    QTest::newRow("2000 is one") << QDateTime(QDate(2000, 2, 29), QTime(12, 0), Qt::UTC).toSecsSinceEpoch();
    QTest::newRow("notBefore 1950 (UTCTime's floor)")
        << QDateTime(QDate(1950, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    QTest::newRow("9999-12-31 (GeneralizedTime's no-expiry)")
        << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC).toSecsSinceEpoch();
    QTest::newRow("year 0: nothing, as Qt writes it")
        << QDateTime(QDate(-1, 6, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
}

void TestJsonLineWriter::timesMatchQtsIsoDate()
{
    QFETCH(qint64, secs);
    QByteArray out;
    JsonLineWriter json(out);
    json.utcTime(secs);
    const QString expected = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODate);
    QCOMPARE(out, QByteArray('"' + expected.toUtf8() + '"'));
}

void TestJsonLineWriter::splicedObjectIsMadeSafe()
{
    // The event log stores a subject's JSON as text; whatever was stored (even a raw
    // control character inside a string, or pretty-printed whitespace) must come out on
    // one safe line and parse to the same values.
    const QByteArray stored = "{\n  \"subject\": \"CN=evil\x1b[2J\",\n  \"names\": [\"a\\\"b\", \"\xe2\x80\xae"
                              "x\"],"
                              "\n  \"key\": {\"bits\": 2048, \"ok\": true, \"none\": null}\n}\n";
    QByteArray out;
    JsonLineWriter json(out);
    json.beginObject();
    json.field(QLatin1StringView("recordId"), qint64(7));
    json.objectMembers(stored);
    json.field(QLatin1StringView("after"), QStringLiteral("x"));
    json.endObject();
    json.endLine();

    QCOMPARE(out.count('\n'), 1);
    QVERIFY2(!hasRawControl(out.chopped(1)), out.constData());
    QString problem;
    const QJsonObject object = parseLine(out.chopped(1), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(object.value(QLatin1String("recordId")).toInteger(), 7);
    QCOMPARE(object.value(QLatin1String("subject")).toString(), QStringLiteral("CN=evil\x1b[2J"));
    QCOMPARE(object.value(QLatin1String("names")).toArray(),
             (QJsonArray{QStringLiteral("a\"b"), QString(QChar(0x202e)) + QStringLiteral("x")}));
    QCOMPARE(object.value(QLatin1String("key")).toObject().value(QLatin1String("bits")).toInt(), 2048);
    QVERIFY(object.value(QLatin1String("key")).toObject().value(QLatin1String("none")).isNull());
    QCOMPARE(object.value(QLatin1String("after")).toString(), QStringLiteral("x"));
}

void TestJsonLineWriter::emptySplicedObjectAddsNothing()
{
    QByteArray out;
    JsonLineWriter json(out);
    json.beginObject();
    json.field(QLatin1StringView("a"), qint64(1));
    json.objectMembers("{}");
    json.objectMembers("not an object");
    json.field(QLatin1StringView("b"), qint64(2));
    json.endObject();
    QCOMPARE(out, QByteArray(R"({"a":1,"b":2})"));
}

void TestJsonLineWriter::nestedShapesAndLines()
{
    QByteArray out;
    JsonLineWriter json(out);
    for (int i = 0; i < 2; ++i) {
        json.beginObject();
        json.field(QLatin1StringView("n"), qint64(i));
        json.key(QLatin1StringView("list"));
        json.beginArray();
        json.beginObject();
        json.fieldBool(QLatin1StringView("ok"), i == 0);
        json.endObject();
        json.null();
        json.endArray();
        json.fieldTime(QLatin1StringView("at"), 0);
        json.endObject();
        json.endLine();
    }
    QCOMPARE(out,
             QByteArray("{\"n\":0,\"list\":[{\"ok\":true},null],\"at\":\"1970-01-01T00:00:00Z\"}\n"
                        "{\"n\":1,\"list\":[{\"ok\":false},null],\"at\":\"1970-01-01T00:00:00Z\"}\n"));
}

QTEST_GUILESS_MAIN(TestJsonLineWriter)
#include "TestJsonLineWriter.moc"
