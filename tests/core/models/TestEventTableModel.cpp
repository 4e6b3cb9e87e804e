// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../eventlog/EventOracle.h"
#include "ModelTestData.h"
#include "TestEnvironment.h"
#include "models/EventLogSource.h"
#include "models/EventTableModel.h"
#include "util/Paths.h"

#include <QAbstractItemModelTester>
#include <QCoro/QCoroTask>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

// The local logs read as a fleet reads its database: no one record id grows per
// channel, so new events are found by time.
class WithoutRecordIds final : public EventSource
{
public:
    explicit WithoutRecordIds(std::shared_ptr<const EventSource> logs) : m_logs(std::move(logs)) {}
    EventPage fetch(const EventQuery& query) const override { return m_logs->fetch(query); }
    qint64 latestRecordId(Scope channel) const override { return m_logs->latestRecordId(channel); }
    bool hasChannelRecordIds() const override { return false; }
    qint64 count(const EventQuery& query) const override { return m_logs->count(query); }

private:
    std::shared_ptr<const EventSource> m_logs;
};

// Fixed events, newest first, as a fleet's database would page them.
class FixedEvents final : public EventSource
{
public:
    explicit FixedEvents(QList<LifecycleEvent> events) : m_events(std::move(events))
    {
        std::stable_sort(m_events.begin(), m_events.end(), isNewerThan);
    }
    EventPage fetch(const EventQuery& query) const override
    {
        EventPage page;
        for (const LifecycleEvent& e : m_events)
            if ((!query.after || isAfter(e, *query.after)) && page.events.size() < query.limit)
                page.events << e;
        return page;
    }
    qint64 latestRecordId(Scope) const override { return 0; }
    bool hasChannelRecordIds() const override { return false; }
    qint64 count(const EventQuery&) const override { return m_events.size(); }

private:
    QList<LifecycleEvent> m_events;
};

} // namespace

Q_DECLARE_METATYPE(certlife::EventQuery)

// The model over real SQLite event logs in a temporary directory, written through
// connections of their own as the agent writes them.
class TestEventTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void readsOnlyTheFirstPage();
    void pagesThroughBothChannelsNewestFirst();
    void filters_data();
    void filters();
    void newEventsAppearAtTheTop();
    void newEventsOutsideTheFilterAreIgnored();
    void aFloodOfNewEventsReloads();
    void anUnreadableChannelIsReportedOthersStillShow();
    void withoutRecordIdsTiesAreNotNewAndLateArrivalsAre();
    void aNewSourceIsNotPolledBeforeItsFirstPage();
    void eachLogsRecordsShowOverAFleet();

private:
    static void loadAll(EventTableModel& model);
    // `perChannel` events per channel, one per hour from 2026-01-01, ids cycling
    // New, CloseToExpiration, Expired, Replace; store "web" for every third hour, else
    // "My". The System channel's events are half an hour later than the User channel's.
    void writeHistory(int perChannel);
    QString logPath(Scope channel) const { return Paths::eventLogFile(channel); }

    std::unique_ptr<TestEnvironment> m_env;
    std::shared_ptr<EventLogSource> m_logs;
};

void TestEventTableModel::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_logs = EventLogSource::forDefaultPaths();
}

void TestEventTableModel::cleanup()
{
    m_logs.reset();
    m_env.reset();
}

void TestEventTableModel::writeHistory(int perChannel)
{
    const EventId ids[] = {EventId::New, EventId::CloseToExpiration, EventId::Expired, EventId::Replace};
    for (Scope channel : {Scope::User, Scope::System}) {
        QList<LifecycleEvent> events;
        for (int i = 0; i < perChannel; ++i) {
            const QDateTime time = utc(2026, 1, 1).addSecs(i * 3600 + (channel == Scope::System ? 1800 : 0));
            LifecycleEvent e = makeEvent(ids[i % 4], channel, time, QStringLiteral("host%1.example").arg(i),
                                         i % 3 == 0 ? QStringLiteral("web") : QStringLiteral("My"));
            if (e.id == EventId::Replace) {
                CertificateDetails old = e.certificate;
                old.thumbprint = QStringLiteral("%1").arg(i, 40, 10, QLatin1Char('0'));
                e.oldCertificate = old;
            }
            events.append(e);
        }
        writeEvents(logPath(channel), channel, events);
    }
}

// Pages to the end. A page already on its way (the tester asks for them too) is waited
// for rather than asked for again.
void TestEventTableModel::loadAll(EventTableModel& model)
{
    while (model.canFetchMore({})) {
        if (model.isLoading()) {
            QSignalSpy loaded(&model, &EventTableModel::pageLoaded);
            QVERIFY(loaded.wait());
        } else {
            QCoro::waitFor(model.loadMore());
        }
    }
}

void TestEventTableModel::readsOnlyTheFirstPage()
{
    // No QAbstractItemModelTester here: it calls fetchMore after every insertion, as no
    // view does, and would page through everything. The other cases run under it.
    writeHistory(600);
    auto counting = std::make_shared<CountingEventSource>(m_logs);
    EventTableModel model(counting);
    model.setPageSize(100);
    QCoro::waitFor(model.reload());
    QCOMPARE(model.rowCount(), 100);
    QTRY_COMPARE(model.totalCount(), 1200);
    QVERIFY(model.canFetchMore({}));
    // One page per channel was read, not the 1,200 events.
    QVERIFY2(counting->eventsHandedOut() <= 100, qPrintable(QString::number(counting->eventsHandedOut())));
    // Newest first: the System event of the last hour.
    QCOMPARE(model.index(0, EventTableModel::ChannelColumn).data().toString(), QStringLiteral("System"));
    QCOMPARE(model.index(0, EventTableModel::TimeColumn).data().toString(), QStringLiteral("2026-01-25 23:30:00"));
    QCOMPARE(model.index(1, EventTableModel::ChannelColumn).data().toString(), QStringLiteral("User"));
    QCOMPARE(model.index(1, EventTableModel::TimeColumn).data().toString(), QStringLiteral("2026-01-25 23:00:00"));
}

void TestEventTableModel::pagesThroughBothChannelsNewestFirst()
{
    writeHistory(150);
    EventTableModel model(m_logs); // under the tester at the end (see readsOnlyTheFirstPage)
    model.setPageSize(64);
    QCoro::waitFor(model.reload());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(inserted.isValid());

    QCoro::waitFor(model.loadMore());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 64); // appended below the first page
    QCOMPARE(model.rowCount(), 128);

    loadAll(model);
    QCOMPARE(model.rowCount(), 300);
    QSet<QPair<int, qint64>> seen;
    for (int row = 0; row < model.rowCount(); ++row) {
        const LifecycleEvent& e = model.eventAt(row);
        QVERIFY(!seen.contains({int(e.channel), e.recordId}));
        seen.insert({int(e.channel), e.recordId});
        if (row > 0)
            QVERIFY2(model.eventAt(row - 1).time > e.time, qPrintable(QString::number(row)));
    }
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestEventTableModel::filters_data()
{
    QTest::addColumn<EventQuery>("filter");
    QTest::addColumn<int>("expected");

    EventQuery ids;
    ids.ids = {EventId::Expired, EventId::Replace};
    QTest::newRow("ids") << ids << 600;
    EventQuery warnings;
    warnings.level = EventLevel::Warning;
    QTest::newRow("level") << warnings << 300;
    EventQuery system;
    system.channel = Scope::System;
    QTest::newRow("channel") << system << 600;
    EventQuery day;
    day.since = utc(2026, 1, 2);
    day.until = utc(2026, 1, 3);
    QTest::newRow("one day") << day << 48;
    EventQuery store;
    store.storeId = QStringLiteral("web");
    QTest::newRow("store") << store << 400;
    EventQuery text;
    text.text = QStringLiteral("HOST42.example");
    QTest::newRow("text, any case") << text << 2;
    EventQuery oldThumb;
    oldThumb.thumbprint = QStringLiteral("%1").arg(3, 40, 10, QLatin1Char('0'));
    QTest::newRow("old certificate of a Replace") << oldThumb << 2;
    EventQuery combined;
    combined.ids = {EventId::New};
    combined.channel = Scope::User;
    combined.since = utc(2026, 1, 2);
    combined.until = utc(2026, 1, 4);
    QTest::newRow("combined") << combined << 12;
}

void TestEventTableModel::filters()
{
    QFETCH(EventQuery, filter);
    QFETCH(int, expected);

    writeHistory(600);
    EventTableModel model(m_logs);
    model.setPageSize(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFilter(filter);
    QTRY_VERIFY(!model.isLoading());
    QTRY_COMPARE(model.totalCount(), qint64(expected));
    loadAll(model);
    QCOMPARE(model.rowCount(), expected);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(oracleMatches(model.eventAt(row), filter));
}

void TestEventTableModel::newEventsAppearAtTheTop()
{
    writeHistory(50);
    EventTableModel model(m_logs);
    model.setPageSize(20);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(model.totalCount(), 100);
    loadAll(model);
    QCOMPARE(model.rowCount(), 100);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy arrived(&model, &EventTableModel::newEventsArrived);
    QVERIFY(inserted.isValid() && reset.isValid() && arrived.isValid());

    QCoro::waitFor(model.checkForNewEvents()); // nothing new yet
    QCOMPARE(inserted.count(), 0);

    writeEvents(logPath(Scope::User), Scope::User,
                {makeEvent(EventId::Expired, Scope::User, utc(2026, 2, 1), QStringLiteral("late.example"))});
    writeEvents(logPath(Scope::System), Scope::System,
                {makeEvent(EventId::New, Scope::System, utc(2026, 2, 2), QStringLiteral("later.example"))});
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(arrived.at(0).at(0).toInt(), 2);
    QCOMPARE(model.rowCount(), 102);
    QCOMPARE(model.index(0, EventTableModel::CertificateColumn).data().toString(), QStringLiteral("later.example"));
    QCOMPARE(model.index(1, EventTableModel::CertificateColumn).data().toString(), QStringLiteral("late.example"));
    QCOMPARE(model.totalCount(), 102);

    // An event stamped between two shown ones goes between them.
    writeEvents(logPath(Scope::User), Scope::User,
                {makeEvent(EventId::New, Scope::User, utc(2026, 1, 2, 5, 10), QStringLiteral("between.example"))});
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 2);
    const int row = inserted.at(1).at(1).toInt();
    QCOMPARE(model.index(row, EventTableModel::CertificateColumn).data().toString(), QStringLiteral("between.example"));
    QVERIFY(model.eventAt(row - 1).time > model.eventAt(row).time);
    QVERIFY(model.eventAt(row).time > model.eventAt(row + 1).time);
}

void TestEventTableModel::newEventsOutsideTheFilterAreIgnored()
{
    writeHistory(10);
    EventTableModel model(m_logs);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EventQuery errors;
    errors.level = EventLevel::Error;
    model.setFilter(errors);
    QTRY_VERIFY(!model.isLoading());
    loadAll(model);
    QTRY_VERIFY(model.totalCount() >= 0);
    const int before = model.rowCount();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(inserted.isValid());

    writeEvents(logPath(Scope::User), Scope::User,
                {makeEvent(EventId::New, Scope::User, utc(2026, 2, 1), QStringLiteral("info.example"))});
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(inserted.count(), 0);
    writeEvents(logPath(Scope::User), Scope::User,
                {makeEvent(EventId::Expired, Scope::User, utc(2026, 2, 2), QStringLiteral("err.example"))});
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), before + 1);
    QCOMPARE(model.index(0, EventTableModel::LevelColumn).data().toString(), QStringLiteral("Error"));
}

void TestEventTableModel::aFloodOfNewEventsReloads()
{
    writeHistory(10);
    EventTableModel model(m_logs);
    model.setPageSize(15);
    model.setMaxNewEvents(5);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCoro::waitFor(model.reload());
    loadAll(model);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(reset.isValid());
    QList<LifecycleEvent> flood;
    for (int i = 0; i < 8; ++i)
        flood << makeEvent(EventId::New, Scope::User, utc(2026, 3, 1).addSecs(i), QStringLiteral("f%1").arg(i));
    writeEvents(logPath(Scope::User), Scope::User, flood);
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.index(0, EventTableModel::CertificateColumn).data().toString(), QStringLiteral("f7"));
    loadAll(model);
    QCOMPARE(model.rowCount(), 28);
}

void TestEventTableModel::anUnreadableChannelIsReportedOthersStillShow()
{
    writeHistory(5);
    QFile systemLog(logPath(Scope::System));
    QVERIFY(systemLog.open(QIODevice::WriteOnly | QIODevice::Truncate));
    systemLog.write(QByteArray(4096, 'x')); // not an SQLite database
    systemLog.close();

    EventTableModel model(m_logs);
    QSignalSpy errors(&model, &EventTableModel::errorChanged);
    QVERIFY(errors.isValid());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCoro::waitFor(model.reload());
    QCOMPARE(model.rowCount(), 5);
    QVERIFY2(model.lastError().contains(logPath(Scope::System)), qPrintable(model.lastError()));
    QVERIFY(errors.count() >= 1);
    QTRY_COMPARE(model.totalCount(), -1); // unknown: one channel could not be counted
}

void TestEventTableModel::withoutRecordIdsTiesAreNotNewAndLateArrivalsAre()
{
    // One agent pass logs its events with one time: 30 of them, 20 shown (a page).
    const QDateTime pass = utc(2026, 3, 1, 12, 0);
    QList<LifecycleEvent> ofThePass;
    for (int i = 0; i < 30; ++i)
        ofThePass << makeEvent(EventId::Expired, Scope::System, pass, QStringLiteral("tied%1.example").arg(i));
    writeEvents(logPath(Scope::System), Scope::System, ofThePass);
    EventTableModel model(std::make_shared<WithoutRecordIds>(m_logs));
    model.setPageSize(20);
    QCoro::waitFor(model.reload()); // no tester here: it would fetch every page at once
    QTRY_COMPARE(model.totalCount(), 30);
    QCOMPARE(model.rowCount(), 20);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy arrived(&model, &EventTableModel::newEventsArrived);
    QSignalSpy grew(&model, &EventTableModel::logsGrew);

    // The 10 not shown share the newest time: they are the next page, not new events.
    for (int round = 0; round < 3; ++round)
        QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(arrived.count(), 0);
    QCOMPARE(grew.count(), 0);
    QCOMPARE(model.totalCount(), 30);
    QCOMPARE(model.rowCount(), 20);

    // Everything shown; then another host's event, from a pass five minutes earlier but
    // published only now: it is new, and goes below the pass's events.
    loadAll(model);
    QCOMPARE(model.rowCount(), 30);
    writeEvents(logPath(Scope::System), Scope::System,
                {makeEvent(EventId::New, Scope::System, pass.addSecs(-300), QStringLiteral("late.example"))});
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(arrived.count(), 1);
    QCOMPARE(model.rowCount(), 31);
    QCOMPARE(model.index(30, EventTableModel::CertificateColumn).data().toString(), QStringLiteral("late.example"));
    QCOMPARE(model.totalCount(), 31);
}

void TestEventTableModel::aNewSourceIsNotPolledBeforeItsFirstPage()
{
    // File → Connect to fleet: the console gives the lists their new source and reads
    // their first pages after the Overview's numbers; a polling round in between must not
    // read (and show) them on its own.
    writeHistory(10);
    EventTableModel model(m_logs);
    model.setMaxNewEvents(10); // more than this at once is a flood: a reload
    QCoro::waitFor(model.reload());
    QCOMPARE(model.rowCount(), 20);
    model.setSource(std::make_shared<WithoutRecordIds>(m_logs));
    QCOMPARE(model.rowCount(), 0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy grew(&model, &EventTableModel::logsGrew);
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(grew.count(), 0);
    QCOMPARE(model.rowCount(), 0);
    QCoro::waitFor(model.reload()); // the console's own reload
    QCOMPARE(model.rowCount(), 20);
}

void TestEventTableModel::eachLogsRecordsShowOverAFleet()
{
    // One host of a fleet: alice's and bob's User logs each number their records from 1,
    // and the System log was started again (a wiped state directory) and did too. Every
    // event is a row of its own.
    const QDateTime t0(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);
    QList<LifecycleEvent> events;
    for (int record = 1; record <= 3; ++record) {
        for (const QString& account : {QStringLiteral("alice"), QStringLiteral("bob")}) {
            LifecycleEvent e = makeEvent(EventId::New, Scope::User, t0.addSecs(record * 60 + (account == "bob")),
                                         account + QString::number(record));
            e.account = account;
            e.recordId = record;
            events << e;
        }
        LifecycleEvent before = makeEvent(EventId::New, Scope::System, t0.addDays(-30).addSecs(record),
                                          QStringLiteral("old%1").arg(record));
        before.recordId = record;
        LifecycleEvent after =
            makeEvent(EventId::New, Scope::System, t0.addSecs(record), QStringLiteral("new%1").arg(record));
        after.recordId = record;
        events << before << after;
    }
    EventTableModel model(std::make_shared<FixedEvents>(events));
    model.setPageSize(5); // the rows come in pages: each page's are checked against those shown
    QCoro::waitFor(model.reload());
    loadAll(model);
    QCOMPARE(model.rowCount(), 12);
    QSet<QString> shown;
    for (int row = 0; row < model.rowCount(); ++row)
        shown << model.index(row, EventTableModel::CertificateColumn).data().toString();
    QCOMPARE(shown.size(), 12);
    QVERIFY(shown.contains(QStringLiteral("bob1")) && shown.contains(QStringLiteral("old1")));
}

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "TestEventTableModel.moc"
