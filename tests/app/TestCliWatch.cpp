// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "agent/AgentStatus.h"
#include "eventlog/EventLog.h"
#include "lifecycle/SnapshotFile.h"
#include "lifecycle/SnapshotLock.h"
#include "util/Paths.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

// `certlifectl watch`, the agent, driven as systemd and an admin drive it.
class TestCliWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondPassWithNothingChangedLogsNothing();
    void secondAgentForTheSameScopeIsRefused();
    void onceExitsFourWhenItsPassIsSkipped();
    void fileChangeIsPickedUpWithoutRestart();
    void sighupReloadsThePolicy();
    void renewalRunsTheReplaceTask();
    void summaryCountsHeldBackRunsApart();
    void badClockIsAUsageError();
    void unwritableJsonLogFailsAtStart_data();
    void unwritableJsonLogFailsAtStart();

private:
    static QString my() { return Paths::defaultMyStore(Scope::User); }
    static QStringList envAt(const TestEnvironment& env, const char* now)
    {
        return env.processEnvironment() << QStringLiteral("CERTLIFE_NOW=") + QLatin1String(now);
    }
    static QJsonObject once(const TestEnvironment& env, const char* now = "2026-02-01T00:00:00Z")
    {
        const CliResult r =
            runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                           {"watch", "--once", "--json", "--scope", "user", "--no-journal"}, envAt(env, now));
        if (r.exitCode != 0)
            qWarning() << r.exitCode << r.err;
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }
    static GeneratedCert cert(const QString& cn,
                              QDateTime notAfter = QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC))
    {
        CertSpec spec;
        spec.cn = cn;
        spec.dns = {cn};
        spec.notAfter = notAfter;
        return makeCertificate(spec);
    }
    // Starts a long-running agent and waits until its first pass is done.
    static bool startAgent(QProcess& agent, const TestEnvironment& env)
    {
        agent.setEnvironment(envAt(env, "2026-02-01T00:00:00Z"));
        agent.start(binaryPath(QStringLiteral("certlifectl")), {"watch", "--scope", "user", "--no-journal"});
        if (!agent.waitForStarted())
            return false;
        return QTest::qWaitFor(
            [] {
                const auto s = AgentStatus::load(Scope::User);
                return s && s->state == QLatin1String("idle");
            },
            30000);
    }
    static qint64 countEvents(EventId id)
    {
        EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
        if (!log.open())
            return -1;
        EventQuery q;
        q.ids = {id};
        return log.count(q);
    }
};

void TestCliWatch::secondPassWithNothingChangedLogsNothing()
{
    TestEnvironment env;
    QVERIFY(writeFile(my() + QStringLiteral("/a.pem"), cert(QStringLiteral("a.example")).pem()));
    QJsonObject first = once(env);
    QCOMPARE(first.value(QLatin1String("certificates")).toInt(), 1);
    QCOMPARE(first.value(QLatin1String("events")).toInt(), 0); // the first scan is the baseline

    QVERIFY(writeFile(my() + QStringLiteral("/b.pem"), cert(QStringLiteral("b.example")).pem()));
    QCOMPARE(once(env).value(QLatin1String("events")).toInt(), 1);
    QCOMPARE(countEvents(EventId::New), 1);

    const QJsonObject third = once(env);
    QCOMPARE(third.value(QLatin1String("certificates")).toInt(), 2);
    QCOMPARE(third.value(QLatin1String("events")).toInt(), 0);
    QCOMPARE(countEvents(EventId::New), 1);
}

void TestCliWatch::secondAgentForTheSameScopeIsRefused()
{
    TestEnvironment env;
    QProcess agent;
    QVERIFY(startAgent(agent, env));
    const CliResult second =
        runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                       {"watch", "--once", "--scope", "user", "--no-journal"}, env.processEnvironment());
    QCOMPARE(second.exitCode, 1);
    QVERIFY2(
        second.err.contains(QStringLiteral("another agent (certlifectl watch, pid %1, since ").arg(agent.processId())),
        qPrintable(second.err));
    QVERIFY2(second.err.contains(QLatin1String(") is already watching the user scope")), qPrintable(second.err));

    ::kill(pid_t(agent.processId()), SIGTERM);
    QVERIFY(agent.waitForFinished(30000));
    QCOMPARE(agent.exitStatus(), QProcess::NormalExit);
    QCOMPARE(agent.exitCode(), 0);
    QCOMPARE(AgentStatus::load(Scope::User)->state, QStringLiteral("stopped"));
    // The lock went with it: a new agent starts.
    QCOMPARE(once(env).value(QLatin1String("scope")).toString(), QStringLiteral("User"));
}

void TestCliWatch::onceExitsFourWhenItsPassIsSkipped()
{
    TestEnvironment env;
    QVERIFY(writeFile(my() + QStringLiteral("/a.pem"), cert(QStringLiteral("a.example")).pem()));
    QCOMPARE(once(env).value(QLatin1String("certificates")).toInt(), 1);

    // This process holds the snapshot lock (as an import does) for longer than the wait.
    auto held = std::make_unique<SnapshotLock>(Scope::User, SnapshotFile(Scope::User).path());
    QVERIFY(held->tryAcquire());
    const QStringList args{"watch", "--once", "--scope", "user", "--no-journal", "--lock-wait", "1"};
    const CliResult skipped =
        runCertlifectl(binaryPath(QStringLiteral("certlifectl")), args, envAt(env, "2026-02-01T00:00:00Z"));
    QCOMPARE(skipped.exitCode, 4);
    QVERIFY2(skipped.err.contains(QLatin1String("pass skipped: the snapshot is locked by TestCliWatch")),
             qPrintable(skipped.err));
    QVERIFY2(skipped.err.contains(QStringLiteral("pid %1, since ").arg(QCoreApplication::applicationPid())),
             qPrintable(skipped.err));
    const CliResult json = runCertlifectl(binaryPath(QStringLiteral("certlifectl")), QStringList(args) << "--json",
                                          envAt(env, "2026-02-01T00:00:00Z"));
    QCOMPARE(json.exitCode, 4);
    QCOMPARE(QJsonDocument::fromJson(json.out.toUtf8()).object().value(QLatin1String("skipped")).toBool(), true);

    held.reset();
    const CliResult ran =
        runCertlifectl(binaryPath(QStringLiteral("certlifectl")), args, envAt(env, "2026-02-01T00:00:00Z"));
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    QCOMPARE(runCertlifectl(binaryPath(QStringLiteral("certlifectl")), {"watch", "--once", "--lock-wait", "soon"},
                            envAt(env, "2026-02-01T00:00:00Z"))
                 .exitCode,
             2);
}

void TestCliWatch::fileChangeIsPickedUpWithoutRestart()
{
    TestEnvironment env;
    QDir().mkpath(my());
    QProcess agent;
    QVERIFY(startAgent(agent, env));
    QVERIFY(writeFile(my() + QStringLiteral("/late.pem"), cert(QStringLiteral("late.example")).pem()));
    QVERIFY2(QTest::qWaitFor([] { return countEvents(EventId::New) == 1; }, 30000),
             qPrintable(QString::fromUtf8(agent.readAllStandardError())));
    ::kill(pid_t(agent.processId()), SIGTERM);
    QVERIFY(agent.waitForFinished(30000));
}

void TestCliWatch::sighupReloadsThePolicy()
{
    TestEnvironment env;
    // Two years of lifetime, 200 days left at "now": 10 % (73 days) does not warn yet.
    QVERIFY(writeFile(my() + QStringLiteral("/long.pem"),
                      cert(QStringLiteral("long.example"), QDateTime(QDate(2026, 8, 20), QTime(0, 0), Qt::UTC)).pem()));
    QProcess agent;
    QVERIFY(startAgent(agent, env));
    QCOMPARE(countEvents(EventId::CloseToExpiration), 0);

    const CliResult set =
        runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                       {"policy", "set", "ExpiryWarningDays", "365", "--scope", "user"}, env.processEnvironment());
    QVERIFY2(set.exitCode == 0, qPrintable(set.err));
    ::kill(pid_t(agent.processId()), SIGHUP);
    QVERIFY(QTest::qWaitFor([] { return countEvents(EventId::CloseToExpiration) == 1; }, 30000));
    ::kill(pid_t(agent.processId()), SIGTERM);
    QVERIFY(agent.waitForFinished(30000));
    QCOMPARE(agent.exitCode(), 0);
}

void TestCliWatch::renewalRunsTheReplaceTask()
{
    TestEnvironment env;
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString out = scripts.filePath(QStringLiteral("rebound"));
    const QString script = scripts.write(QStringLiteral("rebind.sh"),
                                         "#!/bin/sh\nprintf '%s %s\\n' \"$1\" \"$2\" >> '" + out.toUtf8() + "'\n");
    const CliResult task = runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                                          {"task", "new", "--type", "Replace", "--command", script, "--name", "rebind",
                                           "--channel", "User", "--arg", "{OldCertHash}", "--arg", "{NewCertHash}"},
                                          env.processEnvironment());
    QVERIFY2(task.exitCode == 0, qPrintable(task.err));

    const GeneratedCert oldCert = cert(QStringLiteral("svc.example"));
    QVERIFY(writeFile(my() + QStringLiteral("/svc.pem"), oldCert.pem()));
    QCOMPARE(once(env).value(QLatin1String("tasksStarted")).toInt(), 0);

    const GeneratedCert renewed =
        cert(QStringLiteral("svc.example"), QDateTime(QDate(2026, 7, 1), QTime(0, 0), Qt::UTC));
    QVERIFY(writeFile(my() + QStringLiteral("/svc.pem"), renewed.pem()));
    const QJsonObject pass = once(env);
    QCOMPARE(pass.value(QLatin1String("tasksStarted")).toInt(), 1);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()),
             oldCert.thumbprint() + QLatin1Char(' ') + renewed.thumbprint() + QLatin1Char('\n'));
    // Nothing changed: no second run.
    QCOMPARE(once(env).value(QLatin1String("tasksStarted")).toInt(), 0);
}

// 35 warnings, an Expire task limited to 30 runs an hour: the summary says 30 ran and
// 5 wait for the limit (not "35 task runs", not 5 refused).
void TestCliWatch::summaryCountsHeldBackRunsApart()
{
    TestEnvironment env;
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString script = scripts.write(QStringLiteral("warn.sh"), "#!/bin/sh\nexit 0\n");
    const CliResult task = runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                                          {"task", "new", "--type", "Expire", "--command", script, "--name", "warn",
                                           "--channel", "User", "--arg", "{EventRecordId}"},
                                          env.processEnvironment());
    QVERIFY2(task.exitCode == 0, qPrintable(task.err));
    for (int i = 0; i < 35; ++i) {
        CertSpec spec;
        spec.cn = QStringLiteral("host%1.example").arg(i);
        spec.serialHex = QByteArray::number(0x5000 + i, 16);
        QVERIFY(writeFile(my() + QStringLiteral("/host%1.pem").arg(i), makeCertificate(spec).pem()));
    }
    QCOMPARE(once(env).value(QLatin1String("events")).toInt(), 0); // the baseline
    const CliResult r =
        runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                       {"watch", "--once", "--scope", "user", "--no-journal"}, envAt(env, "2026-03-25T00:00:00Z"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(
        r.out.contains(QStringLiteral("\ntask runs: 30 started (30 succeeded), 5 queued, 0 refused (queued runs start "
                                      "when the task's rate limit allows")),
        qPrintable(r.out));
    const CliResult shown =
        runCertlifectl(binaryPath(QStringLiteral("certlifectl")), {"task", "show", "warn"}, env.processEnvironment());
    QVERIFY2(shown.out.contains(QStringLiteral("held back by the rate limit: task warn may start 30 runs in any hour")),
             qPrintable(shown.out));
}

void TestCliWatch::badClockIsAUsageError()
{
    TestEnvironment env;
    const CliResult r =
        runCertlifectl(binaryPath(QStringLiteral("certlifectl")), {"watch", "--once"}, envAt(env, "next tuesday"));
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("CERTLIFE_NOW=\"next tuesday\"")));
}

void TestCliWatch::unwritableJsonLogFailsAtStart_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("why");
    QTest::newRow("missing directory") << "missing"
                                       << "No such file or directory";
    QTest::newRow("symlink") << "symlink"
                             << "symbolic link";
    QTest::newRow("FIFO") << "fifo"
                          << "No such device or address"; // no reader: O_NONBLOCK fails, never hangs
    QTest::newRow("FIFO with a reader") << "fifo-read"
                                        << "not a regular file";
    QTest::newRow("directory") << "directory"
                               << "Is a directory";
}

// An agent that cannot write its --json-log says so and does not start: before, it ran
// and exited 0, and every event meant for the file was lost without a word.
void TestCliWatch::unwritableJsonLogFailsAtStart()
{
    QFETCH(QString, kind);
    QFETCH(QString, why);
    TestEnvironment env;
    QVERIFY(writeFile(my() + QStringLiteral("/a.pem"), cert(QStringLiteral("a.example")).pem()));
    QString path = env.path(QStringLiteral("events.jsonl"));
    const QString target = env.path(QStringLiteral("precious"));
    QFile fifoReader;
    if (kind == QLatin1String("missing")) {
        path = env.path(QStringLiteral("no/such/dir/events.jsonl"));
    } else if (kind == QLatin1String("symlink")) {
        QVERIFY(writeFile(target, "keep me\n"));
        QVERIFY(QFile::link(target, path));
    } else if (kind.startsWith(QLatin1String("fifo"))) {
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        if (kind == QLatin1String("fifo-read")) {
            const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK);
            QVERIFY(fd >= 0);
            QVERIFY(fifoReader.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle));
        }
    } else {
        QVERIFY(QDir().mkpath(path));
    }
    const CliResult r = runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                                       {"watch", "--once", "--scope", "user", "--no-journal", "--json-log", path},
                                       envAt(env, "2026-02-01T00:00:00Z"));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("certlifectl: cannot write the JSON-lines event log %1: ").arg(path)),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(why), qPrintable(r.err));
    QCOMPARE(countEvents(EventId::New), 0); // refused before the first pass, not after it
    if (kind == QLatin1String("symlink")) {
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("keep me\n"));
    }
}

QTEST_GUILESS_MAIN(TestCliWatch)
#include "TestCliWatch.moc"
