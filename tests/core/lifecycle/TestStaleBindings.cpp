// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "lifecycle/LifecycleEngine.h"
#include "lifecycle/StaleBindings.h"
#include "x509/CertificateParser.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

// Which served certificates are stale and when that is said (StaleBindings.h); the whole
// story against a real TLS server and an agent is TestCliStaleBinding. Here the scans
// are built by hand, so each rule is checked alone.
class TestStaleBindings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyANewerCertificateForTheNameOfTheSameKeyTypeCounts_data();
    void onlyANewerCertificateForTheNameOfTheSameKeyTypeCounts();
    void graceRenotifyAndCurrent();
    void unreachableKeepsAndGoneForgets();
    void stateSurvivesTheEngineAndDamageIsReported();

private:
    static qint64 at(const char* iso)
    {
        return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toSecsSinceEpoch();
    }
    static Certificate leaf(const QString& name, const char* notBefore, const QByteArray& serial,
                            KeyType keyType = KeyType::EcP256, bool isCA = false, const QStringList& dns = {},
                            int days = 90)
    {
        CertSpec spec;
        spec.cn = name;
        spec.dns = dns.isEmpty() ? QStringList{name} : dns;
        spec.notBefore = QDateTime::fromString(QLatin1String(notBefore), Qt::ISODate);
        spec.notAfter = spec.notBefore.addDays(days);
        spec.serialHex = serial;
        spec.keyType = keyType;
        spec.isCA = isCA;
        return parseCertificateData(makeCertificate(spec).der).certificates.value(0);
    }
    static StoreScan fileStore(const QList<Certificate>& certificates)
    {
        StoreScan scan;
        scan.storeId = QStringLiteral("files");
        int i = 0;
        for (const Certificate& c : certificates)
            scan.certificates << StoredCertificate{c, QStringLiteral("/etc/ssl/c%1.pem").arg(i++), 0};
        return scan;
    }
    static ProbeResult probe(const QString& address, const QList<Certificate>& chain, const QString& sni = {})
    {
        ProbeResult r;
        parseEndpoint(QStringLiteral("www.test.example:443"), &r.endpoint);
        r.endpoint.sni = sni;
        r.address = address;
        r.chain = chain;
        if (chain.isEmpty()) {
            r.failure = ProbeFailure::Refused;
            r.error = QStringLiteral("connection refused");
        }
        return r;
    }
    static StoreScan endpointStore(const QList<ProbeResult>& probes)
    {
        StoreScan scan;
        scan.storeId = QStringLiteral("web");
        scan.endpointProbes = probes;
        for (const ProbeResult& r : probes) {
            if (r.handshakeSucceeded())
                for (int i = 0; i < r.chain.size(); ++i)
                    scan.certificates << StoredCertificate{r.chain[i], r.location(), i};
            else
                scan.problems << ScanProblem{r.location(), r.error};
        }
        return scan;
    }
};

void TestStaleBindings::onlyANewerCertificateForTheNameOfTheSameKeyTypeCounts_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("notBefore");
    QTest::addColumn<int>("days");
    QTest::addColumn<bool>("rsa");
    QTest::addColumn<bool>("ca");
    QTest::addColumn<QStringList>("dns");
    QTest::addColumn<bool>("stale");
    const QString renewedAt = QStringLiteral("2026-03-01T00:00:00Z");
    const QString www = QStringLiteral("www.test.example");
    QTest::newRow("newer, same name") << www << renewedAt << 90 << false << false << QStringList() << true;
    QTest::newRow("wildcard covers it") << QStringLiteral("*.test.example") << renewedAt << 90 << false << false
                                        << QStringList() << true;
    QTest::newRow("another name") << QStringLiteral("mail.test.example") << renewedAt << 90 << false << false
                                  << QStringList() << false;
    // A client ignores the CN when there are DNS SANs.
    QTest::newRow("name only in the CN beside SANs")
        << www << renewedAt << 90 << false << false << QStringList{QStringLiteral("other.example")} << false;
    QTest::newRow("older") << www << QStringLiteral("2025-12-01T00:00:00Z") << 180 << false << false << QStringList()
                           << false;
    QTest::newRow("not valid yet") << www << QStringLiteral("2026-03-10T00:00:00Z") << 90 << false << false
                                   << QStringList() << false;
    QTest::newRow("newer but expired") << www << QStringLiteral("2026-01-02T00:00:00Z") << 30 << false << false
                                       << QStringList() << false;
    QTest::newRow("other key type (RSA beside ECDSA)")
        << www << renewedAt << 90 << true << false << QStringList() << false;
    QTest::newRow("a CA") << www << renewedAt << 90 << false << true << QStringList() << false;
}

void TestStaleBindings::onlyANewerCertificateForTheNameOfTheSameKeyTypeCounts()
{
    QFETCH(QString, name);
    QFETCH(QString, notBefore);
    QFETCH(int, days);
    QFETCH(bool, rsa);
    QFETCH(bool, ca);
    QFETCH(QStringList, dns);
    QFETCH(bool, stale);
    const Certificate candidate =
        leaf(name, notBefore.toLatin1().constData(), "02", rsa ? KeyType::Rsa2048 : KeyType::EcP256, ca, dns, days);
    QVERIFY(!candidate.isNull());
    const Certificate served = leaf(QStringLiteral("www.test.example"), "2026-01-01T00:00:00Z", "01");
    Policy policy;
    policy.staleBindingGraceSeconds = 0; // at once
    const QList<StoreScan> scans{fileStore({candidate}), endpointStore({probe(QStringLiteral("192.0.2.1"), {served})})};
    const StaleBindingPass pass = evaluateStaleBindings(scans, {}, policy, at("2026-03-05T00:00:00Z"));
    QCOMPARE(pass.events.size(), stale ? 1 : 0);
    QCOMPARE(pass.bindings.size(), stale ? 1 : 0);
    if (stale) {
        const LifecycleEvent& e = pass.events.first();
        QCOMPARE(e.id, EventId::StaleBinding);
        QCOMPARE(e.storeId, QStringLiteral("web"));
        QCOMPARE(e.certificate.sha256, candidate.sha256Hex());
        QCOMPARE(e.oldCertificate->sha256, served.sha256Hex());
        QCOMPARE(e.oldCertificate->path, QStringLiteral("www.test.example:443 [192.0.2.1]"));
    }
}

void TestStaleBindings::graceRenotifyAndCurrent()
{
    const Certificate old = leaf(QStringLiteral("www.test.example"), "2026-01-01T00:00:00Z", "01");
    const Certificate renewed = leaf(QStringLiteral("www.test.example"), "2026-03-01T00:00:00Z", "02");
    Policy policy; // grace 1 h, re-notify 24 h
    const QList<StoreScan> stale{fileStore({renewed}), endpointStore({probe(QStringLiteral("192.0.2.1"), {old})})};
    StaleBindingPass p = evaluateStaleBindings(stale, {}, policy, at("2026-03-02T00:00:00Z"));
    QVERIFY(p.events.isEmpty());
    QVERIFY(p.changed);
    QCOMPARE(p.bindings.value(0).firstSeenAt, at("2026-03-02T00:00:00Z"));
    p = evaluateStaleBindings(stale, p.bindings, policy, at("2026-03-02T00:59:59Z"));
    QVERIFY(p.events.isEmpty());
    QVERIFY(!p.changed); // nothing to save
    p = evaluateStaleBindings(stale, p.bindings, policy, at("2026-03-02T01:00:00Z"));
    QCOMPARE(p.events.size(), 1);
    QCOMPARE(currentlyStale(p.bindings), 1);
    p = evaluateStaleBindings(stale, p.bindings, policy, at("2026-03-02T12:00:00Z"));
    QVERIFY(p.events.isEmpty());
    p = evaluateStaleBindings(stale, p.bindings, policy, at("2026-03-03T01:00:00Z"));
    QCOMPARE(p.events.size(), 1); // RenotifyInterval
    Policy never = policy;
    never.renotifyIntervalSeconds = 0;
    QVERIFY(evaluateStaleBindings(stale, p.bindings, never, at("2026-03-09T01:00:00Z")).events.isEmpty());

    // Served the renewal: 1102, once.
    const QList<StoreScan> current{fileStore({renewed}),
                                   endpointStore({probe(QStringLiteral("192.0.2.1"), {renewed})})};
    p = evaluateStaleBindings(current, p.bindings, policy, at("2026-03-03T02:00:00Z"));
    QCOMPARE(p.events.size(), 1);
    QCOMPARE(p.events[0].id, EventId::BindingCurrent);
    QCOMPARE(p.events[0].certificate.sha256, renewed.sha256Hex());
    QCOMPARE(p.events[0].oldCertificate->sha256, old.sha256Hex());
    QVERIFY(p.bindings.isEmpty());
    p = evaluateStaleBindings(current, p.bindings, policy, at("2026-03-03T03:00:00Z"));
    QVERIFY(p.events.isEmpty());

    // Stale within the grace and then fixed: nothing was said, so nothing is said.
    p = evaluateStaleBindings(stale, {}, policy, at("2026-03-04T00:00:00Z"));
    p = evaluateStaleBindings(current, p.bindings, policy, at("2026-03-04T00:30:00Z"));
    QVERIFY(p.events.isEmpty());
    QVERIFY(p.bindings.isEmpty());
}

void TestStaleBindings::unreachableKeepsAndGoneForgets()
{
    const Certificate old = leaf(QStringLiteral("www.test.example"), "2026-01-01T00:00:00Z", "01");
    const Certificate renewed = leaf(QStringLiteral("www.test.example"), "2026-03-01T00:00:00Z", "02");
    Policy policy;
    policy.staleBindingGraceSeconds = 0;
    // A load balancer with one stale member.
    StaleBindingPass p = evaluateStaleBindings(
        {fileStore({renewed}),
         endpointStore({probe(QStringLiteral("192.0.2.1"), {renewed}), probe(QStringLiteral("192.0.2.2"), {old})})},
        {}, policy, at("2026-03-02T00:00:00Z"));
    QCOMPARE(p.events.size(), 1);
    QCOMPARE(p.events[0].oldCertificate->path, QStringLiteral("www.test.example:443 [192.0.2.2]"));
    // The stale member is down: still stale (no 1102, no second 1101).
    p = evaluateStaleBindings(
        {fileStore({renewed}),
         endpointStore({probe(QStringLiteral("192.0.2.1"), {renewed}), probe(QStringLiteral("192.0.2.2"), {})})},
        p.bindings, policy, at("2026-03-02T01:00:00Z"));
    QVERIFY(p.events.isEmpty());
    QCOMPARE(currentlyStale(p.bindings), 1);
    // The member left the name: forgotten without an event.
    p = evaluateStaleBindings({fileStore({renewed}), endpointStore({probe(QStringLiteral("192.0.2.1"), {renewed})})},
                              p.bindings, policy, at("2026-03-02T02:00:00Z"));
    QVERIFY(p.events.isEmpty());
    QVERIFY(p.bindings.isEmpty());
}

void TestStaleBindings::stateSurvivesTheEngineAndDamageIsReported()
{
    TestEnvironment env;
    const Certificate old = leaf(QStringLiteral("www.test.example"), "2026-01-01T00:00:00Z", "01");
    const Certificate renewed = leaf(QStringLiteral("www.test.example"), "2026-03-01T00:00:00Z", "02");
    const QString snapshot = env.path(QStringLiteral("state/lifecycle.snapshot"));
    const QString bindingsFile = staleBindingsPath(snapshot);
    QCOMPARE(QFileInfo(bindingsFile).fileName(), QStringLiteral("stale-bindings.json"));
    QList<StoreScan> scans{fileStore({renewed}), endpointStore({probe(QStringLiteral("192.0.2.1"), {old})})};
    for (StoreScan& s : scans)
        s.scope = Scope::User;
    const auto passAt = [&](const char* now) {
        LifecycleEngine engine(std::make_shared<FixedClock>(QDateTime::fromString(QLatin1String(now), Qt::ISODate)),
                               Policy());
        engine.setSnapshotFile(Scope::User, snapshot);
        engine.setAcknowledgementsFile(Scope::User, env.path(QStringLiteral("state/acknowledgements.json")));
        const QList<LifecycleEvent> events = engine.process(scans, Scope::User);
        QList<EventId> ids;
        for (const LifecycleEvent& e : events)
            ids << e.id;
        return ids;
    };
    QCOMPARE(passAt("2026-03-02T00:00:00Z"), QList<EventId>()); // baseline; the grace starts
    QVERIFY(QFile::exists(bindingsFile));
    struct stat st
    {};
    QCOMPARE(::stat(QFile::encodeName(bindingsFile).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    // A new engine (an agent restart) keeps the first pass's time: the grace is not restarted.
    QCOMPARE(passAt("2026-03-02T01:00:00Z"), QList<EventId>{EventId::StaleBinding});
    QCOMPARE(passAt("2026-03-02T02:00:00Z"), QList<EventId>());
    QCOMPARE(currentlyStale(loadStaleBindings(bindingsFile).bindings), 1);

    // A damaged file is reported and the measuring starts afresh (no 1101 at once).
    QVERIFY(writeFile(bindingsFile, "{\"bindings\": [{\"store\": 1}]}"));
    const StaleBindingsLoad damaged = loadStaleBindings(bindingsFile);
    QVERIFY(damaged.bindings.isEmpty());
    QVERIFY2(damaged.problem.contains(bindingsFile), qPrintable(damaged.problem));
    QCOMPARE(passAt("2026-03-02T03:00:00Z"), QList<EventId>());
    QCOMPARE(passAt("2026-03-02T04:00:00Z"), QList<EventId>{EventId::StaleBinding});
}

QTEST_GUILESS_MAIN(TestStaleBindings)
#include "TestStaleBindings.moc"
