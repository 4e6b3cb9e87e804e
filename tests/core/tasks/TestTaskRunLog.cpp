// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestEnvironment.h"
#include "tasks/TaskRunLog.h"
#include "util/Paths.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

class TestTaskRunLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharesTheEventLogFileWithoutTouchingItsVersion();
    void claimIsOncePerTaskEventAndAttempt();
    void finishedRunsKeepTheirRecord();
    void runOutputStaysOutOfTheSharedLog();
    void outputRecordedBeforeMovesOutOfTheSharedLog();
    void processTokensTellLiveFromDead();
    void refusesASchemaFromTheFuture();
};

namespace {
LifecycleEvent replaceEvent(qint64 recordId)
{
    LifecycleEvent e;
    e.recordId = recordId;
    e.id = EventId::Replace;
    e.channel = Scope::System;
    e.certificate.thumbprint = QString(40, QLatin1Char('E'));
    e.certificate.subject = QStringLiteral("CN=x");
    return e;
}
const QDateTime kAt(QDate(2026, 2, 3), QTime(4, 5, 6, 7), Qt::UTC);
} // namespace

void TestTaskRunLog::sharesTheEventLogFileWithoutTouchingItsVersion()
{
    TestEnvironment env;
    const QString file = Paths::eventLogFile(Scope::System);
    QDir().mkpath(QFileInfo(file).absolutePath());
    {
        // As the EventLog would have left it: its own table and user_version.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("eventlog"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, json TEXT)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO events (json) VALUES ('{}')")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 7")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("eventlog"));
    {
        TaskRunLog log(file);
        QString error;
        QVERIFY2(log.open(&error), qPrintable(error));
        qint64 id = 0;
        QCOMPARE(log.claim(QStringLiteral("t"), replaceEvent(1), 1, kAt, QStringLiteral("o"), &id, &error),
                 TaskRunLog::Claim::Claimed);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
    db.setDatabaseName(file);
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), 7);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM events")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM task_runs")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    q.clear();
    db.close();
}

void TestTaskRunLog::claimIsOncePerTaskEventAndAttempt()
{
    TestEnvironment env;
    TaskRunLog a(Paths::eventLogFile(Scope::System));
    TaskRunLog b(Paths::eventLogFile(Scope::System)); // another process, in effect
    QString error;
    QVERIFY(a.open(&error) && b.open(&error));
    qint64 id = 0;
    QCOMPARE(a.claim(QStringLiteral("t"), replaceEvent(5), 1, kAt, QStringLiteral("a"), &id, &error),
             TaskRunLog::Claim::Claimed);
    QCOMPARE(b.claim(QStringLiteral("t"), replaceEvent(5), 1, kAt, QStringLiteral("b"), &id, &error),
             TaskRunLog::Claim::AlreadyClaimed);
    QCOMPARE(b.claim(QStringLiteral("u"), replaceEvent(5), 1, kAt, QStringLiteral("b"), &id, &error),
             TaskRunLog::Claim::Claimed);
    QCOMPARE(b.claim(QStringLiteral("t"), replaceEvent(5), 2, kAt, QStringLiteral("b"), &id, &error),
             TaskRunLog::Claim::Claimed);
    QCOMPARE(a.claim(QStringLiteral("t"), replaceEvent(5), 2, kAt, QStringLiteral("a"), &id, &error),
             TaskRunLog::Claim::AlreadyClaimed);
    QCOMPARE(a.runsForEvent(5).size(), 3);
    // Taking over needs the current owner: only one of two racing runners wins.
    const qint64 first = a.runsForEvent(5).first().id;
    QVERIFY(b.takeOver(first, QStringLiteral("a"), QStringLiteral("b")));
    QVERIFY(!a.takeOver(first, QStringLiteral("a"), QStringLiteral("a2")));
}

void TestTaskRunLog::finishedRunsKeepTheirRecord()
{
    TestEnvironment env;
    TaskRunLog log(Paths::eventLogFile(Scope::System));
    QString error;
    QVERIFY(log.open(&error));
    qint64 id = 0;
    QCOMPARE(log.claim(QStringLiteral("t"), replaceEvent(9), 1, kAt, QStringLiteral("o"), &id, &error),
             TaskRunLog::Claim::Claimed);
    QVERIFY(log.markRunning(id, kAt.addSecs(1), QString(64, QLatin1Char('F')), &error));
    TaskRun run = *log.run(id);
    QCOMPARE(run.state, TaskRunState::Running);
    QCOMPARE(run.event.certificate.thumbprint, QString(40, QLatin1Char('E')));
    QCOMPARE(log.unfinished().size(), 1);
    run.state = TaskRunState::TimedOut;
    run.endedAt = kAt.addSecs(61);
    run.exitSignal = 15;
    run.reason = QStringLiteral("did not finish");
    run.output = QByteArray(100 * 1024, 'x') + "tail";
    run.nextAttemptAt = kAt.addSecs(661);
    QVERIFY(log.finish(run, &error));
    const TaskRun back = *log.run(id);
    QCOMPARE(back.state, TaskRunState::TimedOut);
    QCOMPARE(back.queuedAt, kAt);
    QCOMPARE(back.startedAt, kAt.addSecs(1));
    QCOMPARE(back.endedAt, kAt.addSecs(61));
    QCOMPARE(back.exitSignal, std::optional<int>(15));
    QCOMPARE(back.exitCode, std::nullopt);
    QCOMPARE(back.output.size(), 64 * 1024);
    QVERIFY(back.output.endsWith("tail"));
    QCOMPARE(back.scriptSha256, QString(64, QLatin1Char('F')));
    QCOMPARE(log.retryCandidates().size(), 1);
    QCOMPARE(log.startedSince(QStringLiteral("t"), kAt), 1);
    QCOMPARE(log.startedSince(QStringLiteral("t"), kAt.addSecs(2)), 0);
    QVERIFY(log.unfinished().isEmpty());
    QCOMPARE(log.runsForTask(QStringLiteral("t")).size(), 1);
}

void TestTaskRunLog::runOutputStaysOutOfTheSharedLog()
{
    // The System event log is for every local user to read (0644); what a root script
    // prints goes to a file beside it that only its owner may read.
    TestEnvironment env;
    const QString file = Paths::eventLogFile(Scope::System);
    QDir().mkpath(QFileInfo(file).absolutePath());
    QVERIFY(QFile(file).open(QIODevice::WriteOnly));
    QVERIFY(QFile::setPermissions(
        file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    const QByteArray secret = "database password is hunter2";
    qint64 id = 0;
    QString error;
    {
        TaskRunLog log(file);
        QVERIFY2(log.open(&error), qPrintable(error));
        QCOMPARE(QFileInfo(log.outputPath()).absolutePath(), QFileInfo(file).absolutePath());
        QCOMPARE(log.claim(QStringLiteral("t"), replaceEvent(3), 1, kAt, QStringLiteral("o"), &id, &error),
                 TaskRunLog::Claim::Claimed);
        TaskRun run = *log.run(id);
        run.state = TaskRunState::Failed;
        run.endedAt = kAt.addSecs(2);
        run.exitCode = 1;
        run.output = secret;
        QVERIFY2(log.finish(run, &error), qPrintable(error));
        QCOMPARE(log.run(id)->output, secret);
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(log.outputPath()).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0600));
    }
    for (const QString& shared : {file, file + QStringLiteral("-wal"), file + QStringLiteral("-journal")}) {
        QFile f(shared);
        if (f.open(QIODevice::ReadOnly))
            QVERIFY2(!f.readAll().contains(secret), qPrintable(shared));
    }
    // Whoever may read the private file (root here) sees the output, read-only too.
    TaskRunLog reader(file);
    QVERIFY2(reader.openReadOnly(&error), qPrintable(error));
    QCOMPARE(reader.run(id)->output, secret);
    QVERIFY(!reader.run(id)->outputHidden);
}

void TestTaskRunLog::outputRecordedBeforeMovesOutOfTheSharedLog()
{
    TestEnvironment env;
    const QString file = Paths::eventLogFile(Scope::System);
    qint64 id = 0;
    QString error;
    {
        TaskRunLog log(file);
        QVERIFY2(log.open(&error), qPrintable(error));
        QCOMPARE(log.claim(QStringLiteral("t"), replaceEvent(4), 1, kAt, QStringLiteral("o"), &id, &error),
                 TaskRunLog::Claim::Claimed);
    }
    {
        // As an older agent left it: the output in the shared log.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("legacy"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE task_runs SET output_tail=X'6F6C64', state='failed'")));
        q.clear();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("legacy"));
    {
        TaskRunLog log(file);
        QVERIFY2(log.open(&error), qPrintable(error));
        QCOMPARE(log.run(id)->output, QByteArray("old"));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("migrated"));
    db.setDatabaseName(file);
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM task_runs WHERE output_tail IS NOT NULL")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    q.clear();
    db.close();
}

void TestTaskRunLog::processTokensTellLiveFromDead()
{
    const QString me = TaskRunLog::currentOwner();
    QVERIFY(TaskRunLog::processAlive(me));
    QCOMPARE(TaskRunLog::processIdOf(me), qint64(::getpid()));
    const QStringList parts = me.split(QLatin1Char(':'));
    QVERIFY(!TaskRunLog::processAlive(parts.at(0) + QStringLiteral(":%1:1").arg(::getpid()))); // pid reused later
    QVERIFY(!TaskRunLog::processAlive(QStringLiteral("other-boot:%1:%2").arg(::getpid()).arg(parts.at(2))));
    QVERIFY(!TaskRunLog::processAlive(QString()));
}

void TestTaskRunLog::refusesASchemaFromTheFuture()
{
    TestEnvironment env;
    QString error;
    {
        TaskRunLog log(Paths::eventLogFile(Scope::System));
        QVERIFY(log.open(&error));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
        db.setDatabaseName(Paths::eventLogFile(Scope::System));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE task_runs_meta SET value='9' WHERE key='schema_version'")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("future"));
    TaskRunLog log(Paths::eventLogFile(Scope::System));
    QVERIFY(!log.open(&error));
    QCOMPARE(
        error,
        QStringLiteral("the task run log in %1 has schema version 9, written by a newer Certlife (this one knows 1)")
            .arg(Paths::eventLogFile(Scope::System)));
}

QTEST_GUILESS_MAIN(TestTaskRunLog)
#include "TestTaskRunLog.moc"
