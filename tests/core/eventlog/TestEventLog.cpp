// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventFixtures.h"
#include "EventOracle.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"

#include <QRegularExpression>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::EventQuery)

namespace {

const QStringList kStores{QStringLiteral("My"), QStringLiteral("system"), QStringLiteral("web"),
                          QStringLiteral("mail")};
const QList<EventId> kIds{EventId::Replace,  EventId::Expired, EventId::CloseToExpiration, EventId::Deleted,
                          EventId::Archived, EventId::New,     EventId::Exported};

// Every id, `certificates` certificates, 4 stores, times in steps of a minute with
// three events sharing each time.
QList<LifecycleEvent> mixedEvents(int count = 120, int certificates = 13)
{
    QList<LifecycleEvent> events;
    for (int i = 0; i < count; ++i)
        events << fixtureEvent(kIds[i % 7], i % certificates, kStores[i % 4], fixtureTime((i / 3) * 60));
    return events;
}

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTripsEveryField_data();
    void roundTripsEveryField();
    void appendFillsRecordIdTimeAndChannel();
    void appendToReadOnlyLogFailsAndChangesNothing();
    void retriedPassLogsEachEventOnce();
    void filters_data();
    void filters();
    void keysetPagingWithTiesVisitsEveryEventOnce_data();
    void keysetPagingWithTiesVisitsEveryEventOnce();
    void mergesBothChannelsPageByPage();
    void textSearchWithManyAndFewMatches();
    void eachFilterWalksItsIndex_data();
    void eachFilterWalksItsIndex();

private:
    // A log of 6,500 events, more text matches than kSubjectDriveLimit: shared by the
    // tests that only read it.
    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<EventLog> m_large;
    QList<LifecycleEvent> m_largeEvents;
};

void TestEventLog::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_large = std::make_unique<EventLog>(m_env->path(QStringLiteral("large.sqlite")), Scope::User);
    QString error;
    QVERIFY2(m_large->open(&error), qPrintable(error));
    m_largeEvents = mixedEvents(6500, 101);
    // 70 certificates seen once, a day before everything else: many subjects, few events.
    for (int i = 0; i < 70; ++i) {
        LifecycleEvent e = fixtureEvent(EventId::New, i, QStringLiteral("web"), fixtureTime(-86400 + i / 10));
        e.certificate = fixtureCertificate(i, QStringLiteral("sparse.test"));
        m_largeEvents << e;
    }
    QVERIFY2(m_large->append(m_largeEvents, &error), qPrintable(error));
}

void TestEventLog::roundTripsEveryField_data()
{
    QTest::addColumn<int>("eventId");
    for (EventId id : kIds)
        QTest::newRow(qPrintable(eventName(id))) << int(id);
}

void TestEventLog::roundTripsEveryField()
{
    QFETCH(int, eventId);
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));

    LifecycleEvent e = fixtureEvent(EventId(eventId), 3, QStringLiteral("web"),
                                    QDateTime(QDate(2026, 3, 4), QTime(12, 34, 56, 789), Qt::UTC));
    // Hostile text survives unchanged (bound, never spliced into SQL).
    e.certificate.subject = QStringLiteral("CN=Zoë \"quoted\"\n,O=x'; DROP TABLE events;--");
    e.certificate.templateName = QStringLiteral("Web Server v2");
    e.certificate.ekus << ExtendedKeyUsage{QStringLiteral("1.2.3.4"), QStringLiteral("1.2.3.4")};
    QList<LifecycleEvent> batch{e};
    QVERIFY2(log.append(batch, &error), qPrintable(error));
    QVERIFY(batch[0].recordId > 0);

    const std::optional<LifecycleEvent> back = log.event(batch[0].recordId);
    QVERIFY(back);
    QCOMPARE(back->time, e.time); // milliseconds kept
    QCOMPARE(back->recordId, batch[0].recordId);
    QCOMPARE(back->channel, Scope::User);
    QCOMPARE(back->toJson(), batch[0].toJson());
    QCOMPARE(back->certificate, e.certificate);
    QCOMPARE(back->oldCertificate.has_value(), EventId(eventId) == EventId::Replace);
    if (back->oldCertificate)
        QCOMPARE(*back->oldCertificate, *e.oldCertificate);
    QCOMPARE(back->remainingSeconds, e.remainingSeconds);

    const QList<LifecycleEvent> page = log.query({});
    QCOMPARE(page.size(), 1);
    QCOMPARE(page[0].toJson(), back->toJson());
    QVERIFY(!log.event(batch[0].recordId + 1));
}

void TestEventLog::appendFillsRecordIdTimeAndChannel()
{
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("system.sqlite")), Scope::System);
    const QDateTime now = QDateTime(QDate(2026, 5, 6), QTime(7, 8, 9), Qt::UTC);
    log.setClock(std::make_shared<FixedClock>(now));
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    QCOMPARE(log.latestRecordId(), 0);

    QList<LifecycleEvent> batch{fixtureEvent(EventId::New, 1, QStringLiteral("My"), QDateTime()),
                                fixtureEvent(EventId::Deleted, 2, QStringLiteral("My"), fixtureTime(5))};
    batch[0].channel = Scope::User; // an event filed in the System log is a System event
    QVERIFY2(log.append(batch, &error), qPrintable(error));
    QCOMPARE(batch[0].time, now);
    QCOMPARE(batch[1].time, fixtureTime(5));
    QCOMPARE(batch[0].channel, Scope::System);
    QVERIFY(batch[0].recordId > 0);
    QCOMPARE(batch[1].recordId, batch[0].recordId + 1);
    QCOMPARE(log.latestRecordId(), batch[1].recordId);
    QCOMPARE(log.event(batch[0].recordId)->channel, Scope::System);
    QCOMPARE(log.event(batch[0].recordId)->time, now);

    QList<LifecycleEvent> empty;
    QVERIFY(log.append(empty, &error));
    QCOMPARE(log.latestRecordId(), batch[1].recordId);
}

void TestEventLog::appendToReadOnlyLogFailsAndChangesNothing()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    {
        EventLog writer(path, Scope::User);
        QVERIFY(writer.open());
        QList<LifecycleEvent> one{fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime())};
        QVERIFY(writer.append(one));
    }
    EventLog reader(path, Scope::User);
    QString error;
    QVERIFY2(reader.openReadOnly(&error), qPrintable(error));
    QCOMPARE(reader.count({}), 1);
    QList<LifecycleEvent> batch{fixtureEvent(EventId::New, 2, QStringLiteral("My"), fixtureTime())};
    QVERIFY(!reader.append(batch, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(batch[0].recordId, 0);
    QCOMPARE(reader.count({}), 1);
}

void TestEventLog::retriedPassLogsEachEventOnce()
{
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    const QString my = QStringLiteral("My");
    // A pass from base 7, killed before its snapshot was saved: two New of one certificate
    // in two stores, a Replace, a warning.
    QList<LifecycleEvent> killed{fixtureEvent(EventId::New, 1, my, fixtureTime(1)),
                                 fixtureEvent(EventId::New, 1, QStringLiteral("web"), fixtureTime(1)),
                                 fixtureEvent(EventId::Replace, 2, my, fixtureTime(1)),
                                 fixtureEvent(EventId::CloseToExpiration, 3, my, fixtureTime(1))};
    QList<bool> logged;
    QVERIFY2(log.appendPass(killed, 7, &logged, &error), qPrintable(error));
    QCOMPARE(logged, QList<bool>(4, false));
    // An admin's action logs in between (its events belong to no pass).
    QList<LifecycleEvent> action{fixtureEvent(EventId::New, 4, my, fixtureTime(2))};
    QVERIFY(log.append(action));

    // The retry, from the same base, finds one change more (certificate 5) and the Replace
    // now with another old certificate: a different event.
    QList<LifecycleEvent> retry{fixtureEvent(EventId::CloseToExpiration, 3, my, fixtureTime(3)),
                                fixtureEvent(EventId::New, 1, my, fixtureTime(3)),
                                fixtureEvent(EventId::New, 1, QStringLiteral("web"), fixtureTime(3)),
                                fixtureEvent(EventId::Replace, 2, my, fixtureTime(3)),
                                fixtureEvent(EventId::New, 5, my, fixtureTime(3))};
    retry[3].oldCertificate = fixtureCertificate(9);
    QVERIFY2(log.appendPass(retry, 7, &logged, &error), qPrintable(error));
    QCOMPARE(logged, (QList<bool>{true, true, true, false, false}));
    QCOMPARE(retry[0].recordId, killed[3].recordId); // the record an earlier attempt wrote
    QCOMPARE(retry[1].recordId, killed[0].recordId);
    QCOMPARE(retry[2].recordId, killed[1].recordId);
    QVERIFY(retry[3].recordId > action[0].recordId);
    QCOMPARE(log.count({}), 7);

    // Killed again: everything it finds was logged by one of the two attempts.
    QList<LifecycleEvent> again = retry;
    QVERIFY2(log.appendPass(again, 7, &logged, &error), qPrintable(error));
    QCOMPARE(logged, QList<bool>(5, true));
    QCOMPARE(log.count({}), 7);

    // The next pass (its base is the snapshot the retry saved) logs what it finds.
    QList<LifecycleEvent> next{fixtureEvent(EventId::CloseToExpiration, 3, my, fixtureTime(4))};
    QVERIFY2(log.appendPass(next, 8, &logged, &error), qPrintable(error));
    QCOMPARE(logged, QList<bool>{false});
    QCOMPARE(log.count({}), 8);
}

void TestEventLog::filters_data()
{
    QTest::addColumn<EventQuery>("q");
    const CertificateDetails five = fixtureCertificate(5);
    const CertificateDetails fourOld = fixtureCertificate(4, QStringLiteral("old.example.net"));
    QTest::newRow("everything (first 100 of 120)") << EventQuery{};
    QTest::newRow("limit 10") << query([](EventQuery& q) { q.limit = 10; });
    QTest::newRow("one id") << query([](EventQuery& q) { q.ids = {EventId::CloseToExpiration}; });
    QTest::newRow("id set") << query([](EventQuery& q) { q.ids = {EventId::Replace, EventId::New}; });
    QTest::newRow("level warning") << query([](EventQuery& q) { q.level = EventLevel::Warning; });
    QTest::newRow("level information") << query([](EventQuery& q) { q.level = EventLevel::Information; });
    QTest::newRow("level ∩ ids") << query([](EventQuery& q) {
        q.level = EventLevel::Information;
        q.ids = {EventId::Replace, EventId::Expired};
    });
    QTest::newRow("level ∩ ids empty") << query([](EventQuery& q) {
        q.level = EventLevel::Warning;
        q.ids = {EventId::Expired};
    });
    QTest::newRow("since") << query([](EventQuery& q) { q.since = fixtureTime(600); });
    QTest::newRow("until") << query([](EventQuery& q) { q.until = fixtureTime(600); });
    QTest::newRow("since..until") << query([](EventQuery& q) {
        q.since = fixtureTime(300);
        q.until = fixtureTime(900);
    });
    QTest::newRow("store") << query([](EventQuery& q) { q.storeId = QStringLiteral("web"); });
    QTest::newRow("unknown store") << query([](EventQuery& q) { q.storeId = QStringLiteral("nope"); });
    QTest::newRow("store + ids") << query([](EventQuery& q) {
        q.storeId = QStringLiteral("web");
        q.ids = {EventId::CloseToExpiration, EventId::Deleted};
    });
    QTest::newRow("text CN, other case") << query([](EventQuery& q) { q.text = QStringLiteral("HOST7.Example"); });
    QTest::newRow("text part of thumbprint")
        << query([&](EventQuery& q) { q.text = five.thumbprint.mid(9, 12).toLower(); });
    QTest::newRow("text part of SHA-256") << query([&](EventQuery& q) { q.text = five.sha256.mid(30, 10); });
    QTest::newRow("text SAN") << query([](EventQuery& q) { q.text = QStringLiteral("alt12."); });
    QTest::newRow("text old certificate") << query([](EventQuery& q) { q.text = QStringLiteral("old.example.net"); });
    QTest::newRow("text of two characters") << query([](EventQuery& q) { q.text = QStringLiteral("t1"); });
    QTest::newRow("text no match") << query([](EventQuery& q) { q.text = QStringLiteral("no-such-host"); });
    QTest::newRow("text with quotes") << query([](EventQuery& q) { q.text = QStringLiteral("st1\" OR \"x"); });
    QTest::newRow("thumbprint") << query([&](EventQuery& q) { q.thumbprint = five.thumbprint.toLower(); });
    QTest::newRow("old thumbprint") << query([&](EventQuery& q) { q.thumbprint = fourOld.thumbprint; });
    QTest::newRow("id + store + time") << query([](EventQuery& q) {
        q.ids = {EventId::CloseToExpiration, EventId::Expired};
        q.storeId = QStringLiteral("My");
        q.since = fixtureTime(200);
        q.until = fixtureTime(1500);
    });
    QTest::newRow("thumbprint + text") << query([&](EventQuery& q) {
        q.thumbprint = five.thumbprint;
        q.text = QStringLiteral("host5.");
    });
    QTest::newRow("thumbprint + other text") << query([&](EventQuery& q) {
        q.thumbprint = five.thumbprint;
        q.text = QStringLiteral("host6.");
    });
    QTest::newRow("text + store + level") << query([](EventQuery& q) {
        q.text = QStringLiteral("host1");
        q.storeId = QStringLiteral("system");
        q.level = EventLevel::Information;
    });
    QTest::newRow("other channel") << query([](EventQuery& q) { q.channel = Scope::System; });
    QTest::newRow("this channel") << query([](EventQuery& q) { q.channel = Scope::User; });
    QTest::newRow("after a cursor") << query([](EventQuery& q) {
        q.after = EventCursor{fixtureTime(20 * 60), 62, Scope::User};
    });
    QTest::newRow("after a cursor + ids") << query([](EventQuery& q) {
        q.ids = {EventId::New};
        q.after = EventCursor{fixtureTime(30 * 60), 91, Scope::User};
    });
}

void TestEventLog::filters()
{
    QFETCH(EventQuery, q);
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    QList<LifecycleEvent> all = mixedEvents();
    QVERIFY2(log.append(all, &error), qPrintable(error));
    QCOMPARE(all.last().recordId, 120); // the cursor rows above rely on ids 1..120

    const QList<LifecycleEvent> expected = oracleQuery(all, q);
    const QList<LifecycleEvent> page = log.query(q);
    QVERIFY2(log.lastError().isEmpty(), qPrintable(log.lastError()));
    QCOMPARE(recordIds(page), recordIds(expected.mid(0, q.limit)));
    EventQuery withoutCursor = q;
    withoutCursor.after.reset();
    QCOMPARE(log.count(q), oracleQuery(all, withoutCursor).size());
}

void TestEventLog::keysetPagingWithTiesVisitsEveryEventOnce_data()
{
    QTest::addColumn<EventQuery>("q");
    QTest::newRow("everything") << query([](EventQuery& q) { q.limit = 7; });
    QTest::newRow("ids") << query([](EventQuery& q) {
        q.limit = 7;
        q.ids = {EventId::Replace, EventId::CloseToExpiration};
    });
    QTest::newRow("store") << query([](EventQuery& q) {
        q.limit = 7;
        q.storeId = QStringLiteral("web");
    });
    QTest::newRow("text") << query([](EventQuery& q) {
        q.limit = 7;
        q.text = QStringLiteral("host1");
    });
}

void TestEventLog::keysetPagingWithTiesVisitsEveryEventOnce()
{
    QFETCH(EventQuery, q);
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QVERIFY(log.open());
    // Ten events per second, appended in two batches out of time order.
    QList<LifecycleEvent> all;
    for (int i = 0; i < 250; ++i)
        all << fixtureEvent(kIds[(i * 3) % 7], i % 17, kStores[i % 4], fixtureTime((i % 125) / 10));
    QList<LifecycleEvent> first = all.mid(0, 125), second = all.mid(125);
    QVERIFY(log.append(first));
    QVERIFY(log.append(second));
    all = first + second;

    QList<qint64> seen;
    for (int pages = 0; pages < 100; ++pages) {
        const QList<LifecycleEvent> page = log.query(q);
        QVERIFY(page.size() <= q.limit);
        if (page.isEmpty())
            break;
        seen << recordIds(page);
        q.after = EventCursor::of(page.last());
    }
    q.after.reset();
    QCOMPARE(seen, recordIds(oracleQuery(all, q)));
}

void TestEventLog::mergesBothChannelsPageByPage()
{
    TestEnvironment env;
    EventLog system(env.path(QStringLiteral("system.sqlite")), Scope::System);
    EventLog user(env.path(QStringLiteral("user.sqlite")), Scope::User);
    QVERIFY(system.open());
    QVERIFY(user.open());
    QList<LifecycleEvent> s, u;
    for (int i = 0; i < 40; ++i) {
        s << fixtureEvent(kIds[i % 7], i % 5, QStringLiteral("system"), fixtureTime(i / 4));
        u << fixtureEvent(kIds[(i + 2) % 7], i % 6, QStringLiteral("My"), fixtureTime(i / 3));
    }
    QVERIFY(system.append(s));
    QVERIFY(user.append(u));
    const QList<LifecycleEvent> all = s + u;
    const QList<const EventLog*> logs{&system, &user};

    for (const std::optional<Scope> channel : {std::optional<Scope>(), std::optional<Scope>(Scope::System)}) {
        EventQuery q;
        q.channel = channel;
        q.limit = 6;
        QList<LifecycleEvent> seen;
        for (QList<LifecycleEvent> page = queryChannels(logs, q); !page.isEmpty(); page = queryChannels(logs, q)) {
            seen << page;
            q.after = EventCursor::of(page.last());
        }
        q.after.reset();
        const QList<LifecycleEvent> expected = oracleQuery(all, q);
        QCOMPARE(seen.size(), expected.size());
        for (int i = 0; i < seen.size(); ++i) {
            QCOMPARE(seen[i].channel, expected[i].channel);
            QCOMPARE(seen[i].recordId, expected[i].recordId);
        }
        QCOMPARE(countChannels(logs, q), expected.size());
    }
}

void TestEventLog::textSearchWithManyAndFewMatches()
{
    // Many matching subjects take another plan than few; both must agree with the oracle.
    const QList<LifecycleEvent>& all = m_largeEvents;
    EventLog& log = *m_large;
    // Walk, SubjectArms, SortMatches (see PagePlan).
    for (const QString& text : {QStringLiteral("example"), QStringLiteral("HOST12."), QStringLiteral("sparse.TEST")}) {
        EventQuery q;
        q.text = text;
        q.limit = 50;
        const QList<LifecycleEvent> expected = oracleQuery(all, q);
        QCOMPARE(recordIds(log.query(q)), recordIds(expected.mid(0, 50)));
        q.after = EventCursor::of(expected[20]);
        QCOMPARE(recordIds(log.query(q)), recordIds(expected.mid(21, 50)));
        QCOMPARE(log.count(q), expected.size());
    }
}

void TestEventLog::eachFilterWalksItsIndex_data()
{
    QTest::addColumn<EventQuery>("q");
    QTest::addColumn<QString>("index");
    QTest::newRow("none") << EventQuery{} << "events_event_time";
    QTest::newRow("time") << query([](EventQuery& q) { q.since = fixtureTime(60); }) << "events_event_time";
    QTest::newRow("ids") << query([](EventQuery& q) {
        q.ids = {EventId::New, EventId::Expired};
    }) << "events_event_time";
    QTest::newRow("level") << query([](EventQuery& q) { q.level = EventLevel::Error; }) << "events_event_time";
    QTest::newRow("store") << query([](EventQuery& q) { q.storeId = QStringLiteral("web"); })
                           << "events_store_event_time";
    QTest::newRow("rare text") << query([](EventQuery& q) { q.text = QStringLiteral("host12."); })
                               << "events_bucket_subject_time";
    QTest::newRow("common text") << query([](EventQuery& q) { q.text = QStringLiteral("example"); })
                                 << "events_event_time";
    // Many subjects but few of the newest rows match: all matches are collected and sorted.
    QTest::newRow("sparse text") << query([](EventQuery& q) { q.text = QStringLiteral("sparse.test"); })
                                 << "events_bucket_subject_time.*\\n(.*\\n)*MATERIALIZE matched_subjects";
    QTest::newRow("common text + store") << query([](EventQuery& q) {
        q.text = QStringLiteral("example");
        q.storeId = QStringLiteral("web");
    }) << "events_store_event_time";
    QTest::newRow("thumbprint") << query([](EventQuery& q) { q.thumbprint = fixtureCertificate(2).thumbprint; })
                                << "events_bucket_subject_time";
}

void TestEventLog::eachFilterWalksItsIndex()
{
    QFETCH(EventQuery, q);
    QFETCH(QString, index);
    const EventLog& log = *m_large;
    const QString plan = log.explainQuery(q).join(QLatin1Char('\n'));
    QVERIFY2(plan.contains(
                 QRegularExpression(QStringLiteral("INDEX %1( |$)").arg(index), QRegularExpression::MultilineOption)),
             qPrintable(plan));
}

QTEST_GUILESS_MAIN(TestEventLog)
#include "TestEventLog.moc"
