// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Crash safety and cross-process visibility of the EventLog. The test executable
// re-launches itself as a writer child (see main()), kills it with SIGKILL while it
// appends, and checks that every batch it reported committed is there, whole.
#include "EventFixtures.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <csignal>
#include <cstdio>

using namespace certlife;
using namespace certlife::test;

namespace {

constexpr int kBatch = 2000;
const char* const kWriterFlag = "--eventlog-writer";

QString batchStore(int batch)
{
    return QStringLiteral("batch-%1").arg(batch);
}

LifecycleEvent batchEvent(int batch, int i)
{
    const int n = batch * kBatch + i;
    LifecycleEvent e = fixtureEvent(EventId(1001 + n % 7), n, batchStore(batch), fixtureTime(n));
    e.message = QStringLiteral("batch %1 event %2").arg(batch).arg(i);
    return e;
}

// The child: appends batches 0, 1, … (forever when `batches` < 0) and prints
// "<batch> <last record id>" once each is committed.
int runWriter(const QString& path, int batches)
{
    EventLog log(path, Scope::User);
    QString error;
    if (!log.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    for (int b = 0; batches < 0 || b < batches; ++b) {
        QList<LifecycleEvent> batch;
        for (int i = 0; i < kBatch; ++i)
            batch << batchEvent(b, i);
        if (!log.append(batch, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("%d %lld\n", b, static_cast<long long>(batch.last().recordId));
        std::fflush(stdout);
    }
    return 0;
}

// Per batch store: how many events the log holds (raw SQL, to see partial batches).
QMap<QString, int> eventsPerStore(const QString& path)
{
    QMap<QString, int> counts;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(
                QStringLiteral("SELECT st.name, count(*) FROM events e JOIN event_stores st ON st.store_id = e.store_id"
                               " GROUP BY st.name"));
            while (q.next())
                counts.insert(q.value(0).toString(), q.value(1).toInt());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return counts;
}

QString integrity(const QString& path)
{
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("integrity"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next())
                result = q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("integrity"));
    return result;
}

} // namespace

class TestEventLogCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWriterLeavesEveryCommittedBatch();
    void readerSeesEventsOfAnotherProcess();
};

void TestEventLogCrash::killedWriterLeavesEveryCommittedBatch()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    writer.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(kWriterFlag), path});
    QVERIFY(writer.waitForStarted());

    QMap<int, qint64> reported; // batch -> last record id, as the child printed them
    EventLog reader(path, Scope::User);
    while (reported.size() < 4) {
        QVERIFY2(writer.waitForReadyRead(120000), "the writer stopped reporting batches");
        while (writer.canReadLine()) {
            const QList<QByteArray> parts = writer.readLine().trimmed().split(' ');
            QCOMPARE(parts.size(), 2);
            reported.insert(parts[0].toInt(), parts[1].toLongLong());
        }
        // A reader meanwhile sees whole batches or nothing of them.
        if (!reader.isOpen())
            QVERIFY(reader.openReadOnly());
        for (int b = 0; b <= reported.lastKey() + 1; ++b) {
            EventQuery q;
            q.storeId = batchStore(b);
            const qint64 n = reader.count(q);
            QVERIFY2(n == 0 || n == kBatch, qPrintable(QStringLiteral("batch %1: %2 events").arg(b).arg(n)));
            if (reported.contains(b))
                QCOMPARE(n, kBatch);
        }
    }
    ::kill(pid_t(writer.processId()), SIGKILL); // most likely in the middle of the next batch
    QVERIFY(writer.waitForFinished(60000));
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
    while (writer.canReadLine()) {
        const QList<QByteArray> parts = writer.readLine().trimmed().split(' ');
        reported.insert(parts[0].toInt(), parts[1].toLongLong());
    }

    QCOMPARE(integrity(path), QStringLiteral("ok"));
    EventLog log(path, Scope::User); // the agent's restart
    QString error;
    QVERIFY2(log.open(&error), qPrintable(error));
    for (auto it = reported.cbegin(); it != reported.cend(); ++it) {
        EventQuery q;
        q.storeId = batchStore(it.key());
        q.limit = kBatch + 1;
        const QList<LifecycleEvent> events = log.query(q);
        QCOMPARE(events.size(), kBatch);
        QCOMPARE(events.first().recordId, it.value()); // newest first: the batch's last event
        for (const LifecycleEvent& e : events) {
            const int i = int(e.recordId - (it.value() - kBatch + 1));
            const LifecycleEvent expected = batchEvent(it.key(), i);
            QCOMPARE(e.message, expected.message);
            QCOMPARE(e.certificate, expected.certificate);
            QCOMPARE(e.time, expected.time);
        }
    }
    // No partial batch: every batch in the file (reported or committed just before the
    // kill) is whole.
    const QMap<QString, int> perStore = eventsPerStore(path);
    QVERIFY(perStore.size() >= reported.size());
    for (auto it = perStore.cbegin(); it != perStore.cend(); ++it)
        QVERIFY2(it.value() == kBatch, qPrintable(QStringLiteral("%1: %2 events").arg(it.key()).arg(it.value())));
    // And the log goes on where it stopped.
    QList<LifecycleEvent> more{batchEvent(999, 0)};
    QVERIFY(log.append(more));
    QVERIFY(more[0].recordId > reported.last());
}

void TestEventLogCrash::readerSeesEventsOfAnotherProcess()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("events.sqlite"));
    EventLog reader(path, Scope::User);
    QVERIFY(reader.open()); // creates the file; the writer below is another process
    QCOMPARE(reader.latestRecordId(), 0);
    QCOMPARE(reader.query({}).size(), 0);

    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    writer.start(QCoreApplication::applicationFilePath(),
                 {QString::fromLatin1(kWriterFlag), path, QStringLiteral("2")});
    QVERIFY(writer.waitForFinished(120000));
    QCOMPARE(writer.exitCode(), 0);
    const QList<QByteArray> lines = writer.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const qint64 last = lines.last().split(' ').value(1).toLongLong();

    // The connection opened before the writer ran notices and reads its events.
    QCOMPARE(reader.latestRecordId(), last);
    const QList<LifecycleEvent> page = reader.query({});
    QCOMPARE(page.size(), 100);
    QCOMPARE(page.first().recordId, last);
    QCOMPARE(page.first().message, batchEvent(1, kBatch - 1).message);
    QCOMPARE(reader.count({}), 2 * kBatch);
}

int main(int argc, char** argv)
{
    // The writer child is this same executable, told so before QTest sees the arguments.
    if (argc >= 3 && qstrcmp(argv[1], kWriterFlag) == 0) {
        QCoreApplication app(argc, argv);
        return runWriter(QString::fromLocal8Bit(argv[2]), argc > 3 ? QByteArray(argv[3]).toInt() : -1);
    }
    QCoreApplication app(argc, argv);
    TestEventLogCrash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestEventLogCrash.moc"
