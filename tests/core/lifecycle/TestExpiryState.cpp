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
    QTest::newRow("one second later") << utc(2025, 3, 1) << now.addSecs(-1) << now << 10 << 0
                                      << ExpiryState::Expired << qint64(-1);
    QTest::newRow("in 36 days, 1y lifetime: within 10 %")
        << utc(2025, 4, 5, 12) << utc(2026, 4, 6, 12) << now << 10 << 0 << ExpiryState::Expiring << qint64(36);
    QTest::newRow("in 20 days, percent off: within 30")
        << utc(2025, 3, 21) << utc(2026, 3, 21, 12) << now << 0 << 0 << ExpiryState::Within30 << qint64(20);
    QTest::newRow("in 20 days, days threshold 21")
        << utc(2025, 3, 21) << utc(2026, 3, 21, 12) << now << 0 << 21 << ExpiryState::Expiring << qint64(20);
    QTest::newRow("90-day cert with 45 left: 50 % left, within 60")
        << utc(2026, 1, 15, 12) << utc(2026, 4, 15, 12) << now << 10 << 0 << ExpiryState::Within60 << qint64(45);
    QTest::newRow("75 days left: within 90") << utc(2025, 1, 1) << utc(2026, 5, 15, 12) << now << 10 << 0
                                             << ExpiryState::Within90 << qint64(75);
    QTest::newRow("two years left: healthy") << utc(2026, 1, 1) << utc(2028, 3, 1) << now << 10 << 0
                                             << ExpiryState::Healthy << qint64(730);
    QTest::newRow("days beats percent when earlier")
        << utc(2026, 1, 1) << utc(2028, 3, 1) << now << 10 << 800 << ExpiryState::Expiring << qint64(730);
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

    const ExpiryEvaluator evaluator(ExpiryThreshold{percent, days}.asPolicy(), nullptr);
    const ExpiryInfo info = evaluateExpiry(notBefore.toSecsSinceEpoch(), notAfter.toSecsSinceEpoch(),
                                           now.toSecsSinceEpoch(), evaluator);
    QCOMPARE(expiryStateName(info.state), expiryStateName(state));
    QCOMPARE(info.daysLeft, daysLeft);
    QVERIFY(info.lifetimeLeftPercent >= 0 && info.lifetimeLeftPercent <= 100);
}

void TestExpiryState::stateKeysRoundTrip()
{
    for (int i = 0; i < kExpiryStateCount; ++i) {
        ExpiryState parsed{};
        QVERIFY(parseExpiryStateKey(expiryStateKey(ExpiryState(i)), &parsed));
        QCOMPARE(int(parsed), i);
    }
    ExpiryState unused{};
    QVERIFY(!parseExpiryStateKey(QStringLiteral("soon"), &unused));
}

QTEST_GUILESS_MAIN(TestExpiryState)
#include "TestExpiryState.moc"
