// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/AgentStatus.h"
#include "agent/FleetPublisher.h"
#include "lifecycle/LifecycleEvent.h"
#include "policy/Policy.h"
#include "stores/StoreTypes.h"
#include "util/Clock.h"
#include "tasks/TaskRunLog.h"
#include "util/ProcessLock.h"

#include <QCoro/QCoroTask>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <vector>

namespace certlife {

class EventLog;
class EventSink;
class LifecycleEngine;
class Scanner;
class SnapshotLock;
class TaskRegistry;
class TaskRunLog;
class TaskRunner;

struct AgentOptions
{
    Scope scope = Scope::User;
    std::shared_ptr<Clock> clock = Clock::system();
    bool journald = true;            // send events to journald too
    QString jsonLinesFile;           // and/or append them to this file (empty: no)
    int debounceMilliseconds = 2000; // file changes settle this long before a rescan
    bool runTasks = true;
    // Watch the stores' files and directories after each pass (false for `watch --once`:
    // nothing waits for a change, and listing 100,000 paths' directories is not free).
    bool watchFiles = true;
    // The process ends after this pass (`watch --once`): the pass's scans and snapshot
    // (a million heap blocks for 100,000 certificates) are left for the kernel to drop
    // at exit instead of being freed one by one.
    bool exitAfterPass = false;
    // How long a pass waits for the snapshot lock while an admin's action holds it
    // (the event loop keeps running); then the pass is skipped and retried later.
    int snapshotLockWaitMilliseconds = 60000;
    // Seam for tests: replaces the scan of a pass (default: scanStores() in
    // stores/Scanner.h), e.g. to run an action while the pass is inside its scan.
    std::function<QCoro::Task<QList<StoreScan>>(Scanner&, QList<StoreConfig>)> scanStores;
    // Seam for tests: ScanOptions::afterListing of the agent's scanner (runs on the scan's
    // worker thread after a store was listed, before any file is read).
    std::function<void()> afterScanListing;
    // Seam for tests: runs after a pass's events are committed to the event log and before
    // its snapshot is saved (a kill test dies here).
    std::function<void()> beforeSnapshotCommit;
    // Seam for tests: runs after a pass's task runs are claimed, before any starts (a
    // kill test dies here).
    std::function<void()> afterTasksClaimed;
    // The system agent's User channels (docs/fleet.md, "User channels"): the accounts whose
    // logs it may publish (empty: localFleetAccounts(), the password database's; tests give
    // fake homes) and what one account may cost a publish.
    FleetAccountSource fleetAccounts;
    FleetUserLogLimits fleetUserLogLimits;
};

// What one pass did.
struct AgentPassSummary
{
    int stores = 0;
    int certificates = 0;
    int problems = 0; // per-file problems in all stores
    int events = 0;   // lifecycle events written (not those an earlier, killed attempt wrote)
    // The task runs claimed for the pass's events (a digest run counts once), and what
    // became of them when the summary was taken: at the end of the pass, and again by
    // countTaskRuns() (`watch --once` takes it after the runs that could start ended).
    QList<qint64> taskRuns;
    TaskRunCounts tasks;
    QStringList errors; // configuration or storage problems (not per-file ones)
    qint64 milliseconds = 0;
    // Another process held the snapshot lock for the whole wait: nothing was scanned or
    // logged. skipReason names the holder.
    bool skipped = false;
    QString skipReason;
};

// `certlifectl watch`: the engine running unattended for one scope. It scans every
// monitored store at start, when files change (debounced; symlink targets watched
// too) and every RescanInterval; writes the lifecycle events to the EventLog (then
// journald / JSON lines); hands them to the notification tasks; keeps one instance
// per scope with a lock file; reloads its configuration on request (SIGHUP).
class Agent : public QObject
{
    Q_OBJECT
public:
    explicit Agent(AgentOptions options, QObject* parent = nullptr);
    ~Agent() override;

    // Takes the scope's lock and opens the event log. False with *error when another
    // agent holds the scope or the state directory cannot be used.
    bool start(QString* error);
    // One pass now; passes never overlap (a request during a pass runs one more after).
    QCoro::Task<AgentPassSummary> runPass(QString reason);
    // Starts watching: file changes, the rescan timer and task retries.
    void watch();
    // Re-reads policy, stores and tasks before the next pass (SIGHUP), then runs one.
    void reload();
    // Waits until every task run started so far has ended (for `watch --once`); runs the
    // rate limit holds back stay queued for the next agent.
    QCoro::Task<> finishTasks();
    // Starts the task runs that are due now: retries, and runs the rate limit held back
    // that it now allows. The runner's timers do this when their time comes; a test
    // that moves the clock calls it.
    void runDueTasks();
    // summary.tasks again, from the run log: what became of the pass's runs by now.
    void countTaskRuns(AgentPassSummary& summary) const;
    // Stops timers and scans, lets running tasks finish or be recorded interrupted,
    // writes the final status and releases the lock. Emits stopped().
    QCoro::Task<> stop();

    const AgentPassSummary& lastPass() const { return m_lastPass; }
    const AgentStatus& status() const { return m_status; }
    // Until the publish to the fleet database that passes started has ended (stop() and
    // tests; a pass never waits for it).
    QCoro::Task<> finishPublishing();

Q_SIGNALS:
    void passFinished(const certlife::AgentPassSummary& summary);

private:
    void loadConfiguration();
    void scheduleDebouncedPass();
    void startPassDetached(const QString& reason);
    void updateWatches(const QList<StoreScan>& scans);
    void writeStatus(const QString& state);
    QCoro::Task<bool> acquireSnapshotLock(SnapshotLock& lock, AgentPassSummary& summary);
    void publishPassToFleet(const QList<StoreScan>& scans, const ArchivedCertificates& archived,
                            const AgentPassSummary& summary);
    void fleetPublished(const FleetPublishReport& report);
    QList<LifecycleEvent> writeEvents(QList<LifecycleEvent> events, qint64 passBase, int* written, QStringList& errors);

    AgentOptions m_options;
    Policy m_policy;
    QList<StoreConfig> m_stores;
    QStringList m_configProblems;
    QString m_metricsFile; // policy MetricsTextfile for this scope; empty: none
    bool m_configStale = true;

    ProcessLock m_lock; // one agent per scope
    std::unique_ptr<EventLog> m_eventLog;
    std::vector<std::unique_ptr<EventSink>> m_sinks;
    std::unique_ptr<LifecycleEngine> m_engine;
    std::unique_ptr<Scanner> m_scanner;
    std::unique_ptr<TaskRegistry> m_taskRegistry;
    std::unique_ptr<TaskRunLog> m_taskRunLog;
    std::unique_ptr<TaskRunner> m_taskRunner;

    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QTimer m_rescan;
    QTimer m_statusTimer;         // writes the status soon after task runs end
    TaskRunCounts m_taskOutcomes; // succeeded, failed, refused since start
    bool m_passRunning = false;
    bool m_passRequested = false;
    bool m_stopping = false;
    bool m_taskRunsRecovered = false; // the first pass took over the runs left queued
    AgentStatus m_status;
    AgentPassSummary m_lastPass;
    FleetPublisher m_fleet; // System scope, when the machine policy names a FleetDatabase
};

} // namespace certlife
