// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventFixtures.h"
#include "TestEnvironment.h"
#include "eventlog/EventJson.h"
#include "eventlog/EventLog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The EventLog writes event subjects with its own JSON writer; it must say exactly what
// LifecycleEvent::toJson() says, or events would lose fields in the log.
class TestEventJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameObjectAsToJson_data();
    void sameObjectAsToJson();
    void hashIsStable();
    // events --json and watch --json-log write lines with their own writer, not toJson():
    // the line of an event, and the line the log writes from its rows, say what toJson()
    // says, byte for byte the same, on one terminal-safe line; so does the line the fleet
    // publish sends as the event's data (eventsAfterJson), with the columns it keys on.
    void linesAgreeWithToJson_data() { sameObjectAsToJson_data(); }
    void linesAgreeWithToJson();
};

void TestEventJson::sameObjectAsToJson_data()
{
    QTest::addColumn<LifecycleEvent>("event");
    for (int id = 1001; id <= 1007; ++id)
        QTest::newRow(qPrintable(eventName(EventId(id))))
            << fixtureEvent(EventId(id), id, QStringLiteral("web"), fixtureTime(id));
    LifecycleEvent hostile = fixtureEvent(EventId::Replace, 3, QStringLiteral("st\"ore\\"), fixtureTime());
    hostile.certificate.subject = QStringLiteral("CN=a\nb\r\t\b\f\x01\x1f\x7f é 😀 \"q\" \\ /");
    hostile.message = QString(QChar(0)) + QStringLiteral("nul and \u2028 line separator");
    hostile.oldCertificate->sans << QStringLiteral("DNS:\xE2\x80\xAE.evil");
    QTest::newRow("hostile text") << hostile;
    LifecycleEvent empty;
    empty.time = QDateTime();
    QTest::newRow("empty fields, no time") << empty;
    LifecycleEvent far = fixtureEvent(EventId::Expired, 1, QStringLiteral("My"),
                                      QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59), Qt::UTC));
    far.certificate.notAfter = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC);
    far.certificate.notBefore = QDateTime(QDate(1950, 1, 1), QTime(0, 0), Qt::UTC);
    far.remainingSeconds = -4102444800LL;
    QTest::newRow("dates 1950..9999") << far;
}

void TestEventJson::sameObjectAsToJson()
{
    QFETCH(LifecycleEvent, event);
    QJsonParseError subjectError{};
    const QByteArray stored = eventlog::subjectJson(event).toUtf8();
    const QJsonObject subject = QJsonDocument::fromJson(stored, &subjectError).object();
    QCOMPARE(subjectError.error, QJsonParseError::NoError);
    // Exactly toJson()'s certificate objects, no more, no less.
    const QJsonObject full = event.toJson();
    QJsonObject expected{{QStringLiteral("certificate"), full.value(QStringLiteral("certificate"))}};
    if (full.contains(QStringLiteral("oldCertificate")))
        expected.insert(QStringLiteral("oldCertificate"), full.value(QStringLiteral("oldCertificate")));
    QCOMPARE(subject, expected);

    // Read back into an event that had other certificates.
    LifecycleEvent back = fixtureEvent(EventId::Replace, 99, QStringLiteral("x"), fixtureTime());
    QVERIFY(eventlog::readSubjectJson(stored, &back));
    QCOMPARE(back.certificate.toJson(), event.certificate.toJson());
    QCOMPARE(back.oldCertificate.has_value(), event.oldCertificate.has_value());
    if (event.oldCertificate)
        QCOMPARE(back.oldCertificate->toJson(), event.oldCertificate->toJson());
    QVERIFY(!eventlog::readSubjectJson("{\"other\":1}", &back));
    QVERIFY(!eventlog::readSubjectJson("not json", &back));
}

void TestEventJson::hashIsStable()
{
    // Stored in the database: must not change between versions or processes.
    QCOMPARE(eventlog::detailsHash(QString()), qint64(14695981039346656037ULL));
    QCOMPARE(eventlog::detailsHash(QStringLiteral("a")), qint64(0xaf63dc4c8601ec8cULL));
    QVERIFY(eventlog::detailsHash(QStringLiteral("ab")) != eventlog::detailsHash(QStringLiteral("ba")));
}

void TestEventJson::linesAgreeWithToJson()
{
    QFETCH(LifecycleEvent, event);
    if (!event.time.isValid())
        QSKIP("the log stores no event without a time");
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    QList<LifecycleEvent> batch{event};
    QVERIFY2(log.append(batch, &error), qPrintable(error));

    EventQuery everything;
    everything.limit = 10;
    const QList<LifecycleEvent> stored = log.query(everything);
    const EventJsonPage page = log.queryJson(everything);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(page.lines.size(), 1);
    const LifecycleEvent& back = stored.first();

    QByteArray written;
    JsonLineWriter writer(written);
    eventlog::writeEventJson(writer, back);
    QCOMPARE(page.line(0), QByteArrayView(written));
    QCOMPARE(page.text, written + '\n');
    QCOMPARE(page.lines.first().recordId, back.recordId);
    QCOMPARE(page.lines.first().cursor().time, back.time);
    const QList<EventJsonRecord> published = log.eventsAfterJson(0, 10);
    QCOMPARE(published.size(), 1);
    const EventJsonRecord& record = published.first();
    QCOMPARE(record.json, written);
    QCOMPARE(record.recordId, back.recordId);
    QCOMPARE(record.timeMs, event.time.toMSecsSinceEpoch());
    QCOMPARE(record.id, event.id);
    QCOMPARE(record.store, event.storeId);
    QCOMPARE(record.message, event.message);
    QCOMPARE(record.thumbprint, event.certificate.thumbprint.toUpper());
    QVERIFY(log.eventsAfterJson(back.recordId, 10).isEmpty());

    QVERIFY(!written.contains('\n'));
    for (const char c : written)
        QVERIFY2(uchar(c) >= 0x20 && uchar(c) != 0x7f, written.constData());
    QJsonParseError parseError{};
    const QJsonObject parsed = QJsonDocument::fromJson(written, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(parsed, back.toJson());
    // And the keys in toJson()'s documented order, which scripts reading the lines see.
    QVERIFY(written.startsWith("{\"recordId\":"));
    QVERIFY(written.indexOf("\"message\":") < written.indexOf("\"certificate\":"));
}

QTEST_GUILESS_MAIN(TestEventJson)
#include "TestEventJson.moc"
