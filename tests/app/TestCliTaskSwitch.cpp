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
    void withoutNotifyOnlyNothingIsRecorded();
    void aFailedTaskShowsItsRetryAndFails();

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
    const QString script = scripts.writeRecorder(QStringLiteral("rebind.sh"), out, "echo \"rebound to $CERTLIFE_NEW_CERT_HASH\"");
    CliResult r = ctl(env, {"task", "new", "--type", "Replace", "--command", script, "--name", "rebind", "--channel", "System",
                            "--arg", "{OldCertHash}", "--arg", "{NewCertHash}", "--arg", "{Store}", "--arg", "{Subject}",
                            "--arg", "{NotAfter}"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    r = ctl(env, {"switch", "--old", certs.oldCert.thumbprint().toLower(), "--new", certs.newCert.thumbprint(), "--notify-only",
                  "--channel", "system"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QCOMPARE(r.out, QStringLiteral("Recorded Replace (1001, action replace) as record 1 in the System event log: %1 -> %2 in store My.\n"
                                   "task rebind (event record 1, attempt 1): succeeded (exit 0)\n"
                                   "  | rebound to %2\n").arg(certs.oldCert.thumbprint(), certs.newCert.thumbprint()));

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
    QVERIFY2(r.out.contains(QStringLiteral("run 1: event record 1 (1001), attempt 1: succeeded (exit 0)\n"
                                           "    queued 2026-06-01T08:00:00Z, started 2026-06-01T08:00:00Z, ended 2026-06-01T08:00:00Z\n"
                                           "    | rebound to %1\n").arg(certs.newCert.thumbprint())),
             qPrintable(r.out));
}

void TestCliTaskSwitch::withoutNotifyOnlyNothingIsRecorded()
{
    TestEnvironment env;
    const Pair certs = storeTwoCertificates();
    const CliResult r = ctl(env, {"switch", "--old", certs.oldCert.thumbprint(), "--new", certs.newCert.thumbprint(),
                                  "--channel", "system"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("certlifectl: switching certificates in the stores is not available in this build; use "
                                   "--notify-only to record the Replace event and run the tasks without changing the stores\n"));
    QVERIFY(!QFile::exists(Paths::eventLogFile(Scope::System)));
    QCOMPARE(ctl(env, {"switch", "--old", "XYZ", "--new", certs.newCert.thumbprint(), "--notify-only"}).exitCode, 2);
}

void TestCliTaskSwitch::aFailedTaskShowsItsRetryAndFails()
{
    TestEnvironment env;
    ScriptDir scripts;
    const Pair certs = storeTwoCertificates();
    const QString script = scripts.write(QStringLiteral("fail.sh"), "#!/bin/sh\necho 'nginx: config test failed' >&2\nexit 3\n");
    QCOMPARE(ctl(env, {"task", "new", "--type", "Replace", "--command", script, "--name", "flaky", "--channel", "System",
                       "--retries", "1", "--retry-interval", "120"}).exitCode, 0);
    // A task for another store does not run.
    QCOMPARE(ctl(env, {"task", "new", "--type", "Replace", "--command", script, "--name", "other", "--channel", "System",
                       "--filter-store", "Web"}).exitCode, 0);
    const CliResult r = ctl(env, {"switch", "--old", certs.oldCert.thumbprint(), "--new", certs.newCert.thumbprint(),
                                  "--notify-only", "--channel", "system"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.endsWith(QStringLiteral("task flaky (event record 1, attempt 1): failed (exit 3): exit status 3; attempt 2 is "
                                           "due at 2026-06-01T08:02:00Z (the agent retries it)\n"
                                           "  | nginx: config test failed\n")),
             qPrintable(r.out));
    QCOMPARE(r.err, QStringLiteral("certlifectl: not every task succeeded (see above)\n"));
}

QTEST_GUILESS_MAIN(TestCliTaskSwitch)
#include "TestCliTaskSwitch.moc"
