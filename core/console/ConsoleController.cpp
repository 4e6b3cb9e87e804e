// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "console/ConsoleController.h"

#include "agent/AgentStatus.h"
#include "console/FleetConsoleSource.h"
#include "console/FleetHostTableModel.h"
#include "lifecycle/SnapshotFile.h"
#include "lifecycle/StaleBindings.h"
#include "models/BackgroundPool.h"
#include "models/CertificateTableModel.h"
#include "models/EventSource.h"
#include "models/EventTableModel.h"
#include "models/ExpirySummaryModel.h"
#include "models/StoreListModel.h"
#include "tasks/TaskSeams.h"
#include "util/Coroutines.h"
#include "util/FileWatch.h"

#include <QCoro/QCoroFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <QFileSystemWatcher>
#include <QPointer>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace certlife {

namespace {
constexpr int kAgentPollEvery = 5;         // polling rounds between agent state queries
constexpr int kStoreChangeSettleMs = 1500; // quiet time after a store change before rescanning
// Rows shown before the rest of a large inventory's are built: a tall window's screenful.
constexpr qsizetype kFirstScreenRows = 200;
// Below this many rows, building them all is quick enough to wait for.
constexpr qsizetype kFirstScreenAbove = 10000;

void returnFreedMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
} // namespace

ConsoleController::ConsoleController(Sources sources, QObject* parent)
    : QObject(parent), m_sources(std::move(sources)), m_localSources(m_sources)
{
    Q_ASSERT(m_sources.inventory && m_sources.events && m_sources.clock);
    if (m_sources.thresholds)
        m_thresholds = m_sources.thresholds();
    m_certificates = new CertificateTableModel(m_sources.clock, this);
    m_certificates->setThresholds(m_thresholds);
    m_stores = new StoreListModel(this);
    m_summary = new ExpirySummaryModel(this);
    m_events = new EventTableModel(m_sources.events, this);
    m_alerts = new EventTableModel(m_sources.events, this);
    m_alerts->setPageSize(50);
    m_fleetHostModel = new FleetHostTableModel(this);
    EventQuery alertQuery;
    alertQuery.ids = {EventId::Expired, EventId::CloseToExpiration, EventId::StaleBinding};
    m_alerts->setFilter(alertQuery);

    m_pollTimer.setSingleShot(false);
    connect(&m_pollTimer, &QTimer::timeout, this, [this] { runDetached(poll()); });
    m_storeChangeTimer.setSingleShot(true);
    m_storeChangeTimer.setInterval(kStoreChangeSettleMs);
    connect(&m_storeChangeTimer, &QTimer::timeout, this, [this] { QCoro::connect(scanNow(), this, [](bool) {}); });
    // New lifecycle events mean the agent saw the stores change: look at them again (a
    // warm scan: unchanged files come from the scanner's cache). A fleet's new events
    // mean a host published: its heartbeat and counts (By host) are read again, not every
    // host's inventory, nor a count of every event (F5 reads both).
    connect(m_events, &EventTableModel::logsGrew, this, [this] {
        if (isFleet()) {
            runDetached(refreshFleetHosts());
            return;
        }
        runDetached(refreshEventCount());
        m_storeChangeTimer.start();
    });
}

ConsoleController::~ConsoleController() = default;

void ConsoleController::runDetached(QCoro::Task<> task)
{
    QCoro::connect(std::move(task), this, [] {});
}

void ConsoleController::start(int pollIntervalMs)
{
    runDetached(loadCachedInventory());
    runDetached(m_events->reload());
    runDetached(m_alerts->reload());
    runDetached(refreshEventCount());
    runDetached(refreshAgentStatus());
    runDetached(refreshStaleBindings());
    setPollInterval(pollIntervalMs);
    m_pollTimer.start();
}

void ConsoleController::switchSources(Sources sources)
{
    sources.clock = m_sources.clock;
    m_sources = std::move(sources);
    ++m_applyGeneration; // an inventory of the old sources still being built is dropped
    m_scanning = false;
    m_inventoryLoaded = false;
    m_summaryLoaded = false;
    m_initialScanStarted = true; // a fleet is read, never scanned; this computer's was
    m_inventory.clear();
    m_fleetHosts.clear();
    m_fleetError.clear();
    m_fleetHostModel->setHosts({});
    m_fleetHostModel->setConsoleCounts({});
    m_eventCount = -1;
    m_events->setSource(m_sources.events);
    m_alerts->setSource(m_sources.events);
    Q_EMIT sourcesChanged();
    Q_EMIT fleetHostsChanged();
    runDetached(refresh());
}

void ConsoleController::setPollInterval(int ms)
{
    m_pollTimer.setInterval(ms);
}

QCoro::Task<> ConsoleController::loadCachedInventory()
{
    const Alive alive(this);
    const std::shared_ptr<InventorySource> source = m_sources.inventory;
    QCoro::Task<Inventory> loading = source->loadCached();
    Inventory inventory = co_await loading;
    if (!alive || source != m_sources.inventory) // switched to other sources meanwhile
        co_return;
    const bool unscanned =
        std::any_of(inventory.cbegin(), inventory.cend(), [](const StoreInventory& s) { return !s.hasBeenScanned(); });
    // First start, or a store added elsewhere: nothing known about some stores yet. Said
    // before the (partly empty) inventory is shown, so that it never reads as all clear.
    const bool scanFirst = unscanned && !m_initialScanStarted;
    if (scanFirst)
        m_readingUnscanned = true;
    QCoro::Task<> applying = applyInventory(std::move(inventory));
    co_await applying;
    if (alive && scanFirst && !m_initialScanStarted) {
        m_initialScanStarted = true;
        QCoro::connect(scanNow(), this, [](bool) {});
    }
}

QCoro::Task<> ConsoleController::applyInventory(Inventory inventory)
{
    // Rows and the summary are built on workers (100,000 certificates take a while); the
    // models change on this thread. The overview's numbers need only each certificate's
    // dates, so they are computed beside the rows and shown as soon as they are ready:
    // the first screen is painted before the table's rows (thumbprints, SAN texts,
    // identities) are done. A newer inventory wins over an older one still being built.
    ++m_applyGeneration;
    const Alive alive(this, m_applyGeneration);
    const QDateTime now = m_sources.clock->now();
    const ExpiryThresholds thresholds = m_thresholds;
    using RowPlan = CertificateTableModel::RowPlan;
    auto planFuture = inBackground([inventory, now, thresholds] {
        // In the table's default order, so its sorting proxy finds them in place.
        return std::make_shared<const RowPlan>(inventory, now, thresholds, CertificateTableModel::RowOrder::ByUrgency);
    });
    // Every row is built as soon as the plan is there, beside the summary.
    auto rowsFuture =
        planFuture.then(backgroundPool(), [](const std::shared_ptr<const RowPlan>& plan) { return plan->rows(); });
    auto summaryFuture =
        inBackground([inventory, now, thresholds] { return ExpirySummary::compute(inventory, now, thresholds); });
    const ExpirySummary summary = co_await summaryFuture;
    if (!alive)
        co_return;
    m_summary->setSummary(summary);
    m_summaryLoaded = true;
    Q_EMIT summaryChanged();

    // An empty table (the start) and a large inventory: the first screenful (the most
    // urgent rows, the default sort's top) is shown at once, the rest when it is built.
    // Until then hasLoadedInventory() stays false ("Loading…").
    if (m_certificates->rowCount() == 0) {
        const std::shared_ptr<const RowPlan> plan = co_await planFuture;
        if (!alive)
            co_return;
        if (m_certificates->rowCount() == 0 && plan->size() > kFirstScreenAbove)
            m_certificates->setRows(plan->rows(kFirstScreenRows));
    }
    planFuture = {}; // its classifications of every certificate: not held beside the rows longer than needed
    QList<CertificateRow> rows = co_await rowsFuture;
    if (!alive)
        co_return;
    m_inventory = std::move(inventory);
    m_inventoryLoaded = true;
    m_lastExpiryMinute = now.toSecsSinceEpoch() / 60;
    m_stores->setInventory(m_inventory);
    QHash<QString, QString> storeNames; // the events show the stores' names, not their ids
    for (const StoreInventory& store : std::as_const(m_inventory))
        storeNames.insert(store.key(), store.displayName());
    m_events->setStoreNames(storeNames);
    m_alerts->setStoreNames(storeNames);
    m_certificates->setRows(std::move(rows));
    // What building them took (the classifications, the archive's recognition, replaced
    // rows) is free now but scattered over the workers' malloc arenas, where glibc keeps
    // it resident: hand its pages back, as a scan does after parsing (ScanJob).
    static_cast<void>(QtConcurrent::run(backgroundPool(), [] { returnFreedMemory(); }));
    if (isFleet()) { // By host counts as the tiles and By store do
        QHash<QString, FleetHostTableModel::Counts> byHost;
        for (const CertificateRow& row : m_certificates->rows()) {
            FleetHostTableModel::Counts& counts = byHost[row.host()];
            counts.expired += row.expiry.state == ExpiryState::Expired ? 1 : 0;
            counts.expiring += row.expiry.state == ExpiryState::Expiring ? 1 : 0;
        }
        m_fleetHostModel->setConsoleCounts(byHost);
    }
    watchStores();
    Q_EMIT inventoryChanged();
}

QCoro::Task<bool> ConsoleController::scanNow()
{
    if (m_scanning) {
        m_rescanWanted = true;
        co_return false;
    }
    m_scanning = true;
    m_rescanWanted = false;
    Q_EMIT scanStarted();
    const Alive alive(this);
    // The source may report from its worker threads: hop to this thread before emitting.
    const QPointer<ConsoleController> self(this);
    ScanProgressCallback progress = [self](const ScanProgress& p) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, p] {
                if (self)
                    Q_EMIT self->scanProgress(p);
            },
            Qt::QueuedConnection);
    };
    const std::shared_ptr<InventorySource> source = m_sources.inventory;
    QCoro::Task<Inventory> scanning = source->scan(std::move(progress));
    Inventory inventory = co_await scanning;
    if (!alive)
        co_return false;
    if (source != m_sources.inventory) { // switched to other sources meanwhile
        m_scanning = false;
        Q_EMIT scanFinished(0);
        co_return false;
    }
    int problems = 0;
    for (const StoreInventory& store : std::as_const(inventory))
        problems += int(StoreListModel::problemsOf(store).size());
    m_readingUnscanned = false; // what the stores hold is known from here on
    QCoro::Task<> applying = applyInventory(std::move(inventory));
    co_await applying;
    if (!alive)
        co_return false;
    m_scanning = false;
    Q_EMIT scanFinished(problems);
    if (m_rescanWanted)
        m_storeChangeTimer.start();
    co_return true;
}

QCoro::Task<> ConsoleController::applyStoreScans(QList<StoreScan> scans)
{
    Inventory inventory = m_inventory;
    for (StoreInventory& store : inventory) {
        for (const StoreScan& scan : std::as_const(scans)) {
            if (scan.scope == store.config.scope && scan.storeId == store.config.id) {
                store.scan = scan;
                if (!store.scan.scannedAt.isValid())
                    store.scan.scannedAt = m_sources.clock->now();
            }
        }
    }
    QCoro::Task<> applying = applyInventory(std::move(inventory));
    co_await applying;
}

QCoro::Task<> ConsoleController::refresh()
{
    if (m_sources.thresholds) {
        m_thresholds = m_sources.thresholds();
        m_certificates->setThresholds(m_thresholds);
    }
    const Alive alive(this);
    if (isFleet()) {
        // A fleet's Overview first (counts aggregated on the server, By host): nothing
        // heavy beside it (an event list's count of 10,000,000 events takes the server
        // seconds). Then the first event pages, which do not wait for the 200,000 rows.
        runDetached(refreshFleetHosts());
        QCoro::Task<> summarizing = loadFleetSummary();
        co_await summarizing;
        if (!alive)
            co_return;
        runDetached(m_events->reload());
        runDetached(m_alerts->reload());
    }
    QCoro::Task<> loading = loadCachedInventory();
    co_await loading;
    if (!alive)
        co_return;
    if (!isFleet()) {
        runDetached(m_events->reload());
        runDetached(m_alerts->reload());
    }
    runDetached(refreshEventCount());
    runDetached(refreshStaleBindings());
    QCoro::Task<> refreshing = refreshAgentStatus();
    co_await refreshing;
}

QCoro::Task<> ConsoleController::loadFleetSummary()
{
    const std::shared_ptr<FleetConsoleSource> fleet = m_sources.fleet;
    if (!fleet)
        co_return;
    const Alive alive(this);
    const quint64 generation = m_applyGeneration;
    QCoro::Task<std::optional<ExpirySummary>> reading = fleet->loadSummary(m_sources.clock->now(), m_thresholds);
    const std::optional<ExpirySummary> summary = co_await reading;
    // Only as the first numbers: the inventory's own (the console's classifier) win.
    if (!alive || !summary || m_sources.fleet != fleet || m_summaryLoaded || generation != m_applyGeneration)
        co_return;
    m_summary->setSummary(*summary);
    m_summaryLoaded = true;
    Q_EMIT summaryChanged();
}

QCoro::Task<> ConsoleController::refreshFleetHosts()
{
    const std::shared_ptr<FleetConsoleSource> fleet = m_sources.fleet;
    if (!fleet)
        co_return;
    const Alive alive(this);
    auto reading = inBackground([fleet] {
        fleet::FleetError error;
        std::optional<QList<fleet::FleetHostStatus>> hosts = fleet->hosts(&error);
        return std::make_pair(hosts.value_or(QList<fleet::FleetHostStatus>()), error.message);
    });
    auto [hosts, error] = co_await reading;
    if (!alive || m_sources.fleet != fleet)
        co_return;
    m_fleetHosts = hosts;
    m_fleetError = error;
    m_fleetHostModel->setHosts(m_fleetHosts);
    Q_EMIT fleetHostsChanged();
}

QCoro::Task<> ConsoleController::poll()
{
    if (m_polling)
        co_return;
    m_polling = true;
    const Alive alive(this);
    const bool fleetDue = !m_sinceFleetPoll.isValid() || m_sinceFleetPoll.elapsed() >= m_fleetPollIntervalMs;
    if (!isFleet() || fleetDue) {
        if (isFleet())
            m_sinceFleetPoll.start();
        QCoro::Task<> checkingEvents = m_events->checkForNewEvents();
        co_await checkingEvents;
        if (!alive)
            co_return;
        QCoro::Task<> checkingAlerts = m_alerts->checkForNewEvents();
        co_await checkingAlerts;
        if (!alive)
            co_return;
    }
    // The clock moves: states and days left change at least once a day; looking once a
    // minute keeps "expires today" honest without rebuilding anything.
    const qint64 minute = m_sources.clock->now().toSecsSinceEpoch() / 60;
    if (m_inventoryLoaded && minute != m_lastExpiryMinute) {
        m_lastExpiryMinute = minute;
        m_certificates->refreshExpiry();
        m_summary->setSummary(ExpirySummary::compute(m_inventory, m_certificates->rows(), m_sources.clock->now()));
    }
    if (++m_pollRound % kAgentPollEvery == 0) {
        QCoro::Task<> refreshing = refreshAgentStatus();
        co_await refreshing;
        if (!alive)
            co_return;
        // A fleet's hosts: one added, an agent gone silent, the database unreadable.
        QCoro::Task<> readingHosts = refreshFleetHosts();
        co_await readingHosts;
        if (!alive)
            co_return;
        QCoro::Task<> readingBindings = refreshStaleBindings();
        co_await readingBindings;
    }
    if (alive)
        m_polling = false;
}

QCoro::Task<> ConsoleController::refreshEventCount()
{
    const Alive alive(this);
    auto future = inBackground([source = m_sources.events] { return source->count(EventQuery()); });
    const qint64 count = co_await future;
    if (!alive || count == m_eventCount)
        co_return;
    m_eventCount = count;
    Q_EMIT eventCountChanged(count);
}

QCoro::Task<> ConsoleController::refreshStaleBindings()
{
    const Alive alive(this);
    auto reading = inBackground([] {
        int count = 0;
        for (Scope scope : {Scope::System, Scope::User})
            count += currentlyStale(loadStaleBindings(staleBindingsPath(SnapshotFile(scope).path())).bindings);
        return count;
    });
    const int count = co_await reading;
    if (!alive || count == m_staleBindingCount)
        co_return;
    m_staleBindingCount = count;
    Q_EMIT staleBindingsChanged(count);
}

QCoro::Task<> ConsoleController::refreshAgentStatus()
{
    if (!m_sources.agent)
        co_return;
    const Alive alive(this);
    std::array<AgentService, 2> services;
    for (Scope scope : {Scope::System, Scope::User}) {
        QCoro::Task<AgentService> asking = m_sources.agent->service(scope);
        services[int(scope)] = co_await asking;
        if (!alive)
            co_return;
    }
    // What each running agent says of itself (agent-status.json): its last pass, its
    // task runs, its errors, the passes it skipped.
    auto reading = inBackground([services] {
        std::array<AgentStatus, 2> observed;
        for (Scope scope : {Scope::System, Scope::User})
            observed[int(scope)] = AgentStatus::observe(scope, services[int(scope)]);
        return observed;
    });
    const std::array<AgentStatus, 2> fresh = co_await reading;
    if (!alive)
        co_return;
    auto same = [](const AgentStatus& a, const AgentStatus& b) {
        return a.service == b.service && a.reported == b.reported && a.toJson() == b.toJson();
    };
    if (same(fresh[0], m_agent[0]) && same(fresh[1], m_agent[1]))
        co_return;
    m_agent = fresh;
    Q_EMIT agentStatusChanged();
}

QDateTime ConsoleController::lastScan(Scope scope) const
{
    QDateTime newest;
    for (const StoreInventory& store : m_inventory) {
        if (store.config.scope == scope && store.hasBeenScanned()
            && (!newest.isValid() || store.scan.scannedAt > newest))
            newest = store.scan.scannedAt;
    }
    return newest;
}

bool ConsoleController::canModify(Scope scope) const
{
    return m_sources.inventory->canModify(scope);
}

CertificateLocator ConsoleController::certificateLocator() const
{
    QList<StoreScan> scans;
    for (const StoreInventory& store : m_inventory) {
        StoreScan scan = store.scan;
        scan.storeId = store.config.id;
        scan.scope = store.config.scope;
        scans << scan;
    }
    return locatorFromScans(scans);
}

QString ConsoleController::validateNewStore(const StoreConfig& config) const
{
    return m_sources.inventory->validateStore(config);
}

QString ConsoleController::addStore(const StoreConfig& config)
{
    const QString error = m_sources.inventory->addStore(config);
    if (error.isEmpty())
        QCoro::connect(scanNow(), this, [](bool) {});
    return error;
}

QString ConsoleController::removeStore(Scope scope, const QString& id)
{
    const QString error = m_sources.inventory->removeStore(scope, id);
    if (error.isEmpty())
        QCoro::connect(scanNow(), this, [](bool) {});
    return error;
}

void ConsoleController::watchStores()
{
    // Directories of the stores (and the catalog files): a file appearing, vanishing or
    // being renamed there triggers a rescan once things settle.
    if (!m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &ConsoleController::storeChanged);
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ConsoleController::storeChanged);
    }
    const QStringList paths = m_sources.inventory->watchedPaths();
    watchExactly(*m_watcher, QSet<QString>(paths.cbegin(), paths.cend()));
}

void ConsoleController::storeChanged()
{
    m_storeChangeTimer.start();
}

} // namespace certlife
