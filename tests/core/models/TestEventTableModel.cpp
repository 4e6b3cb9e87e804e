#include "ModelTestData.h"
#include "models/EventTableModel.h"

#include <QAbstractItemModelTester>
#include <QCoro/QCoroTask>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::EventFilter)

class TestEventTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsOnlyTheFirstPage();
    void pagesThroughBothChannelsNewestFirst();
    void filters_data();
    void filters();
    void newEventsAppearAtTheTop();
    void newEventsOutsideTheFilterAreIgnored();
    void aFloodOfNewEventsReloads();
    void anUnreadableChannelIsReportedOthersStillShow();
    void eventIdListParsing();

private:
    static void loadAll(EventTableModel& model);
    // 600 events per channel, one per hour from 2026-01-01, alternating ids and stores;
    // the System channel's events are half an hour later than the User channel's.
    static std::shared_ptr<MemoryEventSource> history(int perChannel = 600);
};

std::shared_ptr<MemoryEventSource> TestEventTableModel::history(int perChannel)
{
    auto source = std::make_shared<MemoryEventSource>();
    const EventId ids[] = {EventId::New, EventId::CloseToExpiration, EventId::Expired, EventId::Replace};
    for (int i = 0; i < perChannel; ++i) {
        for (Scope channel : {Scope::User, Scope::System}) {
            const QDateTime time = utc(2026, 1, 1).addSecs(i * 3600 + (channel == Scope::System ? 1800 : 0));
            LifecycleEvent e = makeEvent(ids[i % 4], channel, time, QStringLiteral("host%1.example").arg(i),
                                         i % 3 == 0 ? QStringLiteral("web") : QStringLiteral("My"));
            if (e.id == EventId::Replace) {
                CertificateDetails old = e.certificate;
                old.thumbprint = QStringLiteral("OLD%1").arg(i);
                e.oldCertificate = old;
            }
            source->append(e);
        }
    }
    return source;
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
    auto source = history();
    EventTableModel model(source);
    model.setPageSize(100);
    QCoro::waitFor(model.reload());
    QCOMPARE(model.rowCount(), 100);
    QTRY_COMPARE(model.totalCount(), 1200);
    QVERIFY(model.canFetchMore({}));
    // One page per channel was read, not the 1,200 events.
    QVERIFY2(source->eventsHandedOut() <= 200, qPrintable(QString::number(source->eventsHandedOut())));
    // Newest first: the System event of the last hour.
    QCOMPARE(model.index(0, EventTableModel::ChannelColumn).data().toString(), QStringLiteral("System"));
    QCOMPARE(model.index(0, EventTableModel::TimeColumn).data().toString(), QStringLiteral("2026-01-25 23:30:00"));
    QCOMPARE(model.index(1, EventTableModel::ChannelColumn).data().toString(), QStringLiteral("User"));
}

void TestEventTableModel::pagesThroughBothChannelsNewestFirst()
{
    auto source = history(150);
    EventTableModel model(source); // under the tester at the end (see readsOnlyTheFirstPage)
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
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<int>("expected");

    EventFilter ids;
    ids.ids = {EventId::Expired, EventId::Replace};
    QTest::newRow("ids") << ids << 600;
    EventFilter warnings;
    warnings.levels = {EventLevel::Warning};
    QTest::newRow("level") << warnings << 300;
    EventFilter system;
    system.includeUser = false;
    QTest::newRow("channel") << system << 600;
    EventFilter day;
    day.from = utc(2026, 1, 2);
    day.to = utc(2026, 1, 3);
    QTest::newRow("one day") << day << 48;
    EventFilter store;
    store.storeId = QStringLiteral("web");
    QTest::newRow("store") << store << 400;
    EventFilter text;
    text.text = QStringLiteral("HOST42.example");
    QTest::newRow("text, any case") << text << 2;
    EventFilter oldThumb;
    oldThumb.thumbprint = QStringLiteral("old3");
    QTest::newRow("old certificate of a Replace") << oldThumb << 2;
    EventFilter combined;
    combined.ids = {EventId::New};
    combined.includeSystem = false;
    combined.from = utc(2026, 1, 2);
    combined.to = utc(2026, 1, 4);
    QTest::newRow("combined") << combined << 12;
}

void TestEventTableModel::filters()
{
    QFETCH(EventFilter, filter);
    QFETCH(int, expected);

    auto source = history();
    EventTableModel model(source);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(100);
    model.setFilter(filter);
    QTRY_VERIFY(!model.isLoading());
    QTRY_COMPARE(model.totalCount(), qint64(expected));
    loadAll(model);
    QCOMPARE(model.rowCount(), expected);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(filter.matches(model.eventAt(row)));
}

void TestEventTableModel::newEventsAppearAtTheTop()
{
    auto source = history(50);
    EventTableModel model(source);
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

    source->append(makeEvent(EventId::Expired, Scope::User, utc(2026, 2, 1), QStringLiteral("late.example")));
    source->append(makeEvent(EventId::New, Scope::System, utc(2026, 2, 2), QStringLiteral("later.example")));
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
    QVERIFY(!model.canFetchMore({}));
}

void TestEventTableModel::newEventsOutsideTheFilterAreIgnored()
{
    auto source = history(10);
    EventTableModel model(source);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EventFilter errors;
    errors.levels = {EventLevel::Error};
    model.setFilter(errors);
    QTRY_VERIFY(!model.isLoading());
    loadAll(model);
    const int before = model.rowCount();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(inserted.isValid());

    source->append(makeEvent(EventId::New, Scope::User, utc(2026, 2, 1), QStringLiteral("info.example")));
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(inserted.count(), 0);
    source->append(makeEvent(EventId::Expired, Scope::User, utc(2026, 2, 2), QStringLiteral("err.example")));
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), before + 1);
    QCOMPARE(model.index(0, EventTableModel::LevelColumn).data().toString(), QStringLiteral("Error"));
}

void TestEventTableModel::aFloodOfNewEventsReloads()
{
    auto source = history(10);
    EventTableModel model(source);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(15);
    model.setMaxNewEvents(5);
    QCoro::waitFor(model.reload());
    loadAll(model);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(reset.isValid());
    for (int i = 0; i < 8; ++i)
        source->append(makeEvent(EventId::New, Scope::User, utc(2026, 3, 1).addSecs(i), QStringLiteral("f%1").arg(i)));
    QCoro::waitFor(model.checkForNewEvents());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.index(0, EventTableModel::CertificateColumn).data().toString(), QStringLiteral("f7"));
    loadAll(model);
    QCOMPARE(model.rowCount(), 28);
}

void TestEventTableModel::anUnreadableChannelIsReportedOthersStillShow()
{
    auto source = history(5);
    source->setError(Scope::System, QStringLiteral("/var/lib/certlife/events.sqlite: permission denied"));
    EventTableModel model(source);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy errors(&model, &EventTableModel::errorChanged);
    QVERIFY(errors.isValid());
    QCoro::waitFor(model.reload());
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.lastError().contains(QStringLiteral("permission denied")));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(model.totalCount(), -1); // unknown: one channel could not be counted
}

void TestEventTableModel::eventIdListParsing()
{
    QList<EventId> ids;
    QString error;
    QVERIFY(parseEventIdList(QStringLiteral("1001, 1003-1005"), &ids, &error));
    QCOMPARE(ids, (QList<EventId>{EventId::Replace, EventId::CloseToExpiration, EventId::Deleted, EventId::Archived}));
    QVERIFY(parseEventIdList(QStringLiteral(""), &ids, &error));
    QVERIFY(ids.isEmpty());
    QVERIFY(!parseEventIdList(QStringLiteral("1001, 42"), &ids, &error));
    QVERIFY(error.contains(QStringLiteral("\"42\"")));
    QVERIFY(!parseEventIdList(QStringLiteral("1005-1002"), &ids, &error));
}

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "TestEventTableModel.moc"
