// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventFixtures.h"
#include "TestEnvironment.h"
#include "eventlog/EventLogSet.h"
#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The one place that opens both channels' event logs (the console's event source,
// `certlifectl events`, `report`, `metrics` and the actions): a reader on a fresh machine
// sees no events and no error, a damaged log is named and the other channel still reads,
// and an action's writer creates the log it must record into.
class TestEventLogSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readingAFreshMachineIsQuietAndCreatesNothing();
    void aDamagedLogIsNamedAndTheOtherChannelStillReads();
    void writingCreatesTheLogsAtTheDefaultPaths();
};

void TestEventLogSet::readingAFreshMachineIsQuietAndCreatesNothing()
{
    TestEnvironment env;
    EventLogSet logs;
    QVERIFY(logs.open({Scope::System, Scope::User}, EventLogSet::Access::Read));
    QVERIFY(logs.errors().isEmpty());
    QVERIFY(logs.logs().isEmpty());
    QVERIFY(!logs.log(Scope::User));
    QVERIFY(!QFileInfo::exists(Paths::eventLogFile(Scope::User)));
    QVERIFY(!QFileInfo::exists(Paths::eventLogFile(Scope::System)));
}

void TestEventLogSet::aDamagedLogIsNamedAndTheOtherChannelStillReads()
{
    TestEnvironment env;
    const QString systemPath = env.path(QStringLiteral("system-events.sqlite"));
    const QString userPath = env.path(QStringLiteral("user-events.sqlite"));
    {
        EventLog user(userPath, Scope::User);
        QString error;
        QVERIFY2(user.open(&error), qPrintable(error));
        QList<LifecycleEvent> events{fixtureEvent(EventId::Archived, 1, QStringLiteral("My"), fixtureTime())};
        QVERIFY2(user.append(events, &error), qPrintable(error));
    }
    QFile damaged(systemPath);
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write("this is not an SQLite database, it only has its name");
    damaged.close();

    EventLogSet logs(systemPath, userPath);
    QVERIFY(!logs.open({Scope::System, Scope::User}, EventLogSet::Access::Read));
    QCOMPARE(logs.errors().size(), 1);
    QVERIFY2(logs.errors().constFirst().contains(systemPath), qPrintable(logs.errors().constFirst()));
    QVERIFY(!logs.log(Scope::System));
    QCOMPARE(logs.logs().size(), 1);
    EventQuery everything;
    everything.limit = 10;
    QCOMPARE(logs.log(Scope::User)->query(everything).size(), 1);
    QVERIFY(logs.queryErrors().isEmpty());

    // Opening again keeps the open channel and retries nothing that is open.
    QVERIFY(logs.open({Scope::User}, EventLogSet::Access::Read));
    QCOMPARE(logs.logs().size(), 1);
}

void TestEventLogSet::writingCreatesTheLogsAtTheDefaultPaths()
{
    TestEnvironment env;
    EventLogSet logs;
    QCOMPARE(logs.path(Scope::User), Paths::eventLogFile(Scope::User));
    QVERIFY2(logs.open({Scope::User}, EventLogSet::Access::Write), qPrintable(logs.errors().join(QLatin1Char('\n'))));
    QVERIFY(logs.log(Scope::User));
    QVERIFY(!logs.log(Scope::System)); // not asked for
    QString error;
    QList<LifecycleEvent> events{fixtureEvent(EventId::Deleted, 2, QStringLiteral("My"), fixtureTime())};
    QVERIFY2(logs.log(Scope::User)->append(events, &error), qPrintable(error));
    QVERIFY(QFileInfo::exists(Paths::eventLogFile(Scope::User)));
}

QTEST_GUILESS_MAIN(TestEventLogSet)
#include "TestEventLogSet.moc"
