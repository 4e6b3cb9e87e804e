// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The agent as the console sees it: what the service manager says of its unit, joined
// with the agent-status.json of a living agent (never of a dead or stopped one), and the
// sentences the status bar and the Overview show of both.
#include "TestEnvironment.h"
#include "agent/AgentStatus.h"

#include <QCoreApplication>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

const QDateTime kLastPass(QDate(2026, 3, 1), QTime(11, 58, 3), Qt::UTC);

const AgentService kUnitRunning{AgentService::State::Running,
                                QStringLiteral("certlife-agent.service: active (running)")};
const AgentService kUnitStopped{AgentService::State::Stopped,
                                QStringLiteral("certlife-agent.service: inactive (dead)")};

// What an idle agent of this process wrote after a pass that found one unreadable file
// and had a task run fail.
AgentStatus writtenAfterAPass(Scope scope)
{
    AgentStatus written;
    written.scope = scope;
    written.pid = QCoreApplication::applicationPid(); // a live process: the agent runs
    written.state = QStringLiteral("idle");
    written.lastPassAt = kLastPass;
    written.lastPassMilliseconds = 4210;
    written.stores = 6;
    written.certificates = 77;
    written.problems = 1;
    written.eventsWritten = 12;
    written.nextPassAt = kLastPass.addSecs(3600);
    written.taskRuns.succeeded = 2;
    written.taskRuns.failed = 1;
    written.taskRuns.queued = 4;
    return written;
}

} // namespace

class TestAgentStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_env = std::make_unique<TestEnvironment>(); }
    void cleanup() { m_env.reset(); }

    void withoutAFileOnlyTheUnitIsKnown();
    void aLivingAgentsFileIsShownSentenceBySentence();
    void anErrorAndSkippedPassesAreSaid();
    void aStoppedAgentsFileIsNotBelieved();
    void anAgentRunningOutsideItsUnitIsRunning();

private:
    std::unique_ptr<TestEnvironment> m_env;
};

void TestAgentStatus::withoutAFileOnlyTheUnitIsKnown()
{
    const AgentStatus status = AgentStatus::observe(Scope::User, kUnitStopped);
    QCOMPARE(status.scope, Scope::User);
    QVERIFY(!status.reported);
    QCOMPARE(status.service, kUnitStopped);
    QCOMPARE(status.summaryText(), QStringLiteral("not running"));
    QCOMPARE(status.reportText(), QStringLiteral("not running — certlife-agent.service: inactive (dead)"));

    const AgentService failed{AgentService::State::Failed, QString()};
    QCOMPARE(AgentStatus::observe(Scope::System, failed).reportText(), QStringLiteral("failed"));
    QCOMPARE(AgentStatus::observe(Scope::System, AgentService()).summaryText(), QStringLiteral("unknown"));
}

void TestAgentStatus::aLivingAgentsFileIsShownSentenceBySentence()
{
    QVERIFY(writtenAfterAPass(Scope::System).save());
    const AgentStatus status = AgentStatus::observe(Scope::System, kUnitRunning);
    QVERIFY(status.reported);
    QCOMPARE(status.certificates, 77);
    QCOMPARE(status.service, kUnitRunning);
    QCOMPARE(status.summaryText(), QStringLiteral("running, last pass 2026-03-01 11:58 UTC, 1 task run failed"));
    QCOMPARE(status.reportText(),
             QStringLiteral("running — certlife-agent.service: active (running)\n"
                            "Last pass 2026-03-01 11:58:03 UTC, 4.2 s: 6 stores, 77 certificates, 1 unreadable file.\n"
                            "Task runs since it started: 3 started (2 succeeded, 1 failed), 4 queued, 0 refused; "
                            "12 events written.\n"
                            "Next full rescan 2026-03-01 12:58 UTC."));
    // The other scope's agent wrote nothing.
    QVERIFY(!AgentStatus::observe(Scope::User, kUnitRunning).reported);
}

void TestAgentStatus::anErrorAndSkippedPassesAreSaid()
{
    AgentStatus written = writtenAfterAPass(Scope::User);
    written.stores = 1;
    written.certificates = 1;
    written.problems = 0;
    written.eventsWritten = 1;
    written.taskRuns = {};
    written.lastError = QStringLiteral("cannot write the event log: disk full");
    written.passesSkipped = 2;
    written.skippedSince = kLastPass.addSecs(60);
    written.skipReason = QStringLiteral("the snapshot is locked by certlifectl import, pid 4242");
    QVERIFY(written.save());
    const AgentStatus status = AgentStatus::observe(Scope::User, kUnitRunning);
    QCOMPARE(status.summaryText(),
             QStringLiteral("running, last pass 2026-03-01 11:58 UTC with an error (2 passes skipped since "
                            "2026-03-01 11:59:03 UTC: the snapshot is locked by certlifectl import, pid 4242)"));
    const QStringList lines = status.reportText().split(QLatin1Char('\n'));
    QCOMPARE(lines.value(1),
             QStringLiteral("Last pass 2026-03-01 11:58:03 UTC, 4.2 s: 1 store, 1 certificate, 0 unreadable files."));
    QCOMPARE(lines.value(2), QStringLiteral("Error: cannot write the event log: disk full"));
    QCOMPARE(lines.value(3),
             QStringLiteral("2 passes skipped since 2026-03-01 11:59:03 UTC: the snapshot is locked by "
                            "certlifectl import, pid 4242."));
    QCOMPARE(lines.value(4),
             QStringLiteral("Task runs since it started: 0 started, 0 queued, 0 refused; 1 event written."));

    // Before its first pass has ended.
    written.lastPassAt = QDateTime();
    written.state = QStringLiteral("scanning");
    QVERIFY(written.save());
    QCOMPARE(AgentStatus::observe(Scope::User, kUnitRunning).reportText().split(QLatin1Char('\n')).value(1),
             QStringLiteral("No pass has ended yet (scanning)."));
}

void TestAgentStatus::aStoppedAgentsFileIsNotBelieved()
{
    // The file an agent leaves when it stops (or one of a pid that is gone) says nothing
    // about now: only the unit is shown.
    AgentStatus written = writtenAfterAPass(Scope::User);
    written.state = QStringLiteral("stopped");
    QVERIFY(written.save());
    const AgentStatus status = AgentStatus::observe(Scope::User, kUnitStopped);
    QVERIFY(!status.reported);
    QCOMPARE(status.summaryText(), QStringLiteral("not running"));
    QVERIFY(!status.reportText().contains(QStringLiteral("Last pass")));
}

void TestAgentStatus::anAgentRunningOutsideItsUnitIsRunning()
{
    // `certlifectl watch` started by hand: the unit is inactive, the agent runs.
    QVERIFY(writtenAfterAPass(Scope::User).save());
    const AgentStatus status = AgentStatus::observe(Scope::User, kUnitStopped);
    QVERIFY(status.reported);
    QVERIFY2(status.summaryText().startsWith(QStringLiteral("running, last pass")), qPrintable(status.summaryText()));
    QCOMPARE(status.reportText().split(QLatin1Char('\n')).first(),
             QStringLiteral("running as pid %1, not under its service unit — certlife-agent.service: inactive (dead)")
                 .arg(QCoreApplication::applicationPid()));
}

QTEST_GUILESS_MAIN(TestAgentStatus)
#include "TestAgentStatus.moc"
