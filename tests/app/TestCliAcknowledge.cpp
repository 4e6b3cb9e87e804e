// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// `certlifectl ack|unack|mute|unmute` as an admin uses them: the real binary, what the
// listing, the event log and the counts (`check`, `report`) say afterwards, and the
// errors (unknown thumbprint, bad date, System scope without root, unknown store).

#include "CertFactory.h"
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "util/Paths.h"
#include "util/ProcessLock.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>
#include <memory>
#include <vector>

using namespace certlife;
using namespace certlife::test;

namespace {
const QString kNow = QStringLiteral("CERTLIFE_NOW=2026-03-25T00:00:00Z"); // the certificate is Expiring
}

class TestCliAcknowledge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void acknowledgeListCountAndUndo();
    void muteAStoreUntilADate();
    void clearErrors();
    void concurrentCommandsLoseNoMute();
    void aHeldLockMakesTheCommandWaitThenNameTheHolder();

private:
    static CliRun cli(const QStringList& args, bool unprivileged = false) { return runCli(args, {kNow}, unprivileged); }
    std::unique_ptr<TestEnvironment> m_env;
    QString m_thumbprint;
};

void TestCliAcknowledge::init()
{
    m_env = std::make_unique<TestEnvironment>();
    CertSpec spec; // 2026-01-01 to 2026-04-01: expiring from 2026-03-23
    spec.cn = QStringLiteral("shop.example.org");
    const GeneratedCert cert = makeCertificate(spec);
    m_thumbprint = cert.thumbprint();
    const QString store = Paths::defaultMyStore(Scope::User);
    QDir().mkpath(store);
    QVERIFY(writeFile(store + QStringLiteral("/shop.pem"), cert.pem()));
}

void TestCliAcknowledge::acknowledgeListCountAndUndo()
{
    const CliRun before = cli({QStringLiteral("check"), QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(before.code, 1); // WARNING
    const CliRun ack = cli({QStringLiteral("ack"), m_thumbprint.left(10), QStringLiteral("--note"),
                            QStringLiteral("renewal ordered"), QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(ack.err, QString());
    QCOMPARE(ack.code, 0);
    QVERIFY2(
        ack.out.startsWith(QStringLiteral("Acknowledged certificate \"shop.example.org\" (%1) until it changes by ")
                               .arg(m_thumbprint)),
        qPrintable(ack.out));
    QVERIFY(ack.out.contains(QStringLiteral(": renewal ordered (event 1201, record ")));

    const CliRun list = cli({QStringLiteral("ack"), QStringLiteral("--list"), QStringLiteral("--json"),
                             QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(list.code, 0);
    const QJsonObject entry = QJsonDocument::fromJson(list.out.toUtf8()).object();
    QCOMPARE(entry.value(QLatin1String("thumbprint")).toString(), m_thumbprint);
    QCOMPARE(entry.value(QLatin1String("note")).toString(), QStringLiteral("renewal ordered"));
    QCOMPARE(entry.value(QLatin1String("untilChanged")).toBool(), true);
    QCOMPARE(entry.value(QLatin1String("inForce")).toBool(), true);
    QVERIFY(!entry.value(QLatin1String("by")).toString().isEmpty());

    // Not counted any more: check is OK, report leaves it out unless asked.
    const CliRun after = cli({QStringLiteral("check"), QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(after.code, 0);
    QVERIFY2(after.out.contains(QStringLiteral("1 acknowledged or muted not counted")), qPrintable(after.out));
    const QString csv = m_env->path(QStringLiteral("report.csv"));
    const QStringList reportArgs{QStringLiteral("report"),  QStringLiteral("--kind"), QStringLiteral("certificates"),
                                 QStringLiteral("--scope"), QStringLiteral("user"),   QStringLiteral("--format"),
                                 QStringLiteral("csv"),     QStringLiteral("--out"),  csv};
    const CliRun report = cli(reportArgs);
    QCOMPARE(report.code, 0);
    QFile written(csv);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString leftOut = QString::fromUtf8(written.readAll());
    QVERIFY2(!leftOut.contains(QStringLiteral("shop.example.org")), qPrintable(leftOut));
    written.close();
    QCOMPARE(cli(reportArgs + QStringList{QStringLiteral("--include-acknowledged")}).code, 0);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString included = QString::fromUtf8(written.readAll());
    QVERIFY2(included.contains(QStringLiteral("Acknowledged")) && included.contains(QStringLiteral("shop.example.org")),
             qPrintable(included));

    // The event log: 1201, then 1202 once it is removed; `events --id` takes the new ids.
    QCOMPARE(cli({QStringLiteral("unack"), m_thumbprint, QStringLiteral("--scope"), QStringLiteral("user")}).code, 0);
    const CliRun events =
        cli({QStringLiteral("events"), QStringLiteral("--id"), QStringLiteral("1201-1202"), QStringLiteral("--json")});
    QCOMPARE(events.code, 0);
    const QStringList lines = events.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QJsonObject removed = QJsonDocument::fromJson(lines[0].toUtf8()).object(); // newest first
    const QJsonObject added = QJsonDocument::fromJson(lines[1].toUtf8()).object();
    QCOMPARE(removed.value(QLatin1String("eventId")).toInt(), 1202);
    QCOMPARE(removed.value(QLatin1String("action")).toString(), QStringLiteral("unacknowledge"));
    QCOMPARE(added.value(QLatin1String("eventId")).toInt(), 1201);
    QCOMPARE(added.value(QLatin1String("level")).toString(), QStringLiteral("Information"));
    QCOMPARE(added.value(QLatin1String("certificate")).toObject().value(QLatin1String("thumbprint")).toString(),
             m_thumbprint);
    QVERIFY(added.value(QLatin1String("message")).toString().contains(QStringLiteral("renewal ordered")));
    QCOMPARE(cli({QStringLiteral("check"), QStringLiteral("--scope"), QStringLiteral("user")}).code, 1);
    QCOMPARE(
        cli({QStringLiteral("ack"), QStringLiteral("--list"), QStringLiteral("--scope"), QStringLiteral("user")}).out,
        QStringLiteral("No certificate is acknowledged.\n"));
}

void TestCliAcknowledge::muteAStoreUntilADate()
{
    const CliRun mute =
        cli({QStringLiteral("mute"), QStringLiteral("--store"), QStringLiteral("My"), QStringLiteral("--until"),
             QStringLiteral("2026-03-27"), QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(mute.err, QString());
    QCOMPARE(mute.code, 0);
    QVERIFY(mute.out.startsWith(QStringLiteral("Muted store My until 2026-03-27T00:00:00Z by ")));
    QCOMPARE(cli({QStringLiteral("check"), QStringLiteral("--scope"), QStringLiteral("user")}).code, 0);
    // Lapsed on the date: warned about again.
    QCOMPARE(runCli({QStringLiteral("check"), QStringLiteral("--scope"), QStringLiteral("user")},
                    {QStringLiteral("CERTLIFE_NOW=2026-03-27T00:00:00Z")})
                 .code,
             1);
    const CliRun list = cli({QStringLiteral("mute"), QStringLiteral("--list")});
    QVERIFY2(list.out.contains(QStringLiteral("User  store My  (in force)")), qPrintable(list.out));
    const CliRun unmute = cli({QStringLiteral("unmute"), QStringLiteral("--store"), QStringLiteral("My"),
                               QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(unmute.code, 0);
    QVERIFY(unmute.out.startsWith(QStringLiteral("Unmuted store My by ")));
    const CliRun again = cli({QStringLiteral("unmute"), QStringLiteral("--store"), QStringLiteral("My"),
                              QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(again.code, 1);
    QVERIFY2(again.err.contains(QStringLiteral("store My is not acknowledged or muted in the User scope")),
             qPrintable(again.err));
}

void TestCliAcknowledge::clearErrors()
{
    const QStringList user{QStringLiteral("--scope"), QStringLiteral("user")};
    const CliRun unknown = cli(QStringList{QStringLiteral("ack"), QStringLiteral("0123456789ABCDEF")} + user);
    QCOMPARE(unknown.code, 1);
    QVERIFY2(unknown.err.contains(QStringLiteral("no certificate with thumbprint 0123456789ABCDEF in the stores of "
                                                 "the User scope")),
             qPrintable(unknown.err));
    const CliRun notHex = cli(QStringList{QStringLiteral("ack"), QStringLiteral("shop")} + user);
    QCOMPARE(notHex.code, 2);
    const CliRun badDate =
        cli(QStringList{QStringLiteral("ack"), m_thumbprint, QStringLiteral("--until"), QStringLiteral("next week")}
            + user);
    QCOMPARE(badDate.code, 2);
    QVERIFY(badDate.err.contains(QStringLiteral("--until: \"next week\" is not a date")));
    const CliRun past =
        cli(QStringList{QStringLiteral("ack"), m_thumbprint, QStringLiteral("--until"), QStringLiteral("2026-01-01")}
            + user);
    QCOMPARE(past.code, 2);
    QVERIFY(past.err.contains(QStringLiteral("is not in the future")));
    const CliRun system = cli({QStringLiteral("mute"), QStringLiteral("--store"), QStringLiteral("My"),
                               QStringLiteral("--scope"), QStringLiteral("system")},
                              true);
    QCOMPARE(system.code, 1);
    QVERIFY2(system.err.contains(QStringLiteral("needs root")), qPrintable(system.err));
    const CliRun noStore =
        cli(QStringList{QStringLiteral("mute"), QStringLiteral("--store"), QStringLiteral("nosuch")} + user);
    QCOMPARE(noStore.code, 1);
    QVERIFY(noStore.err.contains(QStringLiteral("monitors no store \"nosuch\"")));
    const CliRun both = cli(QStringList{QStringLiteral("mute")} + user);
    QCOMPARE(both.code, 2);
    // Nothing was written by the refusals.
    QVERIFY(!QFileInfo::exists(Paths::acknowledgementsFile(Scope::User)));
    QVERIFY(!QFileInfo::exists(Paths::acknowledgementsFile(Scope::System)));
}

namespace {
// certlifectl started, not waited for: several at once.
std::unique_ptr<QProcess> startCli(const QStringList& args)
{
    auto p = std::make_unique<QProcess>();
    QStringList environment = QProcessEnvironment::systemEnvironment().toStringList();
    environment << kNow;
    p->setEnvironment(environment);
    p->setProgram(binaryPath(QStringLiteral("certlifectl")));
    p->setArguments(args);
    p->start();
    return p;
}

QStringList mutedIssuers(const QString& jsonListing)
{
    QStringList issuers;
    for (const QJsonObject& mute : jsonLines(jsonListing))
        issuers << mute.value(QStringLiteral("issuer")).toString();
    issuers.sort();
    return issuers;
}
} // namespace

// Separate certlifectl processes changing acknowledgements.json at once (an admin's two
// shells, a configuration-management run): each is a read-modify-write, so without the
// lock between processes a later rename drops the other's entry. Every mute must be in
// the file and in the event log, once.
void TestCliAcknowledge::concurrentCommandsLoseNoMute()
{
    constexpr int kRounds = 3;
    constexpr int kAtOnce = 6;
    QStringList expected;
    for (int round = 0; round < kRounds; ++round) {
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int w = 0; w < kAtOnce; ++w) {
            const QString dn = QStringLiteral("CN=Writer %1-%2").arg(round).arg(w);
            expected << dn;
            writers.push_back(startCli({QStringLiteral("mute"), QStringLiteral("--issuer"), dn,
                                        QStringLiteral("--scope"), QStringLiteral("user")}));
        }
        for (const std::unique_ptr<QProcess>& p : writers) {
            QVERIFY(p->waitForFinished(60000));
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0,
                     qPrintable(QString::fromUtf8(p->readAllStandardError())));
        }
    }
    expected.sort();
    const CliRun list = cli({QStringLiteral("mute"), QStringLiteral("--list"), QStringLiteral("--json")});
    QCOMPARE(list.code, 0);
    QCOMPARE(mutedIssuers(list.out), expected);
    const CliRun events = cli({QStringLiteral("events"), QStringLiteral("--id"), QStringLiteral("1201"),
                               QStringLiteral("--limit"), QStringLiteral("0"), QStringLiteral("--json")});
    QCOMPARE(events.code, 0);
    int recorded = 0;
    for (const QJsonObject& e : jsonLines(events.out))
        if (e.value(QStringLiteral("message")).toString().contains(QStringLiteral("CN=Writer ")))
            ++recorded;
    QCOMPARE(recorded, kRounds * kAtOnce);
}

// Another process holds the lock (here: this test, through the same lock file): the
// command waits rather than overwrite; still held after the wait, it changes nothing and
// names the holder.
void TestCliAcknowledge::aHeldLockMakesTheCommandWaitThenNameTheHolder()
{
    const QString file = Paths::acknowledgementsFile(Scope::User);
    QDir().mkpath(QFileInfo(file).absolutePath());
    auto holder = std::make_unique<ProcessLock>(file + QStringLiteral(".lock"));
    QVERIFY(holder->tryLock());

    std::unique_ptr<QProcess> waiting =
        startCli({QStringLiteral("mute"), QStringLiteral("--issuer"), QStringLiteral("CN=Writer waits"),
                  QStringLiteral("--scope"), QStringLiteral("user")});
    QVERIFY(waiting->waitForStarted());
    QVERIFY(!waiting->waitForFinished(1500)); // waiting for the lock
    QVERIFY(!QFileInfo::exists(file));
    holder.reset();
    QVERIFY(waiting->waitForFinished(30000));
    QCOMPARE(waiting->exitCode(), 0);
    QCOMPARE(mutedIssuers(cli({QStringLiteral("mute"), QStringLiteral("--list"), QStringLiteral("--json")}).out),
             QStringList{QStringLiteral("CN=Writer waits")});

    // Held for longer than the command waits (10 s): one line naming the holder.
    holder = std::make_unique<ProcessLock>(file + QStringLiteral(".lock"));
    QVERIFY(holder->tryLock());
    const CliRun refused = cli({QStringLiteral("mute"), QStringLiteral("--issuer"), QStringLiteral("CN=Writer late"),
                                QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("nothing was changed")), qPrintable(refused.err));
    QVERIFY2(refused.err.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())),
             qPrintable(refused.err));
    holder.reset();
    QCOMPARE(mutedIssuers(cli({QStringLiteral("mute"), QStringLiteral("--list"), QStringLiteral("--json")}).out),
             QStringList{QStringLiteral("CN=Writer waits")});
}

QTEST_GUILESS_MAIN(TestCliAcknowledge)
#include "TestCliAcknowledge.moc"
