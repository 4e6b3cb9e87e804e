// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The one classification (docs/lifecycle.md, "States"): each scope's policy, the
// certificates the lifecycle engine holds archived (with their successors, read without
// touching the snapshot), and the "most urgent first" order.

#include "LifecycleFixture.h"
#include "lifecycle/CertificateClassifier.h"
#include "lifecycle/SnapshotFile.h"
#include "lifecycle/SnapshotDiff.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QRandomGenerator>
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
// Stores of `count` certificates each as a scan lists them (no DER: recognition reads
// digests, names, SANs, key types and dates), with what the first-pass rule and a snapshot
// diff look at: renewal chains in one store, an RSA twin, the same subject with other
// SANs, no subject, the same certificate at two paths and in two stores (alone with its
// subject in one, beside its renewal in the other), a store scanned twice, a missing store.
QList<StoreScan> mixedStores(Scope scope, int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    const qint64 start = utc(2026, 1, 1).toSecsSinceEpoch();
    const auto certificate = [&](const QString& host, const QString& key, qint64 notAfter) {
        Certificate c;
        for (auto& b : c.sha256)
            b = quint8(rng.generate());
        for (auto& b : c.sha1)
            b = quint8(rng.generate());
        c.subjectCN = host;
        c.subject = host.isEmpty() ? QString() : QStringLiteral("CN=") + host;
        c.sans = {{SubjectAltName::Type::Dns, host.isEmpty() ? QStringLiteral("nameless.example") : host}};
        c.keyAlgorithm = key;
        c.notAfterSecs = notAfter;
        c.notBeforeSecs = notAfter - 90 * 86400;
        return c;
    };
    QList<StoreScan> scans;
    for (const QString& id : {QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("s3")}) {
        StoreScan scan;
        scan.scope = scope;
        scan.storeId = id;
        for (int i = 0; i < count; ++i) {
            const QString host = QStringLiteral("h%1.example").arg(rng.bounded(count / 3 + 1));
            const int shape = int(rng.bounded(10));
            const qint64 notAfter = start + qint64(rng.bounded(400)) * 86400;
            const QString path = QStringLiteral("/%1/%2.pem").arg(id).arg(i);
            Certificate c = certificate(shape == 0 ? QString() : host,
                                        shape == 1 ? QStringLiteral("RSA") : QStringLiteral("EC"), notAfter);
            if (shape == 2 && !scan.certificates.isEmpty())
                c.sans << SubjectAltName{SubjectAltName::Type::Dns, QStringLiteral("other.example")};
            scan.certificates << StoredCertificate{c, path, 0, {}};
            if (shape == 3) // the same certificate at a second path (certbot's live/ and archive/)
                scan.certificates << StoredCertificate{c, path + QStringLiteral(".copy"), 0, {}};
            if (shape == 4 && !scans.isEmpty()) // one the first store holds, here too
                scan.certificates << scans.first().certificates.value(
                    int(rng.bounded(int(scans.first().certificates.size()))));
        }
        scans << scan;
    }
    StoreScan again = scans.first(); // ignored by every pass: the first scan of s1 stands
    again.certificates.clear();
    StoreScan missing;
    missing.scope = scope;
    missing.storeId = QStringLiteral("gone");
    missing.storeMissing = true;
    return scans << again << missing;
}

// Every certificate of the scans with what `archived` says of it ("3->7": the fourth
// certificate listed is archived, the eighth replaced it), so two answers compare whole.
QString archivedOfEach(const ArchivedCertificates& archived, const QList<StoreScan>& scans)
{
    QList<Sha256Digest> listed;
    for (const StoreScan& scan : scans)
        for (const StoredCertificate& c : scan.certificates)
            if (!listed.contains(c.certificate.sha256))
                listed << c.certificate.sha256;
    QStringList out;
    for (int i = 0; i < listed.size(); ++i)
        if (archived.contains(listed[i])) {
            const std::optional<Sha256Digest> successor = archived.successorOf(listed[i]);
            out << QStringLiteral("%1->%2").arg(i).arg(successor ? int(listed.indexOf(*successor)) : -2);
        }
    out << QStringLiteral("(%1 archived)").arg(archived.size());
    return out.join(QLatin1Char(' '));
}

// The whole computation, every certificate a record with its details in memory.
ArchivedCertificates diffedInFull(ScopeSnapshot previous, const QList<StoreScan>& scans)
{
    return ArchivedCertificates::of(diffSnapshot(std::move(previous), scans).next);
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
    void withoutASnapshotOnlyRenewalsAreLookedAt();
    void aSavedSnapshotIsReadAsTheFullDiffWouldJudge();
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

void TestCertificateClassifier::withoutASnapshotOnlyRenewalsAreLookedAt()
{
    // No agent has run: recogniseArchived diffs only the certificates that share their
    // subject with another in their store. The answer must be the full first-pass diff's.
    TestEnvironment env;
    for (const quint32 seed : {1u, 2u, 3u}) {
        const QList<StoreScan> scans = mixedStores(Scope::User, 300, seed);
        ScopeSnapshot none;
        none.scope = Scope::User;
        const QString expected = archivedOfEach(diffedInFull(none, scans), scans);
        QVERIFY2(expected.count(QLatin1String("->")) > 20, qPrintable(expected)); // renewals to find
        const ArchivedCertificates seen = recogniseArchived(Scope::User, scans);
        QVERIFY(!seen.snapshotFound);
        QCOMPARE(archivedOfEach(seen, scans), expected);
    }
}

void TestCertificateClassifier::aSavedSnapshotIsReadAsTheFullDiffWouldJudge()
{
    // The agent's baseline saved; the console reads it back (details decoded only for the
    // subjects of archived certificates) and must judge as the snapshot in memory does:
    // first with the stores unchanged, then after renewals, after the agent saved those,
    // and after the stores changed again under the new snapshot.
    TestEnvironment env;
    QList<StoreScan> scans = mixedStores(Scope::System, 300, 7);
    ScopeSnapshot empty;
    empty.scope = Scope::System;
    SnapshotDiff baseline = diffSnapshot(empty, scans);
    const SnapshotFile file(Scope::System);
    QVERIFY(file.save(baseline.next).ok());
    QString expected = archivedOfEach(ArchivedCertificates::of(baseline.next), scans);
    QVERIFY2(expected.count(QLatin1String("->")) > 20, qPrintable(expected));
    QCOMPARE(archivedOfEach(recogniseArchived(Scope::System, scans), scans), expected);
    QCOMPARE(archivedOfEach(recogniseArchived(Scope::System, {}), scans), expected);

    // Renewals since that pass: a later certificate at an old one's path (the old one kept
    // in an archive), one added beside its predecessor, one removed.
    QList<StoreScan> renewed = scans;
    const Certificate old = renewed[0].certificates[5].certificate;
    Certificate later = old;
    later.sha256[0] ^= 0xFF;
    later.notAfterSecs += 90 * 86400;
    renewed[0].certificates[5].certificate = later;
    renewed[0].certificates << StoredCertificate{old, QStringLiteral("/s1/archive/5.pem"), 0, {}};
    Certificate beside = renewed[1].certificates[8].certificate;
    beside.sha256[1] ^= 0xFF;
    beside.notAfterSecs += 30 * 86400;
    renewed[1].certificates << StoredCertificate{beside, QStringLiteral("/s2/beside.pem"), 0, {}};
    renewed[2].certificates.removeAt(3);
    expected = archivedOfEach(diffedInFull(baseline.next, renewed), renewed);
    const ArchivedCertificates seen = recogniseArchived(Scope::System, renewed);
    QVERIFY(seen.snapshotFound);
    QCOMPARE(archivedOfEach(seen, renewed), expected);
    QVERIFY(seen.contains(old.sha256)); // replaced at its path
    QCOMPARE(seen.successorOf(old.sha256), std::optional(later.sha256));

    // The agent's pass saves the renewals; the same scans are then judged by the new file.
    const SnapshotDiff pass = diffSnapshot(baseline.next, renewed);
    QVERIFY(file.save(pass.next).ok());
    QCOMPARE(archivedOfEach(recogniseArchived(Scope::System, renewed), renewed),
             archivedOfEach(ArchivedCertificates::of(pass.next), renewed));
    QList<StoreScan> again = renewed;
    again[1].certificates.removeLast();
    again[0].certificates.removeAt(0);
    QCOMPARE(archivedOfEach(recogniseArchived(Scope::System, again), again),
             archivedOfEach(diffedInFull(pass.next, again), again));
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
