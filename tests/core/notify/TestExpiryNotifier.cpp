// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../models/ModelTestData.h"
#include "TestEnvironment.h"
#include "models/CertificateTableModel.h"
#include "notify/ExpiryNotifier.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

Q_DECLARE_METATYPE(certlife::ExpiryAlert::Origin)
Q_DECLARE_METATYPE(certlife::Scope)

namespace {

const QDateTime kNow = utc(2026, 3, 1, 12);

QString hexOf(const QString& seed, QCryptographicHash::Algorithm algorithm)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed.toUtf8(), algorithm).toHex().toUpper());
}

// An alert for certificate `name` that expires `daysLeft` days after kNow.
ExpiryAlert alertFor(const QString& name, double daysLeft, EventId kind = EventId::CloseToExpiration)
{
    ExpiryAlert alert;
    alert.sha256 = hexOf(name, QCryptographicHash::Sha256);
    alert.thumbprint = hexOf(name, QCryptographicHash::Sha1);
    alert.name = name;
    alert.storeKey = QStringLiteral("user/My");
    alert.storeName = QStringLiteral("Personal");
    alert.scope = Scope::User;
    alert.kind = kind;
    alert.notAfter = kNow.addSecs(qint64(daysLeft * 86400));
    return alert;
}

ExpiryAlert eventAlertFor(const QString& name, double daysLeft, qint64 recordId, const QDateTime& loggedAt,
                          EventId kind = EventId::CloseToExpiration)
{
    ExpiryAlert alert = alertFor(name, daysLeft, kind);
    alert.origin = ExpiryAlert::Origin::Event;
    alert.recordId = recordId;
    alert.observedAt = loggedAt;
    return alert;
}

Policy policyWith(bool show = true, qint64 renotifySeconds = 24 * 3600)
{
    Policy policy;
    policy.showExpiryNotifications = show;
    policy.renotifyIntervalSeconds = renotifySeconds;
    return policy;
}

QStringList names(const QList<ExpiryNotification>& notifications)
{
    QStringList out;
    for (const ExpiryNotification& n : notifications)
        out << QStringLiteral("%1 %2 %3").arg(int(n.kind)).arg(n.name).arg(n.daysLeft);
    return out;
}

} // namespace

// What the console shows as desktop notifications, decided in core at fixed UTC times:
// kNow = 2026-03-01 12:00; "vpn" expires 12.5 days later.
class TestExpiryNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decides_data();
    void decides();
    void oncePerRenotifyInterval_data();
    void oncePerRenotifyInterval();
    void expiringThenExpiredNotifiesAgainAtOnce();
    void anEventIsTakenOnce();
    void severalCertificatesAtOnce();
    void textNamesTheCertificateAndDaysLeft();
    void hostileNamesArePrinted();
    void inventoryAlertsSkipRenewedPredecessors();
    void eventAlertsComeFromExpiryEventsOnly();
    void ledgerSurvivesARestart();
    void corruptLedger_data();
    void corruptLedger();
    void pruneForgetsLongGoneCertificates();
};

void TestExpiryNotifier::decides_data()
{
    QTest::addColumn<bool>("show");
    QTest::addColumn<Scope>("scope");
    QTest::addColumn<bool>("archived");
    QTest::addColumn<ExpiryAlert::Origin>("origin");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("daysLeft");
    QTest::addColumn<int>("loggedHoursAgo"); // events only
    QTest::addColumn<bool>("present");
    QTest::addColumn<QString>("expected"); // "ID NAME DAYSLEFT", empty: nothing shown

    const auto inv = ExpiryAlert::Origin::Inventory;
    const auto ev = ExpiryAlert::Origin::Event;
    const int warn = int(EventId::CloseToExpiration);
    const int expired = int(EventId::Expired);
    QTest::newRow("threshold crossed: one notification")
        << true << Scope::User << false << inv << warn << 12.5 << 0 << true << "1003 vpn 12";
    QTest::newRow("expired: one notification")
        << true << Scope::User << false << inv << expired << -2.5 << 0 << true << "1002 vpn -3";
    QTest::newRow("1003 event from the user's agent")
        << true << Scope::User << false << ev << warn << 12.5 << 2 << true << "1003 vpn 12";
    QTest::newRow("1003 logged, expired since: reads expired")
        << true << Scope::User << false << ev << warn << -0.5 << 20 << true << "1002 vpn -1";
    QTest::newRow("ShowExpiryNotifications=false: none")
        << false << Scope::User << false << inv << warn << 12.5 << 0 << true << "";
    QTest::newRow("ShowExpiryNotifications=false: no event either")
        << false << Scope::User << false << ev << expired << -1.0 << 1 << true << "";
    QTest::newRow("system scope: none") << true << Scope::System << false << inv << warn << 12.5 << 0 << true << "";
    QTest::newRow("system channel event: none")
        << true << Scope::System << false << ev << expired << -1.0 << 1 << true << "";
    QTest::newRow("archived: none") << true << Scope::User << true << inv << expired << -30.0 << 0 << true << "";
    QTest::newRow("left every store: none") << true << Scope::User << false << ev << warn << 12.5 << 1 << false << "";
    QTest::newRow("event older than a renotify interval: old news")
        << true << Scope::User << false << ev << warn << 12.5 << 25 << true << "";
}

void TestExpiryNotifier::decides()
{
    QFETCH(bool, show);
    QFETCH(Scope, scope);
    QFETCH(bool, archived);
    QFETCH(ExpiryAlert::Origin, origin);
    QFETCH(int, kind);
    QFETCH(double, daysLeft);
    QFETCH(int, loggedHoursAgo);
    QFETCH(bool, present);
    QFETCH(QString, expected);

    ExpiryAlert alert = origin == ExpiryAlert::Origin::Event
        ? eventAlertFor(QStringLiteral("vpn"), daysLeft, 7, kNow.addSecs(-3600 * loggedHoursAgo), EventId(kind))
        : alertFor(QStringLiteral("vpn"), daysLeft, EventId(kind));
    alert.scope = scope;
    alert.archived = archived;
    const QSet<QString> presentSet = present ? QSet<QString>{alert.sha256} : QSet<QString>{};

    ExpiryNotifier notifier(std::make_shared<FixedClock>(kNow));
    NotificationLedger ledger;
    const QList<ExpiryNotification> shown = notifier.decide({alert}, policyWith(show), ledger, &presentSet);
    QCOMPARE(names(shown).join(QLatin1Char('|')), expected);
    QCOMPARE(ledger.entries.size(), expected.isEmpty() ? 0 : 1);
    if (!expected.isEmpty()) {
        QCOMPARE(shown.constFirst().thumbprint, alert.thumbprint);
        QCOMPARE(shown.constFirst().storeKey, QStringLiteral("user/My"));
    }
}

void TestExpiryNotifier::oncePerRenotifyInterval_data()
{
    QTest::addColumn<qint64>("renotify");
    QTest::addColumn<qint64>("later"); // seconds after the first notification
    QTest::addColumn<int>("expected"); // notifications at `later`

    QTest::newRow("next poll, 2 s later: none") << qint64(86400) << qint64(2) << 0;
    QTest::newRow("23:59:59 later: none") << qint64(86400) << qint64(86399) << 0;
    QTest::newRow("24 h later: again") << qint64(86400) << qint64(86400) << 1;
    QTest::newRow("RenotifyInterval=1h, 1 h later: again") << qint64(3600) << qint64(3600) << 1;
    QTest::newRow("RenotifyInterval=0, a year later: never again") << qint64(0) << qint64(365 * 86400) << 0;
}

void TestExpiryNotifier::oncePerRenotifyInterval()
{
    QFETCH(qint64, renotify);
    QFETCH(qint64, later);
    QFETCH(int, expected);

    auto clock = std::make_shared<FixedClock>(kNow);
    ExpiryNotifier notifier(clock);
    NotificationLedger ledger;
    // Far from notAfter, so the certificate is still only expiring a year later.
    const ExpiryAlert alert = alertFor(QStringLiteral("vpn"), 400);
    QCOMPARE(notifier.decide({alert}, policyWith(true, renotify), ledger).size(), 1);
    QCOMPARE(notifier.decide({alert}, policyWith(true, renotify), ledger).size(), 0); // the same poll again
    clock->advance(later);
    QCOMPARE(notifier.decide({alert}, policyWith(true, renotify), ledger).size(), expected);
    if (expected == 1)
        QCOMPARE(ledger.entries.value(alert.sha256).notifiedAt, clock->now());
}

void TestExpiryNotifier::expiringThenExpiredNotifiesAgainAtOnce()
{
    auto clock = std::make_shared<FixedClock>(kNow);
    ExpiryNotifier notifier(clock);
    NotificationLedger ledger;
    QCOMPARE(names(notifier.decide({alertFor(QStringLiteral("vpn"), 0.5)}, policyWith(), ledger)),
             QStringList{QStringLiteral("1003 vpn 0")});
    clock->advance(13 * 3600); // one hour past notAfter, well inside the interval
    QCOMPARE(names(notifier.decide({alertFor(QStringLiteral("vpn"), 0.5)}, policyWith(), ledger)),
             QStringList{QStringLiteral("1002 vpn -1")});
    clock->advance(3600);
    QVERIFY(notifier.decide({alertFor(QStringLiteral("vpn"), 0.5, EventId::Expired)}, policyWith(), ledger).isEmpty());
}

void TestExpiryNotifier::anEventIsTakenOnce()
{
    auto clock = std::make_shared<FixedClock>(kNow);
    ExpiryNotifier notifier(clock);
    NotificationLedger ledger;
    // Notifications off: the event is still marked as seen, so turning them on later
    // does not replay it.
    const ExpiryAlert first = eventAlertFor(QStringLiteral("vpn"), 12, 41, kNow.addSecs(-60));
    QVERIFY(notifier.decide({first}, policyWith(false), ledger).isEmpty());
    QCOMPARE(ledger.lastUserRecordId, qint64(41));
    QVERIFY(notifier.decide({first}, policyWith(true), ledger).isEmpty());
    // A System event's record id is another log's: it does not move the User mark.
    ExpiryAlert system = eventAlertFor(QStringLiteral("www"), 12, 900, kNow);
    system.scope = Scope::System;
    QVERIFY(notifier.decide({system}, policyWith(true), ledger).isEmpty());
    QCOMPARE(ledger.lastUserRecordId, qint64(41));
    // The next one is news.
    const ExpiryAlert second = eventAlertFor(QStringLiteral("git"), 20, 42, kNow);
    QCOMPARE(names(notifier.decide({second}, policyWith(true), ledger)), QStringList{QStringLiteral("1003 git 20")});
    QCOMPARE(ledger.lastUserRecordId, qint64(42));
    QVERIFY(notifier.decide({first, second}, policyWith(true), ledger).isEmpty()); // both seen

    // The user deleted the log: the agent's new one counts from 1 again.
    clock->advance(3600);
    const ExpiryAlert afresh = eventAlertFor(QStringLiteral("mail"), 5, 1, clock->now());
    QCOMPARE(names(notifier.decide({afresh}, policyWith(true), ledger)), QStringList{QStringLiteral("1003 mail 4")});
    QCOMPARE(ledger.lastUserRecordId, qint64(1));
}

void TestExpiryNotifier::severalCertificatesAtOnce()
{
    ExpiryNotifier notifier(std::make_shared<FixedClock>(kNow));
    NotificationLedger ledger;
    // The same certificate from an event and from the inventory: one notification.
    const QList<ExpiryAlert> alerts = {
        eventAlertFor(QStringLiteral("vpn"), 3, 5, kNow.addSecs(-60)),
        alertFor(QStringLiteral("vpn"), 3),
        alertFor(QStringLiteral("dev"), -5, EventId::Expired),
        alertFor(QStringLiteral("mail"), 1),
        alertFor(QStringLiteral("git"), 8),
    };
    const QList<ExpiryNotification> shown = notifier.decide(alerts, policyWith(), ledger);
    QCOMPARE(names(shown),
             (QStringList{QStringLiteral("1003 vpn 3"), QStringLiteral("1002 dev -5"), QStringLiteral("1003 mail 1"),
                          QStringLiteral("1003 git 8")}));
    const ExpiryNotification combined = ExpiryNotification::combine(shown);
    QCOMPARE(combined.count, 4);
    QVERIFY(combined.thumbprint.isEmpty());
    QCOMPARE(combined.summary(), QStringLiteral("4 certificates need attention"));
    QCOMPARE(combined.body(), QStringLiteral("1 expired, 3 expiring: dev, mail, vpn and 1 more.")); // soonest first
}

void TestExpiryNotifier::textNamesTheCertificateAndDaysLeft()
{
    ExpiryNotifier notifier(std::make_shared<FixedClock>(kNow));
    NotificationLedger ledger;
    const QList<ExpiryNotification> shown =
        notifier.decide({alertFor(QStringLiteral("git.example.com client"), 24.6), alertFor(QStringLiteral("vpn"), 1.2),
                         alertFor(QStringLiteral("dev.localhost"), -5.3, EventId::Expired)},
                        policyWith(), ledger);
    QCOMPARE(shown.size(), 3);
    QCOMPARE(shown[0].summary(), QStringLiteral("Certificate expires in 24 days"));
    QCOMPARE(shown[0].body(),
             QStringLiteral("git.example.com client (store Personal) expires on 2026-03-26 02:24 UTC: 24 days left."));
    QCOMPARE(shown[1].summary(), QStringLiteral("Certificate expires in 1 day"));
    QCOMPARE(shown[2].summary(), QStringLiteral("Certificate expired"));
    QCOMPARE(
        shown[2].body(),
        QStringLiteral("dev.localhost (store Personal) expired on 2026-02-24 04:48 UTC, 6 days ago.")); // Days left −6
}

void TestExpiryNotifier::hostileNamesArePrinted()
{
    // A forged User-channel event may name anything: no second line, no escape sequence.
    LifecycleEvent e = makeEvent(EventId::Expired, Scope::User, kNow, QStringLiteral("evil\nSecond line\x1b[31m"));
    e.certificate.sha256 = hexOf(QStringLiteral("evil"), QCryptographicHash::Sha256);
    const QList<ExpiryAlert> alerts = alertsFromEvents({e}, {});
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0].name, QStringLiteral("evil\uFFFDSecond line\uFFFD[31m"));

    // A right-to-left override would make the name read differently from what it is.
    LifecycleEvent reversed =
        makeEvent(EventId::Expired, Scope::User, kNow, QStringLiteral("pay\u202Egnp.exe\u2066x\u2069"));
    reversed.certificate.sha256 = hexOf(QStringLiteral("reversed"), QCryptographicHash::Sha256);
    const QList<ExpiryAlert> bidi = alertsFromEvents({reversed}, {});
    QCOMPARE(bidi.size(), 1);
    QCOMPARE(bidi[0].name, QStringLiteral("pay\uFFFDgnp.exe\uFFFDx\uFFFD"));
}

void TestExpiryNotifier::inventoryAlertsSkipRenewedPredecessors()
{
    // certbot-style: cert1 (expired) and its renewal cert2 (same names, healthy) in the
    // user's store; an unrelated expiring one; a System store's expired one.
    CertOptions home;
    home.dns = {QStringLiteral("home.example.net")};
    home.path = QStringLiteral("/stores/archive/cert1.pem");
    const StoredCertificate cert1 =
        storedCert(QStringLiteral("home.example.net"), kNow.addDays(-100), kNow.addDays(-10), home);
    home.path = QStringLiteral("/stores/archive/cert2.pem");
    const StoredCertificate cert2 =
        storedCert(QStringLiteral("home.example.net"), kNow.addDays(-40), kNow.addDays(50), home);
    const StoredCertificate vpn = storedCert(QStringLiteral("vpn"), kNow.addDays(-170), kNow.addDays(10));
    const StoredCertificate healthy = storedCert(QStringLiteral("smime"), kNow.addDays(-10), kNow.addDays(300));
    const StoredCertificate web = storedCert(QStringLiteral("www"), kNow.addDays(-100), kNow.addDays(-1));
    TestEnvironment env; // no lifecycle snapshot: the engine's first-pass rule archives cert1
    Inventory inventory = {
        storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"), {cert1, cert2, vpn, healthy}, kNow),
        storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web"), {web}, kNow)};
    recogniseArchivedIn(inventory);
    const QList<CertificateRow> rows = CertificateTableModel::buildRows(inventory, kNow, ExpiryThresholds());
    QStringList got;
    for (const ExpiryAlert& a : alertsFromInventory(rows, Scope::User))
        got << QStringLiteral("%1 %2%3")
                   .arg(int(a.kind))
                   .arg(a.name, a.archived ? QStringLiteral(" archived") : QString());
    got.sort();
    // cert1 is Archived, as the agent holds it: no alert at all.
    QCOMPARE(got, QStringList{QStringLiteral("1003 vpn")});

    // A 1002 the agent logged before the renewal: the rows say it is archived now.
    LifecycleEvent logged =
        makeEvent(EventId::Expired, Scope::User, kNow.addSecs(-3600), QStringLiteral("home.example.net"));
    logged.certificate.sha256 = cert1.certificate.sha256Hex();
    const QList<ExpiryAlert> fromEvents = alertsFromEvents({logged}, rows);
    QCOMPARE(fromEvents.size(), 1);
    QVERIFY(fromEvents[0].archived);

    ExpiryNotifier notifier(std::make_shared<FixedClock>(kNow));
    NotificationLedger ledger;
    QCOMPARE(
        names(notifier.decide(alertsFromInventory(rows, Scope::User), policyWith(), ledger)).join(QLatin1Char('|')),
        QStringLiteral("1003 vpn 10"));
}

void TestExpiryNotifier::eventAlertsComeFromExpiryEventsOnly()
{
    QList<LifecycleEvent> events;
    for (EventId id : {EventId::New, EventId::CloseToExpiration, EventId::Replace, EventId::Expired}) {
        LifecycleEvent e = makeEvent(id, Scope::User, kNow, QStringLiteral("c%1").arg(int(id)));
        e.recordId = int(id);
        e.certificate.sha256 = hexOf(e.certificate.subjectCN, QCryptographicHash::Sha256).toLower();
        e.certificate.notAfter = kNow.addDays(3);
        events << e;
    }
    const QList<ExpiryAlert> alerts = alertsFromEvents(events, {});
    QCOMPARE(alerts.size(), 2);
    QCOMPARE(alerts[0].name, QStringLiteral("c1003"));
    QCOMPARE(alerts[0].storeKey, QStringLiteral("user/My"));
    QCOMPARE(alerts[0].storeName, QStringLiteral("My")); // no row names the store: its id
    QCOMPARE(alerts[0].sha256, events[1].certificate.sha256.toUpper());
    QCOMPARE(alerts[1].kind, EventId::Expired);
    QCOMPARE(alerts[1].recordId, qint64(1002));
    QCOMPARE(alerts[1].origin, ExpiryAlert::Origin::Event);
}

void TestExpiryNotifier::ledgerSurvivesARestart()
{
    TestEnvironment env;
    auto clock = std::make_shared<FixedClock>(kNow);
    const QList<ExpiryAlert> alerts = {alertFor(QStringLiteral("vpn"), 12),
                                       eventAlertFor(QStringLiteral("git"), 20, 17, kNow)};
    {
        ExpiryNotifier notifier(clock);
        NotificationLedgerFile file;
        NotificationLedgerFile::Loaded loaded = file.load();
        QCOMPARE(loaded.problem, QString());
        QCOMPARE(notifier.decide(alerts, policyWith(), loaded.ledger).size(), 2);
        QCOMPARE(file.save(loaded.ledger), QString());
    }
    const QString path = Paths::stateDir(Scope::User) + QStringLiteral("/notifications.json");
    QCOMPARE(NotificationLedgerFile().path(), path);
    QVERIFY(path.startsWith(env.root()));
    QCOMPARE(
        (QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther))
            .toInt(),
        0);
    // The console starts again an hour later: nothing is repeated.
    clock->advance(3600);
    NotificationLedgerFile::Loaded again = NotificationLedgerFile().load();
    QCOMPARE(again.problem, QString());
    QCOMPARE(again.ledger.entries.size(), 2);
    QCOMPARE(again.ledger.lastUserRecordId, qint64(17));
    QCOMPARE(again.ledger.entries.value(alerts[0].sha256).notifiedAt, kNow);
    ExpiryNotifier restarted(clock);
    QVERIFY(restarted.decide(alerts, policyWith(), again.ledger).isEmpty());
    // A day after the first notification, the still expiring one is due again.
    clock->setNow(kNow.addDays(1));
    QCOMPARE(names(restarted.decide(alerts, policyWith(), again.ledger)), QStringList{QStringLiteral("1003 vpn 11")});
}

void TestExpiryNotifier::corruptLedger_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("garbage") << QByteArray("\x00\x01garbage", 9) << QStringLiteral("not JSON");
    QTest::newRow("truncated") << QByteArray(R"({"format":"certlife-notifications","version":1,"certif)")
                               << QStringLiteral("not JSON");
    QTest::newRow("another file") << QByteArray(R"({"hello":"world"})")
                                  << QStringLiteral("not a Certlife notification ledger");
    QTest::newRow("newer version") << QByteArray(R"({"format":"certlife-notifications","version":9})")
                                   << QStringLiteral("unknown version 9");
    QTest::newRow("bad entry") << QByteArray(R"({"format":"certlife-notifications","version":1,"lastUserRecordId":"3",)"
                                             R"("certificates":[{"sha256":"XYZ","eventId":1003}]})")
                               << QStringLiteral("certificate 1: bad SHA-256 or thumbprint");
}

void TestExpiryNotifier::corruptLedger()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    TestEnvironment env;
    NotificationLedgerFile file;
    QVERIFY(QDir().mkpath(QFileInfo(file.path()).absolutePath()));
    QVERIFY(writeFile(file.path(), content));

    const NotificationLedgerFile::Loaded loaded = file.load();
    QVERIFY2(loaded.problem.startsWith(file.path() + QStringLiteral(": ") + reason), qPrintable(loaded.problem));
    QVERIFY2(loaded.problem.contains(QStringLiteral("kept as ") + file.path() + QStringLiteral(".corrupt")),
             qPrintable(loaded.problem));
    QVERIFY(loaded.ledger.entries.isEmpty());
    QCOMPARE(loaded.ledger.lastUserRecordId, qint64(0));
    QVERIFY(!QFile::exists(file.path()));

    // Treated as empty: what is due is notified, and the ledger is written afresh.
    NotificationLedger ledger = loaded.ledger;
    ExpiryNotifier notifier(std::make_shared<FixedClock>(kNow));
    QCOMPARE(notifier.decide({alertFor(QStringLiteral("vpn"), 12)}, policyWith(), ledger).size(), 1);
    QCOMPARE(file.save(ledger), QString());
    const NotificationLedgerFile::Loaded reread = file.load();
    QCOMPARE(reread.problem, QString());
    QCOMPARE(reread.ledger, ledger);
}

void TestExpiryNotifier::pruneForgetsLongGoneCertificates()
{
    auto clock = std::make_shared<FixedClock>(kNow);
    ExpiryNotifier notifier(clock);
    NotificationLedger ledger;
    const ExpiryAlert stays = alertFor(QStringLiteral("vpn"), 12);
    const ExpiryAlert leaves = alertFor(QStringLiteral("old"), 3);
    QCOMPARE(notifier.decide({stays, leaves}, policyWith(), ledger).size(), 2);
    const QSet<QString> present{stays.sha256};
    clock->advance(30 * 86400); // 30 days: kept (an unmounted store may come back)
    QVERIFY(!notifier.prune(ledger, present, policyWith()));
    QCOMPARE(ledger.entries.size(), 2);
    clock->advance(86400 + 1); // and a renotify interval more: forgotten
    QVERIFY(notifier.prune(ledger, present, policyWith()));
    QCOMPARE(ledger.entries.keys(), QList<QString>{stays.sha256});
}

QTEST_GUILESS_MAIN(TestExpiryNotifier)
#include "TestExpiryNotifier.moc"
