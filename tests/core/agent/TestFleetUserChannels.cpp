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
#include "../eventlog/EventFixtures.h"
#include "CertFactory.h"
#include "FleetTestSupport.h"
#include "PostgresCluster.h"
#include "TestEnvironment.h"
#include "agent/Agent.h"
#include "eventlog/EventLog.h"
#include "eventlog/EventLogSchema.h"
#include "fleet/FleetCursor.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetSchema.h"
#include "tasks/TaskRunLog.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <atomic>
#include <fcntl.h>
#include <sys/inotify.h>
#include <thread>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

namespace {

const QString kLog = QStringLiteral(".local/state/certlife/events.sqlite");
const QString kPolicy = QStringLiteral(".config/certlife/policy.conf");

// Gives HOME and everything under it to UID, links included (lchown: not their targets).
bool chownTree(const QString& home, uint uid)
{
    bool ok = ::lchown(QFile::encodeName(home).constData(), uid, uid) == 0;
    QDirIterator it(home, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        ok = ::lchown(QFile::encodeName(it.next()).constData(), uid, uid) == 0 && ok;
    return ok;
}

// N events (certificates FIRST …) appended to the User log at PATH, as root.
bool appendEvents(const QString& path, int n, int first = 1)
{
    EventLog log(path, Scope::User);
    QString error;
    if (!log.open(&error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    QList<LifecycleEvent> events;
    for (int i = 0; i < n; ++i)
        events << fixtureEvent(EventId::New, first + i, QStringLiteral("My"), fixtureTime(60 * (first + i)));
    return log.append(events, &error) || (qWarning("%s", qPrintable(error)), false);
}

AgentOptions systemAgent(QList<FleetAccount> accounts, FleetUserLogLimits limits = {})
{
    AgentOptions o;
    o.scope = Scope::System;
    o.journald = false;
    o.runTasks = false;
    o.watchFiles = false;
    o.clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
    o.fleetAccounts = [accounts] { return accounts; };
    o.fleetUserLogLimits = limits;
    return o;
}

} // namespace

class TestFleetUserChannels : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    QTemporaryDir m_files;
    QHash<QString, QString> m_passwordFiles; // host -> its role's password file

    std::unique_ptr<FleetConnection> admin() { return connectTo(m_cluster, QStringLiteral("fleet")); }

    qint64 count(const QString& sql)
    {
        const std::unique_ptr<FleetConnection> connection = admin();
        return connection ? scalar(*connection, sql).toLongLong() : -1;
    }

    // An account with a home in ENV (nothing in it yet but the home, owned by UID).
    static FleetAccount account(const TestEnvironment& env, const QString& name, uint uid)
    {
        const QString home = env.path(QStringLiteral("home/") + name);
        QDir().mkpath(home);
        chownTree(home, uid);
        return {name, uid, home};
    }

    // The account's own policy says PUBLISH; its log holds N events (records 1 … N).
    static bool prepare(const FleetAccount& a, bool publish, int n)
    {
        QDir().mkpath(a.home + QStringLiteral("/.config/certlife"));
        return writeFile(a.home + QLatin1Char('/') + kPolicy,
                         publish ? "[Policy]\nFleetPublishUserEvents=true\n"
                                 : "[Policy]\nFleetPublishUserEvents=false\n")
            && (n == 0 || appendEvents(a.home + QLatin1Char('/') + kLog, n)) && chownTree(a.home, a.uid);
    }

    // More events in an account's log, written as root and given back to the account.
    static bool appendAs(const FleetAccount& a, int n, int first)
    {
        return chownTree(a.home, 0) && appendEvents(a.home + QLatin1Char('/') + kLog, n, first)
            && chownTree(a.home, a.uid);
    }

    std::unique_ptr<Agent> startAgent(const QString& host, const QList<FleetAccount>& accounts,
                                      FleetUserLogLimits limits = {}, const QByteArray& machinePolicy = {})
    {
        qputenv("CERTLIFE_HOSTNAME", host.toUtf8());
        CertSpec spec;
        spec.cn = QStringLiteral("a.example");
        QDir().mkpath(Paths::defaultMyStore(Scope::System));
        if (!writeFile(
                Paths::policyFile(Scope::System),
                QStringLiteral("[Policy]\nFleetDatabase=%1\nFleetPasswordFile=%2\n")
                        .arg(m_cluster.uri(QStringLiteral("fleet"), defaultHostRole(host)), m_passwordFiles.value(host))
                        .toUtf8()
                    + machinePolicy)
            || !writeFile(Paths::defaultMyStore(Scope::System) + QStringLiteral("/a.pem"), makeCertificate(spec).pem()))
            return nullptr;
        auto agent = std::make_unique<Agent>(systemAgent(accounts, limits));
        QString error;
        if (!agent->start(&error)) {
            qWarning("the agent does not start: %s", qPrintable(error));
            return nullptr;
        }
        return agent;
    }

    static void passAndPublish(Agent& agent, const char* reason)
    {
        QCoro::waitFor(agent.runPass(QString::fromLatin1(reason)));
        QCoro::waitFor(agent.finishPublishing());
    }

    qint64 userEvents(const QString& host, const QString& account = {})
    {
        return count(
            QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = '%1' AND channel = 'User'%2")
                .arg(host,
                     account.isEmpty() ? QString() : QStringLiteral(" AND data->>'account' = '%1'").arg(account)));
    }

    // The System channel's inventory (a.pem) as the agent published it.
    qint64 systemCertificates(const QString& host)
    {
        return count(
            QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = '%1' AND channel = 'System'")
                .arg(host));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("fleet"), &error), qPrintable(error));
        const std::unique_ptr<FleetConnection> connection = admin();
        QVERIFY(connection);
        QVERIFY2(migrate(connection->database(), &error), qPrintable(error));
        for (int i = 1; i <= 12; ++i) {
            const QString host = QStringLiteral("user%1").arg(i);
            const QString password = generatePassword();
            QVERIFY2(addHost(connection->database(), host, defaultHostRole(host), password, &error), qPrintable(error));
            const QString file = m_files.filePath(host + QStringLiteral(".password"));
            QVERIFY2(createPasswordFile(file, password, &error), qPrintable(error));
            m_passwordFiles.insert(host, file);
        }
    }

    void cleanup()
    {
        qunsetenv("CERTLIFE_HOSTNAME");
        QString error;
        if (!m_cluster.isRunning())
            QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

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

    // ATTACK: tables are compared by name only, so a table's own SQL is the user's. A
    // VIRTUAL generated column runs the user's expression as root each time a row is read:
    // here 1 MiB of message per row out of a log of a few KiB (with a per-row expression
    // on record_id, which the WHERE reads, a 1 MiB log holds 100,000 rows of 0.12 s each:
    // hours of the publish thread). Expected: refused like a view.
    void aGeneratedColumnIsRefused()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        QVERIFY(prepare(alice, true, 3));
        const QString log = alice.home + QLatin1Char('/') + kLog;
        QVERIFY(chownTree(alice.home, 0));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plant"));
            db.setDatabaseName(log);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA writable_schema = ON")));
            QVERIFY2(q.exec(QStringLiteral(
                         "UPDATE sqlite_schema SET sql = replace(sql, 'message TEXT NOT NULL', 'message TEXT"
                         " GENERATED ALWAYS AS (printf(''%.*c'', 1048576, ''x'')) VIRTUAL') WHERE name = 'events'")),
                     qPrintable(q.lastError().text()));
            QCOMPARE(q.numRowsAffected(), 1);
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("plant"));
        }
        QVERIFY(chownTree(alice.home, alice.uid));
        QVERIFY(QFileInfo(log).size() < 256 * 1024);
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user8"), {alice});
        QVERIFY(agent);
        passAndPublish(*agent, "first");
        // What root published: each message 1 MiB of the user's expression.
        const qint64 longest =
            count(QStringLiteral("SELECT coalesce(max(length(message)), 0) FROM certlife.events WHERE host = 'user8'"));
        qInfo("User events published: %lld, longest message %lld characters; lines: %s",
              userEvents(QStringLiteral("user8")), longest,
              qPrintable(agent->status().fleetUserProblems.join(QLatin1Char('|'))));
        QCOMPARE(userEvents(QStringLiteral("user8")), 0);
        QCOMPARE(agent->status().fleetUserProblems.size(), 1);
        QCoro::waitFor(agent->stop());
    }

    // ATTACK: the same with a per-row cost and a short result: root's publish thread spends
    // what the user's expression asks for each row (about 0.2 s here, 40 rows), out of a log
    // of a few dozen KiB; a 1 MiB log holds 100,000 such rows. Publishes are serialized, so
    // the System channel's next publish waits, and Agent::stop waits for it too.
    void aGeneratedColumnCannotHoldUpThePublish()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        QVERIFY(prepare(alice, true, 40));
        const QString log = alice.home + QLatin1Char('/') + kLog;
        QVERIFY(chownTree(alice.home, 0));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plant"));
            db.setDatabaseName(log);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA writable_schema = ON")));
            QVERIFY2(q.exec(QStringLiteral("UPDATE sqlite_schema SET sql = replace(sql, 'message TEXT NOT NULL',"
                                           " 'message TEXT GENERATED ALWAYS AS (substr(printf(''%.*c'', 100000000 +"
                                           " time_ms % 2, ''x''), 1, 8)) VIRTUAL') WHERE name = 'events'")),
                     qPrintable(q.lastError().text()));
            QCOMPARE(q.numRowsAffected(), 1);
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("plant"));
        }
        QVERIFY(chownTree(alice.home, alice.uid));
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user9"), {alice});
        QVERIFY(agent);
        QElapsedTimer timer;
        timer.start();
        passAndPublish(*agent, "first");
        const qint64 ms = timer.elapsed();
        qInfo("log of %lld bytes: pass and publish took %lld ms, %lld User events published", QFileInfo(log).size(), ms,
              userEvents(QStringLiteral("user9")));
        QVERIFY(ms < 3000);
        QCoro::waitFor(agent->stop());
    }

    // ATTACK: the type is checked by fstatat, then the name is opened: a file swapped in
    // between is opened as root before the fstat refuses it. A FIFO stands in for a device
    // (a hard link to one on the home's file system with fs.protected_hardlinks=0, e.g.
    // /dev/watchdog in a container's rootfs); inotify sees each open of it.
    void aFileSwappedAfterItsCheckIsNeverOpened()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        const QString dir = alice.home + QStringLiteral("/.local/state/certlife");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(writeFile(dir + QStringLiteral("/events.sqlite"), "plain"));
        const QByteArray fifo = QFile::encodeName(dir + QStringLiteral("/other"));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        QVERIFY(chownTree(alice.home, alice.uid));
        const int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        QVERIFY(watch >= 0);
        QVERIFY(::inotify_add_watch(watch, fifo.constData(), IN_OPEN) >= 0); // follows the inode
        const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(dirFd >= 0);
        std::atomic<bool> stop{false};
        std::thread swapper([&] { // the user, swapping the two names as fast as it can
            while (!stop)
                ::renameat2(dirFd, "events.sqlite", dirFd, "other", RENAME_EXCHANGE);
        });
        int opened = 0, refusedAsFifo = 0;
        for (int i = 0; i < 20000; ++i) {
            AccountFile file;
            QString why;
            if (openAccountFile(alice, kLog, 1024 * 1024, &file, &why) == AccountFileStatus::Opened)
                ++opened;
            else if (why.contains(QLatin1String("FIFO")))
                ++refusedAsFifo;
        }
        stop = true;
        swapper.join();
        ::close(dirFd);
        int fifoOpens = 0;
        alignas(struct inotify_event) char buffer[4096];
        for (ssize_t n; (n = ::read(watch, buffer, sizeof buffer)) > 0;)
            for (char* p = buffer; p < buffer + n; p += sizeof(struct inotify_event) + ((struct inotify_event*)p)->len)
                fifoOpens += (((struct inotify_event*)p)->mask & IN_OPEN) ? 1 : 0;
        ::close(watch);
        qInfo("opened %d, refused as a FIFO %d, FIFO opened by root %d times", opened, refusedAsFifo, fifoOpens);
        QVERIFY(refusedAsFifo > 0); // the swap raced the checks
        QCOMPARE(fifoOpens, 0);
    }

    // The machine policy's [Enforced] FleetPublishUserEvents=false wins over an account's
    // opt-in, and nothing of the account is read.
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
