// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventFixtures.h"
#include "EventOracle.h"
#include "RawSql.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "eventlog/EventLogSchema.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QList<LifecycleEvent> eventsAtTimes(int count, int perSecond)
{
    QList<LifecycleEvent> events;
    for (int i = 0; i < count; ++i)
        events << fixtureEvent(EventId(1001 + i % 7), i % 9, QStringLiteral("My"), fixtureTime(i / perSecond));
    return events;
}

QList<LifecycleEvent> everything(const EventLog& log)
{
    EventQuery q;
    q.limit = 100000;
    return log.query(q);
}

} // namespace

class TestEventLogFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pruneByAge();
    void pruneByCountKeepsTheNewestWithTies();
    void pruneDropsTextOfPrunedCertificates();
    void failedBatchLeavesNothingBehind();
    void recordIdsAreNeverReused();
    void prunedLogStaysBounded();
    void subjectsPrunedByAnotherWriterAreNotReused();
    void releasingMemoryBetweenPassesLosesNothing();
    void textSearchWithoutFullTextIndex();
    void createsOrUpgrades_data();
    void createsOrUpgrades();
    void refusesNewerSchemaAndLeavesItAlone();
    void refusesWhatIsNotAnEventLog_data();
    void refusesWhatIsNotAnEventLog();
    void readOnlyOpen();
};

void TestEventLogFile::pruneByAge()
{
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QVERIFY(log.open());
    QList<LifecycleEvent> all = eventsAtTimes(60, 3);
    QVERIFY(log.append(all));
    QString error;
    QVERIFY2(log.prune(fixtureTime(7), 0, &error), qPrintable(error));
    EventQuery kept;
    kept.since = fixtureTime(7);
    kept.limit = 1000;
    QCOMPARE(recordIds(everything(log)), recordIds(oracleQuery(all, kept)));
    QCOMPARE(log.count({}), 60 - 21);
}

void TestEventLogFile::pruneByCountKeepsTheNewestWithTies()
{
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QVERIFY(log.open());
    QList<LifecycleEvent> all = eventsAtTimes(50, 5);
    std::reverse(all.begin(), all.end()); // record ids against time order
    QVERIFY(log.append(all));
    QVERIFY(log.prune(QDateTime(), 12));
    EventQuery q;
    q.limit = 1000;
    QCOMPARE(recordIds(everything(log)), recordIds(oracleQuery(all, q).mid(0, 12)));
    // Both limits: age first, then count.
    QVERIFY(log.prune(fixtureTime(8), 100));
    QCOMPARE(log.count({}), 10);
    QVERIFY(log.prune(fixtureTime(8), 3));
    QCOMPARE(recordIds(everything(log)), recordIds(oracleQuery(all, q).mid(0, 3)));
}

void TestEventLogFile::pruneDropsTextOfPrunedCertificates()
{
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QVERIFY(log.open());
    QList<LifecycleEvent> batch{fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime(0)),
                                fixtureEvent(EventId::New, 2, QStringLiteral("My"), fixtureTime(10))};
    QVERIFY(log.append(batch));
    EventQuery host1;
    host1.text = QStringLiteral("host1.example");
    QCOMPARE(log.query(host1).size(), 1);
    QVERIFY(log.prune(fixtureTime(5), 0));
    QCOMPARE(log.query(host1).size(), 0);
    QCOMPARE(log.count(host1), 0);
    EventQuery host2;
    host2.text = QStringLiteral("host2.example");
    QCOMPARE(log.query(host2).size(), 1);
}

void TestEventLogFile::failedBatchLeavesNothingBehind()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog log(path, Scope::User);
    QVERIFY(log.open());
    QList<LifecycleEvent> first = eventsAtTimes(3, 1);
    QVERIFY(log.append(first));
    // Something refuses the 40th event of the next batch, after 39 rows and new
    // subjects were written inside its transaction.
    rawSql(path,
           {QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON events"
                           " WHEN new.store_id = (SELECT store_id FROM event_stores WHERE name = 'poison')"
                           " BEGIN SELECT RAISE(ABORT, 'refused by test'); END")});
    QList<LifecycleEvent> batch;
    for (int i = 0; i < 60; ++i)
        batch << fixtureEvent(EventId::New, 100 + i, i == 39 ? QStringLiteral("poison") : QStringLiteral("My"),
                              i == 5 ? QDateTime() : fixtureTime(50 + i));
    QString error;
    QVERIFY(!log.append(batch, &error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("refused by test")), qPrintable(error));
    QCOMPARE(log.count({}), 3);
    for (const LifecycleEvent& e : batch)
        QCOMPARE(e.recordId, 0);
    QVERIFY(!batch[5].time.isValid()); // given back as it came
    EventQuery text;
    text.text = QStringLiteral("host101.");
    QCOMPARE(log.count(text), 0);

    // The same events minus the refused one go in whole, with their own subjects.
    rawSql(path, {QStringLiteral("DROP TRIGGER refuse")});
    batch.removeAt(39);
    QVERIFY2(log.append(batch, &error), qPrintable(error));
    QCOMPARE(log.count({}), 3 + 59);
    QCOMPARE(log.count(text), 1);
    QCOMPARE(log.event(batch[1].recordId)->certificate, fixtureCertificate(101));
}

void TestEventLogFile::recordIdsAreNeverReused()
{
    TestEnvironment env;
    EventLog log(env.path(QStringLiteral("events.sqlite")), Scope::User);
    QVERIFY(log.open());
    QList<LifecycleEvent> first = eventsAtTimes(10, 1);
    QVERIFY(log.append(first));
    QVERIFY(log.prune(fixtureTime(1000), 0));
    QCOMPARE(log.latestRecordId(), 0);
    QList<LifecycleEvent> second = eventsAtTimes(1, 1);
    QVERIFY(log.append(second));
    // A task run tied to record 10 must never be confused with a later event.
    QCOMPARE(second[0].recordId, 11);
}

void TestEventLogFile::prunedLogStaysBounded()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog log(path, Scope::User);
    QVERIFY(log.open());
    // The database's size once the WAL is copied back (another connection may do that).
    const auto size = [&] {
        rawSql(path, {QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")});
        return QFileInfo(path).size();
    };
    qint64 afterSixth = 0;
    for (int round = 0; round < 12; ++round) {
        QList<LifecycleEvent> batch;
        for (int i = 0; i < 1500; ++i)
            batch << fixtureEvent(EventId(1001 + i % 7), round * 1500 + i, QStringLiteral("web"),
                                  fixtureTime(round * 10000 + i));
        QVERIFY(log.append(batch));
        QVERIFY(log.prune(QDateTime(), 1500)); // a retention of 1500 events
        if (round == 5)
            afterSixth = size();
    }
    QCOMPARE(log.count({}), 1500);
    // Each round writes about 3 MiB. Freed pages are reused, so after a few rounds the
    // file stops growing (at about twice what a round's peak of 3,000 events needs).
    const qint64 last = size();
    QVERIFY2(last <= afterSixth * 5 / 4, qPrintable(QStringLiteral("%1 > %2").arg(last).arg(afterSixth)));
}

void TestEventLogFile::subjectsPrunedByAnotherWriterAreNotReused()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog agent(path, Scope::User);
    EventLog console(path, Scope::User);
    QVERIFY(agent.open());
    QVERIFY(console.open());
    QList<LifecycleEvent> one{fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime(0))};
    QVERIFY(agent.append(one)); // the agent now remembers certificate 1's subject
    QVERIFY(console.prune(fixtureTime(100), 0));
    QList<LifecycleEvent> other{fixtureEvent(EventId::New, 2, QStringLiteral("My"), fixtureTime(200))};
    QVERIFY(console.append(other)); // may take the freed subject id
    QList<LifecycleEvent> again{fixtureEvent(EventId::Deleted, 1, QStringLiteral("My"), fixtureTime(300))};
    QVERIFY(agent.append(again));
    QCOMPARE(agent.event(again[0].recordId)->certificate, fixtureCertificate(1));
    QCOMPARE(agent.event(other[0].recordId)->certificate, fixtureCertificate(2));
}

// The agent gives back the log's caches after each pass (EventLog::releaseMemory): the
// next pass still finds the subjects it stored, and stores each certificate's once.
void TestEventLogFile::releasingMemoryBetweenPassesLosesNothing()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog log(path, Scope::User);
    QVERIFY(log.open());
    QList<LifecycleEvent> first{fixtureEvent(EventId::New, 1, QStringLiteral("My"), fixtureTime(0))};
    QVERIFY(log.append(first));
    log.releaseMemory();
    QList<LifecycleEvent> second{fixtureEvent(EventId::Deleted, 1, QStringLiteral("My"), fixtureTime(10)),
                                 fixtureEvent(EventId::New, 2, QStringLiteral("My"), fixtureTime(10))};
    QVERIFY(log.append(second));
    log.releaseMemory();
    QCOMPARE(log.event(first[0].recordId)->certificate, fixtureCertificate(1));
    QCOMPARE(log.event(second[0].recordId)->certificate, fixtureCertificate(1));
    QCOMPARE(log.event(second[1].recordId)->certificate, fixtureCertificate(2));
    QCOMPARE(rawSql(path, {QStringLiteral("SELECT count(*) FROM event_subjects")}).toInt(), 2);
}

void TestEventLogFile::textSearchWithoutFullTextIndex()
{
    // An SQLite without FTS5 or its trigram tokenizer: text search scans the subjects.
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    QList<LifecycleEvent> all = eventsAtTimes(40, 2);
    {
        EventLog log(path, Scope::User);
        QVERIFY(log.open());
        QVERIFY(log.hasFullTextSearch());
        QVERIFY(log.append(all));
    }
    rawSql(path,
           {QStringLiteral("DROP TRIGGER event_subjects_fts_delete"), QStringLiteral("DROP TABLE event_subjects_fts")});
    EventLog log(path, Scope::User);
    QVERIFY(log.open());
    QVERIFY(!log.hasFullTextSearch());
    for (const QString& text : {QStringLiteral("HOST3."), QStringLiteral("t1"), QStringLiteral("example")}) {
        EventQuery q;
        q.text = text;
        q.limit = 1000;
        QCOMPARE(recordIds(log.query(q)), recordIds(oracleQuery(all, q)));
    }
    QList<LifecycleEvent> more = eventsAtTimes(3, 1);
    QVERIFY(log.append(more)); // and writing goes on without the index
    QVERIFY(log.prune(fixtureTime(10), 0));
}

void TestEventLogFile::createsOrUpgrades_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<int>("eventsBefore");
    QTest::newRow("no file") << QStringList() << 0;
    QTest::newRow("empty file") << QStringList{QStringLiteral("SELECT 1")} << 0;
    // TaskRunLog may create the file first; its table and rows must survive.
    QTest::newRow("another component's table")
        << QStringList{QStringLiteral("CREATE TABLE task_runs(id INTEGER PRIMARY KEY, task TEXT)"),
                       QStringLiteral("INSERT INTO task_runs(task) VALUES ('rebind-nginx')")}
        << 0;
    QTest::newRow("current schema, reopened") << QStringList() << 3;
}

void TestEventLogFile::createsOrUpgrades()
{
    QFETCH(QStringList, before);
    QFETCH(int, eventsBefore);
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("state/certlife/events.sqlite"));
    if (!before.isEmpty()) {
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile(path).open(QIODevice::WriteOnly);
        rawSql(path, before);
    }
    if (eventsBefore > 0) {
        EventLog first(path, Scope::User);
        QVERIFY(first.open());
        QList<LifecycleEvent> batch = eventsAtTimes(eventsBefore, 1);
        QVERIFY(first.append(batch));
    }
    EventLog log(path, Scope::User);
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    QCOMPARE(log.count({}), eventsBefore);
    QList<LifecycleEvent> batch = eventsAtTimes(2, 1);
    QVERIFY(log.append(batch));
    QCOMPARE(log.count({}), eventsBefore + 2);
    QCOMPARE(rawSql(path, {QStringLiteral("PRAGMA user_version")}).toInt(), eventlog::kSchemaVersion);
    QCOMPARE(rawSql(path, {QStringLiteral("PRAGMA journal_mode")}).toString(), QStringLiteral("wal"));
    if (before.size() > 1)
        QCOMPARE(rawSql(path, {QStringLiteral("SELECT task FROM task_runs")}).toString(),
                 QStringLiteral("rebind-nginx"));
    if (before.isEmpty() && eventsBefore == 0) // created by the EventLog: private to the user
        QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadOther | QFile::WriteOther | QFile::ReadGroup),
                 QFileDevice::Permissions());
}

void TestEventLogFile::refusesNewerSchemaAndLeavesItAlone()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    QFile(path).open(QIODevice::WriteOnly);
    rawSql(path, {QStringLiteral("CREATE TABLE events(x)"), QStringLiteral("PRAGMA user_version = 99")});
    const QByteArray bytes = readAll(path);
    EventLog log(path, Scope::User);
    QString error;
    QVERIFY(!log.open(&error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("newer")), qPrintable(error));
    QVERIFY(!log.openReadOnly(&error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("newer")), qPrintable(error));
    QCOMPARE(readAll(path), bytes);
}

void TestEventLogFile::refusesWhatIsNotAnEventLog_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text") << QByteArray("certificate notes\nnot a database\n").repeated(200);
    QByteArray random(8192, '\0');
    for (int i = 0; i < random.size(); ++i)
        random[i] = char((i * 7919 + 13) % 251);
    QTest::newRow("binary") << random;
    QTest::newRow("SQLite header, garbage after") << QByteArray("SQLite format 3\0", 16) + QByteArray(8176, '\xA5');
}

void TestEventLogFile::refusesWhatIsNotAnEventLog()
{
    QFETCH(QByteArray, content);
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    for (const bool readOnly : {false, true}) {
        EventLog log(path, Scope::User);
        QString error;
        QVERIFY(!(readOnly ? log.openReadOnly(&error) : log.open(&error)));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("not a database")) || error.contains(QStringLiteral("malformed")),
                 qPrintable(error));
    }
    QCOMPARE(readAll(path), content);
}

void TestEventLogFile::readOnlyOpen()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog missing(path, Scope::User);
    QString error;
    QVERIFY(!missing.openReadOnly(&error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path)); // a reader never creates the log

    QFile(path).open(QIODevice::WriteOnly);
    rawSql(path, {QStringLiteral("CREATE TABLE task_runs(id INTEGER PRIMARY KEY)")});
    EventLog beforeSchema(path, Scope::User);
    QVERIFY2(beforeSchema.openReadOnly(&error), qPrintable(error));
    QCOMPARE(beforeSchema.query({}).size(), 0);
    QCOMPARE(beforeSchema.latestRecordId(), 0);

    EventLog writer(path, Scope::User);
    QVERIFY(writer.open());
    QList<LifecycleEvent> batch = eventsAtTimes(4, 1);
    QVERIFY(writer.append(batch));
    EventLog reader(path, Scope::User);
    QVERIFY(reader.openReadOnly(&error));
    QCOMPARE(recordIds(reader.query({})), recordIds(writer.query({})));
    QCOMPARE(reader.latestRecordId(), batch.last().recordId);
}

QTEST_GUILESS_MAIN(TestEventLogFile)
#include "TestEventLogFile.moc"
