// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Issue 13's scenario: a store with 1,000+ expiring certificates and an Expire task.
// With the rate limit, every run happens, later (the clock moves, the test does not
// sleep), none is refused for the rate, and a kill -9 between queueing and running
// loses and duplicates nothing; with Digest, one run per pass carries every event.
// The killed agents are this executable re-launched (main()).
#include "../tasks/TaskFixture.h"
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "agent/Agent.h"
#include "util/Clock.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <csignal>

using namespace certlife;
using namespace certlife::test;

namespace {

const char* const kClaimThenDie = "--claim-then-die"; // killed after the runs are claimed, before any starts
const char* const kRunThenDie = "--run-then-die";     // takes them over, runs what the limit allows, killed
const QDateTime kBaseline(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC);
const QDateTime kWarnTime(QDate(2026, 3, 25), QTime(0, 0), Qt::UTC); // 7 days left of 90: within 10 %
constexpr int kRate = 30;                                            // TaskPolicy's default runs per task and hour

AgentOptions agentOptions(std::shared_ptr<Clock> clock)
{
    AgentOptions o;
    o.scope = Scope::User;
    o.journald = false;
    o.clock = std::move(clock);
    o.snapshotLockWaitMilliseconds = 5000;
    return o;
}

int childAgent(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const bool claimThenDie = qstrcmp(argv[1], kClaimThenDie) == 0;
    AgentOptions options =
        agentOptions(std::make_shared<FixedClock>(QDateTime::fromString(QString::fromLatin1(argv[2]), Qt::ISODate)));
    if (claimThenDie)
        options.afterTasksClaimed = [] { ::raise(SIGKILL); };
    Agent agent(options);
    QString error;
    if (!agent.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QCoro::waitFor(agent.runPass(QStringLiteral("child")));
    agent.watch(); // takes over what the killed agent left queued
    QCoro::waitFor(agent.finishTasks());
    ::raise(SIGKILL); // with runs held back by the rate limit, queued in the log
    return 3;
}

bool killedChild(const char* mode, const QDateTime& at)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(mode), at.toString(Qt::ISODate)});
    if (!child.waitForFinished(240000) || child.exitStatus() != QProcess::CrashExit) {
        qWarning() << mode << "ended with" << child.exitStatus() << child.exitCode();
        return false;
    }
    return true;
}

QString store()
{
    return Paths::defaultMyStore(Scope::User);
}

// `count` certificates that warn at kWarnTime, made here (one cached key signs them all).
bool makeExpiringStore(int count)
{
    if (!QDir().mkpath(store()))
        return false;
    for (int i = 0; i < count; ++i) {
        CertSpec spec;
        spec.cn = QStringLiteral("host%1.example").arg(i);
        spec.dns = {spec.cn};
        spec.serialHex = QByteArray::number(0x100000 + i, 16);
        if (!writeFile(store() + QStringLiteral("/host%1.pem").arg(i), makeCertificate(spec).pem()))
            return false;
    }
    // Passes hours apart must not warn again: the repeats are another matter.
    return writeFile(Paths::policyFile(Scope::User), "[Policy]\nRenotifyInterval=0\n");
}

struct Pass
{
    AgentPassSummary summary;
    QString error;
};

// One agent: a pass, then (restart) what it takes over, the runs that may start; counted.
Pass agentPass(std::shared_ptr<Clock> clock, bool recover = false)
{
    Agent agent(agentOptions(std::move(clock)));
    Pass pass;
    if (!agent.start(&pass.error))
        return pass;
    pass.summary = QCoro::waitFor(agent.runPass(QStringLiteral("test")));
    if (recover)
        agent.watch();
    QCoro::waitFor(agent.finishTasks());
    agent.countTaskRuns(pass.summary);
    QCoro::waitFor(agent.stop());
    pass.error = pass.summary.errors.join(u'\n');
    return pass;
}

NotificationTask expireTask(const ScriptDir& scripts, const QString& out, bool digest)
{
    NotificationTask task;
    task.name = QStringLiteral("warn");
    task.type = TaskType::Expire;
    task.channel = Scope::User;
    task.digest = digest;
    // One line per event record it was run for: duplicates and losses both show.
    task.command =
        scripts.write(QStringLiteral("warn.sh"),
                      digest ? "#!/bin/sh\nset -e\nprintf '%s\\n' \"$1\" | tr ',' '\\n' >> '" + QFile::encodeName(out)
                              + "'\ncp \"$CERTLIFE_EVENTS_FILE\" '" + QFile::encodeName(out) + ".json'\n"
                             : "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + QFile::encodeName(out) + "'\n");
    task.arguments = {digest ? QStringLiteral("{EventRecordIds}") : QStringLiteral("{EventRecordId}")};
    task.pinnedSha256 = sha256OfFile(task.command);
    return task;
}

// Record ids the script was run for, sorted; and whether one came twice.
QList<qint64> recordIdsRun(const QString& out, bool* duplicate)
{
    QList<qint64> ids;
    for (const QByteArray& line : readAllOf(out).split('\n')) {
        if (!line.isEmpty())
            ids << line.toLongLong();
    }
    std::sort(ids.begin(), ids.end());
    *duplicate = std::adjacent_find(ids.begin(), ids.end()) != ids.end();
    return ids;
}

} // namespace

class TestNoNotificationLost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rateLimitedRunsAllHappenLater();
    void killedBetweenQueueingAndRunningLosesNothing();
    void digestCarriesAThousandEventsInOneRun();
};

void TestNoNotificationLost::rateLimitedRunsAllHappenLater()
{
    const TestEnvironment env;
    constexpr int kCertificates = 1000;
    QVERIFY(makeExpiringStore(kCertificates));
    auto clock = std::make_shared<FixedClock>(kBaseline);
    const Pass baseline = agentPass(clock);
    QVERIFY2(baseline.error.isEmpty(), qPrintable(baseline.error));

    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString out = scripts.filePath(QStringLiteral("warned"));
    QString error;
    QVERIFY2(TaskRegistry(Scope::User).add(expireTask(scripts, out, false), &error), qPrintable(error));

    clock->setNow(kWarnTime);
    const Pass first = agentPass(clock);
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QCOMPARE(first.summary.events, kCertificates);
    QCOMPARE(first.summary.taskRuns.size(), kCertificates);
    // Counted apart: what ran, what waits for the limit, nothing refused.
    QCOMPARE(first.summary.tasks.started(), kRate);
    QCOMPARE(first.summary.tasks.succeeded, kRate);
    QCOMPARE(first.summary.tasks.queued, kCertificates - kRate);
    QCOMPARE(first.summary.tasks.refused, 0);
    QCOMPARE(first.summary.tasks.text(), QStringLiteral("30 started (30 succeeded), 970 queued, 0 refused"));

    // Hour after hour, 30 more each. The clock moves and the agent is asked to start
    // what is due (its timers would); at hour 10 it restarts: the queue is in the log.
    TaskRunLog log(Paths::eventLogFile(Scope::User));
    QVERIFY(log.open(&error));
    int hours = 0;
    std::unique_ptr<Agent> agent;
    while (log.count(first.summary.taskRuns).queued > 0 && hours < 40) {
        clock->advance(3601);
        ++hours;
        if (!agent || hours == 10) {
            if (agent)
                QCoro::waitFor(agent->stop());
            agent = std::make_unique<Agent>(agentOptions(clock));
            QVERIFY2(agent->start(&error), qPrintable(error));
            const AgentPassSummary pass = QCoro::waitFor(agent->runPass(QStringLiteral("restart")));
            QVERIFY2(pass.errors.isEmpty(), qPrintable(pass.errors.join(u'\n')));
            agent->watch(); // takes over the runs the last agent left queued
        } else {
            agent->runDueTasks();
        }
        const int expected = std::min(kCertificates, kRate * (hours + 1));
        QTRY_COMPARE_WITH_TIMEOUT(log.count(first.summary.taskRuns).succeeded, expected, 120000);
        QCoro::waitFor(agent->finishTasks());
        QCOMPARE(log.count(first.summary.taskRuns).refused, 0);
    }
    QCoro::waitFor(agent->stop());
    QCOMPARE(hours, 33);
    bool duplicate = false;
    const QList<qint64> ran = recordIdsRun(out, &duplicate);
    QVERIFY(!duplicate);
    QCOMPARE(ran.size(), kCertificates);
}

void TestNoNotificationLost::killedBetweenQueueingAndRunningLosesNothing()
{
    const TestEnvironment env;
    constexpr int kCertificates = 40;
    QVERIFY(makeExpiringStore(kCertificates));
    auto clock = std::make_shared<FixedClock>(kBaseline);
    QVERIFY(agentPass(clock).error.isEmpty());
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString out = scripts.filePath(QStringLiteral("warned"));
    QString error;
    QVERIFY2(TaskRegistry(Scope::User).add(expireTask(scripts, out, false), &error), qPrintable(error));

    // Killed with every run claimed and none started; then an agent that takes them
    // over, runs what the limit allows and is killed with the rest held back.
    QVERIFY(killedChild(kClaimThenDie, kWarnTime));
    QVERIFY(!QFileInfo::exists(out));
    QVERIFY(killedChild(kRunThenDie, kWarnTime));
    bool duplicate = false;
    QCOMPARE(recordIdsRun(out, &duplicate).size(), kRate);

    clock->setNow(kWarnTime.addSecs(3601));
    const Pass after = agentPass(clock, true);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    const QList<qint64> ran = recordIdsRun(out, &duplicate);
    QVERIFY(!duplicate);
    QCOMPARE(ran.size(), kCertificates);
    TaskRunLog log(Paths::eventLogFile(Scope::User));
    QVERIFY(log.open(&error));
    QList<qint64> all;
    for (const TaskRun& run : log.page({QStringLiteral("warn"), {}, 0, 1000}))
        all << run.id;
    QCOMPARE(all.size(), kCertificates); // one run per event, no second claim
    const TaskRunCounts counts = log.count(all);
    QCOMPARE(counts.succeeded, kCertificates);
}

void TestNoNotificationLost::digestCarriesAThousandEventsInOneRun()
{
    const TestEnvironment env;
    constexpr int kCertificates = 1000;
    QVERIFY(makeExpiringStore(kCertificates));
    auto clock = std::make_shared<FixedClock>(kBaseline);
    QVERIFY(agentPass(clock).error.isEmpty());
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString out = scripts.filePath(QStringLiteral("warned"));
    QString error;
    QVERIFY2(TaskRegistry(Scope::User).add(expireTask(scripts, out, true), &error), qPrintable(error));

    clock->setNow(kWarnTime);
    const Pass pass = agentPass(clock);
    QVERIFY2(pass.error.isEmpty(), qPrintable(pass.error));
    QCOMPARE(pass.summary.events, kCertificates);
    QCOMPARE(pass.summary.taskRuns.size(), 1);
    QCOMPARE(pass.summary.tasks.succeeded, 1);
    bool duplicate = false;
    QCOMPARE(recordIdsRun(out, &duplicate).size(), kCertificates);
    QVERIFY(!duplicate);
    const QJsonArray events = QJsonDocument::fromJson(readAllOf(out + QStringLiteral(".json")))
                                  .object()
                                  .value(QLatin1String("events"))
                                  .toArray();
    QCOMPARE(events.size(), kCertificates);
    QCOMPARE(events.at(0).toObject().value(QLatin1String("eventId")).toInt(), int(EventId::CloseToExpiration));

    // The next pass has nothing new: no run.
    clock->advance(3601);
    const Pass next = agentPass(clock, true);
    QVERIFY2(next.error.isEmpty(), qPrintable(next.error));
    QCOMPARE(next.summary.taskRuns.size(), 0);
    QCOMPARE(recordIdsRun(out, &duplicate).size(), kCertificates);
}

int main(int argc, char** argv)
{
    if (argc >= 3 && (qstrcmp(argv[1], kClaimThenDie) == 0 || qstrcmp(argv[1], kRunThenDie) == 0))
        return childAgent(argc, argv);
    // 1,000 script runs and a few passes over 1,000 certificates take minutes on a
    // loaded machine: more than QTest's 5-minute watchdog per function.
    if (qEnvironmentVariableIsEmpty("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "840000");
    QCoreApplication app(argc, argv);
    TestNoNotificationLost test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestNoNotificationLost.moc"
