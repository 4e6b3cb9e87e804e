// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ModelTestData.h"
#include "TestEnvironment.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/ExpiryColors.h"
#include "models/ExpirySummary.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCertificateTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsEveryColumn();
    void statesAtTheModelsClock_data();
    void statesAtTheModelsClock();
    void rescanChangesOnlyWhatChanged();
    void clockAndThresholdReevaluate();
    void sortRoleIsNumericForDaysAndPercent();
    void eachScopeIsJudgedByItsPolicy();
    void archivedRowsNameTheirSuccessor();
    void aCertificateAtFourPathsIsOneRow();
    void aFileAnEndpointServesIsMarkedServed();
    void aRowOutlivesTheInventoryItWasBuiltFrom();
    void anUnchangedRescanLeavesNoRowOnTheOldInventory();

private:
    QDateTime m_now = utc(2026, 3, 1, 12);
    std::shared_ptr<FixedClock> m_clock;
};

void TestCertificateTableModel::initTestCase()
{
    m_clock = std::make_shared<FixedClock>(m_now);
}

void TestCertificateTableModel::showsEveryColumn()
{
    CertificateTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    CertOptions options;
    options.dns = {QStringLiteral("api.example.org"), QStringLiteral("example.org")};
    options.org = QStringLiteral("Example Ltd");
    options.templateName = QStringLiteral("WebServer");
    options.ekuOids = {QStringLiteral("serverAuth")};
    options.privateKey = true;
    const StoredCertificate cert =
        storedCert(QStringLiteral("api.example.org"), utc(2026, 1, 1), utc(2026, 4, 1), options);
    model.setInventory({storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"), {cert}, m_now)});

    QCOMPARE(model.rowCount(), 1);
    auto text = [&](int column) { return model.index(0, column).data().toString(); };
    QCOMPARE(text(CertificateTableModel::SubjectColumn), QStringLiteral("api.example.org"));
    QCOMPARE(text(CertificateTableModel::SansColumn), QStringLiteral("api.example.org, example.org"));
    QCOMPARE(text(CertificateTableModel::IssuerColumn), QStringLiteral("api.example.org")); // self-signed
    QCOMPARE(text(CertificateTableModel::StoreColumn), QStringLiteral("Personal"));
    QCOMPARE(text(CertificateTableModel::NotAfterColumn), QStringLiteral("2026-04-01 00:00"));
    QCOMPARE(text(CertificateTableModel::DaysLeftColumn), QStringLiteral("30"));
    QCOMPARE(text(CertificateTableModel::LifetimeColumn), QStringLiteral("34 %")); // 30.5 of 90 days
    // 30 days left (30.5) is Within 30 days: the bins count the days the column shows.
    QCOMPARE(text(CertificateTableModel::StateColumn), QStringLiteral("Within 30 days"));
    QCOMPARE(text(CertificateTableModel::ThumbprintColumn), cert.certificate.thumbprint());
    QCOMPARE(text(CertificateTableModel::TemplateColumn), QStringLiteral("WebServer"));
    QCOMPARE(text(CertificateTableModel::EkusColumn), QStringLiteral("TLS Web Server Authentication"));
    QCOMPARE(text(CertificateTableModel::PrivateKeyColumn), QStringLiteral("Yes"));
    QCOMPARE(model.index(0, 0).data(CertificateTableModel::StoreKeyRole).toString(), QStringLiteral("user/My"));
    QCOMPARE(model.index(0, CertificateTableModel::StateColumn).data(Qt::DecorationRole).value<QColor>(),
             expiryStateColor(ExpiryState::Within30));
    QVERIFY(model.index(0, CertificateTableModel::IssuerColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("O=Example Ltd")));
}

void TestCertificateTableModel::statesAtTheModelsClock_data()
{
    QTest::addColumn<QDateTime>("notBefore");
    QTest::addColumn<QDateTime>("notAfter");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("daysLeft");

    QTest::newRow("expired") << utc(2025, 3, 1) << utc(2026, 2, 20) << "Expired"
                             << "-10";
    QTest::newRow("within threshold") << utc(2025, 3, 1) << utc(2026, 3, 20) << "Expiring"
                                      << "18";
    QTest::newRow("within 30, short-lived") << utc(2026, 2, 1) << utc(2026, 3, 25) << "Within 30 days"
                                            << "23";
    QTest::newRow("within 90") << utc(2025, 1, 1) << utc(2026, 5, 20) << "Within 90 days"
                               << "79";
    QTest::newRow("healthy") << utc(2026, 1, 1) << utc(2027, 1, 1) << "Healthy"
                             << "305";
}

void TestCertificateTableModel::statesAtTheModelsClock()
{
    QFETCH(QDateTime, notBefore);
    QFETCH(QDateTime, notAfter);
    QFETCH(QString, state);
    QFETCH(QString, daysLeft);

    CertificateTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInventory({storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web"),
                                  {storedCert(QStringLiteral("svc.example"), notBefore, notAfter)}, m_now)});
    QCOMPARE(model.index(0, CertificateTableModel::StateColumn).data().toString(), state);
    QCOMPARE(model.index(0, CertificateTableModel::DaysLeftColumn).data().toString(), daysLeft);
}

void TestCertificateTableModel::rescanChangesOnlyWhatChanged()
{
    CertificateTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const StoredCertificate a = storedCert(QStringLiteral("a.example"), utc(2026, 1, 1), utc(2026, 9, 1));
    const StoredCertificate b = storedCert(QStringLiteral("b.example"), utc(2026, 1, 1), utc(2026, 9, 1));
    const StoredCertificate c = storedCert(QStringLiteral("c.example"), utc(2026, 1, 1), utc(2026, 9, 1));
    const StoredCertificate d = storedCert(QStringLiteral("d.example"), utc(2026, 1, 1), utc(2026, 9, 1));
    const QString name = QStringLiteral("Personal");
    model.setInventory({storeWith(Scope::User, QStringLiteral("My"), name, {a, b, c}, m_now)});
    QCOMPARE(model.rowCount(), 3);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(inserted.isValid() && removed.isValid() && changed.isValid() && reset.isValid());

    // b leaves, c gains its private key, d arrives.
    StoredCertificate cWithKey = c;
    cWithKey.certificate.hasPrivateKey = true;
    cWithKey.keyPath = QStringLiteral("/stores/c.key");
    model.setInventory({storeWith(Scope::User, QStringLiteral("My"), name, {a, cWithKey, d}, m_now)});

    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1); // b was row 1
    QCOMPARE(removed.at(0).at(2).toInt(), 1);
    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1); // c, now at row 1
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 2);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, CertificateTableModel::SubjectColumn).data().toString(), QStringLiteral("c.example"));
    QCOMPARE(model.index(1, CertificateTableModel::PrivateKeyColumn).data().toString(), QStringLiteral("Yes"));
    QCOMPARE(model.index(2, CertificateTableModel::SubjectColumn).data().toString(), QStringLiteral("d.example"));

    // The same scan again changes nothing.
    inserted.clear();
    removed.clear();
    changed.clear();
    model.setInventory({storeWith(Scope::User, QStringLiteral("My"), name, {a, cWithKey, d}, m_now)});
    QCOMPARE(inserted.count() + removed.count() + changed.count() + reset.count(), 0);

    // The store empties: every row goes.
    model.setInventory({storeWith(Scope::User, QStringLiteral("My"), name, {}, m_now)});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(removed.count(), 1);
}

void TestCertificateTableModel::clockAndThresholdReevaluate()
{
    auto clock = std::make_shared<FixedClock>(m_now);
    CertificateTableModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // 1-year certificate, 50 days left: healthy-ish (within 60) with the default 10 %.
    model.setInventory(
        {storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                   {storedCert(QStringLiteral("x.example"), utc(2025, 4, 20, 12), utc(2026, 4, 20, 12))}, m_now)});
    const QModelIndex state = model.index(0, CertificateTableModel::StateColumn);
    QCOMPARE(state.data().toString(), QStringLiteral("Within 60 days"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(changed.isValid());
    model.setThresholds({ExpiryThreshold{10, 60}, ExpiryThreshold{10, 60}});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(state.data().toString(), QStringLiteral("Expiring"));

    model.setThresholds({});
    clock->advance(51 * 86400);
    model.refreshExpiry();
    QCOMPARE(changed.count(), 3);
    QCOMPARE(state.data().toString(), QStringLiteral("Expired"));
    QCOMPARE(model.index(0, CertificateTableModel::DaysLeftColumn).data().toString(), QStringLiteral("-1"));

    changed.clear();
    model.refreshExpiry(); // nothing moved: no signal
    QCOMPARE(changed.count(), 0);
}

void TestCertificateTableModel::sortRoleIsNumericForDaysAndPercent()
{
    CertificateTableModel model(m_clock);
    model.setInventory({storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                                  {storedCert(QStringLiteral("x.example"), utc(2026, 1, 1), utc(2026, 6, 1))}, m_now)});
    const QVariant days = model.index(0, CertificateTableModel::DaysLeftColumn).data(CertificateTableModel::SortRole);
    QCOMPARE(days.typeId(), QMetaType::LongLong);
    QCOMPARE(days.toLongLong(), utc(2026, 6, 1).toSecsSinceEpoch());
    const QVariant percent =
        model.index(0, CertificateTableModel::LifetimeColumn).data(CertificateTableModel::SortRole);
    QCOMPARE(percent.typeId(), QMetaType::Double);
}

void TestCertificateTableModel::eachScopeIsJudgedByItsPolicy()
{
    CertificateTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // 50 days left of a year: outside 10 %, inside a 60-day warning.
    const QDateTime from = utc(2025, 4, 20, 12), to = utc(2026, 4, 20, 12);
    model.setThresholds({ExpiryThreshold{10, 0}, ExpiryThreshold{10, 60}});
    model.setInventory({storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web"),
                                  {storedCert(QStringLiteral("sys.example"), from, to)}, m_now),
                        storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                                  {storedCert(QStringLiteral("usr.example"), from, to)}, m_now)});
    QCOMPARE(model.index(0, CertificateTableModel::StateColumn).data().toString(), QStringLiteral("Within 60 days"));
    QCOMPARE(model.index(1, CertificateTableModel::StateColumn).data().toString(), QStringLiteral("Expiring"));
    QVERIFY(model.index(1, CertificateTableModel::StateColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("60 days")));
}

void TestCertificateTableModel::archivedRowsNameTheirSuccessor()
{
    TestEnvironment env; // no lifecycle snapshot: the engine's first-pass rule decides
    CertOptions names;
    names.dns = {QStringLiteral("shop.example.org")};
    names.path = QStringLiteral("/etc/letsencrypt/archive/shop/cert1.pem");
    const StoredCertificate old =
        storedCert(QStringLiteral("shop.example.org"), utc(2025, 12, 1), utc(2026, 2, 28), names);
    names.path = QStringLiteral("/etc/letsencrypt/archive/shop/cert2.pem");
    const StoredCertificate renewal =
        storedCert(QStringLiteral("shop.example.org"), utc(2026, 1, 30), utc(2026, 4, 30), names);
    Inventory inventory{
        storeWith(Scope::System, QStringLiteral("le"), QStringLiteral("Let's Encrypt"), {old, renewal}, m_now)};
    recogniseArchivedIn(inventory);

    auto clock = std::make_shared<FixedClock>(m_now);
    CertificateTableModel model(clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInventory(inventory);
    QCOMPARE(model.rowCount(), 2);
    const CertificateRow& archived = model.rowAt(0);
    QCOMPARE(model.index(0, CertificateTableModel::StateColumn).data().toString(), QStringLiteral("Archived"));
    QVERIFY(model.index(0, CertificateTableModel::StateColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("superseded by a renewal")));
    QCOMPARE(model.index(0, CertificateTableModel::DaysLeftColumn).data().toString(), QStringLiteral("-2"));
    QVERIFY(archived.expiry.successor.has_value());
    QCOMPARE(model.findSha256(*archived.expiry.successor, archived.storeKey()), 1);
    QCOMPARE(model.index(1, CertificateTableModel::StateColumn).data().toString(), QStringLiteral("Within 60 days"));

    // The clock moves and the policy changes: the row stays archived, with its successor.
    model.setThresholds({ExpiryThreshold{10, 90}, ExpiryThreshold{10, 90}});
    clock->advance(30 * 86400);
    model.refreshExpiry();
    QCOMPARE(model.index(0, CertificateTableModel::StateColumn).data().toString(), QStringLiteral("Archived"));
    QVERIFY(model.rowAt(0).expiry.successor == archived.expiry.successor);
    QCOMPARE(model.index(1, CertificateTableModel::StateColumn).data().toString(), QStringLiteral("Expiring"));
    QCOMPARE(model.findSha256(Sha256Digest{}), -1);
}

void TestCertificateTableModel::aCertificateAtFourPathsIsOneRow()
{
    // certbot: the renewed certificate at live/cert.pem, live/fullchain.pem (with the
    // chain), archive/cert2.pem and archive/fullchain2.pem, in scan order; its chain
    // certificate in both fullchains; another store holds it too.
    const QString root = QStringLiteral("/stores/letsencrypt");
    CertOptions at;
    at.path = root + QStringLiteral("/archive/cert2.pem");
    const StoredCertificate leaf = storedCert(QStringLiteral("shop.example.org"), utc(2026, 2, 1), utc(2026, 4, 1), at);
    at.path = root + QStringLiteral("/archive/fullchain2.pem");
    at.index = 1;
    const StoredCertificate chain = storedCert(QStringLiteral("R3"), utc(2025, 1, 1), utc(2028, 1, 1), at);
    const auto placed = [](StoredCertificate stored, const QString& path, int index) {
        stored.path = path;
        stored.index = index;
        return stored;
    };
    const QList<StoredCertificate> scan{
        leaf,
        placed(leaf, root + QStringLiteral("/archive/fullchain2.pem"), 0),
        chain,
        placed(leaf, root + QStringLiteral("/live/cert.pem"), 0),
        placed(leaf, root + QStringLiteral("/live/fullchain.pem"), 0),
        placed(chain, root + QStringLiteral("/live/fullchain.pem"), 1),
    };
    StoreInventory letsencrypt =
        storeWith(Scope::System, QStringLiteral("letsencrypt"), QStringLiteral("Let's Encrypt"), scan, m_now);
    letsencrypt.config.path = root;
    const StoreInventory web = storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web"),
                                         {placed(leaf, QStringLiteral("/stores/web/shop.pem"), 0)}, m_now);

    CertificateTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInventory({letsencrypt, web});
    // One row per certificate and store: the leaf and its chain in letsencrypt, the leaf in web.
    QCOMPARE(model.rowCount(), 3);
    const int row = model.findSha256(leaf.certificate.sha256, QStringLiteral("system/letsencrypt"));
    QCOMPARE(row, 0);
    const CertificateRow& found = model.rowAt(row);
    QCOMPARE(found.locationCount(), 4);
    // The primary location holds it alone (not a bundle): archive/cert2.pem, first in scan order.
    QCOMPARE(found.stored().path, root + QStringLiteral("/archive/cert2.pem"));
    QStringList paths;
    for (const CertificateLocation& location : found.allLocations())
        paths << location.path.mid(root.size() + 1);
    QCOMPARE(paths,
             (QStringList{"archive/cert2.pem", "archive/fullchain2.pem", "live/cert.pem", "live/fullchain.pem"}));
    auto text = [&](int r, int column) { return model.index(r, column).data().toString(); };
    QCOMPARE(text(row, CertificateTableModel::LocationsColumn), QStringLiteral("4"));
    QCOMPARE(text(row, CertificateTableModel::PathColumn), QStringLiteral("archive/cert2.pem +3"));
    QCOMPARE(model.index(row, CertificateTableModel::LocationsColumn).data(CertificateTableModel::SortRole).toInt(), 4);
    QCOMPARE(model.index(row, CertificateTableModel::PathColumn).data(Qt::ToolTipRole).toString().split('\n').size(),
             4);
    QCOMPARE(model.headerData(CertificateTableModel::LocationsColumn, Qt::Horizontal).toString(),
             QStringLiteral("Locations"));
    QCOMPARE(model.headerData(CertificateTableModel::PathColumn, Qt::Horizontal).toString(), QStringLiteral("Path"));
    const int chainRow = model.findSha256(chain.certificate.sha256);
    QCOMPARE(text(chainRow, CertificateTableModel::PathColumn), QStringLiteral("archive/fullchain2.pem +1"));
    const int webRow = model.findSha256(leaf.certificate.sha256, QStringLiteral("system/web"));
    QCOMPARE(text(webRow, CertificateTableModel::LocationsColumn), QStringLiteral("1"));

    // The overview counts certificates: 2 in letsencrypt (not 6), 1 in web.
    const ExpirySummary summary = ExpirySummary::compute({letsencrypt, web}, m_now, model.thresholds());
    QCOMPARE(summary.total.total(), 3);
    QCOMPARE(summary.stores.value(0).counts.total(), 2);
    QCOMPARE(summary.stores.value(1).counts.total(), 1);
    QCOMPARE(ExpirySummary::compute({letsencrypt, web}, model.rows(), m_now).total, summary.total);

    // A rescan where live/ no longer holds it changes the row in place, no removal.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    letsencrypt.scan.certificates = scan.mid(0, 3);
    model.setInventory({letsencrypt, web});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(removed.count(), 0);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(text(0, CertificateTableModel::LocationsColumn), QStringLiteral("2"));
    QCOMPARE(text(0, CertificateTableModel::PathColumn), QStringLiteral("archive/cert2.pem +1"));
}

void TestCertificateTableModel::aFileAnEndpointServesIsMarkedServed()
{
    CertificateTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    CertificateFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const StoredCertificate deployed = storedCert(QStringLiteral("www.example.org"), utc(2026, 1, 1), utc(2026, 4, 1));
    const StoredCertificate spare = storedCert(QStringLiteral("spare.example.org"), utc(2026, 1, 1), utc(2026, 4, 1));
    StoreInventory files =
        storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"), {deployed, spare}, m_now);
    // Two addresses of one name serve the deployed certificate.
    StoredCertificate atFirst = deployed, atSecond = deployed;
    atFirst.path = QStringLiteral("www.example.org:443 [192.0.2.1]");
    atSecond.path = QStringLiteral("www.example.org:443 [2001:db8::1]");
    StoreInventory endpoints =
        storeWith(Scope::User, QStringLiteral("web"), QStringLiteral("Web"), {atFirst, atSecond}, m_now);
    endpoints.config.kind = StoreKind::TlsEndpoint;
    endpoints.config.path = QStringLiteral("www.example.org:443");
    model.setInventory({files, endpoints});

    QCOMPARE(model.rowCount(), 3); // the two files, and the served certificate in the endpoint store
    int deployedRow = -1, spareRow = -1, endpointRow = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        const CertificateRow& r = model.rowAt(row);
        if (r.storeKey() == QLatin1String("user/web"))
            endpointRow = row;
        else if (r.certificate().sha256 == deployed.certificate.sha256)
            deployedRow = row;
        else
            spareRow = row;
    }
    QVERIFY(deployedRow >= 0 && spareRow >= 0 && endpointRow >= 0);
    const auto at = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QVERIFY(at(deployedRow, 0, CertificateTableModel::ServedRole).toBool());
    QCOMPARE(at(deployedRow, CertificateTableModel::ServedColumn).toString(),
             QStringLiteral("Served at www.example.org:443"));
    const QString where = at(deployedRow, CertificateTableModel::ServedColumn, Qt::ToolTipRole).toString();
    QVERIFY2(where.contains(QStringLiteral("www.example.org:443 [192.0.2.1] (store Web)"))
                 && where.contains(QStringLiteral("www.example.org:443 [2001:db8::1] (store Web)")),
             qPrintable(where));
    QVERIFY(!at(spareRow, 0, CertificateTableModel::ServedRole).toBool());
    QVERIFY(at(spareRow, CertificateTableModel::ServedColumn).toString().isEmpty());
    // The endpoint store's own row is where it is served, not "served".
    QVERIFY(!at(endpointRow, 0, CertificateTableModel::ServedRole).toBool());
    QCOMPARE(at(endpointRow, CertificateTableModel::PathColumn).toString(),
             QStringLiteral("www.example.org:443 [192.0.2.1] +1"));

    filter.setServedOnly(true);
    QVERIFY(filter.isFiltered());
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.sourceRow(0), deployedRow);

    // The endpoint stops serving it: the mark goes with the next scan, in place.
    endpoints.scan.certificates.clear();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setInventory({files, endpoints});
    QVERIFY(!changed.isEmpty());
    QCOMPARE(filter.rowCount(), 0);
    filter.setServedOnly(false);
    QCOMPARE(filter.rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestCertificateTableModel)

// A row refers to the inventory's certificate instead of copying it, and holds that
// inventory: a copy kept by a command (Export…, Delete…) shows its certificate after the
// model and the inventory it came from are gone (a rescan replaced them).
void TestCertificateTableModel::aRowOutlivesTheInventoryItWasBuiltFrom()
{
    CertOptions options;
    options.dns = {QStringLiteral("kept.example"), QStringLiteral("www.kept.example")};
    const StoredCertificate cert =
        storedCert(QStringLiteral("kept.example"), utc(2026, 1, 1), utc(2026, 9, 1), options);
    CertificateRow kept;
    {
        Inventory inventory{storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"), {cert}, m_now)};
        CertificateTableModel model(m_clock);
        model.setInventory(inventory);
        QCOMPARE(model.rowCount(), 1);
        kept = model.rowAt(0);
        model.setInventory({}); // the rows replaced
        inventory.clear();      // and the inventory gone
    }
    QCOMPARE(kept.certificate().subjectCN, QStringLiteral("kept.example"));
    QCOMPARE(kept.certificate().der, cert.certificate.der);
    QCOMPARE(kept.stored().path, cert.path);
    QCOMPARE(kept.storeKey(), QStringLiteral("user/My"));
    QCOMPARE(kept.storeName(), QStringLiteral("Personal"));
    QCOMPARE(kept.scope(), Scope::User);
    QCOMPARE(kept.thumbprint(), cert.certificate.thumbprint());
    QCOMPARE(kept.sanText(), QStringLiteral("kept.example, www.kept.example"));
    QCOMPARE(kept.allLocations().size(), 1);
    QCOMPARE(kept.classified().stored.certificate.sha256, cert.certificate.sha256);
    // A row that refers to nothing is an empty certificate in no store, not a crash.
    const CertificateRow empty;
    QVERIFY(empty.certificate().isNull());
    QVERIFY(empty.storeKey().isEmpty());
    QVERIFY(empty.identity().isNull());
    // So is a row moved from, whose inventory went with the move and may be gone.
    CertificateRow moved = std::move(kept);
    QCOMPARE(moved.certificate().subjectCN, QStringLiteral("kept.example"));
    QVERIFY(kept.certificate().isNull()); // NOLINT(bugprone-use-after-move): what is asserted
    QVERIFY(kept.storeKey().isEmpty());
    CertificateRow assigned;
    assigned = std::move(moved);
    QCOMPARE(assigned.storeKey(), QStringLiteral("user/My"));
    QVERIFY(moved.certificate().isNull()); // NOLINT(bugprone-use-after-move)
}

// Rows of a rescan that shows the same are taken without a signal: the rows left in the
// model would otherwise hold the previous inventory alive beside the new one (twice the
// memory after every unchanged rescan).
void TestCertificateTableModel::anUnchangedRescanLeavesNoRowOnTheOldInventory()
{
    CertificateTableModel model(m_clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const StoredCertificate a = storedCert(QStringLiteral("a.example"), utc(2026, 1, 1), utc(2026, 9, 1));
    const StoredCertificate b = storedCert(QStringLiteral("b.example"), utc(2026, 1, 1), utc(2026, 9, 1));
    const QString name = QStringLiteral("Personal");
    model.setInventory({storeWith(Scope::User, QStringLiteral("My"), name, {a, b}, m_now)});
    QCOMPARE(model.rowCount(), 2);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const Inventory rescan{storeWith(Scope::User, QStringLiteral("My"), name, {a, b}, m_now)};
    model.setInventory(rescan);
    QCOMPARE(changed.count() + reset.count(), 0);
    const QList<StoredCertificate>& scanned = rescan.constFirst().scan.certificates;
    for (int row = 0; row < model.rowCount(); ++row) {
        const StoredCertificate* refersTo = &model.rowAt(row).stored();
        QVERIFY(refersTo == &scanned.at(0) || refersTo == &scanned.at(1));
    }
}

#include "TestCertificateTableModel.moc"
