// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The one classification (docs/lifecycle.md, "States"): each scope's policy, the
// certificates the lifecycle engine holds archived (with their successors, read without
// touching the snapshot), and the "most urgent first" order.

#include "LifecycleFixture.h"
#include "lifecycle/CertificateClassifier.h"
#include "lifecycle/SnapshotFile.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {
Certificate named(const QString& name)
{
    return parseCertificateData(namedCertificates().value(name).der).certificates.value(0);
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString nameOfDigest(const std::optional<Sha256Digest>& digest)
{
    if (!digest)
        return QStringLiteral("none");
    for (auto it = namedCertificates().cbegin(); it != namedCertificates().cend(); ++it)
        if (named(it.key()).sha256 == *digest)
            return it.key();
    return QStringLiteral("?");
}

// "A->A2" for each archived named certificate, sorted.
QString archivedText(const ArchivedCertificates& archived)
{
    QStringList out;
    for (auto it = namedCertificates().cbegin(); it != namedCertificates().cend(); ++it) {
        const Sha256Digest sha = named(it.key()).sha256;
        if (archived.contains(sha))
            out << it.key() + QStringLiteral("->") + nameOfDigest(archived.successorOf(sha));
    }
    out.sort();
    return out.join(QLatin1Char(' '));
}
} // namespace

class TestCertificateClassifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { namedCertificates(); }
    void statesFollowEachScopesPolicyAndTheArchive();
    void renewalSinceTheLastPassIsRecognisedWithoutWriting();
    void firstScanArchivesOlderRenewals();
    void otherScopesAndNeverScannedStoresChangeNothing();
    void damagedSnapshotIsReportedAndLeftInPlace();
    void mostUrgentFirst_data();
    void mostUrgentFirst();
};

void TestCertificateClassifier::statesFollowEachScopesPolicyAndTheArchive()
{
    // A lives 90 days (2026-01-01 to 2026-04-01); now 2026-03-25: 7 days left.
    const Certificate a = named(QStringLiteral("A"));
    const Certificate b = named(QStringLiteral("B"));
    const qint64 now = utc(2026, 3, 25).toSecsSinceEpoch();
    StoreScan system;
    system.scope = Scope::System;
    system.storeId = QStringLiteral("My");
    system.certificates << StoredCertificate{a, QStringLiteral("/s/a.pem"), 0, {}}
                        << StoredCertificate{b, QStringLiteral("/s/b.pem"), 0, {}};
    StoreScan user = system;
    user.scope = Scope::User;

    ExpiryThresholds thresholds;
    thresholds.system.percent = 10; // 9 days: Expiring
    thresholds.user.percent = 5;    // 4.5 days: not yet
    CertificateClassifier classifier(thresholds, now);
    // The System snapshot archived A (say, by an admin's Replace).
    ScopeSnapshot snapshot;
    snapshot.scope = Scope::System;
    const int record = snapshot.recordFor(a);
    snapshot.state(record).archived = true;
    snapshot.stores << StoreSnapshot{QStringLiteral("My"), {Placement{QStringLiteral("/s/a.pem"), record}}};
    classifier.setArchived(Scope::System, ArchivedCertificates::of(snapshot));

    const QList<ClassifiedCertificate> all = classifier.classify({system, user});
    QCOMPARE(all.size(), 4);
    QCOMPARE(all[0].storeId, QStringLiteral("My"));
    QCOMPARE(expiryStateName(all[0].expiry.state), QStringLiteral("Archived"));
    QVERIFY(!all[0].expiry.successor); // archived by hand: no renewal in the store names one
    QCOMPARE(all[0].expiry.daysLeft, 7);
    QCOMPARE(expiryStateName(all[1].expiry.state), QStringLiteral("Healthy"));        // B: 281 days
    QCOMPARE(expiryStateName(all[2].expiry.state), QStringLiteral("Within 30 days")); // the flag is the System scope's
    QCOMPARE(all[2].expiry.remainingSeconds, 7 * 86400);
    QCOMPARE(all[2].expiry.warningWindowSeconds, 9 * 86400 / 2);

    thresholds.user.percent = 10;
    const CertificateClassifier strict(thresholds, now);
    QCOMPARE(expiryStateName(strict.classify(Scope::User, a).state), QStringLiteral("Expiring"));
    QCOMPARE(strict.classify(Scope::User, a).warningWindowSeconds, 9 * 86400);
}

void TestCertificateClassifier::renewalSinceTheLastPassIsRecognisedWithoutWriting()
{
    EngineFixture f(utc(2026, 3, 10));
    QCOMPARE(f.stores.apply(
                 QStringLiteral("put s1/archive/a/cert1.pem A; link s1/live/a/cert.pem ../../archive/a/cert1.pem")),
             QString());
    QCOMPARE(archivedText(recogniseArchived(Scope::User, f.stores.scan())), QString()); // nothing renewed yet
    QCOMPARE(f.pass(), QString());                                                      // the agent's baseline
    const QString file = SnapshotFile(Scope::User).path();
    QVERIFY(QFile::exists(file));

    // certbot renews; the agent has not run yet. The console already sees what its pass will decide.
    QCOMPARE(f.stores.apply(
                 QStringLiteral("put s1/archive/a/cert2.pem A2; link s1/live/a/cert.pem ../../archive/a/cert2.pem")),
             QString());
    const QByteArray before = fileBytes(file);
    const ArchivedCertificates seen = recogniseArchived(Scope::User, f.stores.scan());
    QVERIFY(seen.snapshotFound);
    QVERIFY(seen.problem.isEmpty());
    QCOMPARE(archivedText(seen), QStringLiteral("A->A2"));
    QCOMPARE(fileBytes(file), before); // read only

    // The pass agrees: one 1001 and one 1005, then A gets no more warnings.
    QCOMPARE(f.pass(), QStringLiteral("1001 renew s1 A->A2@live/a/cert.pem | 1005 archive s1 A@archive/a/cert1.pem"));
    QCOMPARE(archivedText(recogniseArchived(Scope::User, f.stores.scan())), QStringLiteral("A->A2"));

    // The next renewal: both predecessors point at the certificate in use.
    QCOMPARE(f.stores.apply(
                 QStringLiteral("put s1/archive/a/cert3.pem A3; link s1/live/a/cert.pem ../../archive/a/cert3.pem")),
             QString());
    QVERIFY(!f.pass().isEmpty());
    QCOMPARE(archivedText(recogniseArchived(Scope::User, f.stores.scan())), QStringLiteral("A->A3 A2->A3"));
}

void TestCertificateClassifier::firstScanArchivesOlderRenewals()
{
    // No agent has run: the engine's first-pass rule (an older certificate beside its
    // renewal in the same store) decides, as the agent's first pass will.
    EngineFixture f(utc(2026, 3, 10));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/archive/a/cert1.pem A; put s1/archive/a/cert2.pem A2; "
                                           "put s2/b.pem B; put s2/rsa.pem Arsa")),
             QString());
    const ArchivedCertificates seen = recogniseArchived(Scope::User, f.stores.scan());
    QVERIFY(!seen.snapshotFound);
    QCOMPARE(archivedText(seen), QStringLiteral("A->A2"));     // Arsa is another key type, in another store
    QVERIFY(!QFile::exists(SnapshotFile(Scope::User).path())); // nothing written

    CertificateClassifier classifier(ExpiryThresholds(), utc(2026, 3, 25).toSecsSinceEpoch());
    classifier.recogniseArchived(f.stores.scan());
    const ExpiryInfo a = classifier.classify(Scope::User, named(QStringLiteral("A")));
    QCOMPARE(expiryStateName(a.state), QStringLiteral("Archived"));
    QCOMPARE(nameOfDigest(a.successor), QStringLiteral("A2"));
    QCOMPARE(expiryStateName(classifier.classify(Scope::User, named(QStringLiteral("A2"))).state),
             QStringLiteral("Within 90 days"));
    // The same certificate in the other scope is not archived there.
    QCOMPARE(expiryStateName(classifier.classify(Scope::System, named(QStringLiteral("A"))).state),
             QStringLiteral("Expiring"));
}

void TestCertificateClassifier::otherScopesAndNeverScannedStoresChangeNothing()
{
    EngineFixture f(utc(2026, 3, 10));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a1.pem A; put s1/a2.pem A2")), QString());
    QCOMPARE(archivedText(recogniseArchived(Scope::System, f.stores.scan(Scope::User))), QString());
    QCOMPARE(archivedText(recogniseArchived(Scope::User, {})), QString());
}

void TestCertificateClassifier::damagedSnapshotIsReportedAndLeftInPlace()
{
    TestEnvironment env;
    QCOMPARE(recogniseArchived(Scope::System, {}).snapshotFound, false); // no pass yet

    const Certificate c = named(QStringLiteral("B"));
    ScopeSnapshot snapshot;
    snapshot.scope = Scope::System;
    const int record = snapshot.recordFor(c);
    snapshot.state(record).archived = true;
    snapshot.stores << StoreSnapshot{QStringLiteral("My"), {Placement{QStringLiteral("/s/c.pem"), record}}};
    const QString file = SnapshotFile(Scope::System).path();
    QDir().mkpath(Paths::snapshotDir(Scope::System));
    QVERIFY(writeFile(file, serializeSnapshot(snapshot)));
    const ArchivedCertificates read = recogniseArchived(Scope::System, {});
    QVERIFY(read.snapshotFound);
    QVERIFY(read.problem.isEmpty());
    QVERIFY(read.contains(c.sha256));

    QByteArray damaged = serializeSnapshot(snapshot);
    damaged[damaged.size() / 2] = char(damaged[damaged.size() / 2] ^ 0x55);
    QVERIFY(writeFile(file, damaged));
    const ArchivedCertificates broken = recogniseArchived(Scope::System, {});
    QVERIFY2(broken.problem.contains(QStringLiteral("is damaged")), qPrintable(broken.problem));
    QVERIFY(!broken.contains(c.sha256));
    // Left for the agent, which moves it aside and keeps its flags from the .bak.
    QVERIFY(QFile::exists(file));
    QVERIFY(!QFile::exists(file + QStringLiteral(".corrupt")));
}

void TestCertificateClassifier::mostUrgentFirst_data()
{
    // Certificates as "name:days left" (fractions: hours), judged on 2026-06-01T00:00:00Z
    // with one-year lifetimes (10 % = 36.5 days), LongExpiredDays 90; "!" marks archived.
    QTest::addColumn<QStringList>("certificates");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("expiring soonest, then recently expired newest first, then the rest")
        << QStringList{"healthy:200", "old:-400", "soon:4", "yesterday:-1", "w30:45", "month:-30", "later:20"}
        << QStringList{"soon", "later", "yesterday", "month", "w30", "healthy", "old"};
    QTest::newRow("the 1,376 expired roots sink below what expires in 4 days")
        << QStringList{"root1:-3650", "root2:-2000", "root3:-91", "web:4"}
        << QStringList{"web", "root3", "root2", "root1"};
    QTest::newRow("exactly LongExpiredDays ago is still recent")
        << QStringList{"edge:-90", "past:-90.5", "healthy:300"} << QStringList{"edge", "healthy", "past"};
    QTest::newRow("archived last, even when expired or expiring")
        << QStringList{"!renewed:-2", "!superseded:3", "long:-500", "fine:120"}
        << QStringList{"fine", "long", "renewed", "superseded"};
    QTest::newRow("the last valid second is expiring, a second later expired")
        << QStringList{"past:-0.0001", "now:0"} << QStringList{"now", "past"};
}

void TestCertificateClassifier::mostUrgentFirst()
{
    QFETCH(QStringList, certificates);
    QFETCH(QStringList, expected);
    const qint64 now = utc(2026, 6, 1).toSecsSinceEpoch();
    ExpiryThreshold threshold; // 10 %, capped at 90 days; long expired after 90 days
    QList<QPair<QString, ExpiryInfo>> infos;
    for (const QString& spec : certificates) {
        const QString name = spec.section(QLatin1Char(':'), 0, 0);
        const qint64 notAfter = now + qint64(spec.section(QLatin1Char(':'), 1).toDouble() * 86400);
        ExpiryStanding standing;
        standing.archived = name.startsWith(QLatin1Char('!'));
        infos.append({name.mid(standing.archived ? 1 : 0),
                      classifyExpiry(notAfter - 365 * 86400, notAfter, now, threshold, standing)});
    }
    std::stable_sort(infos.begin(), infos.end(),
                     [](const auto& a, const auto& b) { return moreUrgent(a.second, b.second); });
    QStringList got;
    for (const auto& [name, info] : infos)
        got << name;
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestCertificateClassifier)
#include "TestCertificateClassifier.moc"
