// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportTestSupport.h"
#include "TestEnvironment.h"

#include "reports/CertificateReport.h"

#include <QJsonArray>
#include <QTest>
#include <algorithm>

using namespace certlife;
using namespace certlife::test;

// The certificate report's rows: states from the policy of each scope at a fixed
// clock, every column, the selections and filters the console and the CLI use, and the
// upcoming-expiry chart.
class TestCertificateReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statesDaysAndLifetimeFollowEachScopesPolicy();
    void everyColumnComesFromTheCertificate();
    void expiringWithinIncludesTheExpired();
    void filtersCombine();
    void aViewKeepsTheCallersOrder();
    void rowsAreMostUrgentFirst();
    void archivedAreLeftOutUnlessAskedFor();
    void chartCountsTheNextTwelveMonths();

private:
    static inline const QDateTime kNow = utc(2026, 3, 1);
    static std::shared_ptr<const Clock> clock() { return std::make_shared<FixedClock>(kNow); }
    static StoreCertificate cert(const QString& cn, const QDateTime& notBefore, const QDateTime& notAfter,
                                 Scope scope = Scope::User, const QString& store = QStringLiteral("My"))
    {
        CertSpec spec;
        spec.cn = cn;
        spec.dns = {cn};
        spec.notBefore = notBefore;
        spec.notAfter = notAfter;
        return storedCertificate(spec, store, scope);
    }
    static QJsonValue cell(const Report& r, int row, const QString& key)
    {
        return r.rows.value(row).cells.value(r.columnIndex(key));
    }
    static int rowOf(const Report& r, const QString& cn)
    {
        for (int i = 0; i < r.rows.size(); ++i)
            if (cell(r, i, QStringLiteral("subjectCN")).toString() == cn)
                return i;
        return -1;
    }
    static QStringList cns(const Report& r)
    {
        QStringList out;
        for (int i = 0; i < r.rows.size(); ++i)
            out << cell(r, i, QStringLiteral("subjectCN")).toString();
        return out;
    }
    static QList<StoreCertificate> mixedStore();
};

// expired, expiring by percent, expiring only by a 30-day policy, healthy.
QList<StoreCertificate> TestCertificateReport::mixedStore()
{
    return {
        cert(QStringLiteral("healthy.example"), utc(2026, 1, 1), utc(2027, 1, 1)),
        cert(QStringLiteral("expired.example"), utc(2025, 12, 1), utc(2026, 2, 15)),
        cert(QStringLiteral("percent.example"), utc(2026, 1, 1), utc(2026, 3, 5)),
        cert(QStringLiteral("days.example"), utc(2026, 1, 1), utc(2026, 3, 21), Scope::User, QStringLiteral("web")),
    };
}

void TestCertificateReport::statesDaysAndLifetimeFollowEachScopesPolicy()
{
    TestEnvironment env;
    QList<StoreCertificate> certs = mixedStore();
    StoreCertificate systemCopy = certs[3]; // the same certificate judged by the machine policy
    systemCopy.scope = Scope::System;
    certs << systemCopy << cert(QStringLiteral("last-second.example"), utc(2026, 1, 1), kNow)
          << cert(QStringLiteral("later-today.example"), utc(2025, 1, 1), kNow.addSecs(12 * 3600))
          << cert(QStringLiteral("hour-ago.example"), utc(2025, 1, 1), kNow.addSecs(-3600));
    ExpiryThresholds thresholds;
    thresholds.user.days = 30; // the user warns a month ahead; the machine keeps 10 %

    const Report r = buildCertificateReport(certs, thresholds, clock());
    QCOMPARE(r.rows.size(), certs.size());
    QCOMPARE(r.generated, kNow);

    const auto check = [&](const QString& cn, const QString& state, int days, double percent, RowTone tone) {
        const int row = rowOf(r, cn);
        QVERIFY2(row >= 0, qPrintable(cn));
        QCOMPARE(cell(r, row, QStringLiteral("state")).toString(), state);
        QCOMPARE(cell(r, row, QStringLiteral("daysLeft")).toDouble(), double(days));
        QCOMPARE(cell(r, row, QStringLiteral("lifetimeLeftPercent")).toDouble(), percent);
        QCOMPARE(r.rows[row].tone, tone);
    };
    check(QStringLiteral("expired.example"), QStringLiteral("Expired"), -14, 0.0, RowTone::Bad);
    // 4 of 63 days left: inside 10 % (6.3 days).
    check(QStringLiteral("percent.example"), QStringLiteral("Expiring"), 4, 6.3, RowTone::Warning);
    // 306 of 365 days left.
    check(QStringLiteral("healthy.example"), QStringLiteral("Healthy"), 306, 83.8, RowTone::Neutral);
    // notAfter is the last valid second, as the agent counts: not expired yet.
    check(QStringLiteral("last-second.example"), QStringLiteral("Expiring"), 0, 0.0, RowTone::Warning);
    check(QStringLiteral("later-today.example"), QStringLiteral("Expiring"), 0, 0.1, RowTone::Warning);
    check(QStringLiteral("hour-ago.example"), QStringLiteral("Expired"), -1, 0.0, RowTone::Bad);

    // 20 of 79 days left: outside 10 % (7.9 days), inside the user's 30 days.
    int userRow = -1, systemRow = -1;
    for (int i = 0; i < r.rows.size(); ++i) {
        if (cell(r, i, QStringLiteral("subjectCN")).toString() != QLatin1String("days.example"))
            continue;
        (cell(r, i, QStringLiteral("scope")).toString() == QLatin1String("User") ? userRow : systemRow) = i;
    }
    QVERIFY(userRow >= 0 && systemRow >= 0);
    QCOMPARE(cell(r, userRow, QStringLiteral("state")).toString(), QStringLiteral("Expiring"));
    QCOMPARE(cell(r, systemRow, QStringLiteral("state")).toString(), QStringLiteral("Within 30 days"));
    QCOMPARE(cell(r, userRow, QStringLiteral("daysLeft")).toDouble(), 20.0);
    // The console's bins, so the report's counts are the Overview's tiles.
    QCOMPARE(r.summary,
             QStringLiteral("8 certificates: 2 expired, 4 expiring, 1 within 30 days, 0 within 60 days, "
                            "0 within 90 days, 1 healthy"));
}

void TestCertificateReport::everyColumnComesFromTheCertificate()
{
    TestEnvironment env;
    CertSpec caSpec;
    caSpec.cn = QStringLiteral("Example Issuing CA");
    caSpec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Example Ltd")}};
    caSpec.isCA = true;
    const GeneratedCert ca = makeCertificate(caSpec);
    CertSpec spec;
    spec.cn = QStringLiteral("www.example.org");
    spec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Example Ltd")}};
    spec.dns = {QStringLiteral("www.example.org"), QStringLiteral("example.org")};
    spec.ips = {QStringLiteral("192.0.2.7")};
    spec.ekuOids = {QStringLiteral("1.3.6.1.5.5.7.3.1"), QStringLiteral("1.2.3.4.5")};
    spec.templateName = QStringLiteral("WebServer");
    spec.keyType = KeyType::Rsa2048;
    spec.negativeSerial = true;
    StoreCertificate entry = storedCertificate(spec, QStringLiteral("web"), Scope::System, &ca);
    entry.stored.keyPath = QStringLiteral("/srv/certs/www.key");
    StoreCertificate keyless = storedCertificate(spec, QStringLiteral("web"), Scope::System, &ca);
    keyless.stored.path = QStringLiteral("/srv/other/www.pem");

    const Report r = buildCertificateReport({entry, keyless}, ExpiryThresholds{}, clock());
    QCOMPARE(r.rows.size(), 2);
    const int row = cell(r, 0, QStringLiteral("path")).toString() == entry.stored.path ? 0 : 1;
    const Certificate& c = entry.stored.certificate;
    QCOMPARE(cell(r, row, QStringLiteral("subjectCN")).toString(), QStringLiteral("www.example.org"));
    QCOMPARE(cell(r, row, QStringLiteral("subject")).toString(), QStringLiteral("CN=www.example.org,O=Example Ltd"));
    QCOMPARE(cell(r, row, QStringLiteral("sans")).toArray(),
             QJsonArray({"DNS:www.example.org", "DNS:example.org", "IP:192.0.2.7"}));
    QCOMPARE(cell(r, row, QStringLiteral("issuer")).toString(), QStringLiteral("CN=Example Issuing CA,O=Example Ltd"));
    QCOMPARE(cell(r, row, QStringLiteral("store")).toString(), QStringLiteral("web")); // no names given: the id
    QCOMPARE(cell(r, row, QStringLiteral("storeId")).toString(), QStringLiteral("web"));
    QCOMPARE(cell(r, row, QStringLiteral("scope")).toString(), QStringLiteral("System"));
    {
        // With the catalog's names, the Store column names it (the id stays in storeId).
        CertificateReportOptions named;
        named.storeNames.insert(Scope::System, QStringLiteral("web"), QStringLiteral("Web servers"));
        named.storeNames.insert(Scope::User, QStringLiteral("web"), QStringLiteral("Someone else's web"));
        const Report n = buildCertificateReport({entry}, ExpiryThresholds{}, clock(), named);
        QCOMPARE(cell(n, 0, QStringLiteral("store")).toString(), QStringLiteral("Web servers"));
        QCOMPARE(cell(n, 0, QStringLiteral("storeId")).toString(), QStringLiteral("web"));
    }
    QCOMPARE(cell(r, row, QStringLiteral("serial")).toString(), c.serialHex);
    QVERIFY(c.serialHex.startsWith(QLatin1Char('-')));
    QCOMPARE(cell(r, row, QStringLiteral("notBefore")).toString(), QStringLiteral("2026-01-01T00:00:00Z"));
    QCOMPARE(cell(r, row, QStringLiteral("notAfter")).toString(), QStringLiteral("2026-04-01T00:00:00Z"));
    QCOMPARE(cell(r, row, QStringLiteral("sha256")).toString(), c.sha256Hex());
    QCOMPARE(cell(r, row, QStringLiteral("template")).toString(), QStringLiteral("WebServer"));
    QCOMPARE(cell(r, row, QStringLiteral("ekus")).toArray(),
             QJsonArray({"TLS Web Server Authentication (1.3.6.1.5.5.7.3.1)", "1.2.3.4.5"}));
    QCOMPARE(cell(r, row, QStringLiteral("keyAlgorithm")).toString(), QStringLiteral("RSA"));
    QCOMPARE(cell(r, row, QStringLiteral("keyBits")).toDouble(), 2048.0);
    QCOMPARE(cell(r, row, QStringLiteral("hasPrivateKey")), QJsonValue(true));
    QCOMPARE(cell(r, 1 - row, QStringLiteral("hasPrivateKey")), QJsonValue(false));
    // The thumbprint is the SHA-1 of the DER, as openssl computes it.
    QCOMPARE(cell(r, row, QStringLiteral("thumbprint")).toString(),
             opensslField(c.der, QStringLiteral("-fingerprint -sha1"))
                 .section(QLatin1Char('='), 1)
                 .remove(QLatin1Char(':'))
                 .trimmed());
}

void TestCertificateReport::expiringWithinIncludesTheExpired()
{
    TestEnvironment env;
    CertificateReportOptions options;
    options.selection = CertificateReportOptions::Selection::ExpiringWithin;
    options.withinDays = 20; // days.example expires exactly 20 days from now: included
    const Report r = buildCertificateReport(mixedStore(), ExpiryThresholds{}, clock(), options);
    QCOMPARE(cns(r), (QStringList{"percent.example", "expired.example", "days.example"}));
    QCOMPARE(r.rangeTo, kNow.addDays(20));
    QCOMPARE(r.filters.size(), 1);
    QCOMPARE(r.filters[0].key, QStringLiteral("withinDays"));
    QVERIFY(r.rangeText.contains(QStringLiteral("2026-03-21 00:00 UTC")));

    options.withinDays = 19;
    QCOMPARE(cns(buildCertificateReport(mixedStore(), ExpiryThresholds{}, clock(), options)),
             (QStringList{"percent.example", "expired.example"}));
}

void TestCertificateReport::filtersCombine()
{
    TestEnvironment env;
    const QList<StoreCertificate> certs = mixedStore();
    CertificateReportOptions options;
    options.storeId = QStringLiteral("web");
    QCOMPARE(cns(buildCertificateReport(certs, ExpiryThresholds{}, clock(), options)), QStringList{"days.example"});

    options = {};
    options.search = QStringLiteral("PERCENT"); // any case
    QCOMPARE(cns(buildCertificateReport(certs, ExpiryThresholds{}, clock(), options)), QStringList{"percent.example"});
    options.search = certs[0].stored.certificate.thumbprint().toLower(); // by thumbprint
    QCOMPARE(cns(buildCertificateReport(certs, ExpiryThresholds{}, clock(), options)), QStringList{"healthy.example"});

    options = {};
    options.state = ExpiryState::Expiring;
    QCOMPARE(cns(buildCertificateReport(certs, ExpiryThresholds{}, clock(), options)), QStringList{"percent.example"});
    options.state = ExpiryState::Within30; // 20 of 79 days left: outside 10 %
    QCOMPARE(cns(buildCertificateReport(certs, ExpiryThresholds{}, clock(), options)), QStringList{"days.example"});
    options.state = ExpiryState::Healthy;
    options.scope = Scope::User;
    const Report r = buildCertificateReport(certs, ExpiryThresholds{}, clock(), options);
    QCOMPARE(cns(r), (QStringList{"healthy.example"}));
    QStringList described;
    for (const ReportFilter& f : r.filters)
        described << f.key + QLatin1Char('=') + f.value;
    QCOMPARE(described, (QStringList{"scope=User", "state=Healthy"}));

    options.scope = Scope::System;
    QVERIFY(buildCertificateReport(certs, ExpiryThresholds{}, clock(), options).rows.isEmpty());
}

void TestCertificateReport::aViewKeepsTheCallersOrder()
{
    TestEnvironment env;
    QList<StoreCertificate> view = mixedStore();
    std::reverse(view.begin(), view.end());
    CertificateReportOptions options;
    options.selection = CertificateReportOptions::Selection::View;
    options.viewDescription = QStringLiteral("search \"example\"; sorted by CN descending");
    const Report r = buildCertificateReport(view, ExpiryThresholds{}, clock(), options);
    QCOMPARE(cns(r), (QStringList{"days.example", "percent.example", "expired.example", "healthy.example"}));
    QCOMPARE(r.filters.size(), 1);
    QCOMPARE(r.filters[0].label, QStringLiteral("Console view"));
    QCOMPARE(r.filters[0].value, options.viewDescription);
}

void TestCertificateReport::rowsAreMostUrgentFirst()
{
    TestEnvironment env;
    // As the console's default order: expiring, then recently expired, then the rest by
    // expiry, then the long expired.
    QList<StoreCertificate> certs = mixedStore();
    certs << cert(QStringLiteral("since-2016.example"), utc(2015, 1, 1), utc(2016, 1, 1));
    const Report r = buildCertificateReport(certs, ExpiryThresholds{}, clock());
    QCOMPARE(
        cns(r),
        (QStringList{"percent.example", "expired.example", "days.example", "healthy.example", "since-2016.example"}));
    QCOMPARE(r.summary,
             QStringLiteral("5 certificates: 2 expired (1 long expired), 1 expiring, 1 within 30 days, "
                            "0 within 60 days, 0 within 90 days, 1 healthy"));
    QVERIFY(r.filters.isEmpty());
    QVERIFY(r.rangeText.startsWith(QStringLiteral("all certificates")));
}

void TestCertificateReport::chartCountsTheNextTwelveMonths()
{
    TestEnvironment env;
    QList<StoreCertificate> certs = mixedStore(); // expired; Mar ×2; Jan 2027
    certs << cert(QStringLiteral("april.example"), utc(2026, 1, 1), utc(2026, 4, 30, 23))
          << cert(QStringLiteral("last-month.example"), utc(2026, 1, 1), utc(2027, 2, 28, 23))
          << cert(QStringLiteral("beyond.example"), utc(2026, 1, 1), utc(2027, 3, 1));
    const Report r = buildCertificateReport(certs, ExpiryThresholds{}, clock());
    QCOMPARE(r.upcomingExpiry.size(), 12);
    QCOMPARE(r.upcomingExpiry.first().month, QDate(2026, 3, 1));
    QCOMPARE(r.upcomingExpiry.last().month, QDate(2027, 2, 1));
    QList<int> counts;
    for (const ExpiryBucket& b : r.upcomingExpiry)
        counts << b.count;
    QCOMPARE(counts, (QList<int>{2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}));
    QCOMPARE(r.alreadyExpired, 1);
}

void TestCertificateReport::archivedAreLeftOutUnlessAskedFor()
{
    TestEnvironment env;
    // certbot's archive: renewed.example expired after its renewal; the engine archived it.
    const StoreCertificate old = cert(QStringLiteral("renewed.example"), utc(2025, 12, 1), utc(2026, 2, 20));
    const StoreCertificate renewal = cert(QStringLiteral("renewed.example"), utc(2026, 2, 10), utc(2026, 5, 11));
    QList<StoreCertificate> certs = mixedStore();
    certs << old << renewal;
    ScopeSnapshot snapshot;
    snapshot.scope = Scope::User;
    StoreSnapshot store{QStringLiteral("My"), {}};
    for (const StoreCertificate& c : std::as_const(certs))
        store.placements << Placement{c.stored.path, snapshot.recordFor(c.certificate())};
    snapshot.stores << store;
    snapshot.state(snapshot.findRecord(old.certificate().sha256)).archived = true;
    CertificateClassifier classifier(ExpiryThresholds{}, kNow);
    classifier.setArchived(Scope::User, ArchivedCertificates::of(snapshot));
    const QList<ClassifiedCertificate> classified = classifier.classify(certs);

    Report r = buildCertificateReport(classified, kNow);
    QCOMPARE(cns(r).count(QStringLiteral("renewed.example")), 1); // the renewal, not its archived predecessor
    QCOMPARE(r.rows.size(), 5);
    QCOMPARE(r.alreadyExpired, 1); // expired.example only
    QCOMPARE(r.summary,
             QStringLiteral("5 certificates: 1 expired, 1 expiring, 1 within 30 days, 0 within 60 days, "
                            "1 within 90 days, 1 healthy; 1 archived left out (superseded by a renewal)"));

    CertificateReportOptions options;
    options.includeArchived = true;
    r = buildCertificateReport(classified, kNow, options);
    QCOMPARE(r.rows.size(), 6);
    const int row = r.rows.size() - 1; // archived last
    QCOMPARE(cell(r, row, QStringLiteral("subjectCN")).toString(), QStringLiteral("renewed.example"));
    QCOMPARE(cell(r, row, QStringLiteral("state")).toString(), QStringLiteral("Archived"));
    QCOMPARE(cell(r, row, QStringLiteral("supersededBy")).toString(), renewal.certificate().sha256Hex());
    QCOMPARE(r.rows[row].tone, RowTone::Neutral);
    QCOMPARE(r.alreadyExpired, 1); // still not an expired certificate to act on
    QVERIFY2(r.summary.endsWith(QStringLiteral("1 healthy; 1 archived listed, not counted")), qPrintable(r.summary));
    QCOMPARE(r.filters.size(), 1);
    QCOMPARE(r.filters[0].key, QStringLiteral("includeArchived"));

    options = {};
    options.state = ExpiryState::Archived; // asking for them by state lists them too
    QCOMPARE(cns(buildCertificateReport(classified, kNow, options)), QStringList{"renewed.example"});
}

QTEST_GUILESS_MAIN(TestCertificateReport)
#include "TestCertificateReport.moc"
