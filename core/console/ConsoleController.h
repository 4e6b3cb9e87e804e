// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/AgentStatus.h"
#include "fleet/FleetReader.h"
#include "lifecycle/ExpiryState.h"
#include "models/ExpirySummary.h"
#include "models/InventorySource.h"
#include "tasks/TaskSeams.h"
#include "util/Clock.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <array>
#include <functional>
#include <memory>

class QFileSystemWatcher;

namespace certlife {

class CertificateTableModel;
class EventSource;
class EventTableModel;
class ExpirySummaryModel;
class FleetConsoleSource;
class FleetHostTableModel;
class StoreListModel;

// The console's data, kept fresh without blocking the UI thread: it owns the models the
// pages show, loads the cached inventory at start, scans on request, and notices new
// events (the logs' latest record ids, polled cheaply), changed store directories and
// the agents' state. Everything slow runs on worker threads through QCoro; the models
// are only touched on the UI thread. No widgets: the console (ui/) shows what it holds.
class ConsoleController : public QObject
{
    Q_OBJECT
public:
    struct Sources
    {
        std::shared_ptr<InventorySource> inventory;
        std::shared_ptr<const EventSource> events;
        std::shared_ptr<const Clock> clock;
        std::shared_ptr<AgentProbe> agent;            // may be null: agent state unknown
        std::function<ExpiryThresholds()> thresholds; // may be null: the default policy
        // Fleet mode (docs/fleet.md, "The console's fleet mode"): the source of the
        // inventory and the events above, and of the hosts; null: this computer.
        std::shared_ptr<FleetConsoleSource> fleet;
    };

    explicit ConsoleController(Sources sources, QObject* parent = nullptr);
    ~ConsoleController() override;

    CertificateTableModel* certificates() const { return m_certificates; }
    StoreListModel* stores() const { return m_stores; }
    ExpirySummaryModel* summary() const { return m_summary; }
    EventTableModel* events() const { return m_events; }
    EventTableModel* alerts() const { return m_alerts; } // the latest warnings and errors
    const Inventory& inventory() const { return m_inventory; }
    const Clock& clock() const { return *m_sources.clock; }
    std::shared_ptr<const Clock> sharedClock() const { return m_sources.clock; }
    std::shared_ptr<const EventSource> eventSource() const { return m_sources.events; }

    // Every page reads from SOURCES from now on (this computer's, or a fleet's): the
    // models are emptied and read again. The clock stays.
    void switchSources(Sources sources);
    // The sources this computer's console started with (switchSources back to them).
    const Sources& localSources() const { return m_localSources; }
    bool isFleet() const { return m_sources.fleet != nullptr; }
    FleetConsoleSource* fleetSource() const { return m_sources.fleet.get(); }
    // Fleet mode: every host with its last contact, counts and silence, as last read,
    // and why the last read failed (one line; empty when it worked).
    QList<fleet::FleetHostStatus> fleetHosts() const { return m_fleetHosts; }
    FleetHostTableModel* fleetHostModel() const { return m_fleetHostModel; } // the Overview's "By host"
    QString fleetError() const { return m_fleetError; }

    // Loads the cached inventory and the first pages of events, then keeps polling.
    void start(int pollIntervalMs = 2000);
    void setPollInterval(int ms);
    // Over a fleet, polling rounds look for new events at most this often (each look is
    // a login and an indexed query per event list; default 10 s).
    void setFleetPollInterval(int ms) { m_fleetPollIntervalMs = ms; }

    QCoro::Task<> loadCachedInventory();
    // Scans every store; false when a scan was already running.
    QCoro::Task<bool> scanNow();
    // Puts new scans of some stores (those a certificate action changed) into the
    // inventory at once; the other stores keep their last scan.
    QCoro::Task<> applyStoreScans(QList<StoreScan> scans);
    // Re-reads the policy, the cached inventory, the events and the agent's state.
    QCoro::Task<> refresh();
    // One polling round: new events, agent state, the clock's effect on expiry.
    QCoro::Task<> poll();

    bool isScanning() const { return m_scanning; }
    // Until the cached inventory has answered, and while the scan of stores that were
    // never scanned runs: what the console shows of them is not known yet, and must not
    // read as "nothing expires".
    bool isReadingStores() const { return !m_summaryLoaded || m_readingUnscanned; }
    bool hasLoadedInventory() const { return m_inventoryLoaded; }
    // The overview's numbers arrive before the table's rows (summaryChanged()).
    bool hasLoadedSummary() const { return m_summaryLoaded; }
    bool canModify(Scope scope) const;
    // Answers a task run's "is this certificate still in its store?" from what the
    // console shows: the last scan of each store.
    CertificateLocator certificateLocator() const;
    QString validateNewStore(const StoreConfig& config) const;
    // Adds or removes a store and rescans; returns the catalog's error or empty.
    QString addStore(const StoreConfig& config);
    QString removeStore(Scope scope, const QString& id);
    QStringList configurationProblems() const { return m_sources.inventory->configurationProblems(); }

    // The scope's agent: its unit's state and what its agent-status.json says.
    AgentStatus agentStatus(Scope scope) const { return m_agent[int(scope)]; }
    QDateTime lastScan(Scope scope) const;             // newest scannedAt of the scope's stores
    qint64 eventCount() const { return m_eventCount; } // every event in both logs; -1 unknown
    // Endpoint addresses of both scopes that are stale now (1101 logged, no 1102 yet), as
    // the agents left them in stale-bindings.json; -1 before the first read.
    int staleBindingCount() const { return m_staleBindingCount; }
    ExpiryThresholds thresholds() const { return m_thresholds; }

Q_SIGNALS:
    void inventoryChanged();
    void summaryChanged(); // the summary model holds numbers of a new inventory; its rows follow
    void scanStarted();
    void scanProgress(const certlife::ScanProgress& progress);
    void scanFinished(int problemCount);
    void agentStatusChanged();
    void eventCountChanged(qint64 count);
    void staleBindingsChanged(int count);
    void sourcesChanged(); // switched between this computer and a fleet
    void fleetHostsChanged();

private:
    QCoro::Task<> applyInventory(Inventory inventory);
    QCoro::Task<> refreshEventCount();
    QCoro::Task<> refreshAgentStatus();
    QCoro::Task<> refreshStaleBindings();
    QCoro::Task<> refreshFleetHosts();
    QCoro::Task<> loadFleetSummary();
    void watchStores();
    void storeChanged();
    void runDetached(QCoro::Task<> task);

    Sources m_sources;
    Sources m_localSources;
    QList<fleet::FleetHostStatus> m_fleetHosts;
    QString m_fleetError;
    CertificateTableModel* m_certificates = nullptr;
    StoreListModel* m_stores = nullptr;
    ExpirySummaryModel* m_summary = nullptr;
    EventTableModel* m_events = nullptr;
    EventTableModel* m_alerts = nullptr;
    FleetHostTableModel* m_fleetHostModel = nullptr;
    Inventory m_inventory;
    ExpiryThresholds m_thresholds;
    quint64 m_applyGeneration = 0;
    bool m_inventoryLoaded = false;
    bool m_summaryLoaded = false;
    bool m_scanning = false;
    bool m_rescanWanted = false;
    bool m_initialScanStarted = false;
    bool m_readingUnscanned = false; // the first scan of never-scanned stores runs
    bool m_polling = false;
    int m_pollRound = 0;
    int m_fleetPollIntervalMs = 10000;
    QElapsedTimer m_sinceFleetPoll; // invalid: the fleet's events not looked at yet
    qint64 m_lastExpiryMinute = 0;
    qint64 m_eventCount = -1;
    int m_staleBindingCount = -1;
    std::array<AgentStatus, 2> m_agent;
    QTimer m_pollTimer;
    QTimer m_storeChangeTimer; // debounces bursts of file system notifications
    QFileSystemWatcher* m_watcher = nullptr;
};

} // namespace certlife
