// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "models/PolicyTableModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The Policy page's rows over real policy files: what each scope sets, the value in
// force with its source, edits validated with the core's messages, locks for enforced
// keys, and the writes a save would make.
class TestPolicyTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsBothScopesAndTheValueInForce();
    void editsAreValidatedWithTheCoreMessage();
    void enforcedKeyLocksTheUserCell();
    void changesAreTheWritesToMake();
    void revertDropsEditsOfOneScope();

private:
    PolicyTableModel* loaded(const QByteArray& machine, const QByteArray& user);
    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<PolicyStore> m_store;
    std::unique_ptr<PolicyTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

PolicyTableModel* TestPolicyTableModel::loaded(const QByteArray& machine, const QByteArray& user)
{
    m_tester.reset();
    m_model.reset();
    m_env = std::make_unique<TestEnvironment>();
    const QString machineFile = m_env->path(QStringLiteral("etc/policy.conf"));
    const QString userFile = m_env->path(QStringLiteral("home/policy.conf"));
    writeFile(machineFile, machine);
    writeFile(userFile, user);
    m_store = std::make_unique<PolicyStore>(machineFile, userFile);
    m_model = std::make_unique<PolicyTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setLayers(m_store->layer(Scope::System), m_store->layer(Scope::User));
    return m_model.get();
}

void TestPolicyTableModel::showsBothScopesAndTheValueInForce()
{
    PolicyTableModel* model =
        loaded("[Policy]\nExpiryWarningDays=30\nRescanInterval=1800\n", "[Policy]\nExpiryWarningDays=45\n");
    QCOMPARE(model->rowCount(), 11);
    QCOMPARE(model->columnCount(), int(PolicyTableModel::ColumnCount));
    const auto display = [model](PolicyKey key, int column) {
        return model->cell(key, PolicyTableModel::Column(column)).data().toString();
    };
    QCOMPARE(display(PolicyKey::ExpiryWarningDays, PolicyTableModel::MachineColumn), QStringLiteral("30"));
    QCOMPARE(display(PolicyKey::ExpiryWarningDays, PolicyTableModel::UserColumn), QStringLiteral("45"));
    QCOMPARE(display(PolicyKey::ExpiryWarningDays, PolicyTableModel::EffectiveColumn), QStringLiteral("45"));
    QCOMPARE(display(PolicyKey::ExpiryWarningDays, PolicyTableModel::SourceColumn), QStringLiteral("user"));
    // The machine's 1800 seconds read as the CLI writes them; the user inherits them.
    QCOMPARE(display(PolicyKey::RescanInterval, PolicyTableModel::MachineColumn), QStringLiteral("30m"));
    QCOMPARE(display(PolicyKey::RescanInterval, PolicyTableModel::UserColumn),
             QStringLiteral("not set (machine: 30m)"));
    QCOMPARE(display(PolicyKey::RescanInterval, PolicyTableModel::SourceColumn), QStringLiteral("machine"));
    QCOMPARE(display(PolicyKey::ExpiryWarningPercent, PolicyTableModel::MachineColumn),
             QStringLiteral("not set (default: 10)"));
    QCOMPARE(display(PolicyKey::ExpiryWarningPercent, PolicyTableModel::EffectiveColumn), QStringLiteral("10"));
    QCOMPARE(display(PolicyKey::ExpiryWarningPercent, PolicyTableModel::SourceColumn), QStringLiteral("default"));
    QVERIFY(!model->isModified(Scope::System));
    QVERIFY(!model->isModified(Scope::User));
}

void TestPolicyTableModel::editsAreValidatedWithTheCoreMessage()
{
    PolicyTableModel* model = loaded({}, {});
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    const QModelIndex percent = model->cell(PolicyKey::ExpiryWarningPercent, PolicyTableModel::UserColumn);
    QVERIFY(model->setData(percent, QStringLiteral("150")));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(percent.data(PolicyTableModel::ErrorRole).toString(),
             QStringLiteral("ExpiryWarningPercent: \"150\" is not allowed: a whole number from 1 to 99"));
    QVERIFY(model->hasErrors(Scope::User));
    QVERIFY(!model->hasErrors(Scope::System));
    QVERIFY(model->setData(percent, QStringLiteral("15")));
    QCOMPARE(percent.data(PolicyTableModel::ErrorRole).toString(), QString());
    QVERIFY(!model->hasErrors(Scope::User));
    const QModelIndex stores = model->cell(PolicyKey::AdditionalStores, PolicyTableModel::MachineColumn);
    QVERIFY(model->setData(stores, QStringLiteral("relative/path")));
    QVERIFY2(stores.data(PolicyTableModel::ErrorRole)
                 .toString()
                 .startsWith(QStringLiteral("AdditionalStores: \"relative/path\"")),
             qPrintable(stores.data(PolicyTableModel::ErrorRole).toString()));
}

void TestPolicyTableModel::enforcedKeyLocksTheUserCell()
{
    PolicyTableModel* model = loaded("[Enforced]\nExpiryWarningPercent=20\n", "[Policy]\nExpiryWarningPercent=5\n");
    const QModelIndex user = model->cell(PolicyKey::ExpiryWarningPercent, PolicyTableModel::UserColumn);
    QVERIFY(model->isLocked(PolicyKey::ExpiryWarningPercent));
    QVERIFY(user.data(PolicyTableModel::LockedRole).toBool());
    QVERIFY(!(user.flags() & Qt::ItemIsEditable));
    QVERIFY(!(user.flags() & Qt::ItemIsEnabled));
    QCOMPARE(user.data(Qt::ToolTipRole).toString(), QStringLiteral("enforced by the machine policy"));
    QVERIFY(!model->setData(user, QStringLiteral("7")));
    QCOMPARE(model->cell(PolicyKey::ExpiryWarningPercent, PolicyTableModel::EffectiveColumn).data().toString(),
             QStringLiteral("20"));
    QCOMPARE(model->cell(PolicyKey::ExpiryWarningPercent, PolicyTableModel::SourceColumn).data().toString(),
             QStringLiteral("enforced"));
    QCOMPARE(
        model->cell(PolicyKey::ExpiryWarningPercent, PolicyTableModel::EnforcedColumn).data(Qt::CheckStateRole).toInt(),
        int(Qt::Checked));
    // Other keys stay editable for the user.
    QVERIFY(model->cell(PolicyKey::ExpiryWarningDays, PolicyTableModel::UserColumn).flags() & Qt::ItemIsEditable);
    QVERIFY(!model->isLocked(PolicyKey::ExpiryWarningDays));
}

void TestPolicyTableModel::changesAreTheWritesToMake()
{
    PolicyTableModel* model = loaded("[Policy]\nExpiryWarningDays=30\n", "[Policy]\nRescanInterval=2h\n");
    // Nothing to enforce without a value.
    QVERIFY(!(model->cell(PolicyKey::RenotifyInterval, PolicyTableModel::EnforcedColumn).flags() & Qt::ItemIsEnabled));
    QVERIFY(model->setData(model->cell(PolicyKey::ExpiryWarningDays, PolicyTableModel::EnforcedColumn), Qt::Checked,
                           Qt::CheckStateRole));
    QVERIFY(model->setData(model->cell(PolicyKey::RescanInterval, PolicyTableModel::MachineColumn),
                           QStringLiteral("3600")));
    QVERIFY(model->setData(model->cell(PolicyKey::RescanInterval, PolicyTableModel::UserColumn), QString()));
    QVERIFY(
        model->setData(model->cell(PolicyKey::LogExpiryEvents, PolicyTableModel::UserColumn), QStringLiteral("false")));
    const QList<PolicyChange> machine = model->changes(Scope::System);
    QCOMPARE(machine.size(), 2);
    QCOMPARE(machine[0], (PolicyChange{PolicyKey::ExpiryWarningDays, QStringLiteral("30"), true}));
    QCOMPARE(machine[1], (PolicyChange{PolicyKey::RescanInterval, QStringLiteral("1h"), false}));
    const QList<PolicyChange> user = model->changes(Scope::User);
    QCOMPARE(user.size(), 2);
    QCOMPARE(user[0], (PolicyChange{PolicyKey::LogExpiryEvents, QStringLiteral("false"), false}));
    QCOMPARE(user[1], (PolicyChange{PolicyKey::RescanInterval, std::nullopt, false}));
    // Typing the saved value again is no change.
    QVERIFY(model->setData(model->cell(PolicyKey::LogExpiryEvents, PolicyTableModel::UserColumn), QString()));
    QCOMPARE(model->changes(Scope::User).size(), 1);
}

void TestPolicyTableModel::revertDropsEditsOfOneScope()
{
    PolicyTableModel* model = loaded({}, {});
    QSignalSpy edits(model, &PolicyTableModel::editsChanged);
    QVERIFY(model->setData(model->cell(PolicyKey::ExpiryWarningDays, PolicyTableModel::MachineColumn),
                           QStringLiteral("14")));
    QVERIFY(
        model->setData(model->cell(PolicyKey::ExpiryWarningDays, PolicyTableModel::UserColumn), QStringLiteral("21")));
    QCOMPARE(edits.size(), 2);
    model->revert(Scope::System);
    QVERIFY(!model->isModified(Scope::System));
    QCOMPARE(model->text(Scope::System, PolicyKey::ExpiryWarningDays), QString());
    QCOMPARE(model->text(Scope::User, PolicyKey::ExpiryWarningDays), QStringLiteral("21"));
    QCOMPARE(edits.size(), 3);
}

QTEST_GUILESS_MAIN(TestPolicyTableModel)
#include "TestPolicyTableModel.moc"
