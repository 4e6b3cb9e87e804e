// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ModelTestData.h"
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
    const QList<ScanProblem> problems = StoreListModel::problemsOf(token);
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems.first().error.startsWith(QStringLiteral("The token could not be read")));
    QCOMPARE(problems.last().error, QStringLiteral("PKCS#11 module /x.so crashed (signal 6)"));
}

QTEST_GUILESS_MAIN(TestStoreListModel)
#include "TestStoreListModel.moc"
