// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The plugin's verdict and output: states at the thresholds' edges, the guidelines'
// format (one status line, perfdata after '|'), and hostile certificate fields that must
// not forge a line, a state or a perfdata value.

#include "monitoring/NagiosCheck.h"

#include <QRegularExpression>
#include <QTest>

using namespace certlife;

namespace {

constexpr qint64 kDay = 86400;
constexpr qint64 kNow = 1780000000; // 2026-05-28T20:26:40Z

// As the classifier judges it: the policy window given, long expired after 90 days.
ClassifiedCertificate status(const QString& cn, qint64 remainingSeconds, qint64 windowSeconds = 9 * kDay,
                             bool archived = false)
{
    ClassifiedCertificate s;
    s.scope = Scope::System;
    s.storeId = QStringLiteral("My");
    s.stored.path = QStringLiteral("/etc/ssl/%1.pem").arg(cn);
    s.stored.certificate.subjectCN = cn;
    s.stored.certificate.subject = QStringLiteral("CN=") + cn;
    s.stored.certificate.notBeforeSecs = kNow - 80 * kDay;
    s.stored.certificate.notAfterSecs = kNow + remainingSeconds;
    s.expiry.remainingSeconds = remainingSeconds;
    s.expiry.daysLeft = remainingSeconds >= 0 ? remainingSeconds / kDay : -((-remainingSeconds + kDay - 1) / kDay);
    s.expiry.expired = remainingSeconds < 0;
    s.expiry.longExpired = remainingSeconds < -90 * kDay;
    s.expiry.state = archived               ? ExpiryState::Archived
        : remainingSeconds < 0              ? ExpiryState::Expired
        : remainingSeconds <= windowSeconds ? ExpiryState::Expiring
                                            : ExpiryState::Healthy;
    s.expiry.warningWindowSeconds = windowSeconds;
    return s;
}

} // namespace

class TestNagiosCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stateAtTheThresholds_data();
    void stateAtTheThresholds();
    void okLineHasPerfdataForTheSoonest();
    void worstStateWinsAndEveryProblemGetsALine();
    void archivedCertificatesAreNotCounted();
    void linesAreMostUrgentFirst();
    void readErrorsWarn();
    void unknownSaysWhy();
    void hostileNamesCannotForgeOutput();
};

void TestNagiosCheck::stateAtTheThresholds_data()
{
    QTest::addColumn<qint64>("remaining");
    QTest::addColumn<int>("warning");  // -1: unset (policy window of 9 days)
    QTest::addColumn<int>("critical"); // -1: unset (expired)
    QTest::addColumn<bool>("archived");
    QTest::addColumn<int>("state");
    QTest::newRow("healthy") << 30 * kDay << -1 << -1 << false << int(CheckState::Ok);
    QTest::newRow("just outside the policy window") << 9 * kDay + 1 << -1 << -1 << false << int(CheckState::Ok);
    QTest::newRow("at the policy window") << 9 * kDay << -1 << -1 << false << int(CheckState::Warning);
    QTest::newRow("last second") << qint64(0) << -1 << -1 << false << int(CheckState::Warning);
    QTest::newRow("expired") << qint64(-1) << -1 << -1 << false << int(CheckState::Critical);
    QTest::newRow("--warning 30 at 30 days") << 30 * kDay << 30 << -1 << false << int(CheckState::Warning);
    QTest::newRow("--warning 30 replaces the window") << 31 * kDay << 30 << -1 << false << int(CheckState::Ok);
    QTest::newRow("--warning 3 inside the window") << 5 * kDay << 3 << -1 << false << int(CheckState::Ok);
    QTest::newRow("--critical 7 at 7 days") << 7 * kDay << -1 << 7 << false << int(CheckState::Critical);
    QTest::newRow("--critical 7 at 7 days and a second")
        << 7 * kDay + 1 << -1 << 7 << false << int(CheckState::Warning);
    QTest::newRow("--critical 0 before the end") << qint64(1) << 30 << 0 << false << int(CheckState::Warning);
    QTest::newRow("archived and expired") << -100 * kDay << -1 << -1 << true << int(CheckState::Ok);
}

void TestNagiosCheck::stateAtTheThresholds()
{
    QFETCH(qint64, remaining);
    QFETCH(int, warning);
    QFETCH(int, critical);
    QFETCH(bool, archived);
    QFETCH(int, state);
    CheckThresholds t;
    if (warning >= 0)
        t.warningDays = warning;
    if (critical >= 0)
        t.criticalDays = critical;
    QCOMPARE(int(certificateCheckState(status(QStringLiteral("a"), remaining, 9 * kDay, archived), t)), state);
}

void TestNagiosCheck::okLineHasPerfdataForTheSoonest()
{
    CheckInput input;
    for (int i = 0; i < 7; ++i)
        input.certificates << status(QStringLiteral("c%1.example").arg(i), (40 + i) * kDay);
    const CheckResult r = evaluateCheck(input);
    QCOMPARE(r.state, CheckState::Ok);
    QCOMPARE(r.text,
             QStringLiteral(
                 "CERTLIFE OK - 7 certificates, the soonest c0.example expires in 40 days | soonest_days=40;9:;0: "
                 "'c0.example system/My'=40;9:;0: 'c1.example system/My'=41;9:;0: 'c2.example system/My'=42;9:;0: "
                 "'c3.example system/My'=43;9:;0: 'c4.example system/My'=44;9:;0: "
                 "certificates=7;;;0 critical=0;;;0 expired=0;;;0 warning=0;;;0 ok=7;;;0 archived=0;;;0 "
                 "read_errors=0;;;0\n"));
}

void TestNagiosCheck::worstStateWinsAndEveryProblemGetsALine()
{
    CheckInput input;
    input.thresholds.warningDays = 21;
    input.certificates << status(QStringLiteral("ok.example"), 60 * kDay)
                       << status(QStringLiteral("warn.example"), 20 * kDay)
                       << status(QStringLiteral("old.example"), -3 * kDay - 5);
    const CheckResult r = evaluateCheck(input);
    QCOMPARE(r.state, CheckState::Critical);
    const QStringList lines = r.text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(
        lines[0].startsWith(QStringLiteral("CERTLIFE CRITICAL - 1 critical (1 expired), 1 warning of 3 certificates: "
                                           "old.example (system/My) expired 4 days ago; warn.example (system/My) "
                                           "expires in 20 days | soonest_days=-4;21:;0: ")),
        qPrintable(lines[0]));
    QVERIFY2(lines[0].endsWith(QStringLiteral("certificates=3;;;0 critical=1;;;0 expired=1;;;0 warning=1;;;0 ok=1;;;0 "
                                              "archived=0;;;0 read_errors=0;;;0")),
             qPrintable(lines[0]));
    QVERIFY2(lines[1].startsWith(
                 QStringLiteral("CRITICAL: old.example in system/My (/etc/ssl/old.example.pem) expired 4 days "
                                "ago, notAfter ")),
             qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(QStringLiteral("WARNING: warn.example in system/My")), qPrintable(lines[2]));
}

void TestNagiosCheck::archivedCertificatesAreNotCounted()
{
    CheckInput input;
    input.certificates << status(QStringLiteral("live.example"), 50 * kDay)
                       << status(QStringLiteral("old.example"), -40 * kDay, 9 * kDay, true);
    const CheckResult r = evaluateCheck(input);
    QCOMPARE(r.state, CheckState::Ok);
    QVERIFY2(
        r.text.startsWith(QStringLiteral("CERTLIFE OK - 1 certificate, the soonest live.example expires in 50 days; "
                                         "1 archived not counted | soonest_days=50;")),
        qPrintable(r.text));
    QVERIFY(!r.text.contains(QStringLiteral("old.example")));
    QVERIFY(r.text.contains(QStringLiteral(" archived=1;;;0 ")));
}

void TestNagiosCheck::linesAreMostUrgentFirst()
{
    // As the console's default order: expiring soonest, then recently expired (newest
    // first), then what expired long ago; the perfdata stays soonest first.
    CheckInput input;
    input.certificates << status(QStringLiteral("root.example"), -400 * kDay)
                       << status(QStringLiteral("week.example"), -7 * kDay)
                       << status(QStringLiteral("soon.example"), 4 * kDay)
                       << status(QStringLiteral("day.example"), -kDay);
    const CheckResult r = evaluateCheck(input);
    QCOMPARE(r.state, CheckState::Critical);
    const QStringList lines = r.text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY2(lines[1].startsWith(QStringLiteral("WARNING: soon.example")), qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(QStringLiteral("CRITICAL: day.example")), qPrintable(lines[2]));
    QVERIFY2(lines[3].startsWith(QStringLiteral("CRITICAL: week.example")), qPrintable(lines[3]));
    QVERIFY2(lines[4].startsWith(QStringLiteral("CRITICAL: root.example")), qPrintable(lines[4]));
    QVERIFY2(lines[0].contains(
                 QStringLiteral(": soon.example (system/My) expires in 4 days; day.example (system/My) expired "
                                "less than a day ago; week.example")),
             qPrintable(lines[0]));
    QVERIFY2(lines[0].contains(QStringLiteral("| soonest_days=-400;")), qPrintable(lines[0]));
}

void TestNagiosCheck::readErrorsWarn()
{
    CheckInput input;
    input.certificates << status(QStringLiteral("live.example"), 50 * kDay);
    input.readErrors = 2;
    input.firstReadError = QStringLiteral("/etc/ssl/bad.pem: not a certificate");
    const CheckResult r = evaluateCheck(input);
    QCOMPARE(r.state, CheckState::Warning);
    QVERIFY2(r.text.contains(QStringLiteral("; 2 files could not be read (/etc/ssl/bad.pem: not a certificate) |")),
             qPrintable(r.text));
    QVERIFY(r.text.contains(QStringLiteral(" read_errors=2;;;0\n")));
}

void TestNagiosCheck::unknownSaysWhy()
{
    CheckInput input;
    input.certificates << status(QStringLiteral("old.example"), -kDay); // would be CRITICAL
    input.unknown << QStringLiteral("no store \"web\" in the system scope") << QStringLiteral("second reason");
    const CheckResult r = evaluateCheck(input);
    QCOMPARE(r.state, CheckState::Unknown);
    QCOMPARE(r.text, QStringLiteral("CERTLIFE UNKNOWN - no store \"web\" in the system scope\nsecond reason\n"));
}

void TestNagiosCheck::hostileNamesCannotForgeOutput()
{
    CheckInput input;
    const QString cn = QStringLiteral("evil | x=1;2;3 %2 'q'\nCERTLIFE OK - all fine\x1b[2J");
    input.certificates << status(cn, 2 * kDay);
    const CheckResult r = evaluateCheck(input);
    QCOMPARE(r.state, CheckState::Warning);
    const QStringList lines = r.text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2); // the status line and the certificate's line: nothing forged
    QCOMPARE(lines[0].count(QLatin1Char('|')), 1);
    QCOMPARE(lines[1].count(QLatin1Char('|')), 0);
    QVERIFY(!r.text.contains(QChar(0x1b)));
    const QString perf = lines[0].section(QLatin1Char('|'), 1);
    // Every perfdata item is label=value[;warn;crit;min]: the name cannot add one.
    static const QRegularExpression item(QStringLiteral("^(?:[a-z_]+|'[^'=]*')=-?\\d+(?:;[^; ]*){2,3}$"));
    const QStringList items = perf.trimmed().split(QRegularExpression(QStringLiteral(" (?=[a-z_]+=|')")));
    QCOMPARE(items.size(), 9); // soonest_days, one certificate, seven counts
    for (const QString& i : items)
        QVERIFY2(item.match(i).hasMatch(), qPrintable(i));
    QVERIFY2(items[1].startsWith(QStringLiteral("'evil _ x_1;2;3 %2 _q__CERTLIFE OK - all fine_[2J system/My'=2;")),
             qPrintable(items[1]));
}

QTEST_GUILESS_MAIN(TestNagiosCheck)
#include "TestNagiosCheck.moc"
