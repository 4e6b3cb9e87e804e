// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "LifecycleFixture.h"
#include "TestEnvironment.h"
#include "lifecycle/ExpiryEvaluator.h"
#include "lifecycle/LifecycleEngine.h"
#include "util/Clock.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

// Expiry warnings from real files: certificate A (s1/a.pem) lives 90 days, from
// 2026-01-01 to 2026-04-01, so 10 % of its lifetime is 9 days: the window opens at
// 2026-03-23T00:00:00Z.
class TestExpiryEvaluator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { namedCertificates(); }
    void thresholds_data();
    void thresholds();
    void renotifiesAfterTheIntervalAndNotBefore();
    void renotifyZeroMeansOnce();
    void expiredSupersedesCloseToExpiration();
    void archivedCertificatesAreSkipped();
    void existingCertbotArchiveStaysQuiet();
    void oneEventPerCertificateAcrossStores();
    void eventsComeStoreByStoreInPathOrder();
    void stateSurvivesAnEngineRestart();
    void windowArithmetic_data();
    void windowArithmetic();
};

void TestExpiryEvaluator::thresholds_data()
{
    QTest::addColumn<int>("percent");
    QTest::addColumn<int>("days");
    QTest::addColumn<bool>("logExpiryEvents");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<qint64>("remaining"); // of the event, when there is one

    const qint64 day = 86400;
    QTest::newRow("10%: 9 days + 1 s left: quiet")
        << 10 << 0 << true << utc(2026, 3, 22, 23, 59, 59) << QString() << qint64(0);
    QTest::newRow("10%: 9 days left: warns")
        << 10 << 0 << true << utc(2026, 3, 23) << QStringLiteral("1003 - s1 A@a.pem") << 9 * day;
    QTest::newRow("30 days warns earlier than 10%")
        << 10 << 30 << true << utc(2026, 3, 2) << QStringLiteral("1003 - s1 A@a.pem") << 30 * day;
    QTest::newRow("30 days + 1 s: quiet") << 10 << 30 << true << utc(2026, 3, 1, 23, 59, 59) << QString() << qint64(0);
    QTest::newRow("50% (45 days) beats 30 days")
        << 50 << 30 << true << utc(2026, 2, 15) << QStringLiteral("1003 - s1 A@a.pem") << 45 * day;
    QTest::newRow("last valid second") << 10 << 0 << true << utc(2026, 4, 1) << QStringLiteral("1003 - s1 A@a.pem")
                                       << qint64(0);
    QTest::newRow("1 s past notAfter: expired")
        << 10 << 0 << true << utc(2026, 4, 1, 0, 0, 1) << QStringLiteral("1002 - s1 A@a.pem") << qint64(-1);
    QTest::newRow("not yet valid: quiet") << 10 << 0 << true << utc(2025, 12, 1) << QString() << qint64(0);
    QTest::newRow("LogExpiryEvents=false: no 1003") << 10 << 0 << false << utc(2026, 3, 25) << QString() << qint64(0);
    QTest::newRow("LogExpiryEvents=false: no 1002") << 10 << 0 << false << utc(2026, 5, 1) << QString() << qint64(0);
}

void TestExpiryEvaluator::thresholds()
{
    QFETCH(int, percent);
    QFETCH(int, days);
    QFETCH(bool, logExpiryEvents);
    QFETCH(QDateTime, now);
    QFETCH(QString, expected);
    QFETCH(qint64, remaining);
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    Policy policy;
    policy.expiryWarningPercent = percent;
    policy.expiryWarningDays = days;
    policy.logExpiryEvents = logExpiryEvents;
    LifecycleEngine engine(std::make_shared<FixedClock>(now), policy);
    const QList<LifecycleEvent> events = engine.process(stores.scan(), Scope::User);
    QCOMPARE(stores.describe(events), expected);
    if (!events.isEmpty()) {
        QCOMPARE(events[0].remainingSeconds, std::optional<qint64>(remaining));
        QCOMPARE(events[0].time, now);
        QCOMPARE(events[0].level(), events[0].id == EventId::Expired ? EventLevel::Error : EventLevel::Warning);
        QCOMPARE(events[0].certificate.notAfter, utc(2026, 4, 1));
    }
}

void TestExpiryEvaluator::renotifiesAfterTheIntervalAndNotBefore()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 24));
    Policy policy;
    policy.renotifyIntervalSeconds = 12 * 3600;
    LifecycleEngine engine(clock, policy);
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1003 - s1 A@a.pem"));
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    clock->advance(12 * 3600 - 1);
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    clock->advance(1);
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1003 - s1 A@a.pem"));
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
}

void TestExpiryEvaluator::renotifyZeroMeansOnce()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 24));
    Policy policy;
    policy.renotifyIntervalSeconds = 0;
    LifecycleEngine engine(clock, policy);
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1003 - s1 A@a.pem"));
    clock->advance(5 * 86400);
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
}

void TestExpiryEvaluator::expiredSupersedesCloseToExpiration()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 31, 12));
    LifecycleEngine engine(clock, Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1003 - s1 A@a.pem"));
    clock->setNow(utc(2026, 4, 1, 0, 0, 1)); // 1003's interval has not run out, 1002 comes anyway
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1002 - s1 A@a.pem"));
    clock->advance(86400); // both intervals over: only 1002 again
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1002 - s1 A@a.pem"));
}

void TestExpiryEvaluator::archivedCertificatesAreSkipped()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 10));
    LifecycleEngine engine(clock, Policy{});
    QCOMPARE(stores.apply(QStringLiteral("put s1/archive/cert1.pem A; link s1/live/cert.pem ../archive/cert1.pem")),
             QString());
    engine.process(stores.scan(), Scope::User);
    QCOMPARE(stores.apply(QStringLiteral("put s1/archive/cert2.pem A2; link s1/live/cert.pem ../archive/cert2.pem")),
             QString());
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)),
             QStringLiteral("1001 renew s1 A->A2@live/cert.pem | 1005 archive s1 A@archive/cert1.pem"));
    clock->setNow(utc(2026, 4, 20)); // A expired and still in archive/: silent; A2 has 41 days left
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    clock->setNow(utc(2026, 5, 31)); // A2 within its own window
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)),
             QStringLiteral("1003 - s1 A2@archive/cert2.pem"));
}

void TestExpiryEvaluator::existingCertbotArchiveStaysQuiet()
{
    // Certlife installed on a host whose certbot archive already holds older certificates.
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/archive/cert1.pem A; put s1/archive/cert2.pem A2;"
                                         "link s1/live/cert.pem ../archive/cert2.pem")),
             QString());
    LifecycleEngine engine(std::make_shared<FixedClock>(utc(2026, 4, 20)), Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
}

void TestExpiryEvaluator::oneEventPerCertificateAcrossStores()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s2/z.pem A; put s2/b.pem A; put s1/copy.pem A")), QString());
    LifecycleEngine engine(std::make_shared<FixedClock>(utc(2026, 3, 25)), Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1003 - s1 A@copy.pem"));
}

void TestExpiryEvaluator::eventsComeStoreByStoreInPathOrder()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/z.pem A; put s1/m.pem Arsa; put s2/b.pem Aalt; put s2/a.pem A2")),
             QString());
    LifecycleEngine engine(std::make_shared<FixedClock>(utc(2026, 6, 15)), Policy{}); // all four expired
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)),
             QStringLiteral("1002 - s1 Arsa@m.pem | 1002 - s1 A@z.pem | 1002 - s2 A2@a.pem | 1002 - s2 Aalt@b.pem"));
}

void TestExpiryEvaluator::stateSurvivesAnEngineRestart()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    const auto clock = std::make_shared<FixedClock>(utc(2026, 3, 25));
    QCOMPARE(stores.describe(LifecycleEngine(clock, Policy{}).process(stores.scan(), Scope::User)),
             QStringLiteral("1003 - s1 A@a.pem"));
    QCOMPARE(stores.describe(LifecycleEngine(clock, Policy{}).process(stores.scan(), Scope::User)), QString());
}

void TestExpiryEvaluator::windowArithmetic_data()
{
    QTest::addColumn<qint64>("lifetime");
    QTest::addColumn<int>("percent");
    QTest::addColumn<int>("days");
    QTest::addColumn<int>("maxDays"); // ExpiryWarningMaxDays: caps the percent rule
    QTest::addColumn<qint64>("window");
    QTest::newRow("90 days, 10%") << qint64(90 * 86400) << 10 << 0 << 90 << qint64(9 * 86400);
    QTest::newRow("398 days, 10%: rounds down to whole seconds")
        << qint64(398 * 86400) << 10 << 0 << 90 << qint64(3438720);
    QTest::newRow("99 s, 1%") << qint64(99) << 1 << 0 << 90 << qint64(0);
    QTest::newRow("days larger") << qint64(90 * 86400) << 10 << 14 << 90 << qint64(14 * 86400);
    QTest::newRow("zero lifetime: days only") << qint64(0) << 99 << 1 << 90 << qint64(86400);
    QTest::newRow("100-year CA, 99%, no cap")
        << qint64(36525) * 86400 << 99 << 0 << 0 << qint64(36525) * 86400 / 100 * 99;
    // A 20-year root: 10 % would warn two years ahead; the default cap says 90 days.
    QTest::newRow("20-year root, 10%: capped at 90 days")
        << qint64(7305) * 86400 << 10 << 0 << 90 << qint64(90 * 86400);
    QTest::newRow("20-year root, 10%, no cap: 730 days")
        << qint64(7305) * 86400 << 10 << 0 << 0 << qint64(7305) * 86400 / 10;
    QTest::newRow("3-year certificate: 109.5 days capped at 60")
        << qint64(1095) * 86400 << 10 << 0 << 60 << qint64(60 * 86400);
    QTest::newRow("the cap is the percent rule's: days still win")
        << qint64(7305) * 86400 << 10 << 120 << 90 << qint64(120 * 86400);
    QTest::newRow("under the cap, the cap changes nothing")
        << qint64(365) * 86400 << 10 << 0 << 90 << qint64(365 * 8640);
}

void TestExpiryEvaluator::windowArithmetic()
{
    QFETCH(qint64, lifetime);
    QFETCH(int, percent);
    QFETCH(int, days);
    QFETCH(int, maxDays);
    QFETCH(qint64, window);
    Policy policy;
    policy.expiryWarningPercent = percent;
    policy.expiryWarningDays = days;
    policy.expiryWarningMaxDays = maxDays;
    const ExpiryThreshold threshold = ExpiryThreshold::fromPolicy(policy);
    const qint64 notBefore = utc(2026, 1, 1).toSecsSinceEpoch();
    QCOMPARE(threshold.warningWindowSeconds(notBefore, notBefore + lifetime), window);

    // The agent's 1003 opens exactly there: one second before the window nothing, at it a warning.
    const qint64 notAfter = notBefore + lifetime;
    for (const qint64 remaining : {window + 1, window}) {
        if (remaining > lifetime || remaining < 0)
            continue;
        const ExpiryEvaluator evaluator(
            policy, std::make_shared<FixedClock>(QDateTime::fromSecsSinceEpoch(notAfter - remaining, Qt::UTC)));
        CertificateState record;
        record.notBefore = notBefore;
        record.notAfter = notAfter;
        const std::optional<EventId> due = evaluator.due(record);
        QCOMPARE(due.has_value(), remaining == window);
    }
}

QTEST_GUILESS_MAIN(TestExpiryEvaluator)
#include "TestExpiryEvaluator.moc"
