// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "LifecycleFixture.h"
#include "lifecycle/ExpiryState.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::ExpiryState)

// The console's expiry bins from a certificate's dates and a channel's threshold, and
// their stable keys.
class TestExpiryState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bins_data();
    void bins();
    void archivedWhateverTheDates();
    void longExpired_data();
    void longExpired();
    void stateKeysRoundTrip();
};

void TestExpiryState::bins_data()
{
    QTest::addColumn<QDateTime>("notBefore");
    QTest::addColumn<QDateTime>("notAfter");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<int>("percent");
    QTest::addColumn<int>("days");
    QTest::addColumn<ExpiryState>("state");
    QTest::addColumn<qint64>("daysLeft");

    const QDateTime now = utc(2026, 3, 1, 12);
    // One-year certificate: 10 % of its lifetime is 36.5 days.
    QTest::newRow("expired yesterday") << utc(2025, 3, 1) << utc(2026, 2, 28, 12) << now << 10 << 0
                                       << ExpiryState::Expired << qint64(-1);
    // notAfter is the last valid second, as the agent counts.
    QTest::newRow("last valid second") << utc(2025, 3, 1) << now << now << 10 << 0 << ExpiryState::Expiring
                                       << qint64(0);
    QTest::newRow("one second later") << utc(2025, 3, 1) << now.addSecs(-1) << now << 10 << 0 << ExpiryState::Expired
                                      << qint64(-1);
    QTest::newRow("in 36 days, 1y lifetime: within 10 %")
        << utc(2025, 4, 5, 12) << utc(2026, 4, 6, 12) << now << 10 << 0 << ExpiryState::Expiring << qint64(36);
    QTest::newRow("in 20 days, percent off: within 30")
        << utc(2025, 3, 21) << utc(2026, 3, 21, 12) << now << 0 << 0 << ExpiryState::Within30 << qint64(20);
    QTest::newRow("in 20 days, days threshold 21")
        << utc(2025, 3, 21) << utc(2026, 3, 21, 12) << now << 0 << 21 << ExpiryState::Expiring << qint64(20);
    QTest::newRow("90-day cert with 45 left: 50 % left, within 60")
        << utc(2026, 1, 15, 12) << utc(2026, 4, 15, 12) << now << 10 << 0 << ExpiryState::Within60 << qint64(45);
    QTest::newRow("75 days left: within 90")
        << utc(2025, 1, 1) << utc(2026, 5, 15, 12) << now << 10 << 0 << ExpiryState::Within90 << qint64(75);
    QTest::newRow("two years left: healthy")
        << utc(2026, 1, 1) << utc(2028, 3, 1) << now << 10 << 0 << ExpiryState::Healthy << qint64(730);
    QTest::newRow("days beats percent when earlier")
        << utc(2026, 1, 1) << utc(2028, 3, 1) << now << 10 << 800 << ExpiryState::Expiring << qint64(730);
    // ExpiryWarningMaxDays (default 90) caps the percent rule: a 20-year root with 120
    // days left is not Expiring (10 % would be 730 days), only Healthy.
    QTest::newRow("20-year root, 120 days left: capped, healthy")
        << utc(2006, 7, 1) << utc(2026, 6, 29, 12) << now << 10 << 0 << ExpiryState::Healthy << qint64(120);
    QTest::newRow("20-year root, 80 days left: inside the cap")
        << utc(2006, 7, 1) << utc(2026, 5, 20, 12) << now << 10 << 0 << ExpiryState::Expiring << qint64(80);
}

void TestExpiryState::bins()
{
    QFETCH(QDateTime, notBefore);
    QFETCH(QDateTime, notAfter);
    QFETCH(QDateTime, now);
    QFETCH(int, percent);
    QFETCH(int, days);
    QFETCH(ExpiryState, state);
    QFETCH(qint64, daysLeft);

    ExpiryThreshold threshold;
    threshold.percent = percent;
    threshold.days = days;
    const ExpiryInfo info =
        classifyExpiry(notBefore.toSecsSinceEpoch(), notAfter.toSecsSinceEpoch(), now.toSecsSinceEpoch(), threshold);
    QCOMPARE(expiryStateName(info.state), expiryStateName(state));
    QCOMPARE(info.daysLeft, daysLeft);
    QCOMPARE(info.remainingSeconds, notAfter.toSecsSinceEpoch() - now.toSecsSinceEpoch());
    QCOMPARE(info.needsAttention(), state == ExpiryState::Expired || state == ExpiryState::Expiring);
    QVERIFY(info.lifetimeLeftPercent >= 0 && info.lifetimeLeftPercent <= 100);
}

void TestExpiryState::archivedWhateverTheDates()
{
    const QDateTime now = utc(2026, 3, 1, 12);
    ExpiryStanding archived;
    archived.archived = true;
    archived.successor = Sha256Digest{0xAB};
    for (const QDateTime& notAfter : {utc(2026, 2, 1), utc(2026, 3, 5), utc(2027, 3, 1)}) {
        const ExpiryInfo info = classifyExpiry(utc(2025, 3, 1).toSecsSinceEpoch(), notAfter.toSecsSinceEpoch(),
                                               now.toSecsSinceEpoch(), ExpiryThreshold(), archived);
        QCOMPARE(expiryStateName(info.state), QStringLiteral("Archived"));
        QVERIFY(!info.needsAttention()); // no tile, no warning, no notification
        QVERIFY(info.successor == archived.successor);
        QCOMPARE(info.expired, notAfter < now); // the dates still read as they are
    }
    // An acknowledged certificate is Acknowledged, keeps its bin in timeBin and needs nothing.
    ExpiryStanding acknowledged;
    acknowledged.acknowledged = true;
    acknowledged.acknowledgedUntil = now.addDays(1).toSecsSinceEpoch();
    const ExpiryInfo info = classifyExpiry(utc(2025, 3, 1).toSecsSinceEpoch(), utc(2026, 2, 1).toSecsSinceEpoch(),
                                           now.toSecsSinceEpoch(), ExpiryThreshold(), acknowledged);
    QCOMPARE(expiryStateName(info.state), QStringLiteral("Acknowledged"));
    QCOMPARE(expiryStateName(info.timeBin), QStringLiteral("Expired"));
    QVERIFY(!info.needsAttention());
    // From its date on it is judged by its dates again.
    const ExpiryInfo lapsed = classifyExpiry(utc(2025, 3, 1).toSecsSinceEpoch(), utc(2026, 2, 1).toSecsSinceEpoch(),
                                             now.addDays(1).toSecsSinceEpoch(), ExpiryThreshold(), acknowledged);
    QCOMPARE(expiryStateName(lapsed.state), QStringLiteral("Expired"));
    QVERIFY(lapsed.needsAttention());
}

void TestExpiryState::longExpired_data()
{
    QTest::addColumn<QDateTime>("notAfter");
    QTest::addColumn<int>("longExpiredDays");
    QTest::addColumn<bool>("longExpired");
    // now = 2026-03-01T12:00:00Z
    QTest::newRow("not expired") << utc(2026, 3, 2) << 90 << false;
    QTest::newRow("expired yesterday") << utc(2026, 2, 28, 12) << 90 << false;
    QTest::newRow("exactly 90 days ago: not yet") << utc(2025, 12, 1, 12) << 90 << false;
    QTest::newRow("90 days and a second ago") << utc(2025, 12, 1, 12).addSecs(-1) << 90 << true;
    QTest::newRow("since 2016") << utc(2016, 5, 1) << 90 << true;
    QTest::newRow("since 2016, LongExpiredDays 0: never") << utc(2016, 5, 1) << 0 << false;
    QTest::newRow("10 days ago, LongExpiredDays 7") << utc(2026, 2, 19, 12) << 7 << true;
}

void TestExpiryState::longExpired()
{
    QFETCH(QDateTime, notAfter);
    QFETCH(int, longExpiredDays);
    QFETCH(bool, longExpired);
    ExpiryThreshold threshold;
    threshold.longExpiredDays = longExpiredDays;
    const ExpiryInfo info = classifyExpiry(utc(2010, 1, 1).toSecsSinceEpoch(), notAfter.toSecsSinceEpoch(),
                                           utc(2026, 3, 1, 12).toSecsSinceEpoch(), threshold);
    QCOMPARE(info.longExpired, longExpired);
    if (longExpired)
        QCOMPARE(expiryStateName(info.state), QStringLiteral("Expired")); // still counted as expired
}

void TestExpiryState::stateKeysRoundTrip()
{
    for (int i = 0; i < kExpiryStateCount; ++i) {
        ExpiryState parsed{};
        QVERIFY(parseExpiryStateKey(expiryStateKey(ExpiryState(i)), &parsed));
        QCOMPARE(int(parsed), i);
    }
    ExpiryState parsed{};
    QVERIFY(!parseExpiryStateKey(QStringLiteral("soon"), &parsed));
    QVERIFY(parseExpiryStateKey(QStringLiteral("Within-30"), &parsed)); // as the CLI's --state spells it
    QCOMPARE(parsed, ExpiryState::Within30);
    QVERIFY(parseExpiryStateKey(QStringLiteral("ARCHIVED"), &parsed));
    QCOMPARE(parsed, ExpiryState::Archived);
}

QTEST_GUILESS_MAIN(TestExpiryState)
#include "TestExpiryState.moc"
