// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventFixtures.h"
#include "eventlog/EventJson.h"

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
};

void TestEventJson::sameObjectAsToJson_data()
{
    QTest::addColumn<LifecycleEvent>("event");
    for (int id = 1001; id <= 1007; ++id)
        QTest::newRow(qPrintable(eventName(EventId(id)))) << fixtureEvent(EventId(id), id, QStringLiteral("web"), fixtureTime(id));
    LifecycleEvent hostile = fixtureEvent(EventId::Replace, 3, QStringLiteral("st\"ore\\"), fixtureTime());
    hostile.certificate.subject = QStringLiteral("CN=a\nb\r\t\b\f\x01\x1f\x7f é 😀 \"q\" \\ /");
    hostile.message = QString(QChar(0)) + QStringLiteral("nul and \u2028 line separator");
    hostile.oldCertificate->sans << QStringLiteral("DNS:\xE2\x80\xAE.evil");
    QTest::newRow("hostile text") << hostile;
    LifecycleEvent empty;
    empty.time = QDateTime();
    QTest::newRow("empty fields, no time") << empty;
    LifecycleEvent far = fixtureEvent(EventId::Expired, 1, QStringLiteral("My"), QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59), Qt::UTC));
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

QTEST_GUILESS_MAIN(TestEventJson)
#include "TestEventJson.moc"
