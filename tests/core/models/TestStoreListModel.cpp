// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ModelTestData.h"
#include "endpoints/Endpoint.h"
#include "models/EndpointProbeModel.h"
#include "models/ScanProblemModel.h"
#include "models/StoreListModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestStoreListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsStoresOfBothScopes();
    void rescanAndRemovalSignalRows();
    void problemsPerStore();
    void unreadableTokenSaysWhy();
    void endpointStoresAndTheirAddresses();

private:
    Inventory twoStores() const;
    QDateTime m_scanned = utc(2026, 3, 1, 8, 30);
};

Inventory TestStoreListModel::twoStores() const
{
    StoreInventory my =
        storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                  {storedCert(QStringLiteral("a.example"), utc(2026, 1, 1), utc(2026, 9, 1))}, m_scanned);
    StoreInventory etc =
        storeWith(Scope::System, QStringLiteral("ssl-certs"), QStringLiteral("System CA bundle"), {}, m_scanned,
                  {{QStringLiteral("/etc/ssl/certs/broken.pem"), QStringLiteral("PEM block 1: bad base64")},
                   {QStringLiteral("/etc/ssl/certs/empty.pem"), QStringLiteral("empty file")}});
    etc.config.readOnly = true;
    etc.config.recursive = true;
    etc.config.path = QStringLiteral("/etc/ssl/certs");
    return {my, etc};
}

void TestStoreListModel::showsStoresOfBothScopes()
{
    StoreListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Inventory inventory = twoStores();
    StoreInventory never = storeWith(Scope::User, QStringLiteral("new"), QString(), {}, QDateTime());
    inventory.append(never);
    model.setInventory(inventory);

    QCOMPARE(model.rowCount(), 3);
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(0, StoreListModel::NameColumn), QStringLiteral("Personal"));
    QCOMPARE(text(0, StoreListModel::ScopeColumn), QStringLiteral("User"));
    QCOMPARE(text(0, StoreListModel::CountColumn), QStringLiteral("1"));
    QCOMPARE(text(0, StoreListModel::LastScanColumn), QStringLiteral("2026-03-01 08:30"));
    QCOMPARE(text(0, StoreListModel::ProblemsColumn), QStringLiteral("None"));
    QCOMPARE(text(0, StoreListModel::AccessColumn), QStringLiteral("Read-write"));
    QCOMPARE(text(1, StoreListModel::ScopeColumn), QStringLiteral("System"));
    QCOMPARE(text(1, StoreListModel::KindColumn), QStringLiteral("Directory (recursive)"));
    QCOMPARE(text(1, StoreListModel::PathColumn), QStringLiteral("/etc/ssl/certs"));
    QCOMPARE(text(1, StoreListModel::ProblemsColumn), QStringLiteral("2"));
    QCOMPARE(text(1, StoreListModel::AccessColumn), QStringLiteral("Read-only"));
    QCOMPARE(model.index(1, 0).data(StoreListModel::StoreKeyRole).toString(), QStringLiteral("system/ssl-certs"));
    QCOMPARE(model.index(1, 0).data(StoreListModel::ProblemCountRole).toInt(), 2);
    // A store never scanned says so, and its id stands in for the missing name.
    QCOMPARE(text(2, StoreListModel::NameColumn), QStringLiteral("new"));
    QCOMPARE(text(2, StoreListModel::LastScanColumn), QStringLiteral("Not scanned yet"));
    QCOMPARE(text(2, StoreListModel::CountColumn), QString());
}

void TestStoreListModel::rescanAndRemovalSignalRows()
{
    StoreListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Inventory inventory = twoStores();
    model.setInventory(inventory);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(changed.isValid() && removed.isValid() && inserted.isValid());

    inventory[0].scan.scannedAt = m_scanned.addSecs(3600);
    inventory[0].scan.certificates.append(storedCert(QStringLiteral("b.example"), utc(2026, 1, 1), utc(2026, 9, 1)));
    model.setInventory(inventory);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(model.index(0, StoreListModel::CountColumn).data().toString(), QStringLiteral("2"));

    inventory.removeFirst();
    model.setInventory(inventory);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.findStore(QStringLiteral("system/ssl-certs")), 0);
    QCOMPARE(model.findStore(QStringLiteral("user/My")), -1);
    QCOMPARE(inserted.count(), 0);
}

void TestStoreListModel::problemsPerStore()
{
    Inventory inventory = twoStores();
    StoreInventory missing = storeWith(Scope::User, QStringLiteral("gone"), QStringLiteral("Gone"), {}, m_scanned);
    missing.scan.storeMissing = true;
    inventory.append(missing);

    ScanProblemModel problems;
    QAbstractItemModelTester tester(&problems, QAbstractItemModelTester::FailureReportingMode::QtTest);
    problems.setProblems(StoreListModel::problemsOf(inventory[1]));
    QCOMPARE(problems.rowCount(), 2);
    QCOMPARE(problems.index(0, ScanProblemModel::PathColumn).data().toString(),
             QStringLiteral("/etc/ssl/certs/broken.pem"));
    QCOMPARE(problems.index(0, ScanProblemModel::ReasonColumn).data().toString(),
             QStringLiteral("PEM block 1: bad base64"));

    QSignalSpy removed(&problems, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&problems, &QAbstractItemModel::rowsInserted);
    QVERIFY(removed.isValid() && inserted.isValid());
    problems.setProblems(StoreListModel::problemsOf(inventory[2]));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(problems.rowCount(), 1);
    QCOMPARE(problems.index(0, ScanProblemModel::ReasonColumn).data().toString(),
             QStringLiteral("The store's path does not exist"));

    StoreListModel stores;
    stores.setInventory(inventory);
    QCOMPARE(stores.index(2, StoreListModel::ProblemsColumn).data().toString(), QStringLiteral("Path missing"));
}

void TestStoreListModel::unreadableTokenSaysWhy()
{
    // A pkcs11 store whose module crashed: not "Path missing", and the helper's reason.
    StoreInventory token =
        storeWith(Scope::User, QStringLiteral("hsm"), QStringLiteral("HSM"), {}, m_scanned,
                  {{QStringLiteral("pkcs11:token=web"), QStringLiteral("PKCS#11 module /x.so crashed (signal 6)")}});
    token.config.kind = StoreKind::Pkcs11;
    token.config.path = QStringLiteral("pkcs11:token=web");
    token.config.readOnly = true;
    token.scan.storeMissing = true;
    StoreListModel stores;
    stores.setInventory({token});
    QCOMPARE(stores.index(0, StoreListModel::KindColumn).data().toString(), QStringLiteral("PKCS#11 token"));
    QCOMPARE(stores.index(0, StoreListModel::ProblemsColumn).data().toString(), QStringLiteral("Token unreadable"));
    QCOMPARE(stores.index(0, StoreListModel::PathColumn).data().toString(), QStringLiteral("pkcs11:token=web"));
    // One line: the reason, and that what the token held is kept.
    const QList<ScanProblem> problems = StoreListModel::problemsOf(token);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().error,
             QStringLiteral("PKCS#11 module /x.so crashed (signal 6) (the token's "
                            "certificates are kept as last seen)"));
}

void TestStoreListModel::endpointStoresAndTheirAddresses()
{
    // Three addresses: one serves an expired certificate, one refuses, one name does not resolve.
    const StoredCertificate served = storedCert(QStringLiteral("www.example.org"), utc(2025, 1, 1), utc(2026, 2, 1));
    ProbeResult ok;
    QVERIFY(parseEndpoint(QStringLiteral("www.example.org:443"), &ok.endpoint).isEmpty());
    ok.address = QStringLiteral("192.0.2.1");
    ok.protocol = QStringLiteral("TLSv1.2");
    ok.cipher = QStringLiteral("ECDHE-RSA-AES128-GCM-SHA256");
    ok.chain = {served.certificate};
    ok.findings = {{FindingKind::Expired, QStringLiteral("the served certificate expired on 2026-02-01T00:00:00Z")},
                   {FindingKind::Protocol, ok.protocol},
                   {FindingKind::Cipher, ok.cipher}};
    ProbeResult refused = ok;
    refused.address = QStringLiteral("192.0.2.2");
    refused.failure = ProbeFailure::Refused;
    refused.error = QStringLiteral("connection refused");
    refused.protocol = refused.cipher = QString();
    refused.chain.clear();
    refused.findings = {{FindingKind::HandshakeError, refused.error}};
    ProbeResult unresolved;
    QVERIFY(parseEndpoint(QStringLiteral("gone.example.org:25"), &unresolved.endpoint).isEmpty());
    unresolved.failure = ProbeFailure::Resolve;
    unresolved.error = QStringLiteral("cannot resolve gone.example.org: Name or service not known");
    unresolved.findings = {{FindingKind::HandshakeError, unresolved.error}};

    StoredCertificate at = served;
    at.path = ok.location();
    StoreInventory web = storeWith(Scope::User, QStringLiteral("web"), QStringLiteral("Web"), {at}, m_scanned,
                                   {{refused.location(), refused.error}, {unresolved.location(), unresolved.error}});
    web.config.kind = StoreKind::TlsEndpoint;
    web.config.path = QStringLiteral("www.example.org:443 gone.example.org:25");
    web.scan.endpointProbes = {ok, refused, unresolved};
    web.access = StoreAccess::ReadOnly;

    StoreListModel stores;
    QAbstractItemModelTester storesTester(&stores, QAbstractItemModelTester::FailureReportingMode::QtTest);
    stores.setInventory({web});
    QCOMPARE(stores.index(0, StoreListModel::KindColumn).data().toString(), QStringLiteral("TLS endpoints"));
    QCOMPARE(stores.index(0, 0).data(StoreListModel::KindRole).toInt(), int(StoreKind::TlsEndpoint));
    QCOMPARE(stores.index(0, StoreListModel::ProblemsColumn).data().toString(), QStringLiteral("2 unreachable"));
    QCOMPARE(stores.index(0, StoreListModel::AccessColumn).data().toString(), QStringLiteral("Read-only (probed)"));
    QCOMPARE(checkStoreAccess(web.config), StoreAccess::ReadOnly); // HOST:PORTs are no path to check
    // A store none of whose names resolves is missing, and says so per name, not as a path.
    web.scan.storeMissing = true;
    QCOMPARE(StoreListModel::problemsOf(web).size(), 2);

    EndpointProbeModel addresses;
    QAbstractItemModelTester tester(&addresses, QAbstractItemModelTester::FailureReportingMode::QtTest);
    addresses.setProbes(web.scan.endpointProbes);
    QCOMPARE(addresses.rowCount(), 3);
    const auto text = [&](int row, int column) { return addresses.index(row, column).data().toString(); };
    QCOMPARE(text(0, EndpointProbeModel::EndpointColumn), QStringLiteral("www.example.org:443"));
    QCOMPARE(text(0, EndpointProbeModel::AddressColumn), QStringLiteral("192.0.2.1"));
    QCOMPARE(text(0, EndpointProbeModel::StatusColumn), QStringLiteral("Handshake OK"));
    QCOMPARE(text(0, EndpointProbeModel::FindingsColumn), QStringLiteral("Expired"));
    QCOMPARE(text(0, EndpointProbeModel::CertificateColumn), QStringLiteral("www.example.org"));
    QCOMPARE(text(0, EndpointProbeModel::ExpiresColumn), QStringLiteral("2026-02-01 00:00"));
    QCOMPARE(text(0, EndpointProbeModel::ProtocolColumn), QStringLiteral("TLSv1.2"));
    QCOMPARE(text(0, EndpointProbeModel::CipherColumn), QStringLiteral("ECDHE-RSA-AES128-GCM-SHA256"));
    QVERIFY(addresses.index(0, EndpointProbeModel::FindingsColumn).data(Qt::ForegroundRole).isValid());
    QCOMPARE(addresses.index(0, 0).data(EndpointProbeModel::ProblemKindsRole).toStringList(),
             QStringList{QStringLiteral("expired")});
    QCOMPARE(text(1, EndpointProbeModel::StatusColumn), QStringLiteral("Unreachable: connection refused"));
    QVERIFY(addresses.index(1, EndpointProbeModel::StatusColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(!addresses.index(1, 0).data(EndpointProbeModel::HandshakeRole).toBool());
    QVERIFY(text(1, EndpointProbeModel::FindingsColumn).isEmpty()); // the handshake column says why
    QCOMPARE(text(2, EndpointProbeModel::AddressColumn), QStringLiteral("(not resolved)"));
    QCOMPARE(text(2, EndpointProbeModel::StatusColumn),
             QStringLiteral("Does not resolve: cannot resolve gone.example.org: Name or service not known"));

    // The next probe: the refused address answers; rows stay, repainted.
    refused.failure = ProbeFailure::None;
    refused.error.clear();
    refused.findings.clear();
    QSignalSpy removed(&addresses, &QAbstractItemModel::rowsRemoved);
    addresses.setProbes({ok, refused});
    QCOMPARE(addresses.rowCount(), 2);
    QCOMPARE(removed.count(), 1); // the name that did not resolve is gone from the store
    QCOMPARE(text(1, EndpointProbeModel::StatusColumn), QStringLiteral("Handshake OK"));
    QCOMPARE(text(1, EndpointProbeModel::FindingsColumn), QStringLiteral("None"));
}

QTEST_GUILESS_MAIN(TestStoreListModel)
#include "TestStoreListModel.moc"
