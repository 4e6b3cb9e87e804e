// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "LifecycleFixture.h"
#include "TestEnvironment.h"
#include "lifecycle/Acknowledgements.h"
#include "lifecycle/CertificateClassifier.h"
#include "lifecycle/LifecycleEngine.h"
#include "util/Clock.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"
#include "x509/KeyIdentifiers.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The admin's acknowledgements and mutes, and the trust anchor policy: what the agent
// warns about (1002/1003) and what the one classification calls Acknowledged. Certificate
// A (LifecycleFixture.h) lives from 2026-01-01 to 2026-04-01: its warning window opens on
// 2026-03-23.
class TestAcknowledgements : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { namedCertificates(); }
    void persistsAndReadsBack();
    void damagedFileIsAProblemNotAnAcknowledgement();
    void acknowledgedCertificateIsQuietUntilTheDate();
    void untilItChangesLapsesWhenItsPathChanges();
    void mutedStoreIsQuietButACopyElsewhereWarns();
    void mutedIssuerIsQuiet();
    void classificationMatchesTheAgent();
    void trustAnchorUsedByALeafWarnsOnce();
    void trustAnchorPolicyNeverAndAlways();
    void trustAnchorsOfOneDnAreToldApartByKey();

private:
    static Acknowledgement certificateAck(const QString& name, const QDateTime& until,
                                          QList<AcknowledgedLocation> locations = {})
    {
        const Certificate c = parseOne(namedCertificates().value(name).der);
        Acknowledgement a;
        a.kind = AcknowledgementKind::Certificate;
        a.sha256 = c.sha256;
        a.thumbprint = c.thumbprint();
        a.subject = c.displayName();
        a.until = until;
        a.untilChanged = !until.isValid();
        a.locations = std::move(locations);
        a.by = QStringLiteral("alice");
        a.at = utc(2026, 3, 1);
        a.note = QStringLiteral("renewal ordered");
        return a;
    }
    static Certificate parseOne(const QByteArray& der) { return parseCertificateData(der).certificates.value(0); }
    static void save(Scope scope, std::initializer_list<Acknowledgement> list)
    {
        Acknowledgements acks;
        for (const Acknowledgement& a : list)
            acks.put(a);
        QVERIFY(saveAcknowledgements(scope, acks).ok());
    }
};

void TestAcknowledgements::persistsAndReadsBack()
{
    TestEnvironment env;
    Acknowledgement store;
    store.kind = AcknowledgementKind::Store;
    store.storeId = QStringLiteral("legacy");
    store.by = QStringLiteral("bob");
    store.at = utc(2026, 3, 2);
    const Acknowledgement cert =
        certificateAck(QStringLiteral("A"), QDateTime(), {{QStringLiteral("s1"), QStringLiteral("/srv/a.pem")}});
    save(Scope::User, {cert, store});
    QVERIFY(QFileInfo::exists(Paths::acknowledgementsFile(Scope::User)));
    QCOMPARE(QFileInfo(Paths::acknowledgementsFile(Scope::User)).permissions() & QFile::ReadOther,
             QFile::Permissions());

    const AcknowledgementsLoad load = loadAcknowledgements(Scope::User);
    QCOMPARE(load.problem, QString());
    QCOMPARE(load.acknowledgements.entries().size(), 2);
    const Acknowledgement* read = load.acknowledgements.find(cert.key());
    QVERIFY(read);
    QCOMPARE(read->sha256, cert.sha256);
    QCOMPARE(read->untilChanged, true);
    QCOMPARE(read->locations, cert.locations);
    QCOMPARE(read->note, QStringLiteral("renewal ordered"));
    QCOMPARE(read->by, QStringLiteral("alice"));
    QCOMPARE(read->describe(), QStringLiteral("by alice on 2026-03-01T00:00:00Z, until it changes: renewal ordered"));
    QVERIFY(load.acknowledgements.isStoreMuted(QStringLiteral("legacy"), utc(2030, 1, 1).toSecsSinceEpoch()));
    // The System scope's file is another file.
    QVERIFY(loadAcknowledgements(Scope::System).acknowledgements.isEmpty());
}

void TestAcknowledgements::damagedFileIsAProblemNotAnAcknowledgement()
{
    TestEnvironment env;
    QDir().mkpath(Paths::configDir(Scope::User));
    QVERIFY(writeFile(Paths::acknowledgementsFile(Scope::User),
                      "{\"version\": 1, \"acknowledgements\": [{\"kind\": "
                      "\"certificate\", \"sha256\": \"12\"}]}"));
    const AcknowledgementsLoad load = loadAcknowledgements(Scope::User);
    QVERIFY(load.problem.contains(QStringLiteral("sha256 is not 64 hex digits")));
    QVERIFY(load.acknowledgements.isEmpty());
    // The agent goes on warning, and says why.
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    LifecycleEngine engine(std::make_shared<FixedClock>(utc(2026, 3, 25)), Policy{});
    const LifecyclePass pass = engine.evaluate(stores.scan(), Scope::User);
    QCOMPARE(stores.describe(pass.events), QStringLiteral("1003 - s1 A@a.pem"));
    QVERIFY(pass.problems.join(QLatin1Char('\n')).contains(QStringLiteral("acknowledgements.json")));
}

void TestAcknowledgements::acknowledgedCertificateIsQuietUntilTheDate()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 24));
    LifecycleEngine engine(clock, Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1003 - s1 A@a.pem"));
    save(Scope::User, {certificateAck(QStringLiteral("A"), utc(2026, 3, 30))});
    clock->advance(86400); // RenotifyInterval over: it would warn again
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    clock->setNow(utc(2026, 3, 29, 23, 59, 59));
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    clock->setNow(utc(2026, 3, 30)); // lapsed: warned afresh
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1003 - s1 A@a.pem"));
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
}

void TestAcknowledgements::untilItChangesLapsesWhenItsPathChanges()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/live.pem A")), QString());
    const QString path = stores.scan().first().certificates.first().path;
    save(Scope::User, {certificateAck(QStringLiteral("A"), QDateTime(), {{QStringLiteral("s1"), path}})});
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 25));
    LifecycleEngine engine(clock, Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    clock->setNow(utc(2026, 4, 2)); // expired, still acknowledged where it is
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());

    // The file at the path now holds B: A's acknowledgement does not follow A elsewhere.
    QCOMPARE(stores.apply(QStringLiteral("mv s1/live.pem s1/old.pem; put s1/live.pem B")), QString());
    const QString events = stores.describe(engine.process(stores.scan(), Scope::User));
    QVERIFY2(events.contains(QStringLiteral("1002 - s1 A@old.pem")), qPrintable(events));

    // The classification agrees: Acknowledged only at the acknowledged path.
    CertificateClassifier classifier(ExpiryThresholds{}, utc(2026, 4, 2));
    classifier.readAcknowledgements();
    for (const ClassifiedCertificate& c : classifier.classify(stores.scan()))
        QCOMPARE(c.expiry.state,
                 c.certificate().subjectCN == QLatin1String("a.example") ? ExpiryState::Expired : ExpiryState::Healthy);
}

void TestAcknowledgements::mutedStoreIsQuietButACopyElsewhereWarns()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A; put s2/b.pem B")), QString());
    Acknowledgement mute;
    mute.kind = AcknowledgementKind::Store;
    mute.storeId = QStringLiteral("s1");
    save(Scope::User, {mute});
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 25));
    LifecycleEngine engine(clock, Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    QCOMPARE(stores.apply(QStringLiteral("put s2/copy.pem A")), QString());
    clock->advance(60);
    const QString events = stores.describe(engine.process(stores.scan(), Scope::User));
    QVERIFY2(events.contains(QStringLiteral("1003 - s2 A@copy.pem")), qPrintable(events));
}

void TestAcknowledgements::mutedIssuerIsQuiet()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    Acknowledgement mute;
    mute.kind = AcknowledgementKind::Issuer;
    mute.issuer = stores.scan().first().certificates.first().certificate.issuer;
    mute.until = utc(2026, 4, 10);
    save(Scope::User, {mute});
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 25));
    LifecycleEngine engine(clock, Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    clock->setNow(utc(2026, 4, 10)); // the mute lapsed: A has expired meanwhile
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QStringLiteral("1002 - s1 A@a.pem"));
}

void TestAcknowledgements::classificationMatchesTheAgent()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")));
    QCOMPARE(stores.apply(QStringLiteral("put s1/a.pem A; put s2/a2.pem A2")), QString());
    Acknowledgement mute;
    mute.kind = AcknowledgementKind::Store;
    mute.storeId = QStringLiteral("s2");
    mute.by = QStringLiteral("alice");
    mute.at = utc(2026, 5, 1);
    save(Scope::User, {certificateAck(QStringLiteral("A"), utc(2026, 6, 1)), mute});
    const QDateTime now = utc(2026, 5, 25); // A expired, A2 expiring
    CertificateClassifier classifier(ExpiryThresholds{}, now);
    QCOMPARE(classifier.readAcknowledgements(), QStringList());
    const QList<ClassifiedCertificate> rows = classifier.classify(stores.scan());
    QCOMPARE(rows.size(), 2);
    for (const ClassifiedCertificate& row : rows) {
        QCOMPARE(row.expiry.state, ExpiryState::Acknowledged);
        QVERIFY(!row.expiry.needsAttention());
        QCOMPARE(expiryStateText(row.expiry),
                 row.storeId == QLatin1String("s2") ? QStringLiteral("Muted") : QStringLiteral("Acknowledged"));
        QCOMPARE(row.expiry.timeBin, row.storeId == QLatin1String("s2") ? ExpiryState::Expiring : ExpiryState::Expired);
    }
    QVERIFY(rows[1].expiry.acknowledgement.startsWith(QStringLiteral("Muted (store s2) by alice")));
    LifecycleEngine engine(std::make_shared<FixedClock>(now), Policy{});
    QCOMPARE(stores.describe(engine.process(stores.scan(), Scope::User)), QString());
    // After the date the dated acknowledgement lapses in a refreshed classification too.
    const ExpiryInfo later =
        classifyExpiry(rows[0].certificate().notBeforeSecs, rows[0].certificate().notAfterSecs,
                       utc(2026, 6, 1).toSecsSinceEpoch(), ExpiryThreshold{}, rows[0].expiry.standing());
    QCOMPARE(later.state, ExpiryState::Expired);
}

namespace {
// A root in the system CA store expiring in its window, a leaf it issued in another
// store, and a root nobody uses, expiring too.
struct TrustAnchors
{
    GeneratedCert used;
    GeneratedCert unused;
    GeneratedCert leaf;
    TrustAnchors()
    {
        CertSpec root;
        root.cn = QStringLiteral("Used Root CA");
        root.isCA = true;
        root.notBefore = utc(2006, 1, 1);
        root.notAfter = utc(2026, 4, 1); // 20 years: the 90-day cap opens its window on 2026-01-01
        root.serialHex = "01";
        used = makeCertificate(root);
        root.cn = QStringLiteral("Unused Root CA");
        root.serialHex = "02";
        unused = makeCertificate(root);
        CertSpec l;
        l.cn = QStringLiteral("www.example");
        l.dns = {QStringLiteral("www.example")};
        l.notBefore = utc(2026, 1, 1);
        l.notAfter = utc(2026, 12, 1);
        l.serialHex = "03";
        leaf = makeCertificate(l, &used);
    }
    void write(const LifecycleFixture& stores) const
    {
        QVERIFY(writeFile(stores.path(QStringLiteral("ssl-certs/used.pem")), used.pem()));
        QVERIFY(writeFile(stores.path(QStringLiteral("ssl-certs/unused.pem")), unused.pem()));
        QVERIFY(writeFile(stores.path(QStringLiteral("web/leaf.pem")), leaf.pem()));
    }
};

QStringList subjectsOf(const QList<LifecycleEvent>& events)
{
    QStringList out;
    for (const LifecycleEvent& e : events)
        out << QStringLiteral("%1 %2 %3").arg(int(e.id)).arg(e.storeId, e.certificate.subjectCN);
    return out;
}
} // namespace

void TestAcknowledgements::trustAnchorUsedByALeafWarnsOnce()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")),
                                  {QStringLiteral("ssl-certs"), QStringLiteral("web")});
    QDir().mkpath(stores.path(QStringLiteral("ssl-certs")));
    QDir().mkpath(stores.path(QStringLiteral("web")));
    const TrustAnchors anchors;
    anchors.write(stores);
    auto clock = std::make_shared<FixedClock>(utc(2026, 3, 1));
    LifecycleEngine engine(clock, Policy{}); // TrustAnchorWarnings=when-used, the default
    QCOMPARE(subjectsOf(engine.process(stores.scan(Scope::System), Scope::System)),
             QStringList{QStringLiteral("1003 ssl-certs Used Root CA")});
    clock->advance(3600);
    QCOMPARE(subjectsOf(engine.process(stores.scan(Scope::System), Scope::System)), QStringList());

    // The console's classification: the unused root is Muted, the used one Expiring.
    CertificateClassifier classifier(ExpiryThresholds{}, clock->now());
    const QList<StoreScan> scans = stores.scan(Scope::System);
    classifier.recogniseTrustAnchorUse(storeCertificates(scans));
    for (const ClassifiedCertificate& c : classifier.classify(scans)) {
        if (c.certificate().subjectCN == QLatin1String("Unused Root CA"))
            QCOMPARE(expiryStateText(c.expiry), QStringLiteral("Muted"));
        else if (c.certificate().subjectCN == QLatin1String("Used Root CA"))
            QCOMPARE(c.expiry.state, ExpiryState::Expiring);
        else
            QCOMPARE(c.expiry.state, ExpiryState::Healthy);
    }
    // Without a leaf, the used root goes quiet too (and its warnings start afresh later).
    QVERIFY(QFile::remove(stores.path(QStringLiteral("web/leaf.pem"))));
    clock->advance(2 * 86400);
    const QStringList quiet = subjectsOf(engine.process(stores.scan(Scope::System), Scope::System));
    QCOMPARE(quiet, QStringList{QStringLiteral("1004 web www.example")}); // the leaf left; no warning
}

void TestAcknowledgements::trustAnchorPolicyNeverAndAlways()
{
    TestEnvironment env;
    const LifecycleFixture stores(env.path(QStringLiteral("stores")),
                                  {QStringLiteral("ssl-certs"), QStringLiteral("web")});
    QDir().mkpath(stores.path(QStringLiteral("ssl-certs")));
    QDir().mkpath(stores.path(QStringLiteral("web")));
    const TrustAnchors anchors;
    anchors.write(stores);
    Policy policy;
    QVERIFY(setPolicyValue(policy, PolicyKey::TrustAnchorWarnings, QStringLiteral("never")));
    QCOMPARE(subjectsOf(LifecycleEngine(std::make_shared<FixedClock>(utc(2026, 3, 1)), policy)
                            .process(stores.scan(Scope::System), Scope::System)),
             QStringList());
    TestEnvironment other;
    QVERIFY(setPolicyValue(policy, PolicyKey::TrustAnchorWarnings, QStringLiteral("Always")));
    QCOMPARE(policyValueText(policy, PolicyKey::TrustAnchorWarnings), QStringLiteral("always"));
    QCOMPARE(
        subjectsOf(LifecycleEngine(std::make_shared<FixedClock>(utc(2026, 3, 1)), policy)
                       .process(stores.scan(Scope::System), Scope::System)),
        (QStringList{QStringLiteral("1003 ssl-certs Unused Root CA"), QStringLiteral("1003 ssl-certs Used Root CA")}));
    QString error;
    QVERIFY(!setPolicyValue(policy, PolicyKey::TrustAnchorWarnings, QStringLiteral("sometimes"), &error));
    QCOMPARE(error, QStringLiteral("TrustAnchorWarnings: \"sometimes\" is not allowed: never, when-used or always"));
}

void TestAcknowledgements::trustAnchorsOfOneDnAreToldApartByKey()
{
    // A re-keyed root: two certificates of one DN with two keys, both about to expire.
    // The leaf was signed by the new key: its AKI names the new root's SKI, so only
    // the new root is used; the old one is Muted, and the agent warns about one root.
    CertSpec root;
    root.cn = QStringLiteral("Example Root CA");
    root.isCA = true;
    root.notBefore = utc(2006, 1, 1);
    root.notAfter = utc(2026, 4, 1);
    root.serialHex = "11";
    root.subjectKey = freshKey(KeyType::EcP256);
    const GeneratedCert oldRoot = makeCertificate(root);
    root.serialHex = "12";
    root.subjectKey = freshKey(KeyType::EcP256);
    const GeneratedCert newRoot = makeCertificate(root);
    QVERIFY(keyIdentifiersOf(oldRoot.der).subjectKeyId != keyIdentifiersOf(newRoot.der).subjectKeyId);
    CertSpec l;
    l.cn = QStringLiteral("www.example");
    l.dns = {l.cn};
    l.notBefore = utc(2026, 1, 1);
    l.notAfter = utc(2026, 12, 1);
    l.serialHex = "13";
    const GeneratedCert leaf = makeCertificate(l, &newRoot);
    QCOMPARE(keyIdentifiersOf(leaf.der).authorityKeyId, keyIdentifiersOf(newRoot.der).subjectKeyId);
    l.authorityKeyId = false; // a leaf that does not say which key signed it
    l.serialHex = "14";
    const GeneratedCert vagueLeaf = makeCertificate(l, &newRoot);
    QVERIFY(keyIdentifiersOf(vagueLeaf.der).authorityKeyId.isEmpty());

    const auto check = [&](const GeneratedCert& leafInStore, bool oldRootUsed) {
        TestEnvironment env;
        const LifecycleFixture stores(env.path(QStringLiteral("stores")),
                                      {QStringLiteral("ssl-certs"), QStringLiteral("web")});
        QDir().mkpath(stores.path(QStringLiteral("ssl-certs")));
        QDir().mkpath(stores.path(QStringLiteral("web")));
        QVERIFY(writeFile(stores.path(QStringLiteral("ssl-certs/old.pem")), oldRoot.pem()));
        QVERIFY(writeFile(stores.path(QStringLiteral("ssl-certs/new.pem")), newRoot.pem()));
        QVERIFY(writeFile(stores.path(QStringLiteral("web/leaf.pem")), leafInStore.pem()));
        auto clock = std::make_shared<FixedClock>(utc(2026, 3, 1));

        // The agent: a 1003 for each root in use.
        LifecycleEngine engine(clock, Policy{});
        QStringList warned;
        for (const LifecycleEvent& e : engine.process(stores.scan(Scope::System), Scope::System))
            if (e.id == EventId::CloseToExpiration)
                warned << e.certificate.thumbprint;
        warned.sort();
        QStringList expected{newRoot.thumbprint()};
        if (oldRootUsed)
            expected << oldRoot.thumbprint();
        expected.sort();
        QCOMPARE(warned, expected);

        // The console's and the CLI's classification agree.
        CertificateClassifier classifier(ExpiryThresholds{}, clock->now());
        const QList<StoreScan> scans = stores.scan(Scope::System);
        classifier.recogniseTrustAnchorUse(storeCertificates(scans));
        int seen = 0;
        for (const ClassifiedCertificate& c : classifier.classify(scans)) {
            if (c.certificate().thumbprint() == newRoot.thumbprint()) {
                QCOMPARE(c.expiry.state, ExpiryState::Expiring);
                ++seen;
            } else if (c.certificate().thumbprint() == oldRoot.thumbprint()) {
                QCOMPARE(expiryStateText(c.expiry), oldRootUsed ? QStringLiteral("Expiring") : QStringLiteral("Muted"));
                ++seen;
            }
        }
        QCOMPARE(seen, 2);
    };
    check(leaf, false);     // AKI matches one SKI: the other root of the DN is not used
    check(vagueLeaf, true); // no AKI: the DN is all there is, both roots count as used
}

QTEST_GUILESS_MAIN(TestAcknowledgements)
#include "TestAcknowledgements.moc"
