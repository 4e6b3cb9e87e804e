// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The time buckets behind the index that finds a certificate's events: a bucket order
// that is time order whatever order events arrive in, and queries through many buckets
// that agree with the oracle, also after pruning.
#include "EventFixtures.h"
#include "EventOracle.h"
#include "RawSql.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "eventlog/TimeBuckets.h"

#include <QRandomGenerator>
#include <QTest>
#include <algorithm>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::EventQuery)

namespace {

struct Assigned
{
    qint64 time;
    qint64 recordId;
    qint64 bucket;
};

// Sorting by (bucket, time, record id) must give the (time, record id) order: that is
// what lets a reader walk the bucket index newest first without sorting.
bool bucketOrderIsTimeOrder(QList<Assigned> rows)
{
    QList<Assigned> byTime = rows;
    std::sort(byTime.begin(), byTime.end(), [](const Assigned& a, const Assigned& b) {
        return std::tie(a.time, a.recordId) < std::tie(b.time, b.recordId);
    });
    std::sort(rows.begin(), rows.end(), [](const Assigned& a, const Assigned& b) {
        return std::tie(a.bucket, a.time, a.recordId) < std::tie(b.bucket, b.time, b.recordId);
    });
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows[i].recordId != byTime[i].recordId)
            return false;
    }
    return true;
}

// The stored events, in memory, as the EventLog's storage answers for them.
class MemoryStorage : public eventlog::TimeBuckets::Storage
{
public:
    bool laterEvents(qint64 startMs, qint64 timeMs, qint64* count, qint64* earliestMs) override
    {
        *count = 0;
        for (const Assigned& r : std::as_const(rows)) {
            if (r.bucket == startMs && r.time > timeMs) {
                *earliestMs = *count == 0 ? r.time : std::min(*earliestMs, r.time);
                ++*count;
            }
        }
        return true;
    }
    bool move(qint64 fromMs, qint64 sinceMs, qint64 toMs) override
    {
        ++moves;
        for (Assigned& r : rows) {
            if (r.bucket == fromMs && r.time >= sinceMs)
                r.bucket = toMs;
        }
        return true;
    }

    QList<Assigned> rows;
    int moves = 0;
};

QList<Assigned> assignAll(eventlog::TimeBuckets& buckets, const QList<qint64>& times, int* moves = nullptr)
{
    MemoryStorage storage;
    for (qint64 t : times) {
        qint64 bucket = 0;
        if (!buckets.assign(t, storage, &bucket))
            return {};
        storage.rows.append({t, storage.rows.size() + 1, bucket});
    }
    if (moves)
        *moves = storage.moves;
    return storage.rows;
}

} // namespace

class TestTimeBuckets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newBucketsAsTimeGoesOn();
    void orderHoldsForAnyArrivalOrder_data();
    void orderHoldsForAnyArrivalOrder();
    void eventFromTheFutureDoesNotStopNewBuckets();
    void queriesAcrossManyBuckets_data();
    void queriesAcrossManyBuckets();
    void pruneDropsEmptyBuckets();
};

void TestTimeBuckets::newBucketsAsTimeGoesOn()
{
    eventlog::TimeBuckets buckets;
    buckets.reset({}, 10);
    QList<qint64> times;
    for (int i = 0; i < 100; ++i)
        times << 1000 + i / 3; // three events per millisecond
    const QList<Assigned> rows = assignAll(buckets, times);
    QVERIFY(bucketOrderIsTimeOrder(rows));
    QCOMPARE(buckets.buckets().size(), 10); // a full bucket starts a new one, not sooner
    for (const eventlog::TimeBuckets::Bucket& b : buckets.buckets()) {
        QVERIFY(b.events <= 10);
        QVERIFY(b.changed);
    }

    // What an append stored comes back through reset(), in any order.
    QList<eventlog::TimeBuckets::Bucket> stored = buckets.buckets();
    std::reverse(stored.begin(), stored.end());
    for (auto& b : stored)
        b.changed = false;
    buckets.reset(stored, 10);
    MemoryStorage storage;
    qint64 bucket = 0;
    QVERIFY(buckets.assign(1000, storage, &bucket));
    QCOMPARE(bucket, qint64(1000)); // back to the first bucket
    QVERIFY(buckets.assign(5, storage, &bucket));
    QCOMPARE(bucket, qint64(1000)); // earlier than everything: the first one too
    QCOMPARE(buckets.buckets().size(), 10);
    QVERIFY(buckets.buckets().first().changed);
    QVERIFY(!buckets.buckets().at(1).changed);
}

void TestTimeBuckets::orderHoldsForAnyArrivalOrder_data()
{
    QTest::addColumn<QList<qint64>>("times");
    QList<qint64> increasing, decreasing, sameTime, shuffled, sawtooth;
    for (int i = 0; i < 300; ++i) {
        increasing << i * 7;
        decreasing << 10000 - i;
        sameTime << 42;
        sawtooth << (i % 50) * 10 + i / 50; // each round goes back in time
    }
    QRandomGenerator rng(7);
    for (int i = 0; i < 300; ++i)
        shuffled << qint64(rng.bounded(200)) - 100; // ties and negative times too
    QTest::newRow("increasing") << increasing;
    QTest::newRow("decreasing") << decreasing;
    QTest::newRow("one time") << sameTime;
    QTest::newRow("sawtooth") << sawtooth;
    QTest::newRow("shuffled with ties") << shuffled;
}

void TestTimeBuckets::orderHoldsForAnyArrivalOrder()
{
    QFETCH(QList<qint64>, times);
    for (const qint64 capacity : {1, 4, 9, 1000}) {
        eventlog::TimeBuckets buckets;
        buckets.reset({}, capacity);
        const QList<Assigned> rows = assignAll(buckets, times);
        QCOMPARE(rows.size(), times.size());
        QVERIFY2(bucketOrderIsTimeOrder(rows), qPrintable(QStringLiteral("capacity %1").arg(capacity)));
    }
}

void TestTimeBuckets::eventFromTheFutureDoesNotStopNewBuckets()
{
    // A clock set years ahead (CERTLIFE_NOW) wrote one event; today's events keep
    // getting fresh buckets before it instead of piling into one.
    eventlog::TimeBuckets buckets;
    buckets.reset({}, 10);
    QList<qint64> times{1000, 1001, 9000000};
    for (int i = 0; i < 200; ++i)
        times << 2000 + i;
    int moves = 0;
    const QList<Assigned> rows = assignAll(buckets, times, &moves);
    QVERIFY(bucketOrderIsTimeOrder(rows));
    QCOMPARE(moves, 1);
    QVERIFY2(buckets.buckets().size() >= 19, qPrintable(QString::number(buckets.buckets().size())));
    for (const eventlog::TimeBuckets::Bucket& b : buckets.buckets())
        QVERIFY2(b.events <= 20, qPrintable(QString::number(b.startMs)));
    // The future event got a bucket of its own.
    QCOMPARE(buckets.buckets().last().startMs, qint64(9000000));
    QCOMPARE(buckets.buckets().last().events, 1);
    QCOMPARE(rows[2].bucket, qint64(9000000));
}

void TestTimeBuckets::queriesAcrossManyBuckets_data()
{
    QTest::addColumn<EventQuery>("q");
    QTest::newRow("one certificate") << query([](EventQuery& q) { q.text = QStringLiteral("host3."); });
    // Its newest event by time has one of the lowest record ids.
    QTest::newRow("certificate with an event from the future")
        << query([](EventQuery& q) { q.text = QStringLiteral("host2."); });
    QTest::newRow("thumbprint") << query([](EventQuery& q) { q.thumbprint = fixtureCertificate(5).thumbprint; });
    QTest::newRow("few certificates + ids") << query([](EventQuery& q) {
        q.text = QStringLiteral("host1");
        q.ids = {EventId::New, EventId::Replace, EventId::Expired};
    });
    QTest::newRow("many certificates") << query([](EventQuery& q) { q.text = QStringLiteral("example"); });
    QTest::newRow("many sparse certificates") << query([](EventQuery& q) { q.text = QStringLiteral("sparse.test"); });
    QTest::newRow("many sparse certificates + ids") << query([](EventQuery& q) {
        q.text = QStringLiteral("sparse.test");
        q.ids = {EventId::Replace, EventId::Deleted};
    });
    QTest::newRow("text + time range") << query([](EventQuery& q) {
        q.text = QStringLiteral("host2");
        q.since = fixtureTime(300);
        q.until = fixtureTime(700);
    });
    // Older than the first bucket's start: only the first bucket holds them.
    QTest::newRow("text, before the first bucket") << query([](EventQuery& q) {
        q.text = QStringLiteral("sparse.test");
        q.until = fixtureTime(-86000);
    });
    QTest::newRow("one certificate, before the first bucket") << query([](EventQuery& q) {
        q.text = QStringLiteral("host3.sparse");
        q.until = fixtureTime(-86000);
    });
}

void TestTimeBuckets::queriesAcrossManyBuckets()
{
    QFETCH(EventQuery, q);
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog log(path, Scope::User);
    QVERIFY(log.open());
    rawSql(path, QStringLiteral("UPDATE eventlog_meta SET value = 7 WHERE name = 'bucket_events'"));
    // 1,300 events in batches of 40, times wandering: forward on the whole, but far
    // enough out of order that a certificate's events are not in record-id order; some
    // from the past, one far in the future, ties. 40 certificates, plus 80 seen once a
    // day before everything else (more than 64 certificates, none among the newest
    // rows: the plan that collects and sorts).
    QRandomGenerator rng(11);
    QList<LifecycleEvent> all;
    for (int i = 0; i < 1300; ++i) {
        qint64 t = i * 2 + qint64(rng.bounded(200));
        if (i % 97 == 0)
            t -= 900;
        if (i == 2)
            t = 86400 * 365; // lands in the first bucket, which must then split around it
        LifecycleEvent e = fixtureEvent(EventId(1001 + i % 7), i % 40, QStringLiteral("web"), fixtureTime(t));
        if (i % 16 == 8 && i / 16 < 80) { // not the first event: before the first bucket
            e.certificate = fixtureCertificate(i / 16, QStringLiteral("sparse.test"));
            e.time = fixtureTime(-86400 + i);
        }
        all << e;
    }
    for (qsizetype i = 0; i < all.size(); i += 40) {
        QList<LifecycleEvent> batch = all.mid(i, 40);
        QVERIFY(log.append(batch));
        for (qsizetype j = 0; j < batch.size(); ++j)
            all[i + j] = batch[j];
    }
    QVERIFY(rawSql(path, QStringLiteral("SELECT count(*) FROM event_buckets")).toInt() > 30);
    QCOMPARE(
        rawSql(path, QStringLiteral("SELECT bucket = time_ms FROM events WHERE record_id = %1").arg(all[2].recordId))
            .toInt(),
        1); // moved to a bucket of its own

    // Page through everything in pages of 9 rows.
    const QList<LifecycleEvent> expected = oracleQuery(all, q);
    QList<qint64> seen;
    EventQuery paged = q;
    paged.limit = 9;
    for (int pages = 0; pages < 400; ++pages) {
        const QList<LifecycleEvent> page = log.query(paged);
        QVERIFY2(log.lastError().isEmpty(), qPrintable(log.lastError()));
        if (page.isEmpty())
            break;
        seen << recordIds(page);
        paged.after = EventCursor::of(page.last());
    }
    QCOMPARE(seen, recordIds(expected));
    QCOMPARE(log.count(q), expected.size());
}

void TestTimeBuckets::pruneDropsEmptyBuckets()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog log(path, Scope::User);
    QVERIFY(log.open());
    rawSql(path, QStringLiteral("UPDATE eventlog_meta SET value = 10 WHERE name = 'bucket_events'"));
    QList<LifecycleEvent> all;
    for (int i = 0; i < 200; ++i)
        all << fixtureEvent(EventId(1001 + i % 7), i % 30, QStringLiteral("web"), fixtureTime(i));
    QVERIFY(log.append(all));
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM event_buckets")).toInt(), 20);

    QVERIFY(log.prune(fixtureTime(95), 0));
    // Buckets of 10 events each: the nine before time 90 are gone, the one holding 90..99 stays.
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM event_buckets")).toInt(), 11);
    QVERIFY(log.prune(QDateTime(), 25));
    QCOMPARE(rawSql(path, QStringLiteral("SELECT count(*) FROM event_buckets")).toInt(), 3);
    QCOMPARE(rawSql(path,
                    QStringLiteral("SELECT count(*) FROM event_buckets b WHERE NOT EXISTS"
                                   " (SELECT 1 FROM events WHERE bucket = b.start_ms)"))
                 .toInt(),
             0);

    // Back-dated events now land in the oldest bucket left, and every query still agrees.
    QList<LifecycleEvent> late{fixtureEvent(EventId::New, 3, QStringLiteral("web"), fixtureTime(-50)),
                               fixtureEvent(EventId::New, 3, QStringLiteral("web"), fixtureTime(500))};
    QVERIFY(log.append(late));
    EventQuery everything;
    everything.limit = 1000;
    const QList<LifecycleEvent> kept = all.mid(175) + late;
    for (const QString& text : {QString(), QStringLiteral("host3."), QStringLiteral("example")}) {
        EventQuery q = everything;
        q.text = text;
        QCOMPARE(recordIds(log.query(q)), recordIds(oracleQuery(kept, q)));
    }
}

QTEST_GUILESS_MAIN(TestTimeBuckets)
#include "TestTimeBuckets.moc"
