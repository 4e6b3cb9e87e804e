// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "LifecycleFixture.h"
#include "TestEnvironment.h"
#include "lifecycle/LifecycleEngine.h"
#include "util/Clock.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

// Each lifecycle event from real files in a temp dir: stores s1, s2, s3 are directories,
// changed between passes; certificate validity keeps expiry out (the clock stands at
// 2026-01-15, long before any warning window).
class TestLifecycleDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { namedCertificates(); }
    void events_data();
    void events();
    void certbotSwitchCarriesOldAndNewDetails();
    void supersedeNamesWhereTheOldOneWas();
    void archivedCertificateLeavingIsDeletedOnce();
};

void TestLifecycleDiff::events_data()
{
    QTest::addColumn<QStringList>("steps");    // file operations before each pass; pass 1 records the baseline
    QTest::addColumn<QStringList>("expected"); // events of each pass, " | " between events

    const QString certbot1 = QStringLiteral(
        "put s1/archive/a/cert1.pem A; put s1/archive/a/chain1.pem CA; put s1/archive/a/fullchain1.pem A,CA;"
        "link s1/live/a/cert.pem ../../archive/a/cert1.pem; link s1/live/a/chain.pem ../../archive/a/chain1.pem;"
        "link s1/live/a/fullchain.pem ../../archive/a/fullchain1.pem");
    const QString certbot2 = QStringLiteral(
        "put s1/archive/a/cert2.pem A2; put s1/archive/a/chain2.pem CA; put s1/archive/a/fullchain2.pem A2,CA;"
        "link s1/live/a/cert.pem ../../archive/a/cert2.pem; link s1/live/a/chain.pem ../../archive/a/chain2.pem;"
        "link s1/live/a/fullchain.pem ../../archive/a/fullchain2.pem");

    QTest::newRow("first scan is a silent baseline")
        << QStringList{QStringLiteral("put s1/a.pem A; put s1/b.pem B; put s2/ca.pem CA")} << QStringList{QString()};
    QTest::newRow("new file") << QStringList{QStringLiteral("put s1/a.pem A"), QStringLiteral("put s1/b.pem B")}
                              << QStringList{QString(), QStringLiteral("1006 detected s1 B@b.pem")};
    QTest::newRow("deleted file") << QStringList{QStringLiteral("put s1/a.pem A; put s1/b.pem B"),
                                                 QStringLiteral("rm s1/b.pem")}
                                  << QStringList{QString(), QStringLiteral("1004 delete s1 B@b.pem")};
    QTest::newRow("same path, renewed certificate")
        << QStringList{QStringLiteral("put s1/a.pem A"), QStringLiteral("put s1/a.pem A2")}
        << QStringList{QString(), QStringLiteral("1001 renew s1 A->A2@a.pem")};
    QTest::newRow("same path, other subject sharing a SAN")
        << QStringList{QStringLiteral("put s1/a.pem A"), QStringLiteral("put s1/a.pem Aalt")}
        << QStringList{QString(), QStringLiteral("1001 renew s1 A->Aalt@a.pem")};
    QTest::newRow("same path, earlier-expiring certificate (rollback)")
        << QStringList{QStringLiteral("put s1/a.pem A2"), QStringLiteral("put s1/a.pem A")}
        << QStringList{QString(), QStringLiteral("1001 replace s1 A2->A@a.pem")};
    QTest::newRow("same path, unrelated certificate")
        << QStringList{QStringLiteral("put s1/a.pem A"), QStringLiteral("put s1/a.pem B")}
        << QStringList{QString(), QStringLiteral("1004 delete s1 A@a.pem | 1006 detected s1 B@a.pem")};
    QTest::newRow("certbot live/ symlink switch")
        << QStringList{certbot1, certbot2}
        << QStringList{QString(),
                       QStringLiteral("1001 renew s1 A->A2@live/a/cert.pem | 1005 archive s1 A@archive/a/cert1.pem")};
    QTest::newRow("certbot renews twice")
        << QStringList{certbot1, certbot2,
                       QStringLiteral(
                           "put s1/archive/a/cert3.pem A3; link s1/live/a/cert.pem ../../archive/a/cert3.pem")}
        << QStringList{QString(),
                       QStringLiteral("1001 renew s1 A->A2@live/a/cert.pem | 1005 archive s1 A@archive/a/cert1.pem"),
                       QStringLiteral("1001 renew s1 A2->A3@live/a/cert.pem | 1005 archive s1 A2@archive/a/cert2.pem")};
    QTest::newRow("certbot scanned between writing archive/ and switching live/")
        << QStringList{certbot1, QStringLiteral("put s1/archive/a/cert2.pem A2"),
                       QStringLiteral("link s1/live/a/cert.pem ../../archive/a/cert2.pem")}
        << QStringList{
               QString(),
               QStringLiteral("1001 supersede s1 A->A2@archive/a/cert2.pem | 1005 archive s1 A@archive/a/cert1.pem"),
               QString()};
    QTest::newRow("supersede beside the old one")
        << QStringList{QStringLiteral("put s1/a-2026q1.pem A"), QStringLiteral("put s1/a-2026q2.pem A2")}
        << QStringList{QString(),
                       QStringLiteral("1001 supersede s1 A->A2@a-2026q2.pem | 1005 archive s1 A@a-2026q1.pem")};
    QTest::newRow("supersede while the old one leaves")
        << QStringList{QStringLiteral("put s1/old.pem A"), QStringLiteral("rm s1/old.pem; put s1/new.pem A2")}
        << QStringList{QString(), QStringLiteral("1001 supersede s1 A->A2@new.pem")};
    QTest::newRow("RSA twin of an EC certificate is not a supersede")
        << QStringList{QStringLiteral("put s1/a-ec.pem A"), QStringLiteral("put s1/a-rsa.pem Arsa")}
        << QStringList{QString(), QStringLiteral("1006 detected s1 Arsa@a-rsa.pem")};
    QTest::newRow("move between stores")
        << QStringList{QStringLiteral("put s1/b.pem B; put s2/a.pem A"), QStringLiteral("mv s1/b.pem s2/b.pem")}
        << QStringList{QString(), QStringLiteral("1004 MoveOrCopy s1 B@b.pem | 1006 MoveOrCopy s2 B@b.pem")};
    QTest::newRow("copy into another store")
        << QStringList{QStringLiteral("put s1/b.pem B; put s2/a.pem A"), QStringLiteral("put s2/b-copy.pem B")}
        << QStringList{QString(), QStringLiteral("1006 MoveOrCopy s2 B@b-copy.pem")};
    QTest::newRow("renamed within a store")
        << QStringList{QStringLiteral("put s1/b.pem B"), QStringLiteral("mv s1/b.pem s1/b-renamed.pem")}
        << QStringList{QString(), QString()};
    QTest::newRow("bundle reordered") << QStringList{QStringLiteral("put s1/bundle.pem A,B,CA"),
                                                     QStringLiteral("put s1/bundle.pem CA,B,A")}
                                      << QStringList{QString(), QString()};
    QTest::newRow("bundle loses one certificate")
        << QStringList{QStringLiteral("put s1/bundle.pem A,B,CA"), QStringLiteral("put s1/bundle.pem A,CA")}
        << QStringList{QString(), QStringLiteral("1004 delete s1 B@bundle.pem")};
    QTest::newRow("unreadable file is not a deletion")
        << QStringList{QStringLiteral("put s1/a.pem A; put s1/b.pem B"), QStringLiteral("garbage s1/b.pem"),
                       QStringLiteral("rm s1/b.pem")}
        << QStringList{QString(), QString(), QStringLiteral("1004 delete s1 B@b.pem")};
    QTest::newRow("missing store is not a mass deletion")
        << QStringList{QStringLiteral("put s1/a.pem A; put s2/b.pem B"), QStringLiteral("rmdir s2"),
                       QStringLiteral("put s2/b.pem B")}
        << QStringList{QString(), QString(), QString()};
    QTest::newRow("store added later starts with a baseline")
        << QStringList{QStringLiteral("put s1/a.pem A"), QStringLiteral("put s3/b.pem B; put s3/ca.pem CA"),
                       QStringLiteral("put s3/a.pem A2")}
        << QStringList{QString(), QString(), QStringLiteral("1006 detected s3 A2@a.pem")};
}

void TestLifecycleDiff::events()
{
    QFETCH(QStringList, steps);
    QFETCH(QStringList, expected);
    QCOMPARE(steps.size(), expected.size());
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    LifecycleEngine engine(std::make_shared<FixedClock>(utc(2026, 1, 15)), Policy{});
    for (int pass = 0; pass < steps.size(); ++pass) {
        const QString error = stores.apply(steps[pass]);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<LifecycleEvent> events = engine.process(stores.scan(), Scope::User);
        QVERIFY2(engine.lastProblems().isEmpty(), qPrintable(engine.lastProblems().join(QLatin1Char('\n'))));
        QCOMPARE(stores.describe(events), expected[pass]);
    }
    // A pass over unchanged stores reports nothing.
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
}

void TestLifecycleDiff::certbotSwitchCarriesOldAndNewDetails()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    const QDateTime now = utc(2026, 3, 10, 4, 30);
    LifecycleEngine engine(std::make_shared<FixedClock>(now), Policy{});
    QCOMPARE(
        stores.apply(QStringLiteral("put s1/archive/a/cert1.pem A; link s1/live/a/cert.pem ../../archive/a/cert1.pem")),
        QString());
    QVERIFY(engine.process(stores.scan(Scope::System), Scope::System).isEmpty());
    QCOMPARE(stores.apply(
                 QStringLiteral("put s1/archive/a/cert2.pem A2; link s1/live/a/cert.pem ../../archive/a/cert2.pem")),
             QString());
    const QList<LifecycleEvent> events = engine.process(stores.scan(Scope::System), Scope::System);
    QCOMPARE(events.size(), 2);

    const LifecycleEvent& replace = events[0];
    QCOMPARE(replace.id, EventId::Replace);
    QCOMPARE(replace.level(), EventLevel::Information);
    QCOMPARE(replace.action, Action::Renew);
    QCOMPARE(replace.channel, Scope::System);
    QCOMPARE(replace.time, now);
    QCOMPARE(replace.storeId, QStringLiteral("s1"));
    QVERIFY(!replace.host.isEmpty() && !replace.account.isEmpty() && !replace.process.isEmpty());
    QVERIFY(replace.oldCertificate.has_value());
    QCOMPARE(replace.oldCertificate->thumbprint, namedCertificates()[QStringLiteral("A")].thumbprint());
    QCOMPARE(replace.oldCertificate->path, stores.path(QStringLiteral("s1/live/a/cert.pem")));
    QCOMPARE(replace.certificate.thumbprint, namedCertificates()[QStringLiteral("A2")].thumbprint());
    QCOMPARE(replace.certificate.path, stores.path(QStringLiteral("s1/live/a/cert.pem")));
    QCOMPARE(replace.certificate.notAfter, utc(2026, 5, 31));
    QCOMPARE(replace.certificate.sans, QStringList({"DNS:a.example", "DNS:www.a.example"}));
    QCOMPARE(replace.certificate.ekus.value(0).oid, QStringLiteral("1.3.6.1.5.5.7.3.1"));
    QVERIFY(replace.message.contains(replace.oldCertificate->thumbprint));
    QVERIFY(replace.message.contains(replace.certificate.thumbprint));

    const LifecycleEvent& archived = events[1];
    QCOMPARE(archived.id, EventId::Archived);
    QCOMPARE(archived.action, Action::Archive);
    QCOMPARE(archived.certificate.thumbprint, namedCertificates()[QStringLiteral("A")].thumbprint());
    QCOMPARE(archived.certificate.path, stores.path(QStringLiteral("s1/archive/a/cert1.pem")));

    // Round trip through JSON keeps both certificates (what the EventLog and CLI carry).
    const std::optional<LifecycleEvent> back = LifecycleEvent::fromJson(replace.toJson());
    QVERIFY(back && back->oldCertificate);
    QCOMPARE(*back->oldCertificate, *replace.oldCertificate);
}

void TestLifecycleDiff::supersedeNamesWhereTheOldOneWas()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    LifecycleEngine engine(std::make_shared<FixedClock>(utc(2026, 3, 10)), Policy{});
    QCOMPARE(stores.apply(QStringLiteral("put s1/a-old.pem A")), QString());
    engine.process(stores.scan(), Scope::User);
    QCOMPARE(stores.apply(QStringLiteral("put s1/a-new.pem A2")), QString());
    const QList<LifecycleEvent> events = engine.process(stores.scan(), Scope::User);
    QCOMPARE(events.value(0).action, Action::Supersede);
    QCOMPARE(events.value(0).oldCertificate->path, stores.path(QStringLiteral("s1/a-old.pem")));
    QCOMPARE(events.value(0).certificate.path, stores.path(QStringLiteral("s1/a-new.pem")));
}

void TestLifecycleDiff::archivedCertificateLeavingIsDeletedOnce()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    LifecycleEngine engine(std::make_shared<FixedClock>(utc(2026, 3, 10)), Policy{});
    QCOMPARE(stores.apply(QStringLiteral("put s1/archive/cert1.pem A; link s1/live/cert.pem ../archive/cert1.pem")),
             QString());
    engine.process(stores.scan(), Scope::User);
    QCOMPARE(stores.apply(QStringLiteral("put s1/archive/cert2.pem A2; link s1/live/cert.pem ../archive/cert2.pem")),
             QString());
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)),
             QStringLiteral("1001 renew s1 A->A2@live/cert.pem | 1005 archive s1 A@archive/cert1.pem"));
    QCOMPARE(stores.apply(QStringLiteral("rm s1/archive/cert1.pem")), QString());
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)),
             QStringLiteral("1004 delete s1 A@archive/cert1.pem"));
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
}

QTEST_GUILESS_MAIN(TestLifecycleDiff)
#include "TestLifecycleDiff.moc"
