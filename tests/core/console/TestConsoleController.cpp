// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../models/ModelTestData.h"
#include "ConsoleSources.h"
#include "TestEnvironment.h"
#include "agent/AgentStatus.h"
#include "console/ConsoleController.h"
#include "models/CertificateTableModel.h"
#include "models/EventLogSource.h"
#include "models/ExpirySummaryModel.h"
#include "models/StoreListModel.h"
#include "util/Paths.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {
const QDateTime kNow = utc(2026, 3, 1, 12);

// Runs a coroutine of the controller to its end (the test's own event loop turns).
template <typename T> T finish(QCoro::Task<T> task)
{
    return QCoro::waitFor(std::move(task));
}
void finish(QCoro::Task<> task)
{
    QCoro::waitFor(std::move(task));
}
} // namespace

// The console's data without a window: what ConsoleController puts on the models from
// its sources (an inventory in memory, the real event logs of a TestEnvironment, a
// fixed clock the test moves, a scripted agent probe), when it scans, and what makes it
// look again.
class TestConsoleController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startShowsTheCacheFirstThenScansStoresNeverScanned();
    void aLargeInventoryShowsItsMostUrgentRowsBeforeTheRest();
    void aScanAskedForDuringAScanRunsOnceItHasEnded();
    void pollFollowsTheClockAcrossAnExpiry();
    void newEventsAreCountedAndStartAWarmRescan();
    void aChangedStoreDirectoryStartsARescan();
    void addingAndRemovingAStoreRescans();
    void certificateLocatorAnswersFromTheLastScan();
    void agentStatusJoinsTheUnitAndTheAgentsFile();

private:
    std::unique_ptr<ConsoleController> makeController();
    int rowOf(const QString& cn) const;
    int stateOf(const QString& cn) const; // int(ExpiryState); -1: no such row

    std::unique_ptr<TestEnvironment> m_env;
    std::shared_ptr<FixedClock> m_clock;
    std::shared_ptr<FakeInventorySource> m_inventory;
    std::shared_ptr<FixedAgentProbe> m_agent;
    std::unique_ptr<ConsoleController> m_controller;
};

void TestConsoleController::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_clock = std::make_shared<FixedClock>(kNow);
    m_inventory = std::make_shared<FakeInventorySource>();
    m_agent = std::make_shared<FixedAgentProbe>();
    // The User store, scanned an hour ago: one certificate expiring in five days (within
    // the default threshold), one healthy for a year.
    m_inventory->cached << storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                                     {storedCert(QStringLiteral("soon.example"), kNow.addDays(-85), kNow.addDays(5)),
                                      storedCert(QStringLiteral("year.example"), kNow.addDays(-30), kNow.addDays(365))},
                                     kNow.addSecs(-3600));
}

void TestConsoleController::cleanup()
{
    m_controller.reset();
    m_env.reset();
}

std::unique_ptr<ConsoleController> TestConsoleController::makeController()
{
    ConsoleController::Sources sources;
    sources.inventory = m_inventory;
    sources.events = EventLogSource::forDefaultPaths();
    sources.clock = m_clock;
    sources.agent = m_agent;
    return std::make_unique<ConsoleController>(sources);
}

int TestConsoleController::rowOf(const QString& cn) const
{
    const CertificateTableModel* model = m_controller->certificates();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->rowAt(row).certificate().subjectCN == cn)
            return row;
    }
    return -1;
}

int TestConsoleController::stateOf(const QString& cn) const
{
    const int row = rowOf(cn);
    return row < 0 ? -1 : m_controller->certificates()->index(row, 0).data(CertificateTableModel::StateRole).toInt();
}

void TestConsoleController::startShowsTheCacheFirstThenScansStoresNeverScanned()
{
    // A System store added elsewhere, never scanned: its certificate is only known once
    // the console scans. The scan is held until the test lets it go.
    StoreInventory added =
        storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web servers"), {}, QDateTime());
    m_inventory->cached << added;
    Inventory scanned = m_inventory->cached;
    scanned[0].scan.scannedAt = kNow;
    scanned[1].scan.scannedAt = kNow;
    scanned[1].scan.certificates << storedCert(QStringLiteral("gone.example"), kNow.addDays(-400), kNow.addDays(-2));
    scanned[1].scan.problems << ScanProblem{QStringLiteral("/stores/web/broken.pem"),
                                            QStringLiteral("not a certificate")};
    m_inventory->scanned = scanned;
    m_inventory->gate = std::make_shared<QSemaphore>(0);

    m_controller = makeController();
    QSignalSpy changed(m_controller.get(), &ConsoleController::inventoryChanged);
    QSignalSpy started(m_controller.get(), &ConsoleController::scanStarted);
    QSignalSpy finished(m_controller.get(), &ConsoleController::scanFinished);
    m_controller->start(60000);

    // The cache is on the models first, while the scan waits.
    QTRY_COMPARE(changed.size(), 1);
    QVERIFY(m_controller->hasLoadedInventory());
    QCOMPARE(m_controller->certificates()->rowCount(), 2);
    QCOMPARE(m_controller->stores()->rowCount(), 2);
    QCOMPARE(stateOf(QStringLiteral("soon.example")), int(ExpiryState::Expiring));
    QCOMPARE(m_controller->summary()->summary().total[ExpiryState::Expiring], 1);
    QCOMPARE(m_controller->lastScan(Scope::User), kNow.addSecs(-3600));
    QVERIFY(!m_controller->lastScan(Scope::System).isValid());
    QTRY_COMPARE(started.size(), 1);
    QVERIFY(m_controller->isScanning());

    m_inventory->gate->release();
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toInt(), 1); // the file it could not read
    QCOMPARE(m_inventory->scans, 1);
    QVERIFY(!m_controller->isScanning());
    QCOMPARE(m_controller->certificates()->rowCount(), 3);
    QCOMPARE(stateOf(QStringLiteral("gone.example")), int(ExpiryState::Expired));
    QCOMPARE(m_controller->summary()->summary().total[ExpiryState::Expired], 1);
    QCOMPARE(m_controller->lastScan(Scope::System), kNow);
}

void TestConsoleController::aLargeInventoryShowsItsMostUrgentRowsBeforeTheRest()
{
    // 10,500 certificates: more than the console builds before it shows anything.
    const QList<StoredCertificate> many = manyCertificates(m_inventory->cached[0].scan.certificates[0], 10500, kNow);
    m_inventory->cached << storeWith(Scope::User, QStringLiteral("many"), QStringLiteral("Many"), many,
                                     kNow.addSecs(-3600));
    m_controller = makeController();
    CertificateTableModel* model = m_controller->certificates();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Each time the table changed: its rows, and whether the controller called it loaded.
    struct Seen
    {
        int rows;
        bool loaded;
        QStringList identities;
    };
    QList<Seen> seen;
    auto note = [&] {
        QStringList identities;
        for (const CertificateRow& row : model->rows())
            identities << row.storeKey() + QLatin1Char('\n') + row.certificate().sha256Hex();
        seen.append({model->rowCount(), m_controller->hasLoadedInventory(), identities});
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, note);
    connect(model, &QAbstractItemModel::modelReset, this, note);
    m_controller->start(60000);
    QTRY_VERIFY_WITH_TIMEOUT(m_controller->hasLoadedInventory(), 20000);

    // First a screenful, while the inventory is still "loading"; then every row at once.
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen[0].rows, 200);
    QVERIFY(!seen[0].loaded);
    QCOMPARE(seen[1].rows, 10502);
    QVERIFY(seen[1].loaded);
    // The screenful is the top of the full table, and the full table is what one load
    // without a first screen builds, row for row, in the same order.
    const QList<CertificateRow> normal = CertificateTableModel::buildRows(
        m_inventory->cached, kNow, m_controller->thresholds(), CertificateTableModel::RowOrder::ByUrgency);
    QCOMPARE(seen[0].identities, seen[1].identities.mid(0, 200));
    QCOMPARE(model->rowCount(), normal.size());
    for (int i = 0; i < model->rowCount(); ++i) {
        const CertificateRow& row = model->rowAt(i);
        QVERIFY(row.identity() == normal[i].identity());
        QCOMPARE(row.thumbprint(), normal[i].thumbprint());
        QCOMPARE(row.pathText(), normal[i].pathText());
        QCOMPARE(row.storeName(), normal[i].storeName());
        QCOMPARE(row.expiry.state, normal[i].expiry.state);
        QCOMPARE(row.expiry.daysLeft, normal[i].expiry.daysLeft);
    }
    // Most urgent first: the first screenful begins with what expires soonest.
    QCOMPARE(model->rowAt(0).expiry.state, ExpiryState::Expiring);
}

void TestConsoleController::aScanAskedForDuringAScanRunsOnceItHasEnded()
{
    m_controller = makeController();
    finish(m_controller->loadCachedInventory());
    QCOMPARE(m_inventory->scans, 0); // every store was scanned before: no scan at start

    m_inventory->gate = std::make_shared<QSemaphore>(0);
    QSignalSpy finished(m_controller.get(), &ConsoleController::scanFinished);
    QCoro::connect(m_controller->scanNow(), m_controller.get(), [](bool) {});
    QTRY_VERIFY(m_controller->isScanning());
    // Asked again meanwhile (a store changed): not a second scan at once…
    QVERIFY(!finish(m_controller->scanNow()));
    QCOMPARE(m_inventory->scans, 1);
    // … but one more once the first has ended, with what is there then.
    Inventory renewed = m_inventory->cached;
    renewed[0].scan.certificates[0] = storedCert(QStringLiteral("soon.example"), kNow, kNow.addDays(90));
    renewed[0].scan.scannedAt = kNow;
    m_inventory->scanned = renewed;
    m_inventory->gate->release(2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QCOMPARE(m_inventory->scans, 2);
    QCOMPARE(stateOf(QStringLiteral("soon.example")), int(ExpiryState::Within90));
    QCOMPARE(m_controller->summary()->summary().total[ExpiryState::Expiring], 0);
}

void TestConsoleController::pollFollowsTheClockAcrossAnExpiry()
{
    m_controller = makeController();
    finish(m_controller->loadCachedInventory());
    QCOMPARE(stateOf(QStringLiteral("soon.example")), int(ExpiryState::Expiring));

    // Six days later without a scan: the certificate has expired, and the poll says so.
    m_clock->advance(6 * 86400);
    finish(m_controller->poll());
    QCOMPARE(stateOf(QStringLiteral("soon.example")), int(ExpiryState::Expired));
    const ExpirySummary summary = m_controller->summary()->summary();
    QCOMPARE(summary.total[ExpiryState::Expired], 1);
    QCOMPARE(summary.total[ExpiryState::Expiring], 0);
    QCOMPARE(m_inventory->scans, 0); // the clock alone rescans nothing
}

void TestConsoleController::newEventsAreCountedAndStartAWarmRescan()
{
    m_controller = makeController();
    QSignalSpy counted(m_controller.get(), &ConsoleController::eventCountChanged);
    m_controller->start(60000); // the test polls itself
    QTRY_VERIFY(m_controller->hasLoadedInventory());
    QTRY_COMPARE(m_controller->eventCount(), qint64(0));
    QCOMPARE(m_inventory->scans, 0);

    // The agent logs a change it saw in a store.
    writeEvents(Paths::eventLogFile(Scope::User), Scope::User,
                {makeEvent(EventId::New, Scope::User, kNow, QStringLiteral("new.example")),
                 makeEvent(EventId::Deleted, Scope::User, kNow, QStringLiteral("old.example"))});
    finish(m_controller->poll());
    QTRY_COMPARE(m_controller->eventCount(), qint64(2));
    QCOMPARE(counted.last().first().toLongLong(), qint64(2));
    // The stores are looked at again once things settle.
    QTRY_COMPARE_WITH_TIMEOUT(m_inventory->scans, 1, 10000);
}

void TestConsoleController::aChangedStoreDirectoryStartsARescan()
{
    const QString directory = m_env->path(QStringLiteral("stores/my"));
    QVERIFY(QDir().mkpath(directory));
    m_inventory->watched = {directory, m_env->path(QStringLiteral("stores/not-there-yet"))};
    m_controller = makeController();
    finish(m_controller->loadCachedInventory());
    QTest::qWait(100);
    QCOMPARE(m_inventory->scans, 0);

    QVERIFY(writeFile(directory + QStringLiteral("/new.pem"), "x"));
    QTRY_COMPARE_WITH_TIMEOUT(m_inventory->scans, 1, 10000);
}

void TestConsoleController::addingAndRemovingAStoreRescans()
{
    m_controller = makeController();
    finish(m_controller->loadCachedInventory());
    QSignalSpy finished(m_controller.get(), &ConsoleController::scanFinished);
    StoreConfig config;
    config.id = QStringLiteral("nginx");
    config.scope = Scope::User;
    config.path = m_env->path(QStringLiteral("nginx"));
    QCOMPARE(m_controller->addStore(config), QString());
    QCOMPARE(m_inventory->added.size(), 1);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(m_controller->stores()->rowCount(), 2);

    QCOMPARE(m_controller->removeStore(Scope::User, QStringLiteral("nginx")), QString());
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(m_controller->stores()->rowCount(), 1);

    // A refusal changes nothing and scans nothing.
    m_inventory->refusal = QStringLiteral("stores.conf: a store with the id \"nginx\" exists");
    QCOMPARE(m_controller->addStore(config), m_inventory->refusal);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 2);
}

void TestConsoleController::certificateLocatorAnswersFromTheLastScan()
{
    m_controller = makeController();
    finish(m_controller->loadCachedInventory());
    const CertificateLocator locator = m_controller->certificateLocator();
    const CertificateRow& row = m_controller->certificates()->rowAt(rowOf(QStringLiteral("year.example")));
    const std::optional<LocatedCertificate> found = locator(Scope::User, QStringLiteral("My"), row.thumbprint());
    QVERIFY(found);
    QCOMPARE(found->storeId, QStringLiteral("My"));
    QCOMPARE(found->details.subjectCN, QStringLiteral("year.example"));
    QVERIFY(!locator(Scope::System, QStringLiteral("My"), row.thumbprint()));
    QVERIFY(!locator(Scope::User, QStringLiteral("My"), QStringLiteral("00")));
}

void TestConsoleController::agentStatusJoinsTheUnitAndTheAgentsFile()
{
    // The User agent runs (its unit says not: started by hand) and wrote its status.
    AgentStatus written;
    written.scope = Scope::User;
    written.pid = QCoreApplication::applicationPid();
    written.state = QStringLiteral("idle");
    written.lastPassAt = kNow.addSecs(-120);
    written.certificates = 2;
    QVERIFY(written.save());

    m_controller = makeController();
    QSignalSpy changed(m_controller.get(), &ConsoleController::agentStatusChanged);
    finish(m_controller->refresh());
    QCOMPARE(changed.size(), 1);
    const AgentStatus system = m_controller->agentStatus(Scope::System);
    QCOMPARE(system.service.state, AgentService::State::Running);
    QVERIFY(!system.reported); // no file of a System agent
    const AgentStatus user = m_controller->agentStatus(Scope::User);
    QCOMPARE(user.service, m_agent->user);
    QVERIFY(user.reported);
    QCOMPARE(user.lastPassAt, kNow.addSecs(-120));
    QCOMPARE(user.certificates, 2);

    // Nothing new: no signal, the pages repaint nothing.
    finish(m_controller->refresh());
    QCOMPARE(changed.size(), 1);

    // The agent's next pass, and its unit's state, are seen by the next look.
    written.lastPassAt = kNow;
    written.lastError = QStringLiteral("disk full");
    QVERIFY(written.save());
    m_agent->system = AgentService{AgentService::State::Failed, QStringLiteral("certlife-agent.service: failed")};
    finish(m_controller->refresh());
    QCOMPARE(changed.size(), 2);
    QCOMPARE(m_controller->agentStatus(Scope::User).lastError, QStringLiteral("disk full"));
    QCOMPARE(m_controller->agentStatus(Scope::System).summaryText(), QStringLiteral("failed"));
}

QTEST_GUILESS_MAIN(TestConsoleController)
#include "TestConsoleController.moc"
