// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCliTaskSwitch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void notifyOnlyRecordsTheEventAndRunsTheTask();
    void withoutNotifyOnlyNeedsAScanFirst();
    void withoutNotifyOnlyArchivesTheOldCertificate();
    void aFailedTaskShowsItsRetryAndFails();
    void filesNameTheCertificatesAndTheirPaths();
    void fileOptionsAreCheckedBeforeAnythingIsRecorded();

private:
    struct Pair
    {
        GeneratedCert oldCert;
        GeneratedCert newCert;
    };
    // Two certificates for the same name, both in the System "My" store.
    static Pair storeTwoCertificates()
    {
        CertSpec spec;
        spec.cn = QStringLiteral("shop.example.org");
        spec.serialHex = "0A";
        Pair p{makeCertificate(spec), {}};
        spec.serialHex = "0B";
        spec.notAfter = spec.notAfter.addYears(1);
        p.newCert = makeCertificate(spec);
        const QString store = Paths::defaultMyStore(Scope::System);
        QDir().mkpath(store);
        writeFile(store + QStringLiteral("/old.pem"), p.oldCert.pem());
        writeFile(store + QStringLiteral("/new.pem"), p.newCert.pem());
        return p;
    }
    static QStringList environment(const TestEnvironment& env)
    {
        return env.processEnvironment() << QStringLiteral("CERTLIFE_NOW=2026-06-01T08:00:00Z");
    }
    static CliResult ctl(const TestEnvironment& env, const QStringList& args)
    {
        return runCertlifectl(binaryPath(QStringLiteral("certlifectl")), args, environment(env));
    }
};

void TestCliTaskSwitch::notifyOnlyRecordsTheEventAndRunsTheTask()
{
    TestEnvironment env;
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const Pair certs = storeTwoCertificates();
    const QString out = scripts.filePath(QStringLiteral("out"));
    const QString script =
        scripts.writeRecorder(QStringLiteral("rebind.sh"), out, "echo \"rebound to $CERTLIFE_NEW_CERT_HASH\"");
    CliResult r = ctl(env, {"task",   "new",       "--type", "Replace",   "--command",     script,      "--name",
                            "rebind", "--channel", "System", "--arg",     "{OldCertHash}", "--arg",     "{NewCertHash}",
                            "--arg",  "{Store}",   "--arg",  "{Subject}", "--arg",         "{NotAfter}"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    r = ctl(env,
            {"switch", "--old", certs.oldCert.thumbprint().toLower(), "--new", certs.newCert.thumbprint(),
             "--notify-only", "--channel", "system"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QCOMPARE(r.out,
             QStringLiteral(
                 "Recorded Replace (1001, action replace) as record 1 in the System event log: %1 -> %2 in store My.\n"
                 "task rebind (event record 1, attempt 1): succeeded (exit 0)\n"
                 "  | rebound to %2\n")
                 .arg(certs.oldCert.thumbprint(), certs.newCert.thumbprint()));

    const QStringList argvFiles = recordedFiles(out, QStringLiteral("argv"));
    QCOMPARE(argvFiles.size(), 1);
    QCOMPARE(splitNul(readAllOf(argvFiles.first())),
             QStringList({certs.oldCert.thumbprint(), certs.newCert.thumbprint(), QStringLiteral("My"),
                          QStringLiteral("CN=shop.example.org"), QStringLiteral("2027-04-01T00:00:00Z")}));

    EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
    QString error;
    QVERIFY(log.openReadOnly(&error));
    const std::optional<LifecycleEvent> e = log.event(1);
    QVERIFY(e);
    QCOMPARE(e->id, EventId::Replace);
    QCOMPARE(e->action, Action::Replace);
    QCOMPARE(e->time, QDateTime(QDate(2026, 6, 1), QTime(8, 0), Qt::UTC));
    QCOMPARE(e->certificate.thumbprint, certs.newCert.thumbprint());
    QCOMPARE(e->oldCertificate->thumbprint, certs.oldCert.thumbprint());
    QCOMPARE(e->certificate.notAfter, QDateTime(QDate(2027, 4, 1), QTime(0, 0), Qt::UTC));
    QVERIFY(e->message.contains(QStringLiteral("--notify-only: the stores were not changed")));

    // Both certificates are still where they were.
    QVERIFY(QFile::exists(Paths::defaultMyStore(Scope::System) + QStringLiteral("/old.pem")));
    QVERIFY(QFile::exists(Paths::defaultMyStore(Scope::System) + QStringLiteral("/new.pem")));

    r = ctl(env, {"task", "show", "rebind"});
    QVERIFY2(
        r.out.contains(
            QStringLiteral("run 1: event record 1 (1001), attempt 1: succeeded (exit 0)\n"
                           "    queued 2026-06-01T08:00:00Z, started 2026-06-01T08:00:00Z, ended 2026-06-01T08:00:00Z\n"
                           "    | rebound to %1\n")
                .arg(certs.newCert.thumbprint())),
        qPrintable(r.out));
}

void TestCliTaskSwitch::withoutNotifyOnlyNeedsAScanFirst()
{
    TestEnvironment env;
    const Pair certs = storeTwoCertificates();
    const CliResult r = ctl(
        env,
        {"switch", "--old", certs.oldCert.thumbprint(), "--new", certs.newCert.thumbprint(), "--channel", "system"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err,
             QStringLiteral("certlifectl: no system snapshot yet: run a scan first (certlifectl watch --once)\n"));
    QVERIFY(!QFile::exists(Paths::eventLogFile(Scope::System)));
    QCOMPARE(ctl(env, {"switch", "--old", "XYZ", "--new", certs.newCert.thumbprint(), "--notify-only"}).exitCode, 2);
}

void TestCliTaskSwitch::withoutNotifyOnlyArchivesTheOldCertificate()
{
    TestEnvironment env;
    // Unrelated names: nothing but the switch makes the new one replace the old one.
    CertSpec spec;
    spec.cn = QStringLiteral("legacy.example.org");
    spec.notAfter = QDateTime(QDate(2026, 9, 1), QTime(0, 0), Qt::UTC); // healthy at "now" (2026-06-01)
    Pair certs{makeCertificate(spec), {}};
    spec.cn = QStringLiteral("shop.example.net");
    spec.notAfter = spec.notAfter.addYears(1);
    certs.newCert = makeCertificate(spec);
    const QString store = Paths::defaultMyStore(Scope::System);
    QDir().mkpath(store);
    QVERIFY(writeFile(store + QStringLiteral("/legacy.pem"), certs.oldCert.pem()));
    QVERIFY(writeFile(store + QStringLiteral("/shop.pem"), certs.newCert.pem()));
    QCOMPARE(ctl(env, {"watch", "--once", "--scope", "system", "--no-journal"}).exitCode, 0);

    const CliResult r = ctl(
        env,
        {"switch", "--old", certs.oldCert.thumbprint(), "--new", certs.newCert.thumbprint(), "--channel", "system"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
    QVERIFY(log.open());
    EventQuery q;
    q.ids = {EventId::Replace, EventId::Archived};
    const QList<LifecycleEvent> events = log.query(q); // newest first
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[1].id, EventId::Replace);
    QCOMPARE(events[1].action, QStringLiteral("replace"));
    QCOMPARE(events[1].oldCertificate->thumbprint, certs.oldCert.thumbprint());
    QCOMPARE(events[0].id, EventId::Archived);
    QCOMPARE(events[0].certificate.thumbprint, certs.oldCert.thumbprint());

    // Past the old certificate's notAfter (2026-09-01), the agent warns about nothing:
    // the old one is archived, the new one has a year left.
    const QStringList later = env.processEnvironment() << QStringLiteral("CERTLIFE_NOW=2026-10-01T00:00:00Z");
    QCOMPARE(runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                            {"watch", "--once", "--scope", "system", "--no-journal"}, later)
                 .exitCode,
             0);
    EventQuery expiry;
    expiry.ids = {EventId::Expired, EventId::CloseToExpiration};
    expiry.thumbprint = certs.oldCert.thumbprint();
    QCOMPARE(log.count(expiry), 0);
    // Without the switch the same pass would have logged 1002 for it: prove the check can fail.
    TestEnvironment other;
    QDir().mkpath(Paths::defaultMyStore(Scope::System));
    QVERIFY(writeFile(Paths::defaultMyStore(Scope::System) + QStringLiteral("/legacy.pem"), certs.oldCert.pem()));
    QCOMPARE(ctl(other, {"watch", "--once", "--scope", "system", "--no-journal"}).exitCode, 0);
    QCOMPARE(runCertlifectl(binaryPath(QStringLiteral("certlifectl")),
                            {"watch", "--once", "--scope", "system", "--no-journal"},
                            other.processEnvironment() << QStringLiteral("CERTLIFE_NOW=2026-10-01T00:00:00Z"))
                 .exitCode,
             0);
    EventLog otherLog(Paths::eventLogFile(Scope::System), Scope::System);
    QVERIFY(otherLog.open());
    QCOMPARE(otherLog.count(expiry), 1);
}

void TestCliTaskSwitch::aFailedTaskShowsItsRetryAndFails()
{
    TestEnvironment env;
    ScriptDir scripts;
    const Pair certs = storeTwoCertificates();
    const QString script =
        scripts.write(QStringLiteral("fail.sh"), "#!/bin/sh\necho 'nginx: config test failed' >&2\nexit 3\n");
    QCOMPARE(ctl(env,
                 {"task", "new", "--type", "Replace", "--command", script, "--name", "flaky", "--channel", "System",
                  "--retries", "1", "--retry-interval", "120"})
                 .exitCode,
             0);
    // A task for another store does not run.
    QCOMPARE(ctl(env,
                 {"task", "new", "--type", "Replace", "--command", script, "--name", "other", "--channel", "System",
                  "--filter-store", "Web"})
                 .exitCode,
             0);
    const CliResult r = ctl(env,
                            {"switch", "--old", certs.oldCert.thumbprint(), "--new", certs.newCert.thumbprint(),
                             "--notify-only", "--channel", "system"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.endsWith(
                 QStringLiteral("task flaky (event record 1, attempt 1): failed (exit 3): exit status 3; attempt 2 is "
                                "due at 2026-06-01T08:02:00Z (the agent retries it)\n"
                                "  | nginx: config test failed\n")),
             qPrintable(r.out));
    QCOMPARE(r.err, QStringLiteral("certlifectl: not every task succeeded (see above)\n"));
}

void TestCliTaskSwitch::filesNameTheCertificatesAndTheirPaths()
{
    TestEnvironment env;
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const Pair certs = storeTwoCertificates();
    // A copy of the old certificate under a name a shell would love: the path given is the
    // path the task gets, one argument, never interpreted.
    const QString oldFile = env.path(QStringLiteral("gone $(touch pwned) `id`;\n'x\".pem"));
    QVERIFY(writeFile(oldFile, certs.oldCert.pem() + "\n# trailing text\n"));
    const QString newFile = Paths::defaultMyStore(Scope::System) + QStringLiteral("/new.pem");
    const QString out = scripts.filePath(QStringLiteral("out"));
    const QString script = scripts.writeRecorder(QStringLiteral("rebind.sh"), out);
    QCOMPARE(ctl(env, {"task",   "new",       "--type", "Replace",       "--command",     script,     "--name",
                       "rebind", "--channel", "System", "--arg",         "{OldCertPath}", "--arg",    "{NewCertPath}",
                       "--arg",  "{Path}",    "--arg",  "{OldCertHash}", "--arg",         "{Domains}"})
                 .exitCode,
             0);
    const CliResult r =
        ctl(env, {"switch", "--old-file", oldFile, "--new-file", newFile, "--notify-only", "--channel", "system"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.startsWith(
                 QStringLiteral("Recorded Replace (1001, action replace) as record 1 in the System event log: %1 -> %2")
                     .arg(certs.oldCert.thumbprint(), certs.newCert.thumbprint())),
             qPrintable(r.out));
    const QStringList argvFiles = recordedFiles(out, QStringLiteral("argv"));
    QCOMPARE(argvFiles.size(), 1);
    QCOMPARE(splitNul(readAllOf(argvFiles.first())),
             QStringList({oldFile, newFile, newFile, certs.oldCert.thumbprint(), QString()}));
    const QHash<QString, QString> environment =
        environmentOf(readAllOf(recordedFiles(out, QStringLiteral("env")).first()));
    QCOMPARE(environment.value(QStringLiteral("CERTLIFE_OLD_CERT_PATH")), oldFile);
    QCOMPARE(environment.value(QStringLiteral("CERTLIFE_NEW_CERT_PATH")), newFile);
    QCOMPARE(environment.value(QStringLiteral("CERTLIFE_CERT_PATH")), newFile);
    QVERIFY(!QFile::exists(QStringLiteral("/pwned")) && !QFile::exists(env.path(QStringLiteral("pwned"))));

    EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
    QVERIFY(log.openReadOnly());
    const std::optional<LifecycleEvent> e = log.event(1);
    QVERIFY(e);
    QCOMPARE(e->oldCertificate->path, oldFile);
    QCOMPARE(e->oldCertificate->subject, QStringLiteral("CN=shop.example.org"));
    QCOMPARE(e->certificate.path, newFile);
}

void TestCliTaskSwitch::fileOptionsAreCheckedBeforeAnythingIsRecorded()
{
    TestEnvironment env;
    const Pair certs = storeTwoCertificates();
    const QString newFile = Paths::defaultMyStore(Scope::System) + QStringLiteral("/new.pem");
    const QString notACert = env.path(QStringLiteral("key.txt"));
    QVERIFY(writeFile(notACert, "just text\n"));
    struct Case
    {
        QStringList args;
        int code;
        QString err;
    };
    const QList<Case> cases{
        {{"--old", certs.oldCert.thumbprint(), "--old-file", newFile, "--new-file", newFile},
         2,
         "certlifectl: give either --old HASH or --old-file FILE\nusage: "},
        {{"--new-file", newFile}, 2, "certlifectl: give either --old HASH or --old-file FILE\nusage: "},
        {{"--old", certs.oldCert.thumbprint(), "--new-file", env.path(QStringLiteral("missing.pem"))},
         1,
         "certlifectl: --new-file: "},
        {{"--old", certs.oldCert.thumbprint(), "--new-file", notACert},
         1,
         QStringLiteral("certlifectl: --new-file: %1 holds no certificate").arg(notACert)},
        {{"--old-file", newFile, "--new", certs.newCert.thumbprint()},
         2,
         QStringLiteral("certlifectl: the old and the new certificate are the same (%1)\n")
             .arg(certs.newCert.thumbprint())},
    };
    for (const Case& c : cases) {
        const CliResult r = ctl(env, QStringList{"switch", "--notify-only", "--channel", "system"} + c.args);
        QVERIFY2(r.exitCode == c.code, qPrintable(c.args.join(' ') + QStringLiteral(": ") + r.err));
        QVERIFY2(r.err.startsWith(c.err), qPrintable(r.err));
    }
    QVERIFY(!QFile::exists(Paths::eventLogFile(Scope::System)));
    const CliResult help = ctl(env, {"switch", "--help"});
    QVERIFY(help.out.contains(QStringLiteral("--old-file <FILE>")));
    QVERIFY(help.out.contains(
        QStringLiteral("certlifectl switch --old-file \"$OLD\" --new-file \"$RENEWED_LINEAGE/cert.pem\"")));
}

QTEST_GUILESS_MAIN(TestCliTaskSwitch)
#include "TestCliTaskSwitch.moc"
