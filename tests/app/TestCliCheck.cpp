// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// `certlifectl check` as Nagios/Icinga runs it: the real binary, the plugin exit codes,
// the status line with perfdata, the policy's thresholds and the archived states.

#include "CertFactory.h"
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "util/Paths.h"

#include <QDir>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCliCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void exitCodesAndStatusLines_data();
    void exitCodesAndStatusLines();
    void policyThresholdIsTheDefaultWarning();
    void unreadableFileWarns();
    void archivedCertificatesAreNotCounted();
    void helpNamesTheExitCodes();

private:
    static CliRun check(const QStringList& args, const QString& now)
    {
        return runCli(QStringList{QStringLiteral("check")} + args, {QStringLiteral("CERTLIFE_NOW=") + now});
    }
    std::unique_ptr<TestEnvironment> m_env;
};

void TestCliCheck::init()
{
    m_env = std::make_unique<TestEnvironment>();
    // Valid 2026-01-01 to 2026-04-01 (90 days: the policy's 10 % is 9 days).
    CertSpec spec;
    spec.cn = QStringLiteral("shop.example.org");
    const QString store = Paths::defaultMyStore(Scope::System);
    QDir().mkpath(store);
    QVERIFY(writeFile(store + QStringLiteral("/shop.pem"), makeCertificate(spec).pem()));
}

void TestCliCheck::exitCodesAndStatusLines_data()
{
    QTest::addColumn<QString>("now");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("start");
    QTest::newRow("OK")
        << "2026-02-01T00:00:00Z" << QStringList() << 0
        << "CERTLIFE OK - 1 certificate, the soonest shop.example.org expires in 59 days | soonest_days=59;9:;0: "
           "'shop.example.org system/My'=59;9:;0: certificates=1;;;0 critical=0;;;0 expired=0;;;0 "
           "warning=0;;;0 ok=1;;;0 archived=0;;;0 read_errors=0;;;0\n";
    QTest::newRow("WARNING: inside the policy window")
        << "2026-03-25T00:00:00Z" << QStringList() << 1
        << "CERTLIFE WARNING - 1 warning of 1 certificates: shop.example.org (system/My) expires in 7 days | ";
    QTest::newRow("CRITICAL: expired")
        << "2026-04-03T00:00:00Z" << QStringList() << 2
        << "CERTLIFE CRITICAL - 1 critical (1 expired) of 1 certificates: shop.example.org (system/My) "
           "expired 2 days ago | soonest_days=-2;9:;0: ";
    QTest::newRow("--warning 60")
        << "2026-02-01T00:00:00Z" << QStringList{"--warning", "60"} << 1
        << "CERTLIFE WARNING - 1 warning of 1 certificates: shop.example.org (system/My) expires in 59 days "
           "| soonest_days=59;60:;0: ";
    QTest::newRow("--critical 60")
        << "2026-02-01T00:00:00Z" << QStringList{"--critical", "60", "--warning", "90"} << 2
        << "CERTLIFE CRITICAL - 1 critical of 1 certificates: shop.example.org (system/My) expires in 59 "
           "days | soonest_days=59;90:;60: ";
    QTest::newRow("--store My") << "2026-02-01T00:00:00Z" << QStringList{"--store", "My", "--scope", "system"} << 0
                                << "CERTLIFE OK - 1 certificate, the soonest shop.example.org";
    QTest::newRow("--scope user: another store") << "2026-04-03T00:00:00Z" << QStringList{"--scope", "user"} << 0
                                                 << "CERTLIFE OK - no certificates to check | certificates=0;;;0";
    QTest::newRow("no such store")
        << "2026-02-01T00:00:00Z" << QStringList{"--store", "web"} << 3
        << "CERTLIFE UNKNOWN - no store \"web\" in the system or user scopes (certlifectl store list)\n";
    QTest::newRow("store of the other scope")
        << "2026-02-01T00:00:00Z" << QStringList{"--store", "ssl-certs", "--scope", "user"} << 3
        << "CERTLIFE UNKNOWN - no store \"ssl-certs\" in the user scope";
    QTest::newRow("bad days")
        << "2026-02-01T00:00:00Z" << QStringList{"--warning", "soon"} << 3
        << "CERTLIFE UNKNOWN - --warning takes a whole number of days from 0 to 36500, not \"soon\"\n";
    QTest::newRow("bad scope") << "2026-02-01T00:00:00Z" << QStringList{"--scope", "both"} << 3
                               << "CERTLIFE UNKNOWN - --scope must be system or user";
    QTest::newRow("unknown option") << "2026-02-01T00:00:00Z" << QStringList{"--verbose"} << 3
                                    << "CERTLIFE UNKNOWN - bad arguments";
    QTest::newRow("bad CERTLIFE_NOW") << "yesterday" << QStringList() << 3 << "CERTLIFE UNKNOWN - ";
}

void TestCliCheck::exitCodesAndStatusLines()
{
    QFETCH(QString, now);
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, start);
    const CliRun r = check(args, now);
    QVERIFY2(r.out.startsWith(start), qPrintable(r.out + r.err));
    QCOMPARE(r.code, code);
    QCOMPARE(r.out.count(QLatin1Char('|')), code == 3 ? 0 : 1);
}

void TestCliCheck::policyThresholdIsTheDefaultWarning()
{
    // 27 days left: outside 10 % (9 days), inside ExpiryWarningDays=30.
    const QString now = QStringLiteral("2026-03-05T00:00:00Z");
    QCOMPARE(check({}, now).code, 0);
    QVERIFY(writeFile(Paths::policyFile(Scope::System), "[Policy]\nExpiryWarningDays=30\n"));
    const CliRun r = check({}, now);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.out.contains(QStringLiteral("soonest_days=27;30:;0: ")), qPrintable(r.out));
    // An explicit --warning wins over the policy.
    QCOMPARE(check({"--warning", "20"}, now).code, 0);
    // A machine policy that cannot be trusted is not silently replaced by the defaults.
    QFile::setPermissions(Paths::policyFile(Scope::System),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::WriteOther | QFile::ReadOther);
    const CliRun unsafe = check({}, now);
    QCOMPARE(unsafe.code, 3);
    QVERIFY2(unsafe.out.startsWith(QStringLiteral("CERTLIFE UNKNOWN - ") + Paths::policyFile(Scope::System)),
             qPrintable(unsafe.out));
}

void TestCliCheck::unreadableFileWarns()
{
    QVERIFY(writeFile(Paths::defaultMyStore(Scope::System) + QStringLiteral("/broken.pem"),
                      "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"));
    const CliRun r = check({"--scope", "system"}, QStringLiteral("2026-02-01T00:00:00Z"));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.out.startsWith(
                 QStringLiteral("CERTLIFE WARNING - 1 certificate, the soonest shop.example.org expires in 59 days; "
                                "1 file could not be read (")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("broken.pem")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral(" read_errors=1;;;0\n")));
}

void TestCliCheck::archivedCertificatesAreNotCounted()
{
    // A renewal beside the old certificate: same name, a year longer.
    CertSpec spec;
    spec.cn = QStringLiteral("shop.example.org");
    spec.serialHex = "0B";
    spec.notAfter = QDateTime(QDate(2027, 4, 1), QTime(0, 0), Qt::UTC);
    const QString store = Paths::defaultMyStore(Scope::System);
    const QString later = QStringLiteral("2026-05-01T00:00:00Z");
    // Alone, the expired certificate counts.
    CliRun r = check({"--scope", "system"}, later);
    QCOMPARE(r.code, 2);
    // Its renewal beside it: before any pass of the agent the engine's first-pass rule
    // already holds the old one archived, as the agent's first pass will.
    QVERIFY(writeFile(store + QStringLiteral("/shop-renewed.pem"), makeCertificate(spec).pem()));
    r = check({"--scope", "system"}, later);
    QVERIFY2(r.code == 0, qPrintable(r.out));
    // The agent's pass recognises the renewal (supersede) and archives the old one: the same.
    const CliRun pass = runCli({"watch", "--once", "--scope", "system", "--no-journal"},
                               {QStringLiteral("CERTLIFE_NOW=2026-02-01T00:00:00Z")});
    QVERIFY2(pass.code == 0, qPrintable(pass.err));
    r = check({"--scope", "system"}, later);
    QVERIFY2(r.code == 0, qPrintable(r.out));
    QVERIFY2(r.out.startsWith(
                 QStringLiteral("CERTLIFE OK - 1 certificate, the soonest shop.example.org expires in 335 days; "
                                "1 archived not counted | ")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral(" archived=1;;;0 ")));
}

void TestCliCheck::helpNamesTheExitCodes()
{
    const CliRun r = runCli({"check", "--help"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(
        QStringLiteral("Usage: certlifectl check [--store ID]... [--warning DAYS] [--critical DAYS]")));
    for (const char* text :
         {"Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN", "--warning <DAYS>", "--critical <DAYS>",
          "--store <ID>", "--scope <system|user>", "Archived certificates", "soonest_days"})
        QVERIFY2(r.out.contains(QLatin1String(text)), text);
    const CliRun scan = runCli({"scan", "--help"});
    QVERIFY2(scan.out.contains(QStringLiteral("certlifectl check")), qPrintable(scan.out));
    const CliRun top = runCli({"--help"});
    QVERIFY(top.out.contains(QStringLiteral("  check ")));
    QVERIFY(top.out.contains(QStringLiteral("  metrics ")));
}

QTEST_GUILESS_MAIN(TestCliCheck)
#include "TestCliCheck.moc"
