// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The system agent publishing the User logs of the accounts whose own policy opts in
// (FleetPublishUserEvents), to a real PostgreSQL 15 (a private cluster for this
// program). The accounts are fake homes in temporary directories with uids no one has,
// chowned to them (the tests run as root): each published event names its account; an
// account that did not opt in is not read; a link, another uid's file, a FIFO, a hostile
// or corrupt log is one line for that account while the System channel and the other
// accounts publish; logs with the same record ids (one a copy of the other) both arrive;
// the per-account cap carries on at the next publish; an outage keeps every cursor.
#include "FleetUserChannelsFixture.h"
#include "../eventlog/EventFixtures.h"
#include "tasks/TaskRunLog.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTest>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

class TestFleetUserChannels : public QObject, protected FleetUserChannelsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startFleet(); }
    void cleanup() { afterEachTest(); }

    void anOptedInAccountsEventsArriveOnceWithItsName()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        const FleetAccount bob = account(env, QStringLiteral("bob"), 4002);
        QVERIFY(prepare(alice, true, 3));
        QVERIFY(prepare(bob, false, 2));
        // Two more of alice's while her writer keeps the log open: they are in its WAL.
        QVERIFY(chownTree(alice.home, 0));
        auto writer = std::make_unique<EventLog>(alice.home + QLatin1Char('/') + kLog, Scope::User);
        QVERIFY(writer->open());
        QList<LifecycleEvent> more{fixtureEvent(EventId::Deleted, 4, QStringLiteral("My"), fixtureTime(400)),
                                   fixtureEvent(EventId::Deleted, 5, QStringLiteral("My"), fixtureTime(500))};
        QVERIFY(writer->append(more));
        QVERIFY(QFile::exists(alice.home + QLatin1Char('/') + kLog + QStringLiteral("-wal")));
        QVERIFY(chownTree(alice.home, alice.uid));

        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user1"), {alice, bob});
        QVERIFY(agent);
        // A copy an agent that died during its publish left behind goes at the next one.
        const QString stale = Paths::stateDir(Scope::System) + QStringLiteral("/fleet-user-cursors/copy-left");
        QVERIFY(QDir().mkpath(stale) && writeFile(stale + QStringLiteral("/events.sqlite"), "left behind"));
        passAndPublish(*agent, "first");
        QVERIFY(!QFileInfo::exists(stale));
        QCOMPARE(agent->status().fleetProblem, QString());
        QCOMPARE(agent->status().fleetUserProblems, QStringList());
        QCOMPARE(userEvents(QStringLiteral("user1"), QStringLiteral("alice")), 5);
        QCOMPARE(userEvents(QStringLiteral("user1")), 5); // nothing of bob's
        // The host is the publisher's, whatever the log says (the fixture's host.test).
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'user1' AND channel = 'User'"
                                      " AND data->>'host' = 'user1'")),
                 5);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'user1' AND channel = 'User'"
                                      " AND log_identity LIKE 'uid4001-%' AND event_id = 1004")),
                 2);
        QCOMPARE(systemCertificates(QStringLiteral("user1")), 1);
        const QString cursor = Paths::stateDir(Scope::System) + QStringLiteral("/fleet-user-cursors/4001.json");
        QCOMPARE(fileMode(cursor), 0600);

        // Again with nothing new, and once more after the writer is gone: stored once.
        passAndPublish(*agent, "again");
        writer.reset(); // its WAL is checkpointed into the log
        passAndPublish(*agent, "and again");
        QCOMPARE(userEvents(QStringLiteral("user1")), 5);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT record_id) FROM certlife.events WHERE host = 'user1'"
                                      " AND channel = 'User'")),
                 5);
        QCoro::waitFor(agent->stop());
    }

    // Bob never opted in, and his log is a FIFO: had it been opened, the agent would hang
    // or say so. Nor is a home that is not its account's read (a service account's, /),
    // even with an opt-in and a log in it.
    void anAccountThatDidNotOptInIsNotRead()
    {
        const TestEnvironment env;
        const FleetAccount bob = account(env, QStringLiteral("bob"), 4002);
        const FleetAccount dan = account(env, QStringLiteral("dan"), 4004); // no policy.conf at all
        const FleetAccount service = account(env, QStringLiteral("service"), 4005);
        QVERIFY(prepare(service, true, 2));
        QVERIFY(chownTree(service.home, 0));
        QVERIFY(prepare(bob, false, 0));
        for (const FleetAccount& a : {bob, dan}) {
            QVERIFY(QDir().mkpath(a.home + QStringLiteral("/.local/state/certlife")));
            QCOMPARE(::mkfifo(QFile::encodeName(a.home + QLatin1Char('/') + kLog).constData(), 0600), 0);
            QVERIFY(chownTree(a.home, a.uid));
        }
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user2"), {bob, dan, service});
        QVERIFY(agent);
        passAndPublish(*agent, "first");
        QCOMPARE(agent->status().fleetProblem, QString());
        QCOMPARE(agent->status().fleetUserProblems, QStringList());
        QCOMPARE(userEvents(QStringLiteral("user2")), 0);
        QCOMPARE(systemCertificates(QStringLiteral("user2")), 1);
        QVERIFY(!QFile::exists(Paths::stateDir(Scope::System) + QStringLiteral("/fleet-user-cursors/4002.json")));
        QCoro::waitFor(agent->stop());
    }

    void refusedFilesAreOneLineAndTheOthersPublish_data()
    {
        QTest::addColumn<QString>("plant");   // what alice's home holds instead of a plain log
        QTest::addColumn<QString>("problem"); // the start of her line after "alice: "
        QTest::newRow("symlinked log") << QStringLiteral("symlinked log")
                                       << QStringLiteral("%1/.local/state/certlife/events.sqlite is a symbolic link");
        QTest::newRow("symlinked directory")
            << QStringLiteral("symlinked directory") << QStringLiteral("%1/.local/state is a symbolic link");
        QTest::newRow("another uid's log") << QStringLiteral("another uid's log")
                                           << QStringLiteral("%1/.local/state/certlife/events.sqlite belongs to uid "
                                                             "4999, not to alice (uid 4001)");
        QTest::newRow("hard link to another's log")
            << QStringLiteral("hard link")
            << QStringLiteral("%1/.local/state/certlife/events.sqlite belongs to uid 4003");
        QTest::newRow("FIFO") << QStringLiteral("FIFO")
                              << QStringLiteral("%1/.local/state/certlife/events.sqlite is a FIFO, not a regular file");
        QTest::newRow("symlinked policy") << QStringLiteral("symlinked policy")
                                          << QStringLiteral("its policy is not read (%1/.config is a symbolic link");
        QTest::newRow("not a database") << QStringLiteral("garbage") << QStringLiteral("its event log ");
        QTest::newRow("a view of its own")
            << QStringLiteral("view") << QStringLiteral("its event log holds view hostile, which no Certlife log has");
        // ATTACK: the object's name is the user's, newline and all, and goes into the line.
        QTest::newRow("a view named with a newline")
            << QStringLiteral("view with a newline") << QStringLiteral("its event log holds view hostile");
        QTest::newRow("an older schema") << QStringLiteral("older")
                                         << QStringLiteral("its event log is at schema version 2, this agent reads %2")
                                                .arg(eventlog::kSchemaVersion);
        QTest::newRow("too large") << QStringLiteral("too large")
                                   << QStringLiteral("%1/.local/state/certlife/events.sqlite is larger than 1 MiB");
    }

    void refusedFilesAreOneLineAndTheOthersPublish()
    {
        QFETCH(QString, plant);
        QFETCH(QString, problem);
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        const FleetAccount carol = account(env, QStringLiteral("carol"), 4003);
        QVERIFY(prepare(alice, true, 0));
        QVERIFY(prepare(carol, true, 2));
        const QString log = alice.home + QLatin1Char('/') + kLog;
        const QString elsewhere = env.path(QStringLiteral("elsewhere"));
        QVERIFY(appendEvents(elsewhere + QStringLiteral("/certlife/events.sqlite"), 3));
        QVERIFY(chownTree(elsewhere, alice.uid)); // hers, but reached through a link
        QVERIFY(QDir().mkpath(alice.home + QStringLiteral("/.local/state/certlife")));
        if (plant == QLatin1String("symlinked log")) {
            QVERIFY(QFile::link(elsewhere + QStringLiteral("/certlife/events.sqlite"), log));
        } else if (plant == QLatin1String("symlinked directory")) {
            QVERIFY(QDir(alice.home + QStringLiteral("/.local/state")).removeRecursively());
            QVERIFY(QFile::link(elsewhere, alice.home + QStringLiteral("/.local/state")));
        } else if (plant == QLatin1String("another uid's log")) {
            QVERIFY(appendEvents(log, 3));
        } else if (plant == QLatin1String("FIFO")) {
            QCOMPARE(::mkfifo(QFile::encodeName(log).constData(), 0600), 0);
        } else if (plant == QLatin1String("symlinked policy")) {
            QVERIFY(appendEvents(log, 3));
            QVERIFY(
                QDir().rename(alice.home + QStringLiteral("/.config"), alice.home + QStringLiteral("/.config-real")));
            QVERIFY(QFile::link(alice.home + QStringLiteral("/.config-real"), alice.home + QStringLiteral("/.config")));
        } else if (plant == QLatin1String("garbage")) {
            QVERIFY(writeFile(log, QByteArray(8192, 'x')));
        } else if (plant == QLatin1String("view")) {
            QVERIFY(appendEvents(log, 3));
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plant"));
            db.setDatabaseName(log);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE VIEW hostile AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                                          " SELECT i + 1 FROM n) SELECT i FROM n")));
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("plant"));
        } else if (plant == QLatin1String("view with a newline")) {
            QVERIFY(appendEvents(log, 3));
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plant"));
            db.setDatabaseName(log);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(
                QStringLiteral("CREATE VIEW \"hostile\ncarol: its event log is at schema version 1\" AS SELECT 1")));
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("plant"));
        } else if (plant == QLatin1String("older")) { // as an older Certlife left it (its objects may differ)
            QVERIFY(appendEvents(log, 3));
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plant"));
            db.setDatabaseName(log);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 2")));
            QVERIFY(q.exec(QStringLiteral("CREATE INDEX gone_since ON events (record_id)")));
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("plant"));
        } else if (plant == QLatin1String("too large")) {
            QVERIFY(appendEvents(log, 3));
            QFile file(log);
            QVERIFY(file.open(QIODevice::ReadWrite) && file.resize(2 * 1024 * 1024));
        }
        QVERIFY(chownTree(alice.home, alice.uid));
        if (plant == QLatin1String("another uid's log"))
            QCOMPARE(::chown(QFile::encodeName(log).constData(), 4999, 4999), 0);
        if (plant == QLatin1String("hard link")) // carol's own log, linked into alice's state directory
            QCOMPARE(::link(QFile::encodeName(carol.home + QLatin1Char('/') + kLog).constData(),
                            QFile::encodeName(log).constData()),
                     0);

        { // every case starts with nothing of user3's in the database
            const std::unique_ptr<FleetConnection> connection = admin();
            QVERIFY(connection);
            QCOMPARE(refusalOf(*connection, QStringLiteral("DELETE FROM certlife.events WHERE host = 'user3'")),
                     QString());
        }
        FleetUserLogLimits limits;
        limits.maxLogBytes = 1024 * 1024;
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user3"), {alice, carol}, limits);
        QVERIFY(agent);
        passAndPublish(*agent, "first");
        QCOMPARE(agent->status().fleetProblem, QString());
        const QStringList lines = agent->status().fleetUserProblems;
        QCOMPARE(lines.size(), 1);
        const QString expected = QStringLiteral("alice: ") + QString(problem).replace(QStringLiteral("%1"), alice.home);
        QVERIFY2(lines.first().startsWith(expected), qPrintable(lines.first() + QStringLiteral("\n") + expected));
        QVERIFY(!lines.first().contains(u'\n'));
        std::optional<AgentStatus> written = AgentStatus::load(Scope::System);
        QVERIFY(written);
        QCOMPARE(written->fleetUserProblems, lines);
        QCOMPARE(userEvents(QStringLiteral("user3"), QStringLiteral("alice")), 0);
        QCOMPARE(userEvents(QStringLiteral("user3"), QStringLiteral("carol")), 2);
        QCOMPARE(systemCertificates(QStringLiteral("user3")), 1);
        QCoro::waitFor(agent->stop());
    }

    // Bob's log is a copy of alice's: the same log identity and record ids. Both arrive,
    // each under its own uid, and the cap of 2 per account and publish carries on.
    void logsWithTheSameRecordIdsBothArrive()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        const FleetAccount bob = account(env, QStringLiteral("bob"), 4002);
        QVERIFY(prepare(alice, true, 5));
        QVERIFY(prepare(bob, true, 0));
        QVERIFY(QDir().mkpath(bob.home + QStringLiteral("/.local/state/certlife")));
        QVERIFY(QFile::copy(alice.home + QLatin1Char('/') + kLog, bob.home + QLatin1Char('/') + kLog));
        QVERIFY(chownTree(bob.home, bob.uid));
        FleetUserLogLimits limits;
        limits.eventsPerPublish = 2;
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user4"), {alice, bob}, limits);
        QVERIFY(agent);
        for (const int expected : {2, 4, 5, 5}) {
            passAndPublish(*agent, "a publish");
            QCOMPARE(agent->status().fleetUserProblems, QStringList());
            QCOMPARE(userEvents(QStringLiteral("user4"), QStringLiteral("alice")), expected);
            QCOMPARE(userEvents(QStringLiteral("user4"), QStringLiteral("bob")), expected);
        }
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT log_identity) FROM certlife.events WHERE host = 'user4'"
                                      " AND channel = 'User'")),
                 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'user4' AND channel = 'User'"
                                      " AND record_id = 1")),
                 2);
        QCoro::waitFor(agent->stop());
    }

    void anOutageKeepsEveryAccountsCursor()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        const FleetAccount bob = account(env, QStringLiteral("bob"), 4002);
        QVERIFY(prepare(alice, true, 2));
        QVERIFY(prepare(bob, true, 1));
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user5"), {alice, bob});
        QVERIFY(agent);
        passAndPublish(*agent, "baseline");
        QCOMPARE(userEvents(QStringLiteral("user5")), 3);
        const QString cursors = Paths::stateDir(Scope::System) + QStringLiteral("/fleet-user-cursors/");
        QString warning;
        const FleetCursor aliceBefore = loadFleetCursor(cursors + QStringLiteral("4001.json"), &warning);
        const FleetCursor bobBefore = loadFleetCursor(cursors + QStringLiteral("4002.json"), &warning);
        QCOMPARE(aliceBefore.lastRecordId, 2);
        QCOMPARE(bobBefore.lastRecordId, 1);

        QString error;
        QVERIFY2(m_cluster.stop(&error), qPrintable(error));
        for (int round = 0; round < 2; ++round) {
            QVERIFY(appendAs(alice, 2, 10 + 2 * round));
            QVERIFY(appendAs(bob, 1, 20 + round));
            passAndPublish(*agent, "during the outage");
            QVERIFY2(agent->status().fleetProblem.startsWith(QStringLiteral("cannot connect to the fleet database: ")),
                     qPrintable(agent->status().fleetProblem));
            QCOMPARE(loadFleetCursor(cursors + QStringLiteral("4001.json"), &warning), aliceBefore);
            QCOMPARE(loadFleetCursor(cursors + QStringLiteral("4002.json"), &warning), bobBefore);
        }
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        passAndPublish(*agent, "back");
        QCOMPARE(agent->status().fleetProblem, QString());
        QCOMPARE(userEvents(QStringLiteral("user5"), QStringLiteral("alice")), 6);
        QCOMPARE(userEvents(QStringLiteral("user5"), QStringLiteral("bob")), 3);
        QCOMPARE(loadFleetCursor(cursors + QStringLiteral("4001.json"), &warning).lastRecordId, 6);
        passAndPublish(*agent, "again");
        QCOMPARE(userEvents(QStringLiteral("user5")), 9);
        QCoro::waitFor(agent->stop());
    }

    // A log the last publish read to its end, the same file with the same size and
    // modification time, is not read again; touched, it is.
    void anUnchangedLogIsNotReadAgain()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        QVERIFY(prepare(alice, true, 2));
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user7"), {alice});
        QVERIFY(agent);
        passAndPublish(*agent, "first");
        QCOMPARE(userEvents(QStringLiteral("user7")), 2);
        const QByteArray path = QFile::encodeName(alice.home + QLatin1Char('/') + kLog);
        struct stat before
        {};
        QCOMPARE(::stat(path.constData(), &before), 0);
        { // other bytes, had they been read: not a database
            QFile file(QFile::decodeName(path));
            QVERIFY(file.open(QIODevice::ReadWrite));
            QCOMPARE(file.write(QByteArray(qsizetype(before.st_size), 'x')), qint64(before.st_size));
        }
        const struct timespec times[2] = {before.st_atim, before.st_mtim};
        QCOMPARE(::utimensat(AT_FDCWD, path.constData(), times, 0), 0);
        passAndPublish(*agent, "unchanged");
        QCOMPARE(agent->status().fleetUserProblems, QStringList());
        QCOMPARE(::utimensat(AT_FDCWD, path.constData(), nullptr, 0), 0); // now
        passAndPublish(*agent, "touched");
        const QStringList lines = agent->status().fleetUserProblems;
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().startsWith(QStringLiteral("alice: its event log ")), qPrintable(lines.first()));
        QCOMPARE(userEvents(QStringLiteral("user7")), 2);
        QCoro::waitFor(agent->stop());
    }

    // The task runs of alice's agent are in her log too: each arrives in the User channel
    // under her log's identity, and again when its state changed.
    void anAccountsTaskRunsArriveAndFollowTheirState()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        QVERIFY(prepare(alice, true, 2));
        const QString log = alice.home + QLatin1Char('/') + kLog;
        QVERIFY(chownTree(alice.home, 0));
        qint64 runId = 0;
        {
            EventLog events(log, Scope::User);
            QVERIFY(events.open());
            const std::optional<LifecycleEvent> event = events.event(1);
            QVERIFY(event);
            TaskRunLog runs(log);
            QString error;
            QVERIFY2(runs.open(&error), qPrintable(error));
            QCOMPARE(runs.claim(QStringLiteral("notify-alice"), *event, 1, fixtureTime(100), QStringLiteral("agent"),
                                &runId, &error),
                     TaskRunLog::Claim::Claimed);
        }
        QVERIFY(chownTree(alice.home, alice.uid));
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user12"), {alice});
        QVERIFY(agent);
        passAndPublish(*agent, "first");
        QCOMPARE(agent->status().fleetUserProblems, QStringList());
        const auto runState = [this] {
            return count(QStringLiteral("SELECT count(*) FROM certlife.task_runs WHERE host = 'user12' AND channel = "
                                        "'User' AND log_identity LIKE 'uid4001-%' AND task = 'notify-alice'"
                                        " AND state = 'queued'"))
                + 10
                * count(QStringLiteral("SELECT count(*) FROM certlife.task_runs WHERE host = 'user12' AND channel = "
                                       "'User' AND task = 'notify-alice' AND state = 'succeeded'"));
        };
        QCOMPARE(runState(), 1);
        QCOMPARE(userEvents(QStringLiteral("user12"), QStringLiteral("alice")), 2);

        QVERIFY(chownTree(alice.home, 0));
        {
            TaskRunLog runs(log);
            QString error;
            QVERIFY(runs.open(&error));
            QVERIFY(runs.markRunning(runId, fixtureTime(110), QStringLiteral("abc"), &error));
            std::optional<TaskRun> run = runs.run(runId);
            QVERIFY(run);
            run->state = TaskRunState::Succeeded;
            run->endedAt = fixtureTime(120);
            run->exitCode = 0;
            QVERIFY2(runs.finish(*run, &error), qPrintable(error));
        }
        QVERIFY(chownTree(alice.home, alice.uid));
        passAndPublish(*agent, "ended");
        QCOMPARE(runState(), 10); // the same run, now ended: one row
        QCOMPARE(userEvents(QStringLiteral("user12"), QStringLiteral("alice")), 2);
        QCoro::waitFor(agent->stop());
    }

    // The machine policy's [Enforced] FleetPublishUserEvents=false wins over an account's
    // opt-in, and nothing of the account is read.
    void theMachinePolicyMayForbidIt()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        QVERIFY(prepare(alice, true, 2));
        const std::unique_ptr<Agent> agent =
            startAgent(QStringLiteral("user6"), {alice}, {}, "[Enforced]\nFleetPublishUserEvents=false\n");
        QVERIFY(agent);
        passAndPublish(*agent, "first");
        QCOMPARE(agent->status().fleetProblem, QString());
        QCOMPARE(userEvents(QStringLiteral("user6")), 0);
        QCoro::waitFor(agent->stop());
    }
};

QTEST_GUILESS_MAIN(TestFleetUserChannels)
#include "TestFleetUserChannels.moc"
