// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskFixture.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "tasks/ScriptAdvice.h"
#include "tasks/TaskAdmin.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskTest.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// What `certlifectl task` and the console's Tasks page share (TaskAdmin, ScriptAdvice,
// TaskTest): registering pins the script, an edit keeps the pin, a repin takes only
// the content that was reviewed, each refusal comes with a fix, and a test run records
// its event and runs the one task as switch --notify-only does.
class TestTaskAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void registerPinsAndRefusesWhatCouldNotRun();
    void editKeepsThePinUntilARepin();
    void theConsolePinsOnlyTheHashItShowed();
    void repinTakesOnlyTheReviewedContent();
    void everyRefusalComesWithAFix();
    void testRunRecordsTheEventAndRunsTheTask();

private:
    NotificationTask replaceTask(const QString& name, const QString& command) const
    {
        NotificationTask t;
        t.name = name;
        t.channel = Scope::User;
        t.command = command;
        t.arguments = {QStringLiteral("{OldCertHash}"), QStringLiteral("{NewCertHash}")};
        return t;
    }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ScriptDir> m_dir;
};

void TestTaskAdmin::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_dir = std::make_unique<ScriptDir>();
    QVERIFY2(m_dir->problem().isEmpty(), qPrintable(m_dir->problem()));
}

void TestTaskAdmin::registerPinsAndRefusesWhatCouldNotRun()
{
    const QString script = m_dir->write(QStringLiteral("rebind.sh"), "#!/bin/sh\nexit 0\n");
    TaskChange change = registerTask(replaceTask(QStringLiteral("rebind"), script), ScriptPin::CheckedNow);
    QVERIFY2(change.ok(), qPrintable(change.error));
    QCOMPARE(change.task.pinnedSha256, sha256OfFile(script));
    TaskRegistry registry(Scope::User);
    QVERIFY(registry.load());
    QCOMPARE(registry.task(QStringLiteral("rebind"))->pinnedSha256, sha256OfFile(script));

    change = registerTask(replaceTask(QStringLiteral("rebind"), script), ScriptPin::CheckedNow);
    QCOMPARE(change.status, TaskChange::Status::Failed);
    QVERIFY2(change.error.contains(QStringLiteral("already exists")), qPrintable(change.error));

    NotificationTask bad = replaceTask(QStringLiteral("bad"), script);
    bad.arguments << QStringLiteral("{Subjct}");
    change = registerTask(bad, ScriptPin::CheckedNow);
    QCOMPARE(change.status, TaskChange::Status::Invalid);
    QVERIFY(change.error.startsWith(QStringLiteral("argument 3 \"{Subjct}\": unknown placeholder {Subjct}")));

    const QString open = m_dir->write(QStringLiteral("open.sh"), "#!/bin/sh\n", 0777);
    change = registerTask(replaceTask(QStringLiteral("open"), open), ScriptPin::CheckedNow);
    QCOMPARE(change.status, TaskChange::Status::ScriptRefused);
    QCOMPARE(change.error, QStringLiteral("script: %1 is writable by group or others (mode 0777)").arg(open));
    QVERIFY(!QFile::exists(registry.filePath(QStringLiteral("open"))));
}

void TestTaskAdmin::editKeepsThePinUntilARepin()
{
    const QString script = m_dir->write(QStringLiteral("a.sh"), "#!/bin/sh\necho v1\n");
    QVERIFY(registerTask(replaceTask(QStringLiteral("t"), script), ScriptPin::CheckedNow).ok());
    const QString v1 = sha256OfFile(script);
    m_dir->write(QStringLiteral("a.sh"), "#!/bin/sh\necho v2\n");

    // Changing the timeout must not slip the changed script past review.
    NotificationTask edited = replaceTask(QStringLiteral("t"), script);
    edited.timeoutSeconds = 60;
    TaskChange change = updateTask(edited, ScriptPin::CheckedNow);
    QVERIFY2(change.ok(), qPrintable(change.error));
    TaskRegistry registry(Scope::User);
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("t"))->timeoutSeconds, 60);
    QCOMPARE(registry.task(QStringLiteral("t"))->pinnedSha256, v1);

    // A new command is checked and pinned, as a new registration is.
    const QString other = m_dir->write(QStringLiteral("b.sh"), "#!/bin/sh\necho b\n");
    edited.command = other;
    change = updateTask(edited, ScriptPin::CheckedNow);
    QVERIFY2(change.ok(), qPrintable(change.error));
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("t"))->pinnedSha256, sha256OfFile(other));

    QString error;
    QVERIFY(setTaskEnabled(Scope::User, QStringLiteral("t"), false, &error));
    registry.load();
    QVERIFY(!registry.task(QStringLiteral("t"))->enabled);
    QCOMPARE(registry.task(QStringLiteral("t"))->timeoutSeconds, 60);
}

void TestTaskAdmin::theConsolePinsOnlyTheHashItShowed()
{
    // The dialog showed the hash of v1; the script became v2 before OK was pressed.
    const QString script = m_dir->write(QStringLiteral("s.sh"), "#!/bin/sh\necho v1\n");
    const QString shown = sha256OfFile(script);
    m_dir->write(QStringLiteral("s.sh"), "#!/bin/sh\necho v2\n");
    NotificationTask task = replaceTask(QStringLiteral("s"), script);
    task.pinnedSha256 = shown;
    TaskChange change = registerTask(task, ScriptPin::Reviewed);
    QCOMPARE(change.status, TaskChange::Status::ScriptRefused);
    QVERIFY2(change.error.startsWith(QStringLiteral("the script changed since it was checked: review it again")),
             qPrintable(change.error));
    TaskRegistry registry(Scope::User);
    QVERIFY(!QFile::exists(registry.filePath(QStringLiteral("s"))));

    // What the admin saw is what is pinned.
    task.pinnedSha256 = sha256OfFile(script);
    change = registerTask(task, ScriptPin::Reviewed);
    QVERIFY2(change.ok(), qPrintable(change.error));
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("s"))->pinnedSha256, sha256OfFile(script));

    // An edit to a new command takes the same care.
    const QString other = m_dir->write(QStringLiteral("o.sh"), "#!/bin/sh\necho o1\n");
    task.command = other;
    task.pinnedSha256 = sha256OfFile(other);
    m_dir->write(QStringLiteral("o.sh"), "#!/bin/sh\necho o2\n");
    change = updateTask(task, ScriptPin::Reviewed);
    QCOMPARE(change.status, TaskChange::Status::ScriptRefused);
    QVERIFY2(change.error.startsWith(QStringLiteral("the script changed since it was checked")),
             qPrintable(change.error));
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("s"))->command, script);
}

void TestTaskAdmin::repinTakesOnlyTheReviewedContent()
{
    const QString script = m_dir->write(QStringLiteral("r.sh"), "#!/bin/sh\necho v1\n");
    QVERIFY(registerTask(replaceTask(QStringLiteral("r"), script), ScriptPin::CheckedNow).ok());
    const QString v1 = sha256OfFile(script);
    QString error;
    std::optional<FoundTask> found = findTask(QStringLiteral("r"), std::nullopt, &error);
    QVERIFY(found);
    QVERIFY(!previewRepin(*found).changed());

    m_dir->write(QStringLiteral("r.sh"), "#!/bin/sh\necho v2\n");
    const RepinPreview preview = previewRepin(*found);
    QVERIFY(preview.changed());
    QCOMPARE(preview.pinnedSha256, v1);
    QCOMPARE(preview.currentSha256, sha256OfFile(script));

    // Changed again after the review: refused, the pin stays.
    m_dir->write(QStringLiteral("r.sh"), "#!/bin/sh\necho v3\n");
    QVERIFY(!repinTask(Scope::User, QStringLiteral("r"), preview.currentSha256, &error));
    QVERIFY2(error.contains(QStringLiteral("changed again since it was reviewed")), qPrintable(error));
    QCOMPARE(findTask(QStringLiteral("r"), Scope::User, &error)->task.pinnedSha256, v1);

    const QString v3 = sha256OfFile(script);
    QVERIFY2(repinTask(Scope::User, QStringLiteral("r"), v3, &error), qPrintable(error));
    QCOMPARE(findTask(QStringLiteral("r"), Scope::User, &error)->task.pinnedSha256, v3);
}

void TestTaskAdmin::everyRefusalComesWithAFix()
{
    const ScriptGuard guard(TrustRule::forScope(Scope::System));
    auto adviceFor = [&](const QString& path) {
        QString reason;
        if (guard.inspect(path, &reason))
            return QStringLiteral("accepted");
        return scriptFixAdvice(reason, Scope::System);
    };
    const QString open = m_dir->write(QStringLiteral("open script.sh"), "#!/bin/sh\n", 0757);
    QCOMPARE(adviceFor(open), QStringLiteral("chmod go-w '%1'").arg(open));
    const QString notExec = m_dir->write(QStringLiteral("noexec.sh"), "#!/bin/sh\n", 0600);
    QCOMPARE(adviceFor(notExec), QStringLiteral("chmod u+x %1").arg(notExec));
    QCOMPARE(adviceFor(m_dir->filePath(QStringLiteral("missing.sh"))),
             QStringLiteral("check the path; the script must exist before the task is registered"));
    QCOMPARE(adviceFor(QStringLiteral("relative/x.sh")),
             QStringLiteral("enter the full path, starting with /, without '.', '..' or '//'"));
    const QString sub = m_dir->path() + QStringLiteral("/shared");
    m_dir->write(QStringLiteral("shared/x.sh"), "#!/bin/sh\n");
    ::chmod(QFile::encodeName(sub).constData(), 0777);
    QCOMPARE(adviceFor(sub + QStringLiteral("/x.sh")), QStringLiteral("chmod go-w %1").arg(sub));
    ::chmod(QFile::encodeName(sub).constData(), 01777);
    QCOMPARE(adviceFor(sub + QStringLiteral("/x.sh")),
             QStringLiteral("move the script out of %1 (anyone may create files there) into a directory only root can "
                            "write, such as /usr/local/sbin")
                 .arg(sub));
    ::chmod(QFile::encodeName(sub).constData(), 0700);
    const QString target = m_dir->write(QStringLiteral("real.sh"), "#!/bin/sh\n");
    QVERIFY(QFile::link(target, m_dir->filePath(QStringLiteral("link.sh"))));
    QCOMPARE(adviceFor(m_dir->filePath(QStringLiteral("link.sh"))),
             QStringLiteral("enter the real path instead: %1").arg(target));
    const QString other = m_dir->write(QStringLiteral("nobody.sh"), "#!/bin/sh\n");
    QVERIFY(::chown(QFile::encodeName(other).constData(), 65534, 65534) == 0 || ::geteuid() != 0);
    if (::geteuid() == 0)
        QCOMPARE(adviceFor(other), QStringLiteral("chown root: %1").arg(other));
    // A directory owned by someone else (a home, a shared place) is not handed to root:
    // the script moves out of it.
    const QString home = m_dir->path() + QStringLiteral("/alice");
    m_dir->write(QStringLiteral("alice/x.sh"), "#!/bin/sh\n");
    if (::geteuid() == 0) {
        QVERIFY(::chown(QFile::encodeName(home).constData(), 65534, 65534) == 0);
        QCOMPARE(adviceFor(home + QStringLiteral("/x.sh")),
                 QStringLiteral("move the script out of %1 (it belongs to someone else) into a directory only root can "
                                "write, such as /usr/local/sbin")
                     .arg(home));
    }
    QCOMPARE(
        scriptFixAdvice(QStringLiteral("script: directory /home/alice is owned by alice (1000), expected you (1001)"),
                        Scope::User),
        QStringLiteral("move the script out of /home/alice (it belongs to someone else) into a directory only you "
                       "can write, such as ~/.local/bin"));
    const QString badInterpreter = m_dir->write(QStringLiteral("interp.sh"), "#!/no/such/shell\n");
    QCOMPARE(adviceFor(badInterpreter),
             QStringLiteral("fix the #! line: name an interpreter by its absolute path, e.g. #!/bin/sh"));
    // What the #! line runs passes through someone else's directory: the script is
    // fine where it is, its #! line is not.
    QCOMPARE(scriptFixAdvice(QStringLiteral("interpreter: directory /home/alice/venv is owned by uid 1000, expected "
                                            "root (uid 0)"),
                             Scope::System),
             QStringLiteral("name an interpreter in directories only root can change on the #! line, such as "
                            "#!/usr/bin/python3 or #!/bin/sh: /home/alice/venv could be changed by someone else"));
    const QString envNoCommand = m_dir->write(QStringLiteral("env.sh"), "#!/usr/bin/env -i\n");
    QCOMPARE(adviceFor(envNoCommand),
             QStringLiteral("fix the #! line: name an interpreter by its absolute path, e.g. #!/bin/sh"));
}

void TestTaskAdmin::testRunRecordsTheEventAndRunsTheTask()
{
    const QString out = m_dir->path() + QStringLiteral("/out");
    const QString script = m_dir->writeRecorder(QStringLiteral("rec.sh"), out, "echo \"rebinding $1 -> $2\"");
    QVERIFY(registerTask(replaceTask(QStringLiteral("rec"), script), ScriptPin::CheckedNow).ok());
    // Another matching task does not run: a test is for one task.
    const QString bystander =
        m_dir->writeRecorder(QStringLiteral("other.sh"), m_dir->path() + QStringLiteral("/other"));
    QVERIFY(registerTask(replaceTask(QStringLiteral("other"), bystander), ScriptPin::CheckedNow).ok());

    LocatedCertificate cert;
    cert.storeId = QStringLiteral("My");
    cert.details.thumbprint = QString(40, QLatin1Char('A'));
    cert.details.sha256 = QString(64, QLatin1Char('B'));
    cert.details.subject = QStringLiteral("CN=www.example.com");
    cert.details.subjectCN = QStringLiteral("www.example.com");
    cert.details.notAfter = QDateTime(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
    LocatedCertificate old = cert;
    old.details.thumbprint = QString(40, QLatin1Char('C'));
    const auto clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
    QString error;
    const std::optional<FoundTask> rec = findTask(QStringLiteral("rec"), Scope::User, &error);
    QVERIFY2(rec, qPrintable(error));
    const LifecycleEvent event = taskTestEvent(rec->task, {cert, old}, clock->now());
    QCOMPARE(event.id, EventId::Replace);
    QCOMPARE(event.action, Action::Replace);
    QVERIFY(event.message.contains(QStringLiteral("test of task rec from the console")));

    const CertificateLocator locator = [cert](Scope, const QString&,
                                              const QString& thumbprint) -> std::optional<LocatedCertificate> {
        if (thumbprint == cert.details.thumbprint)
            return cert;
        return std::nullopt;
    };
    const TaskTestResult result = QCoro::waitFor(runTaskTest(QStringLiteral("rec"), event, locator, clock));
    QVERIFY2(result.run, qPrintable(result.error));
    QCOMPARE(result.run->state, TaskRunState::Succeeded);
    QCOMPARE(
        result.run->output,
        QByteArray("rebinding CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC -> AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"));
    QVERIFY(result.event.recordId > 0);
    QCOMPARE(recordedFiles(out, QStringLiteral("argv")).size(), 1);
    QVERIFY(!QDir(m_dir->path() + QStringLiteral("/other")).exists()
            || recordedFiles(m_dir->path() + QStringLiteral("/other"), QStringLiteral("argv")).isEmpty());

    // The event is in the channel's log, as switch --notify-only leaves it.
    EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
    QVERIFY(log.openReadOnly());
    EventQuery q;
    q.channel = Scope::User;
    const QList<LifecycleEvent> logged = log.query(q);
    QCOMPARE(logged.size(), 1);
    QCOMPARE(logged.first().recordId, result.event.recordId);
    QCOMPARE(logged.first().oldCertificate->thumbprint, old.details.thumbprint);

    // A disabled task is not run, and says why.
    QVERIFY(setTaskEnabled(Scope::User, QStringLiteral("rec"), false, &error));
    const TaskTestResult disabled = QCoro::waitFor(runTaskTest(QStringLiteral("rec"), event, locator, clock));
    QVERIFY(!disabled.run);
    QCOMPARE(disabled.error, QStringLiteral("task rec is disabled: enable it to test it"));

    // A refused test records nothing: no orphan event for a task that did not run.
    const TaskTestResult unknown = QCoro::waitFor(runTaskTest(QStringLiteral("gone"), event, locator, clock));
    QVERIFY(!unknown.run);
    QCOMPARE(unknown.error, QStringLiteral("there is no User task named \"gone\" any more"));
    NotificationTask filtered = replaceTask(QStringLiteral("filtered"), bystander);
    filtered.filterSubject = QStringLiteral("mail.example.com");
    QVERIFY(registerTask(filtered, ScriptPin::CheckedNow).ok());
    const TaskTestResult unmatched = QCoro::waitFor(runTaskTest(QStringLiteral("filtered"), event, locator, clock));
    QVERIFY(!unmatched.run);
    QVERIFY2(unmatched.error.contains(QStringLiteral("does not react to this event")), qPrintable(unmatched.error));
    QCOMPARE(log.query(q).size(), 1);
}

QTEST_GUILESS_MAIN(TestTaskAdmin)
#include "TestTaskAdmin.moc"
