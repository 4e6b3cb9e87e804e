// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// A pass killed between its event commit and its snapshot save, again and again: each
// (certificate, event) is still logged exactly once, the Replace task still runs once,
// and the temporary files of killed snapshot saves are removed by the next lock holder
// only. The killed agent is this executable re-launched (main()): it runs one pass whose
// beforeSnapshotCommit seam raises SIGKILL, right after the event log's commit.
#include "../tasks/TaskFixture.h"
#include "CertFactory.h"
#include "LockHolder.h"
#include "TestEnvironment.h"
#include "agent/Agent.h"
#include "eventlog/EventLog.h"
#include "lifecycle/SnapshotFile.h"
#include "tasks/TaskRegistry.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

const char* const kPassThenDie = "--pass-then-die";
const QDateTime kBaselineTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC);
const QDateTime kLaterTime(QDate(2026, 3, 25), QTime(0, 0), Qt::UTC); // within 10 % of a 90-day lifetime

AgentOptions agentOptions(const QDateTime& now, bool runTasks = false)
{
    AgentOptions o;
    o.scope = Scope::User;
    o.journald = false;
    o.runTasks = runTasks;
    o.clock = std::make_shared<FixedClock>(now);
    o.snapshotLockWaitMilliseconds = 300;
    return o;
}

// The child: one pass, killed after its events are committed and before its snapshot is.
int passThenDie(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    AgentOptions options = agentOptions(QDateTime::fromString(QString::fromLatin1(argv[2]), Qt::ISODate), true);
    options.beforeSnapshotCommit = [] { ::raise(SIGKILL); };
    Agent agent(options);
    QString error;
    if (!agent.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QCoro::waitFor(agent.runPass(QStringLiteral("about to be killed")));
    return 3; // not reached when the seam ran
}

QString store()
{
    return Paths::defaultMyStore(Scope::User);
}

GeneratedCert certificate(const QString& cn, QDateTime notAfter = QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC))
{
    CertSpec spec;
    spec.cn = cn;
    spec.dns = {cn};
    spec.notAfter = notAfter;
    return makeCertificate(spec);
}

bool put(const QString& file, const GeneratedCert& cert)
{
    return writeFile(store() + QLatin1Char('/') + file, cert.pem());
}

AgentPassSummary cleanPass(const QDateTime& now, bool runTasks = false)
{
    Agent agent(agentOptions(now, runTasks));
    QString error;
    if (!agent.start(&error)) {
        AgentPassSummary failed;
        failed.errors << error;
        return failed;
    }
    AgentPassSummary pass = QCoro::waitFor(agent.runPass(QStringLiteral("clean")));
    QCoro::waitFor(agent.finishTasks());
    agent.countTaskRuns(pass);
    QCoro::waitFor(agent.stop());
    return pass;
}

// How often each (event id, certificate) is in the log.
QMap<QString, int> loggedPairs()
{
    QMap<QString, int> pairs;
    EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
    if (!log.openReadOnly())
        return pairs;
    EventQuery q;
    q.limit = 10000;
    for (const LifecycleEvent& e : log.query(q))
        ++pairs[QStringLiteral("%1 %2").arg(int(e.id)).arg(e.certificate.subjectCN)];
    return pairs;
}

} // namespace

class TestAgentKilledBeforeCommit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyEventIsLoggedOnceWhateverTheKills();
    void abandonedSnapshotTemporariesAreRemovedByTheNextHolder();

private:
    static bool killedPasses(int count, const QDateTime& now)
    {
        for (int i = 0; i < count; ++i) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedChannels);
            child.start(QCoreApplication::applicationFilePath(),
                        {QString::fromLatin1(kPassThenDie), now.toString(Qt::ISODate)});
            if (!child.waitForFinished(120000) || child.exitStatus() != QProcess::CrashExit) {
                qWarning() << "killed pass" << i << "ended with" << child.exitStatus() << child.exitCode();
                return false;
            }
        }
        return true;
    }
};

void TestAgentKilledBeforeCommit::everyEventIsLoggedOnceWhateverTheKills()
{
    const TestEnvironment env;
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString out = scripts.filePath(QStringLiteral("replaced"));
    NotificationTask task;
    task.name = QStringLiteral("rebind");
    task.type = TaskType::Replace;
    task.channel = Scope::User;
    task.command = scripts.write(QStringLiteral("rebind.sh"),
                                 "#!/bin/sh\nprintf '%s %s\\n' \"$1\" \"$2\" >> '" + QFile::encodeName(out) + "'\n");
    task.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
    task.pinnedSha256 = sha256OfFile(task.command);
    QString error;
    QVERIFY2(TaskRegistry(Scope::User).add(task, &error), qPrintable(error));

    QVERIFY(QDir().mkpath(store()));
    const GeneratedCert oldSvc = certificate(QStringLiteral("svc.example"));
    QVERIFY(put(QStringLiteral("a.pem"),
                certificate(QStringLiteral("a.example"), QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC))));
    QVERIFY(put(QStringLiteral("b.pem"), certificate(QStringLiteral("b.example"))));
    QVERIFY(put(QStringLiteral("svc.pem"), oldSvc));
    const AgentPassSummary first = cleanPass(kBaselineTime);
    QVERIFY2(first.errors.isEmpty(), qPrintable(first.errors.join(u'\n')));
    QCOMPARE(first.events, 0); // the baseline

    // Changes the next passes report: c arrives, a leaves, svc is renewed, and at the
    // later time b and c are close to expiry. Three passes are killed after logging them.
    QVERIFY(put(QStringLiteral("c.pem"), certificate(QStringLiteral("c.example"))));
    QVERIFY(QFile::remove(store() + QStringLiteral("/a.pem")));
    const GeneratedCert newSvc =
        certificate(QStringLiteral("svc.example"), QDateTime(QDate(2026, 7, 1), QTime(0, 0), Qt::UTC));
    QVERIFY(put(QStringLiteral("svc.pem"), newSvc));
    QVERIFY(killedPasses(3, kLaterTime));
    QVERIFY(!loggedPairs().isEmpty()); // the killed passes did log
    // One more change between kills, then two more killed passes.
    QVERIFY(put(QStringLiteral("d.pem"), certificate(QStringLiteral("d.example"))));
    QVERIFY(killedPasses(2, kLaterTime));

    const AgentPassSummary clean = cleanPass(kLaterTime, true);
    QVERIFY2(clean.errors.isEmpty(), qPrintable(clean.errors.join(u'\n')));

    const QMap<QString, int> pairs = loggedPairs();
    for (auto it = pairs.cbegin(); it != pairs.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("%1 logged %2 times").arg(it.key()).arg(it.value())));
    QCOMPARE(pairs.keys(),
             (QStringList{QStringLiteral("1001 svc.example"), QStringLiteral("1003 b.example"),
                          QStringLiteral("1003 c.example"), QStringLiteral("1003 d.example"),
                          QStringLiteral("1004 a.example"), QStringLiteral("1006 c.example"),
                          QStringLiteral("1006 d.example")}));
    QCOMPARE(clean.events, 0);          // everything was logged by the killed passes
    QCOMPARE(clean.tasks.started(), 1); // but the Replace task they never reached runs now
    QFile replaced(out);
    QVERIFY(replaced.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(replaced.readAll()),
             oldSvc.thumbprint() + QLatin1Char(' ') + newSvc.thumbprint() + QLatin1Char('\n'));

    // And the snapshot moved on: nothing more to report, no task to run again.
    const AgentPassSummary after = cleanPass(kLaterTime, true);
    QVERIFY2(after.errors.isEmpty(), qPrintable(after.errors.join(u'\n')));
    QCOMPARE(after.events, 0);
    QCOMPARE(after.tasks.total(), 0);
    QCOMPARE(loggedPairs(), pairs);
}

void TestAgentKilledBeforeCommit::abandonedSnapshotTemporariesAreRemovedByTheNextHolder()
{
    const TestEnvironment env;
    QVERIFY(QDir().mkpath(store()));
    QVERIFY(put(QStringLiteral("a.pem"), certificate(QStringLiteral("a.example"))));
    QVERIFY(cleanPass(kBaselineTime).errors.isEmpty());
    const QString snapshot = SnapshotFile(Scope::User).path();
    const QStringList abandoned{snapshot + QStringLiteral(".tmp-Ab12Cd"), snapshot + QStringLiteral(".bak.tmp")};
    const QString unrelated = snapshot + QStringLiteral(".tmp-not-a-temporary");
    for (const QString& path : abandoned + QStringList{unrelated})
        QVERIFY(writeFile(path, QByteArray(4096, 'x')));

    // While another process holds the lock, a save may be under way: nothing is removed.
    LockHolder holder;
    QVERIFY(holder.start("--hold", snapshot + QStringLiteral(".lock")));
    const AgentPassSummary blocked = cleanPass(kBaselineTime);
    QVERIFY(blocked.skipped);
    for (const QString& path : abandoned)
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));

    QVERIFY(holder.kill());
    const AgentPassSummary next = cleanPass(kBaselineTime);
    QVERIFY2(next.errors.isEmpty(), qPrintable(next.errors.join(u'\n')));
    for (const QString& path : abandoned)
        QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
    QVERIFY(QFileInfo::exists(unrelated)); // not a name writeFileAtomically makes
    QVERIFY(QFileInfo::exists(snapshot));
}

int main(int argc, char** argv)
{
    if (argc >= 3 && qstrcmp(argv[1], kPassThenDie) == 0)
        return passThenDie(argc, argv);
    if (isLockHolderChild(argc, argv))
        return runLockHolderChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestAgentKilledBeforeCommit test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestAgentKilledBeforeCommit.moc"
