// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the User channels' tests share (TestFleetUserChannels, TestFleetUserChannelAttacks):
// a private PostgreSQL 15 cluster with a fleet database and hosts user1 … user12, fake
// homes in temporary directories with uids no one has (the tests run as root), and a
// system agent that publishes them.
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
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife::test {

using namespace certlife::fleet; // the fleet's test support and schema calls

inline const QString kLog = QStringLiteral(".local/state/certlife/events.sqlite");
inline const QString kPolicy = QStringLiteral(".config/certlife/policy.conf");

// Gives HOME and everything under it to UID, links included (lchown: not their targets).
inline bool chownTree(const QString& home, uint uid)
{
    bool ok = ::lchown(QFile::encodeName(home).constData(), uid, uid) == 0;
    QDirIterator it(home, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        ok = ::lchown(QFile::encodeName(it.next()).constData(), uid, uid) == 0 && ok;
    return ok;
}

// N events (certificates FIRST …) appended to the User log at PATH, as root.
inline bool appendEvents(const QString& path, int n, int first = 1)
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

inline AgentOptions systemAgent(QList<FleetAccount> accounts, FleetUserLogLimits limits = {})
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

class FleetUserChannelsFixture
{
protected:
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

    // Starts the cluster and makes the fleet: call from initTestCase().
    void startFleet()
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

    // After each test: the host name unset, the cluster running again if a test stopped it.
    void afterEachTest()
    {
        qunsetenv("CERTLIFE_HOSTNAME");
        QString error;
        if (!m_cluster.isRunning())
            QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    // Replaces the events table's message column in the SQLite file LOG with a computed
    // one: EXPRESSION, evaluated by whoever reads a row (what a user can do to their own log).
    static bool plantComputedMessage(const QString& log, const QString& expression)
    {
        const QString connection = QStringLiteral("plant");
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(log);
            QSqlQuery q(db);
            ok = db.open() && q.exec(QStringLiteral("PRAGMA writable_schema = ON"))
                && q.exec(QStringLiteral("UPDATE sqlite_schema SET sql = replace(sql, 'message TEXT NOT NULL', "
                                         "'message TEXT GENERATED ALWAYS AS (%1) VIRTUAL') WHERE name = 'events'")
                              .arg(QString(expression).replace(QLatin1Char('\''), QLatin1String("''"))))
                && q.numRowsAffected() == 1;
            if (!ok)
                qWarning("cannot plant the column: %s", qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(connection);
        return ok;
    }
};

} // namespace certlife::test
