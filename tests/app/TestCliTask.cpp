// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCliTask : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newListShowDisableRemove();
    void newRefusesBadDefinitionsAndScripts();
    void repinAcceptsTheNewContent();
    void runForExistingFiresEachChainToItsEnd();
    void showSaysWhyTheRunsCannotBeRead();

private:
    static CliResult ctl(const TestEnvironment& env, const QStringList& args)
    {
        return runCertlifectl(binaryPath(QStringLiteral("certlifectl")), args, env.processEnvironment());
    }
};

void TestCliTask::newListShowDisableRemove()
{
    TestEnvironment env;
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString script = scripts.write(QStringLiteral("rebind.sh"), "#!/bin/sh\nexit 0\n");
    const QString pin = sha256OfFile(script);
    CliResult r =
        ctl(env,
            {"task", "new", "--type", "Replace", "--command", script, "--name", "rebind", "--channel", "System",
             "--arg", "{OldCertHash}", "--arg", "--new={NewCertHash}", "--filter-store", "My", "--timeout", "90"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString file = Paths::tasksDir(Scope::System) + QStringLiteral("/rebind.task");
    QCOMPARE(r.out,
             QStringLiteral("Registered System task rebind (Replace): %1\nPinned SHA-256: %2\nFile: %3\n")
                 .arg(script, pin, file));

    TaskRegistry registry(Scope::System);
    QVERIFY(registry.load());
    const NotificationTask t = *registry.task(QStringLiteral("rebind"));
    QCOMPARE(t.arguments, QStringList({"{OldCertHash}", "--new={NewCertHash}"}));
    QCOMPARE(t.filterStore, QStringLiteral("My"));
    QCOMPARE(t.timeoutSeconds, 90);
    QCOMPARE(t.retries, 3);
    QCOMPARE(t.pinnedSha256, pin);

    // A reused name is an error, as on Windows; the first task is untouched.
    r = ctl(env, {"task", "new", "--type", "Expire", "--command", script, "--name", "rebind", "--channel", "System"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("certlifectl: a task named \"rebind\" already exists (%1)\n").arg(file));
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("rebind"))->type, TaskType::Replace);

    r = ctl(env, {"task", "list", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject listed = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(listed.value(QStringLiteral("tasks")).toArray().size(), 1);
    const QJsonObject first = listed.value(QStringLiteral("tasks")).toArray().first().toObject();
    QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("rebind"));
    QCOMPARE(first.value(QStringLiteral("sha256")).toString(), pin);
    QCOMPARE(first.value(QStringLiteral("file")).toString(), file);

    r = ctl(env, {"task", "show", "rebind"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Argument 2:       --new={NewCertHash}\n")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("Filters:          store My\n")));
    QVERIFY(r.out.contains(QStringLiteral("Pinned SHA-256:   %1\n").arg(pin)));
    QVERIFY(r.out.endsWith(QStringLiteral("No runs yet.\n")));

    QCOMPARE(ctl(env, {"task", "disable", "rebind"}).exitCode, 0);
    registry.load();
    QVERIFY(!registry.task(QStringLiteral("rebind"))->enabled);
    r = ctl(env, {"task", "list"});
    QVERIFY2(r.out.contains(QRegularExpression(
                 QStringLiteral("\nrebind +System +Replace +no +never +%1\n").arg(QRegularExpression::escape(script)))),
             qPrintable(r.out));
    QCOMPARE(ctl(env, {"task", "enable", "rebind"}).exitCode, 0);
    registry.load();
    QVERIFY(registry.task(QStringLiteral("rebind"))->enabled);

    // A task file others could change is refused (and named) by every command.
    ::chmod(QFile::encodeName(file).constData(), 0666);
    r = ctl(env, {"task", "list"});
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(
        r.err,
        QStringLiteral("certlifectl: refused: task file: %1 is writable by group or others (mode 0666)\n").arg(file));
    r = ctl(env, {"task", "show", "rebind"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err,
             QStringLiteral("certlifectl: task file: %1 is writable by group or others (mode 0666)\n").arg(file));
    // … and can still be removed.
    r = ctl(env, {"task", "remove", "rebind", "--channel", "System"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(!QFile::exists(file));
    r = ctl(env, {"task", "show", "rebind"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("certlifectl: no task named \"rebind\"\n"));
}

void TestCliTask::newRefusesBadDefinitionsAndScripts()
{
    TestEnvironment env;
    ScriptDir scripts;
    const QString script = scripts.write(QStringLiteral("s.sh"), "#!/bin/sh\n");
    CliResult r = ctl(env,
                      {"task", "new", "--type", "Replace", "--command", script, "--name", "x", "--channel", "System",
                       "--arg", "{OldCertHash}", "--arg", "{Subjct}"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(QStringLiteral("certlifectl: argument 2 \"{Subjct}\": unknown placeholder {Subjct}")),
             qPrintable(r.err));
    r = ctl(env, {"task", "new", "--type", "Renew", "--command", script, "--name", "x", "--channel", "System"});
    QCOMPARE(r.exitCode, 2);
    r = ctl(env, {"task", "new", "--type", "Expire", "--command", script, "--name", "../x", "--channel", "System"});
    QCOMPARE(r.exitCode, 2);
    r = ctl(env,
            {"task", "new", "--type", "Expire", "--command", script, "--name", "x", "--channel", "System",
             "--run-for-existing"});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("certlifectl: run-for-existing applies to Replace tasks only\n"));
    r = ctl(env, {"task", "new", "--type", "Expire", "--command", "bin/s.sh", "--name", "x", "--channel", "System"});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err, QStringLiteral("certlifectl: command \"bin/s.sh\" is not an absolute path\n"));

    ::chmod(QFile::encodeName(script).constData(), 0777);
    r = ctl(env, {"task", "new", "--type", "Expire", "--command", script, "--name", "x", "--channel", "System"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err,
             QStringLiteral("certlifectl: not registered, the script would be refused: script: %1 is writable by "
                            "group or others (mode 0777)\n")
                 .arg(script));
    QVERIFY(!QFile::exists(Paths::tasksDir(Scope::System) + QStringLiteral("/x.task")));
}

void TestCliTask::repinAcceptsTheNewContent()
{
    TestEnvironment env;
    ScriptDir scripts;
    const QString script = scripts.write(QStringLiteral("s.sh"), "#!/bin/sh\necho v1\n");
    const QString v1 = sha256OfFile(script);
    QCOMPARE(ctl(env, {"task", "new", "--type", "Expire", "--command", script, "--name", "warn", "--channel", "User"})
                 .exitCode,
             0);
    scripts.write(QStringLiteral("s.sh"), "#!/bin/sh\necho v2\n");
    const QString v2 = sha256OfFile(script);
    CliResult r = ctl(env, {"task", "repin", "warn"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out,
             QStringLiteral("Script:         %1\nOld SHA-256:    %2\nNew SHA-256:    %3\n"
                            "Repinned User task warn: the new content will run.\n")
                 .arg(script, v1, v2));
    TaskRegistry registry(Scope::User);
    registry.load();
    QCOMPARE(registry.task(QStringLiteral("warn"))->pinnedSha256, v2);
    r = ctl(env, {"task", "repin", "warn"});
    QVERIFY(r.out.endsWith(QStringLiteral("Unchanged: the pin already matches the script.\n")));
}

void TestCliTask::runForExistingFiresEachChainToItsEnd()
{
    TestEnvironment env;
    ScriptDir scripts;
    const QString out = scripts.filePath(QStringLiteral("out"));
    const QString script = scripts.writeRecorder(QStringLiteral("rebind.sh"), out);
    // A -> B -> C recorded in the history; C is in the My store today.
    CertSpec spec;
    spec.cn = QStringLiteral("www.example.org");
    spec.serialHex = "01";
    const GeneratedCert a = makeCertificate(spec);
    spec.serialHex = "02";
    const GeneratedCert b = makeCertificate(spec);
    spec.serialHex = "03";
    const GeneratedCert c = makeCertificate(spec);
    QDir().mkpath(Paths::defaultMyStore(Scope::System));
    QVERIFY(writeFile(Paths::defaultMyStore(Scope::System) + QStringLiteral("/www.pem"), c.pem()));
    {
        EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
        QString error;
        QVERIFY2(log.open(&error), qPrintable(error));
        QList<LifecycleEvent> events;
        const QList<QPair<const GeneratedCert*, const GeneratedCert*>> links{{&a, &b}, {&b, &c}};
        for (const auto& [from, to] : links) {
            LifecycleEvent e;
            e.id = EventId::Replace;
            e.time = QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC);
            e.action = Action::Renew;
            e.storeId = QStringLiteral("My");
            e.certificate = CertificateDetails::from(parseCertificateData(to->der).certificates.first());
            e.oldCertificate = CertificateDetails::from(parseCertificateData(from->der).certificates.first());
            events << e;
        }
        QVERIFY2(log.append(events, &error), qPrintable(error));
    }
    const CliResult r = ctl(env,
                            {"task", "new", "--type", "Replace", "--command", script, "--name", "rebind", "--channel",
                             "System", "--arg", "{OldCertHash}", "--arg", "{NewCertHash}", "--run-for-existing"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("Running rebind for 2 renewal chain(s) in the event history.\n")),
             qPrintable(r.out));
    QSet<QStringList> fired;
    for (const QString& f : recordedFiles(out, QStringLiteral("argv")))
        fired.insert(splitNul(readAllOf(f)));
    QCOMPARE(fired, (QSet<QStringList>{{a.thumbprint(), c.thumbprint()}, {b.thumbprint(), c.thumbprint()}}));
    QCOMPARE(recordedFiles(out, QStringLiteral("argv")).size(), 2);
}

void TestCliTask::showSaysWhyTheRunsCannotBeRead()
{
    TestEnvironment env;
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString script = scripts.write(QStringLiteral("s.sh"), "#!/bin/sh\nexit 0\n");
    QCOMPARE(ctl(env, {"task", "new", "--type", "Expire", "--command", script, "--name", "x", "--channel", "System"})
                 .exitCode,
             0);
    CliResult r = ctl(env, {"task", "show", "x"});
    QVERIFY(r.out.endsWith(QStringLiteral("No runs yet.\n"))); // no log yet: nothing wrong

    // A log that is there but cannot be read (here: not a database; for a user, one
    // only root may read) is not a task that never ran.
    const QString log = Paths::eventLogFile(Scope::System);
    QVERIFY(writeFile(log, QByteArray(4096, 'x')));
    r = ctl(env, {"task", "show", "x"});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.out.contains(QStringLiteral("Command:          %1\n").arg(script)), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral("No runs yet")), qPrintable(r.out));
    QVERIFY2(
        r.err.startsWith(QStringLiteral("certlifectl: runs not shown: cannot read the task runs in %1: ").arg(log)),
        qPrintable(r.err));
    r = ctl(env, {"task", "show", "x", "--json"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QString());
    r = ctl(env, {"task", "list"});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\nx +System +Expire +yes +unknown "))),
             qPrintable(r.out));
    QVERIFY2(r.err.contains(log), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCliTask)
#include "TestCliTask.moc"
