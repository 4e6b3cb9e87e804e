// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The agent's locks after kills: a snapshot or agent lock file left by a killed process
// (empty, garbled, naming a dead pid) never blinds the agent; a live holder in another
// process blocks it, is named, and lets go when it is killed; skipped passes are said.
// The other process is this executable re-launched (LockHolder.h).
#include "CertFactory.h"
#include "LockHolder.h"
#include "TestEnvironment.h"
#include "agent/Agent.h"
#include "agent/AgentStatus.h"
#include "lifecycle/SnapshotFile.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

AgentOptions agentOptions(int lockWaitMilliseconds = 5000)
{
    AgentOptions o;
    o.scope = Scope::User;
    o.journald = false;
    o.runTasks = false;
    o.clock = std::make_shared<FixedClock>(kNow);
    o.snapshotLockWaitMilliseconds = lockWaitMilliseconds;
    return o;
}

QString store()
{
    return Paths::defaultMyStore(Scope::User);
}

bool addCertificate(const QString& cn)
{
    CertSpec spec; // valid 2026-01-01 … 2026-04-01: no expiry event at kNow
    spec.cn = cn;
    spec.dns = {cn};
    return writeFile(store() + QLatin1Char('/') + cn + QStringLiteral(".pem"), makeCertificate(spec).pem());
}

QString snapshotLockPath()
{
    return SnapshotFile(Scope::User).path() + QStringLiteral(".lock");
}

QString agentLockPath()
{
    return Paths::stateDir(Scope::User) + QStringLiteral("/agent.lock");
}

bool writeContent(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// The first pass: a silent baseline of the store (one certificate), and the state and
// snapshot directories the locks live in.
bool baseline()
{
    if (!QDir().mkpath(store()) || !addCertificate(QStringLiteral("base.example")))
        return false;
    Agent agent(agentOptions());
    QString error;
    if (!agent.start(&error))
        return false;
    const AgentPassSummary pass = QCoro::waitFor(agent.runPass(QStringLiteral("baseline")));
    QCoro::waitFor(agent.stop());
    return pass.errors.isEmpty() && pass.certificates == 1;
}

} // namespace

class TestAgentLocks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void leftoverLocksDoNotBlindTheAgent_data();
    void leftoverLocksDoNotBlindTheAgent();
    void passesSkippedWhileAnotherProcessHoldsTheSnapshotAreSaid();
    void secondAgentNamesTheLiveHolder();
};

void TestAgentLocks::leftoverLocksDoNotBlindTheAgent_data()
{
    QTest::addColumn<QByteArray>("leftover"); // "killed": a process killed right after creating and locking it
    QTest::newRow("killed while creating it") << QByteArray("killed");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("\x01\xff\x00garbage\n", 12);
    QTest::newRow("QLockFile of a dead process") << QByteArray::number(deadPid()) + "\ncertlifectl\nhost\n";
}

void TestAgentLocks::leftoverLocksDoNotBlindTheAgent()
{
    QFETCH(QByteArray, leftover);
    const TestEnvironment env;
    QVERIFY(baseline());
    for (const QString& path : {snapshotLockPath(), agentLockPath()}) {
        if (leftover == "killed") {
            LockHolder killed;
            QVERIFY(killed.dieBeforeRecord(path));
        } else {
            QVERIFY(writeContent(path, leftover));
        }
    }
    QVERIFY(addCertificate(QStringLiteral("new.example")));

    Agent agent(agentOptions());
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    const AgentPassSummary pass = QCoro::waitFor(agent.runPass(QStringLiteral("after the kill")));
    QCoro::waitFor(agent.stop());
    QVERIFY2(pass.errors.isEmpty(), qPrintable(pass.errors.join(u'\n')));
    QVERIFY(!pass.skipped);
    QCOMPARE(pass.events, 1); // new.example: the pass ran
    QCOMPARE(AgentStatus::load(Scope::User)->passesSkipped, 0);
}

void TestAgentLocks::passesSkippedWhileAnotherProcessHoldsTheSnapshotAreSaid()
{
    const TestEnvironment env;
    QVERIFY(baseline());
    QVERIFY(addCertificate(QStringLiteral("new.example")));
    LockHolder holder;
    QVERIFY(holder.start("--hold", snapshotLockPath()));

    Agent agent(agentOptions(300));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    const QString holderText =
        QStringLiteral("the snapshot is locked by TestAgentLocks, pid %1, since ").arg(holder.pid());
    for (int skipped = 1; skipped <= 2; ++skipped) {
        const AgentPassSummary pass = QCoro::waitFor(agent.runPass(QStringLiteral("blocked")));
        QVERIFY(pass.skipped);
        QCOMPARE(pass.events, 0);
        QVERIFY2(pass.skipReason.startsWith(holderText), qPrintable(pass.skipReason));
        QVERIFY2(pass.errors.join(u'\n').contains(QLatin1String("pass skipped: ") + holderText),
                 qPrintable(pass.errors.join(u'\n')));
        const std::optional<AgentStatus> status = AgentStatus::load(Scope::User);
        QVERIFY(status);
        QCOMPARE(status->passesSkipped, skipped);
        QCOMPARE(status->skippedSince, kNow);
        QCOMPARE(status->skipReason, pass.skipReason);
        QVERIFY2(status->skippedText().startsWith(
                     QStringLiteral("%1 %2 skipped since 2026-03-01 12:00:00 UTC: %3")
                         .arg(skipped)
                         .arg(skipped == 1 ? QStringLiteral("pass") : QStringLiteral("passes"), holderText)),
                 qPrintable(status->skippedText()));
    }

    QVERIFY(holder.kill()); // the lock goes with it
    const AgentPassSummary pass = QCoro::waitFor(agent.runPass(QStringLiteral("released")));
    QVERIFY2(pass.errors.isEmpty(), qPrintable(pass.errors.join(u'\n')));
    QVERIFY(!pass.skipped);
    QCOMPARE(pass.events, 1);
    const std::optional<AgentStatus> status = AgentStatus::load(Scope::User);
    QCOMPARE(status->passesSkipped, 0);
    QCOMPARE(status->skippedText(), QString());
    QCoro::waitFor(agent.stop());
}

void TestAgentLocks::secondAgentNamesTheLiveHolder()
{
    // A start race: the lock file names an agent that died, and the winner has locked
    // it but not written its record yet. The loser names the winner.
    const TestEnvironment env;
    QVERIFY(baseline());
    const qint64 dead = deadPid();
    QVERIFY(dead > 0);
    QVERIFY(
        writeContent(agentLockPath(), "pid=" + QByteArray::number(dead) + "\nstart=1\nprogram=certlifectl watch\n"));
    LockHolder winner;
    QVERIFY(winner.start("--hold-raw", agentLockPath()));

    {
        Agent loser(agentOptions());
        QString error;
        QVERIFY(!loser.start(&error));
        QCOMPARE(error,
                 QStringLiteral("another agent (TestAgentLocks, pid %1) is already watching the user scope (lock %2)")
                     .arg(winner.pid())
                     .arg(agentLockPath()));
    }
    QVERIFY(winner.kill());
    Agent next(agentOptions());
    QString error;
    QVERIFY2(next.start(&error), qPrintable(error));
    QCoro::waitFor(next.stop());
}

int main(int argc, char** argv)
{
    if (isLockHolderChild(argc, argv))
        return runLockHolderChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestAgentLocks test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestAgentLocks.moc"
