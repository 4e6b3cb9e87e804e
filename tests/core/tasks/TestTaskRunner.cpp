// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskRunnerBench.h"

#include <QTest>
#include <csignal>

using namespace certlife;
using namespace certlife::test;

namespace {

bool processGone(qint64 pid)
{
    // Gone, or a zombie nobody reaped yet (the container's init may not reap).
    const QByteArray stat = readAllOf(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.isEmpty())
        return true;
    const qsizetype close = stat.lastIndexOf(')');
    return stat.mid(close + 2, 1) == "Z";
}

} // namespace

class TestTaskRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replaceGetsExactArgvAndEnvironment();
    void expireGetsExactValues();
    void hostileSubjectIsOneLiteralArgument();
    void hostilePathsAndNamesAreOneLiteralArgument();
    void refusalsAreRecordedWithTheirReason();
    void timeoutKillsTheProcessGroup();
    void runsOfOneTaskQueue();
    void concurrencyLimitHolds();
    void sameEventRecordNeverRunsTwice();
    void interruptedRunIsMarkedAndRetried();
    void failedRunIsRetriedUpToTheCount();
    void outputKeepsTheLast64KiB();
};

void TestTaskRunner::replaceGetsExactArgvAndEnvironment()
{
    Bench b;
    const QString script = b.scripts.writeRecorder(QStringLiteral("record.sh"), b.out);
    b.addTask(QStringLiteral("rebind"), script, TaskType::Replace,
              {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}"), QStringLiteral("--store={Store}"),
               QStringLiteral("{EventRecordId}"), QStringLiteral("{Subject}"), QStringLiteral("{NotAfter}"),
               QStringLiteral("{Thumbprint}"), QStringLiteral(""), QStringLiteral("{{literal}}"),
               QStringLiteral("{Path}"), QStringLiteral("{OldCertPath}"), QStringLiteral("{NewCertPath}"),
               QStringLiteral("{Domains}")});
    qputenv("CERTLIFE_TEST_SECRET", "must-not-leak");
    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, b.replaceEvent(41));
    QCOMPARE(runs.size(), 1);
    QVERIFY2(runs.first().state == TaskRunState::Succeeded, qPrintable(runs.first().outcomeText()));
    QCOMPARE(runs.first().exitCode, std::optional<int>(0));
    QCOMPARE(runs.first().scriptSha256, sha256OfFile(script));
    QCOMPARE(runs.first().startedAt, kNow);

    const QStringList argvFiles = recordedFiles(b.out, QStringLiteral("argv"));
    QCOMPARE(argvFiles.size(), 1);
    QCOMPARE(splitNul(readAllOf(argvFiles.first())),
             QStringList({kOld, kNew, QStringLiteral("--store=My"), QStringLiteral("41"),
                          QStringLiteral("CN=www.example.org,O=Example"), QStringLiteral("2027-06-01T12:30:05Z"), kNew,
                          QString(), QStringLiteral("{literal}"), kNewPath, kOldPath, kNewPath,
                          QStringLiteral("www.example.org example.org")}));
    const QHash<QString, QString> env = environmentOf(readAllOf(recordedFiles(b.out, QStringLiteral("env")).first()));
    const QHash<QString, QString> expected{
        {QStringLiteral("PATH"), QStringLiteral("/usr/sbin:/usr/bin:/sbin:/bin")},
        {QStringLiteral("LANG"), QStringLiteral("C.UTF-8")},
        {QStringLiteral("CERTLIFE_EVENT_ID"), QStringLiteral("1001")},
        {QStringLiteral("CERTLIFE_EVENT_RECORD_ID"), QStringLiteral("41")},
        {QStringLiteral("CERTLIFE_OLD_CERT_HASH"), kOld},
        {QStringLiteral("CERTLIFE_NEW_CERT_HASH"), kNew},
        {QStringLiteral("CERTLIFE_THUMBPRINT"), kNew},
        {QStringLiteral("CERTLIFE_STORE"), QStringLiteral("My")},
        {QStringLiteral("CERTLIFE_SUBJECT"), QStringLiteral("CN=www.example.org,O=Example")},
        {QStringLiteral("CERTLIFE_NOT_AFTER"), QStringLiteral("2027-06-01T12:30:05Z")},
        {QStringLiteral("CERTLIFE_CERT_PATH"), kNewPath},
        {QStringLiteral("CERTLIFE_OLD_CERT_PATH"), kOldPath},
        {QStringLiteral("CERTLIFE_NEW_CERT_PATH"), kNewPath},
        {QStringLiteral("CERTLIFE_DOMAINS"), QStringLiteral("www.example.org example.org")},
        {QStringLiteral("CERTLIFE_ENDPOINT"), QString()},
        {QStringLiteral("CERTLIFE_CHANNEL"), QStringLiteral("System")},
        {QStringLiteral("CERTLIFE_TASK"), QStringLiteral("rebind")},
        {QStringLiteral("CERTLIFE_SCRIPT"), script},
    };
    QCOMPARE(env, expected);
}

void TestTaskRunner::expireGetsExactValues()
{
    Bench b;
    const QString script = b.scripts.writeRecorder(QStringLiteral("warn.sh"), b.out);
    b.addTask(QStringLiteral("warn"), script, TaskType::Expire,
              {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}"), QStringLiteral("{Thumbprint}"),
               QStringLiteral("{NotAfter}"), QStringLiteral("{Path}"), QStringLiteral("{OldCertPath}"),
               QStringLiteral("{NewCertPath}"), QStringLiteral("{Domains}")});
    b.addTask(QStringLiteral("rebind"), script, TaskType::Replace, {QStringLiteral("replace-task")});
    LifecycleEvent e;
    e.recordId = 77;
    e.id = EventId::CloseToExpiration;
    e.channel = Scope::System;
    e.storeId = QStringLiteral("My");
    e.certificate.thumbprint = kOld;
    e.certificate.subject = QStringLiteral("CN=old.example.org");
    e.certificate.notAfter = kNotAfter;
    e.certificate.path = QStringLiteral("/srv/tls/old.pem");
    e.certificate.sans = {QStringLiteral("DNS:old.example.org")};
    e.remainingSeconds = 86400;
    b.storeContent.insert(kOld, e.certificate);
    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, e);
    QCOMPARE(runs.size(), 1); // the Replace task does not react to 1003
    QCOMPARE(runs.first().task, QStringLiteral("warn"));
    QCOMPARE(runs.first().state, TaskRunState::Succeeded);
    QCOMPARE(
        splitNul(readAllOf(recordedFiles(b.out, QStringLiteral("argv")).first())),
        QStringList({kOld, QString(), kOld, QStringLiteral("2027-06-01T12:30:05Z"), QStringLiteral("/srv/tls/old.pem"),
                     QStringLiteral("/srv/tls/old.pem"), QString(), QStringLiteral("old.example.org")}));
    const QHash<QString, QString> env = environmentOf(readAllOf(recordedFiles(b.out, QStringLiteral("env")).first()));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_EVENT_ID")), QStringLiteral("1003"));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_OLD_CERT_HASH")), kOld);
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_NEW_CERT_HASH")), QString());
    QVERIFY(env.contains(QStringLiteral("CERTLIFE_NEW_CERT_HASH")));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_THUMBPRINT")), kOld);
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_TASK")), QStringLiteral("warn"));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_CERT_PATH")), QStringLiteral("/srv/tls/old.pem"));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_OLD_CERT_PATH")), QStringLiteral("/srv/tls/old.pem"));
    QVERIFY(env.contains(QStringLiteral("CERTLIFE_NEW_CERT_PATH")));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_NEW_CERT_PATH")), QString());
}

void TestTaskRunner::hostileSubjectIsOneLiteralArgument()
{
    Bench b;
    const QString trap = b.scripts.filePath(QStringLiteral("pwned"));
    const QString subject = QStringLiteral("CN=$(touch %1) `touch %1-2`; touch %1-3 && echo \"$HOME\" * |x").arg(trap);
    const QString script = b.scripts.writeRecorder(QStringLiteral("record.sh"), b.out);
    b.addTask(QStringLiteral("rebind"), script, TaskType::Replace,
              {QStringLiteral("{Subject}"), QStringLiteral("s={Subject}")});
    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, b.replaceEvent(5, subject));
    QCOMPARE(runs.first().state, TaskRunState::Succeeded);
    QCOMPARE(splitNul(readAllOf(recordedFiles(b.out, QStringLiteral("argv")).first())),
             QStringList({subject, QStringLiteral("s=") + subject}));
    const QHash<QString, QString> env = environmentOf(readAllOf(recordedFiles(b.out, QStringLiteral("env")).first()));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_SUBJECT")), subject);
    QVERIFY(!QFile::exists(trap));
    QVERIFY(!QFile::exists(trap + QStringLiteral("-2")));
    QVERIFY(!QFile::exists(trap + QStringLiteral("-3")));
}

void TestTaskRunner::hostilePathsAndNamesAreOneLiteralArgument()
{
    Bench b;
    const QString trap = b.scripts.filePath(QStringLiteral("pwned"));
    // A file name may hold anything but '/' and NUL; a dNSName anything at all.
    const QString path = QStringLiteral("/srv/$(touch %1) `touch %1-2`;touch %1-3 &\n\nx \"*\"/cert.pem").arg(trap);
    const QString name = QStringLiteral("$(touch%1-4);`touch%1-5`|*").arg(trap);
    const QString script = b.scripts.writeRecorder(QStringLiteral("record.sh"), b.out);
    b.addTask(QStringLiteral("rebind"), script, TaskType::Replace,
              {QStringLiteral("{Path}"), QStringLiteral("--old={OldCertPath}"), QStringLiteral("{Domains}")});
    LifecycleEvent e = b.replaceEvent(6);
    e.certificate.path = path;
    e.oldCertificate->path = path + QStringLiteral("\n--help");
    // Names with white space or control characters cannot be DNS names: left out, so
    // the list splits on spaces into exactly the names it holds.
    e.certificate.sans = {QStringLiteral("DNS:") + name, QStringLiteral("DNS:a.example b.example"),
                          QStringLiteral("DNS:c.example\nd.example"), QStringLiteral("DNS:ok.example")};
    b.storeContent.insert(kNew, e.certificate);
    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, e);
    QCOMPARE(runs.first().state, TaskRunState::Succeeded);
    const QString domains = name + QStringLiteral(" ok.example");
    QCOMPARE(splitNul(readAllOf(recordedFiles(b.out, QStringLiteral("argv")).first())),
             QStringList({path, QStringLiteral("--old=") + path + QStringLiteral("\n--help"), domains}));
    const QHash<QString, QString> env = environmentOf(readAllOf(recordedFiles(b.out, QStringLiteral("env")).first()));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_CERT_PATH")), path);
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_NEW_CERT_PATH")), path);
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_OLD_CERT_PATH")), path + QStringLiteral("\n--help"));
    QCOMPARE(env.value(QStringLiteral("CERTLIFE_DOMAINS")), domains);
    for (const char* suffix : {"", "-2", "-3", "-4", "-5"})
        QVERIFY2(!QFile::exists(trap + QLatin1String(suffix)), suffix);
}

void TestTaskRunner::refusalsAreRecordedWithTheirReason()
{
    Bench b;
    const QString script = b.scripts.writeRecorder(QStringLiteral("record.sh"), b.out);
    b.addTask(QStringLiteral("rebind"), script);
    // The script changes after it was pinned.
    b.scripts.write(QStringLiteral("record.sh"), readAllOf(script) + "touch /should-not-run\n");
    auto runner = b.runner();
    QList<TaskRun> runs = b.run(*runner, b.replaceEvent(1));
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().state, TaskRunState::Refused);
    QVERIFY2(runs.first().reason.startsWith(QStringLiteral("script: %1 changed since it was pinned").arg(script)),
             qPrintable(runs.first().reason));
    QVERIFY(!runs.first().startedAt.isValid());
    QVERIFY(!runs.first().nextAttemptAt.isValid()); // refusals are not retried
    QVERIFY(recordedFiles(b.out, QStringLiteral("argv")).isEmpty());

    // The certificate is no longer in its store (events can be forged).
    const QString ok = b.scripts.writeRecorder(QStringLiteral("ok.sh"), b.out);
    b.addTask(QStringLiteral("other"), ok);
    LifecycleEvent gone = b.replaceEvent(2);
    b.storeContent.clear();
    runs = b.run(*runner, gone);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(1).task, QStringLiteral("other"));
    QCOMPARE(runs.at(1).state, TaskRunState::Refused);
    QCOMPARE(runs.at(1).reason, QStringLiteral("certificate %1 is not (or no longer) in store My").arg(kNew));

    // It is there, but not with the details the event records.
    LifecycleEvent changed = b.replaceEvent(3);
    b.storeContent[kNew].notAfter = kNotAfter.addDays(1);
    runs = b.run(*runner, changed);
    QCOMPARE(runs.at(1).reason,
             QStringLiteral("certificate %1 in store My does not have the details the event records (notAfter differs)")
                 .arg(kNew));

    // No locator wired: nothing can be confirmed, nothing runs.
    TaskRunnerOptions options;
    TaskRunner blind(options, &b.registry, &b.log, b.clock);
    runs = QCoro::waitFor(blind.runEvent(b.replaceEvent(4)));
    QCOMPARE(
        runs.at(1).reason,
        QStringLiteral("cannot confirm that certificate %1 is still in store My: no certificate locator is configured")
            .arg(kNew));
    QVERIFY(recordedFiles(b.out, QStringLiteral("argv")).isEmpty());
}

void TestTaskRunner::timeoutKillsTheProcessGroup()
{
    Bench b;
    const QString pidFile = b.scripts.filePath(QStringLiteral("child.pid"));
    const QString script = b.scripts.write(
        QStringLiteral("hang.sh"), "#!/bin/bash\nsleep 300 &\necho $! > '" + QFile::encodeName(pidFile) + "'\nwait\n");
    NotificationTask t = b.addTask(QStringLiteral("hang"), script);
    t.timeoutSeconds = 1;
    QString error;
    QVERIFY(b.registry.update(t, &error));
    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, b.replaceEvent(9));
    QCOMPARE(runs.first().state, TaskRunState::TimedOut);
    QCOMPARE(runs.first().exitSignal, std::optional<int>(SIGTERM));
    QCOMPARE(runs.first().reason, QStringLiteral("did not finish within 1 s; the process group was stopped"));
    const qint64 child = readAllOf(pidFile).trimmed().toLongLong();
    QVERIFY(child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 20000);
}

void TestTaskRunner::runsOfOneTaskQueue()
{
    Bench b;
    b.policy.maxConcurrent = 4;
    const QString log = b.scripts.filePath(QStringLiteral("order.log"));
    const QString lock = b.scripts.filePath(QStringLiteral("lock"));
    const QByteArray body = "#!/bin/bash\nset -u\n"
                            "mkdir '"
        + QFile::encodeName(lock) + "' || echo overlap >> '" + QFile::encodeName(log)
        + "'\n"
          "echo \"start $CERTLIFE_EVENT_RECORD_ID\" >> '"
        + QFile::encodeName(log)
        + "'\n"
          "sleep 0.3\n"
          "echo \"end $CERTLIFE_EVENT_RECORD_ID\" >> '"
        + QFile::encodeName(log)
        + "'\n"
          "rmdir '"
        + QFile::encodeName(lock) + "'\n";
    b.addTask(QStringLiteral("serial"), b.scripts.write(QStringLiteral("serial.sh"), body));
    auto runner = b.runner();
    QList<qint64> ids = runner->submit(b.replaceEvent(1));
    ids += runner->submit(b.replaceEvent(2));
    ids += runner->submit(b.replaceEvent(3));
    QCOMPARE(ids.size(), 3);
    const QList<TaskRun> runs = QCoro::waitFor(runner->waitForRuns(ids));
    for (const TaskRun& r : runs)
        QVERIFY2(r.state == TaskRunState::Succeeded, qPrintable(r.outcomeText()));
    QCOMPARE(QString::fromUtf8(readAllOf(log)).split(QLatin1Char('\n'), Qt::SkipEmptyParts),
             QStringList({"start 1", "end 1", "start 2", "end 2", "start 3", "end 3"}));
}

void TestTaskRunner::concurrencyLimitHolds()
{
    Bench b;
    b.policy.maxConcurrent = 1;
    const QString log = b.scripts.filePath(QStringLiteral("order.log"));
    const QByteArray body = "#!/bin/bash\n"
                            "echo \"start $CERTLIFE_TASK\" >> '"
        + QFile::encodeName(log)
        + "'\nsleep 0.2\n"
          "echo \"end $CERTLIFE_TASK\" >> '"
        + QFile::encodeName(log) + "'\n";
    const QString script = b.scripts.write(QStringLiteral("one.sh"), body);
    b.addTask(QStringLiteral("a"), script);
    b.addTask(QStringLiteral("b"), script);
    b.addTask(QStringLiteral("c"), script);
    auto runner = b.runner();
    const QList<TaskRun> runs = b.run(*runner, b.replaceEvent(1));
    QCOMPARE(runs.size(), 3);
    const QStringList lines = QString::fromUtf8(readAllOf(log)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    for (int i = 0; i < 6; i += 2) { // every start is followed by its own end
        QVERIFY(lines.at(i).startsWith(QLatin1String("start ")));
        QCOMPARE(lines.at(i + 1), QStringLiteral("end ") + lines.at(i).mid(6));
    }
}

void TestTaskRunner::sameEventRecordNeverRunsTwice()
{
    Bench b;
    b.addTask(QStringLiteral("once"), b.scripts.writeRecorder(QStringLiteral("r.sh"), b.out));
    const LifecycleEvent e = b.replaceEvent(8);
    {
        auto runner = b.runner();
        QCOMPARE(b.run(*runner, e).size(), 1);
        QVERIFY(runner->submit(e).isEmpty());
    }
    // A restart: a new runner on a new connection to the same database.
    TaskRunLog reopened(Paths::eventLogFile(Scope::System));
    QString error;
    QVERIFY(reopened.open(&error));
    TaskRunnerOptions options;
    TaskRunner restarted(options, &b.registry, &reopened, b.clock);
    restarted.setCertificateLocator([&](Scope, const QString&, const QString&) {
        return std::optional<LocatedCertificate>(LocatedCertificate{QStringLiteral("My"), e.certificate});
    });
    QVERIFY(restarted.submit(e).isEmpty());
    QCOMPARE(restarted.recover(), 0);
    QVERIFY(restarted.isIdle());
    QCOMPARE(recordedFiles(b.out, QStringLiteral("argv")).size(), 1);
    QCOMPARE(reopened.runsForEvent(8).size(), 1);
}

void TestTaskRunner::interruptedRunIsMarkedAndRetried()
{
    Bench b;
    NotificationTask t = b.addTask(QStringLiteral("rebind"), b.scripts.writeRecorder(QStringLiteral("r.sh"), b.out));
    const LifecycleEvent e = b.replaceEvent(21);
    // A runner that crashed while the task ran: its row says "running", its owner is gone.
    qint64 id = 0;
    QString error;
    const QString deadOwner = QStringLiteral("00000000-0000-0000-0000-000000000000:999999:1");
    QCOMPARE(b.log.claim(t.name, e, 1, kNow, deadOwner, &id, &error), TaskRunLog::Claim::Claimed);
    QVERIFY(b.log.markRunning(id, kNow, t.pinnedSha256, &error));

    auto runner = b.runner();
    QCOMPARE(runner->recover(), 1);
    const TaskRun interrupted = *b.log.run(id);
    QCOMPARE(interrupted.state, TaskRunState::Interrupted);
    QVERIFY2(interrupted.reason.startsWith(QStringLiteral("interrupted: the runner that started it stopped")),
             qPrintable(interrupted.reason));
    QCOMPARE(interrupted.nextAttemptAt, kNow.addSecs(600));
    QCOMPARE(runner->processDueRetries(), 0); // not before the retry interval
    QVERIFY(recordedFiles(b.out, QStringLiteral("argv")).isEmpty());

    b.clock->advance(600);
    QCOMPARE(runner->processDueRetries(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(runner->isIdle(), 20000);
    const QList<TaskRun> runs = b.log.runsForEvent(21);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(1).attempt, 2);
    QCOMPARE(runs.at(1).state, TaskRunState::Succeeded);
    QCOMPARE(recordedFiles(b.out, QStringLiteral("argv")).size(), 1);
    QCOMPARE(runner->processDueRetries(), 0);
}

void TestTaskRunner::failedRunIsRetriedUpToTheCount()
{
    Bench b;
    NotificationTask t =
        b.addTask(QStringLiteral("flaky"), b.scripts.writeRecorder(QStringLiteral("r.sh"), b.out, "exit 3"));
    t.retries = 1;
    t.retryIntervalSeconds = 60;
    QString error;
    QVERIFY(b.registry.update(t, &error));
    auto runner = b.runner();
    const TaskRun first = b.run(*runner, b.replaceEvent(30)).first();
    QCOMPARE(first.state, TaskRunState::Failed);
    QCOMPARE(first.exitCode, std::optional<int>(3));
    QCOMPARE(first.reason, QStringLiteral("exit status 3"));
    QCOMPARE(first.nextAttemptAt, kNow.addSecs(60));
    b.clock->advance(60);
    QCOMPARE(runner->processDueRetries(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(runner->isIdle(), 20000);
    const QList<TaskRun> runs = b.log.runsForEvent(30);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(1).state, TaskRunState::Failed);
    QVERIFY(!runs.at(1).nextAttemptAt.isValid()); // 1 + 1 retry: no more
    b.clock->advance(3600);
    QCOMPARE(runner->processDueRetries(), 0);
    QCOMPARE(recordedFiles(b.out, QStringLiteral("argv")).size(), 2);
}

void TestTaskRunner::outputKeepsTheLast64KiB()
{
    Bench b;
    const QString script =
        b.scripts.write(QStringLiteral("chatty.sh"),
                        "#!/bin/bash\nhead -c 200000 /dev/zero | tr '\\0' x\necho >&2\necho THE-END >&2\n");
    b.addTask(QStringLiteral("chatty"), script);
    auto runner = b.runner();
    const TaskRun run = b.run(*runner, b.replaceEvent(1)).first();
    QCOMPARE(run.state, TaskRunState::Succeeded);
    QCOMPARE(run.output.size(), 64 * 1024);
    QVERIFY(run.output.endsWith("x\nTHE-END\n")); // stderr is merged in order
}

QTEST_GUILESS_MAIN(TestTaskRunner)
#include "TestTaskRunner.moc"
