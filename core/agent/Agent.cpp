// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/Agent.h"

#include "agent/ServiceManagerNotifier.h"
#include "eventlog/EventLog.h"
#include "eventlog/JournaldSink.h"
#include "eventlog/JsonLinesSink.h"
#include "lifecycle/LifecycleEngine.h"
#include "lifecycle/SnapshotLock.h"
#include "monitoring/MetricsTextfile.h"
#include "monitoring/PassMetrics.h"
#include "policy/MonitoredStores.h"
#include "policy/PolicyStore.h"
#include "stores/Scanner.h"
#include "tasks/NotificationTask.h"
#include "tasks/TaskRegistry.h"
#include "tasks/TaskRunLog.h"
#include "tasks/TaskRunner.h"
#include "tasks/TaskSeams.h"
#include "util/FileWatch.h"
#include "util/Paths.h"

#include <QCoreApplication>
#include <QCoro/QCoroSignal>
#include <QCoro/QCoroTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace certlife {

namespace {

QString lockFilePath(Scope scope)
{
    return Paths::stateDir(scope) + QStringLiteral("/agent.lock");
}

// QFileSystemWatcher watches directories and files, not what links point to: add the
// directory of every symlink target too, so certbot moving live/ links is seen.
QSet<QString> pathsToWatch(const QList<StoreConfig>& stores, const QList<StoreScan>& scans)
{
    QSet<QString> paths;
    QSet<QString> endpointStores; // their locations are HOST:PORT [ADDRESS] or PKCS#11 URIs, not files
    for (const StoreConfig& s : stores) {
        if (s.kind == StoreKind::TlsEndpoint || s.kind == StoreKind::Pkcs11) {
            endpointStores.insert(scopeName(s.scope) + QLatin1Char('/') + s.id);
            continue;
        }
        const QFileInfo info(s.path);
        if (info.exists())
            paths.insert(info.isDir() ? info.absoluteFilePath() : info.absolutePath());
    }
    // Every file's directory, and a symlink's target's. Once per file (a bundle lists its
    // file once per certificate), with one lstat and no QFileInfo unless it is a link:
    // this runs after every pass over every certificate.
    QString previousFile;
    for (const StoreScan& scan : scans) {
        if (endpointStores.contains(scopeName(scan.scope) + QLatin1Char('/') + scan.storeId))
            continue;
        for (const StoredCertificate& sc : scan.certificates) {
            if (sc.path == previousFile)
                continue;
            previousFile = sc.path;
            const qsizetype slash = sc.path.lastIndexOf(QLatin1Char('/'));
            if (slash < 0 || !QDir::isAbsolutePath(sc.path)) {
                paths.insert(QFileInfo(sc.path).absolutePath());
                continue;
            }
            paths.insert(slash == 0 ? QStringLiteral("/") : sc.path.left(slash));
            struct stat st;
            if (::lstat(QFile::encodeName(sc.path).constData(), &st) == 0 && S_ISLNK(st.st_mode))
                paths.insert(QFileInfo(QFileInfo(sc.path).symLinkTarget()).absolutePath());
        }
    }
    return paths;
}

// Keeps a value alive until the process exits, reachable from a static (so not a leak
// to LeakSanitizer), never destroyed: what a one-pass process would free just before
// its exit.
template <typename T> void keepUntilExit(T&& value)
{
    static auto* const kept = new std::vector<std::shared_ptr<void>>;
    kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

} // namespace

Agent::Agent(AgentOptions options, QObject* parent)
    : QObject(parent), m_options(std::move(options)), m_lock(lockFilePath(m_options.scope), 0600, m_options.clock)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(m_options.debounceMilliseconds);
    connect(&m_debounce, &QTimer::timeout, this, [this] { startPassDetached(QStringLiteral("files changed")); });
    connect(&m_rescan, &QTimer::timeout, this, [this] { startPassDetached(QStringLiteral("rescan interval")); });
    m_statusTimer.setSingleShot(true);
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] { writeStatus(m_status.state); });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &Agent::scheduleDebouncedPass);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &Agent::scheduleDebouncedPass);
    connect(&m_fleet, &FleetPublisher::published, this, &Agent::fleetPublished);
    m_status.scope = m_options.scope;
    m_status.pid = ::getpid();
}

Agent::~Agent() = default;

bool Agent::start(QString* error)
{
    const Scope scope = m_options.scope;
    const QString stateDir = Paths::stateDir(scope);
    if (QString why = Paths::ensureDir(stateDir, scope == Scope::System ? 0755 : 0700); !why.isEmpty()) {
        *error = why;
        return false;
    }
    if (!m_lock.tryLock()) {
        const QString holder = m_lock.isBusy() ? m_lock.holder() : QString();
        *error = !m_lock.isBusy() ? m_lock.errorString()
                                  : QStringLiteral("another agent%1 is already watching the %2 scope (lock %3)")
                                        .arg(holder.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(holder),
                                             scopeName(scope).toLower(), lockFilePath(scope));
        return false;
    }

    m_eventLog = std::make_unique<EventLog>(Paths::eventLogFile(scope), scope);
    if (!m_eventLog->open(error)) {
        m_lock.unlock();
        return false;
    }
    if (m_options.journald)
        m_sinks.push_back(std::make_unique<JournaldSink>());
    if (!m_options.jsonLinesFile.isEmpty())
        m_sinks.push_back(std::make_unique<JsonLinesSink>(m_options.jsonLinesFile));

    loadConfiguration();
    m_engine = std::make_unique<LifecycleEngine>(m_options.clock, m_policy);
    ScanOptions scanOptions;
    scanOptions.cacheDirectory = Scanner::cacheDirectory(scope);
    scanOptions.clock = m_options.clock;
    scanOptions.afterListing = m_options.afterScanListing;
    m_scanner = std::make_unique<Scanner>(scanOptions);

    if (m_options.runTasks) {
        m_taskRegistry = std::make_unique<TaskRegistry>(scope);
        m_taskRegistry->load();
        m_taskRunLog = std::make_unique<TaskRunLog>(Paths::eventLogFile(scope));
        QString runLogError;
        if (!m_taskRunLog->open(&runLogError)) {
            m_configProblems << runLogError;
        } else {
            TaskRunnerOptions runnerOptions;
            runnerOptions.scope = scope;
            runnerOptions.trust = TrustRule::forScope(scope);
            runnerOptions.policy = taskPolicyFrom(m_policy);
            m_taskRunner =
                std::make_unique<TaskRunner>(runnerOptions, m_taskRegistry.get(), m_taskRunLog.get(), m_options.clock);
            connect(m_taskRunner.get(), &TaskRunner::runFinished, this, [this](qint64 runId) {
                if (const std::optional<TaskRun> run = m_taskRunLog->run(runId))
                    m_taskOutcomes.add(run->state);
                if (!m_statusTimer.isActive())
                    m_statusTimer.start(); // a burst of refusals gives one write
            });
        }
    }
    m_status.startedAt = m_options.clock->now();
    writeStatus(QStringLiteral("starting"));
    return true;
}

void Agent::loadConfiguration()
{
    const PolicyStore policyStore;
    const EffectivePolicy effective = policyStore.effective(m_options.scope);
    m_policy = effective.policy;
    m_metricsFile = metricsTextfileFor(m_options.scope, effective);
    MonitoredStores monitored = monitoredStores(m_options.scope, m_policy);
    m_stores = monitored.stores;
    m_configProblems = policyStore.problems() + monitored.problems;
    if (m_engine)
        m_engine->setPolicy(m_policy);
    if (m_taskRunner)
        m_taskRunner->setPolicy(taskPolicyFrom(m_policy));
    if (m_taskRegistry)
        m_taskRegistry->load();
    m_rescan.setInterval(int(qBound(qint64(60), m_policy.rescanIntervalSeconds, qint64(7 * 86400)) * 1000));
    // Only the system agent publishes: the fleet keys hosts, and its keys are the machine
    // policy's alone.
    QString fleetProblem;
    m_fleet.configure(m_options.scope == Scope::System ? m_policy : Policy(), &fleetProblem);
    if (m_options.scope == Scope::System)
        m_fleet.configureUserChannels(m_options.fleetAccounts ? m_options.fleetAccounts
                                                              : FleetAccountSource(&localFleetAccounts),
                                      policyStore.layer(Scope::System), m_options.fleetUserLogLimits);
    m_status.fleetProblem = fleetProblem;
    m_configStale = false;
}

void Agent::reload()
{
    ServiceManager::notifyReloading();
    m_configStale = true;
    startPassDetached(QStringLiteral("configuration reloaded"));
}

void Agent::watch()
{
    m_rescan.start(); // the first pass has taken over the runs left queued (runPass)
}

void Agent::scheduleDebouncedPass()
{
    if (!m_stopping)
        m_debounce.start(); // restarts: a burst of changes gives one pass
}

void Agent::startPassDetached(const QString& reason)
{
    if (m_stopping)
        return;
    QCoro::connect(runPass(reason), this, [](const AgentPassSummary&) {});
}

// The pass's events, each with its record id, once in the log (EventLog::appendPass: a
// retry of a pass killed before its commit does not log again what it logged); those
// new to the log go to the sinks too. Empty when the log refused them.
QList<LifecycleEvent> Agent::writeEvents(QList<LifecycleEvent> events, qint64 passBase, int* written,
                                         QStringList& errors)
{
    *written = 0;
    if (events.isEmpty())
        return events;
    QString error;
    QList<bool> alreadyLogged;
    if (!m_eventLog->appendPass(events, passBase, &alreadyLogged, &error)) {
        errors << error;
        return {};
    }
    // Usually every event is new: then the list is shared, not copied (a first pass over
    // 100,000 certificates logs some 70,000).
    QList<LifecycleEvent> fresh;
    if (!alreadyLogged.contains(true)) {
        fresh = events;
    } else {
        for (qsizetype i = 0; i < events.size(); ++i)
            if (!alreadyLogged.value(i))
                fresh << events[i];
    }
    *written = int(fresh.size());
    if (!fresh.isEmpty())
        for (const auto& sink : m_sinks)
            sink->deliver(fresh);
    m_eventLog->releaseMemory();
    return events;
}

QCoro::Task<bool> Agent::acquireSnapshotLock(SnapshotLock& lock, AgentPassSummary& summary)
{
    // An admin's action holds the lock from its first file change to its acknowledgement
    // (a second or so). Poll instead of blocking: signals, timers and stop() keep working.
    constexpr auto kPollInterval = std::chrono::milliseconds(50);
    QElapsedTimer waited;
    waited.start();
    while (!lock.tryAcquire()) {
        if (m_stopping) {
            summary.errors << QStringLiteral(
                "pass abandoned while waiting for the snapshot lock: the agent is stopping");
            co_return false;
        }
        if (waited.elapsed() >= m_options.snapshotLockWaitMilliseconds) {
            summary.skipped = true;
            summary.skipReason = lock.failureText();
            summary.errors << QStringLiteral("pass skipped: %1 for more than %2 s; the next pass will retry")
                                  .arg(summary.skipReason)
                                  .arg(m_options.snapshotLockWaitMilliseconds / 1000.0);
            co_return false;
        }
        auto sleeping = QCoro::sleepFor(kPollInterval);
        co_await sleeping;
    }
    co_return true;
}

QCoro::Task<AgentPassSummary> Agent::runPass(QString reason)
{
    AgentPassSummary summary;
    if (m_passRunning) {
        m_passRequested = true;
        co_return summary;
    }
    m_passRunning = true;
    QElapsedTimer elapsed;
    elapsed.start();
    if (m_configStale)
        loadConfiguration();
    writeStatus(QStringLiteral("scanning"));
    summary.errors = m_configProblems;

    // The snapshot lock is held from before the scan until the commit: an admin's action
    // (which acknowledges its change in the snapshot) then happens wholly before this
    // scan or wholly after the commit, and is never logged a second time as detected.
    std::unique_ptr<SnapshotLock> snapshotLock = m_engine->snapshotLock(m_options.scope);
    QCoro::Task<bool> locking = acquireSnapshotLock(*snapshotLock, summary);
    bool locked = co_await locking;
    QList<StoreScan> scans;
    if (locked) {
        QCoro::Task<QList<StoreScan>> scanning =
            m_options.scanStores ? m_options.scanStores(*m_scanner, m_stores) : scanStores(*m_scanner, m_stores);
        scans = co_await scanning;
    }
    for (const StoreScan& scan : scans) {
        if (scan.cancelled) {
            // An incomplete scan would read as certificates deleted: diff nothing.
            summary.errors << QStringLiteral("pass cancelled while scanning store %1").arg(scan.storeId);
            locked = false;
            break;
        }
    }
    if (!locked) {
        snapshotLock.reset();
        m_lastPass = summary;
        m_status.lastError = summary.errors.value(0);
        if (summary.skipped) {
            if (m_status.passesSkipped++ == 0)
                m_status.skippedSince = m_options.clock->now();
            m_status.skipReason = summary.skipReason;
        }
        writeStatus(m_stopping ? QStringLiteral("stopping") : QStringLiteral("idle"));
        m_passRunning = false;
        Q_EMIT passFinished(summary);
        if (summary.skipped && !m_stopping && m_rescan.isActive()) // watching, not --once
            startPassDetached(QStringLiteral("retry: the snapshot was locked"));
        co_return summary;
    }
    summary.stores = int(scans.size());
    for (const StoreScan& scan : scans) {
        summary.certificates += int(scan.certificates.size());
        summary.problems += int(scan.problems.size());
    }

    // Events are committed to the log before the snapshot: a crash in between repeats
    // the pass instead of losing its events, and appendPass logs none of them twice.
    LifecyclePass pass = m_engine->evaluate(scans, m_options.scope);
    summary.errors += pass.problems;
    const ArchivedCertificates archived = m_metricsFile.isEmpty() && !m_fleet.isEnabled()
        ? ArchivedCertificates()
        : ArchivedCertificates::of(pass.snapshot);
    const bool hasTasks = m_taskRunner && !m_taskRegistry->tasks().isEmpty();
    // A one-pass process without tasks, metrics or fleet publishing reads the scans no
    // more: with events to log, free them before the log's insert instead of holding both
    // (a first pass over 100,000 certificates: 68,000 events on top of the whole cold scan).
    if (m_options.exitAfterPass && !m_options.watchFiles && !hasTasks && m_metricsFile.isEmpty() && !m_fleet.isEnabled()
        && !pass.events.isEmpty())
        scans.clear();
    int written = 0;
    // Moved, not shared: the log stamps each event (time, channel, record id), and a list
    // shared with the pass would be copied whole there (a first pass over 100,000
    // certificates: 71,000 events, 47 MB, at the pass's peak). The snapshot's commit
    // does not read them.
    const qsizetype eventCount = pass.events.size();
    QList<LifecycleEvent> logged = writeEvents(std::move(pass.events), pass.baseId, &written, summary.errors);
    const bool allLogged = logged.size() == eventCount;
    if (!hasTasks) // only tasks read them again: not held beside the snapshot's serialisation
        logged = QList<LifecycleEvent>();
    if (allLogged) {
        if (m_options.beforeSnapshotCommit)
            m_options.beforeSnapshotCommit();
        QString commitError;
        if (pass.changed && !m_engine->commit(pass, &commitError, snapshotLock.get()))
            summary.errors << commitError;
        summary.events = written;
    }
    snapshotLock.reset(); // tasks and retention need no snapshot
    if (m_taskRunner) {
        // Only a task's run asks where a certificate is: without tasks (until a reload
        // loads some) the index over every certificate would be built for nobody.
        m_taskRunner->setCertificateLocator(hasTasks ? locatorFromScans(scans) : CertificateLocator());
        if (!m_taskRunsRecovered) {
            // The runs a stopped or killed runner left queued (held back by the rate
            // limit, say) are taken over at the first pass, before this pass's own, and
            // counted in its summary: also for `watch --once`, which never watches.
            m_taskRunsRecovered = true;
            m_taskRunner->recover(&summary.taskRuns);
        }
        // Every event of the pass, also those a killed attempt logged: a task run is
        // claimed once per task and event record, so only the runs it never claimed start.
        // At once, so that a digest task gets one run for the whole pass.
        summary.taskRuns += m_taskRunner->submitAll(logged);
        if (m_options.afterTasksClaimed)
            m_options.afterTasksClaimed();
        m_taskRunner->processDueRetries(); // a pass is a poll too: due retries, runs the rate limit now allows
        countTaskRuns(summary);
    }
    const EventRetention retention = m_policy.eventRetention;
    QString pruneError;
    if (!m_eventLog->prune(m_options.clock->now().addSecs(-retention.maxAgeSeconds), retention.maxEvents, &pruneError))
        summary.errors << pruneError;

    if (!m_stopping && m_options.watchFiles)
        updateWatches(scans);
    summary.milliseconds = elapsed.elapsed();
    m_lastPass = summary;
    m_status.stores = summary.stores;
    m_status.certificates = summary.certificates;
    m_status.problems = summary.problems;
    m_status.eventsWritten += summary.events;
    m_status.lastPassAt = m_options.clock->now();
    m_status.lastPassMilliseconds = summary.milliseconds;
    if (!m_metricsFile.isEmpty()) {
        const PassMetrics metrics{
            m_options.scope,     scans, archived, m_policy, m_options.clock->now(), m_status.lastPassAt,
            summary.milliseconds};
        if (const QString error = writePassMetrics(m_metricsFile, metrics, m_eventLog.get(), m_taskRunLog.get());
            !error.isEmpty())
            summary.errors << error;
    }
    m_status.lastError = summary.errors.value(0);
    // After everything local is committed: the log is the outbox, and the pass does not
    // wait for the database.
    if (m_fleet.isEnabled() && !m_stopping)
        publishPassToFleet(scans, archived, summary);
    m_status.passesSkipped = 0;
    m_status.skippedSince = QDateTime();
    m_status.skipReason.clear();
    writeStatus(m_stopping ? QStringLiteral("stopping") : QStringLiteral("idle"));
    ServiceManager::notifyReady(QStringLiteral("%1 certificates in %2 stores; %3 events (%4)")
                                    .arg(summary.certificates)
                                    .arg(summary.stores)
                                    .arg(summary.events)
                                    .arg(reason));
    if (m_options.exitAfterPass) {
        keepUntilExit(std::move(scans));
        keepUntilExit(std::move(pass));
    }
    m_passRunning = false;
    Q_EMIT passFinished(summary);
    if (m_passRequested && !m_stopping) {
        m_passRequested = false;
        startPassDetached(QStringLiteral("changes during the last pass"));
    }
    co_return summary;
}

void Agent::publishPassToFleet(const QList<StoreScan>& scans, const ArchivedCertificates& archived,
                               const AgentPassSummary& summary)
{
    FleetPassInput input;
    QString error;
    input.logIdentity = m_eventLog->fleetIdentity(&error);
    if (input.logIdentity.isEmpty()) {
        m_status.fleetProblem = QStringLiteral("cannot publish: %1").arg(error);
        return;
    }
    const QDateTime now = m_options.clock->now();
    fleet::FleetHeartbeat& heartbeat = input.heartbeat;
    heartbeat.agentVersion = QStringLiteral(CERTLIFE_VERSION);
    heartbeat.lastContact = now;
    heartbeat.lastPassTime = now;
    heartbeat.lastPassOutcome = summary.errors.isEmpty() ? QStringLiteral("ok") : QStringLiteral("errors");
    heartbeat.lastPassError = summary.errors.value(0);
    heartbeat.rescanIntervalSeconds = int(m_policy.rescanIntervalSeconds);
    for (PolicyKey key : {PolicyKey::ExpiryWarningPercent, PolicyKey::ExpiryWarningDays,
                          PolicyKey::ExpiryWarningMaxDays, PolicyKey::LongExpiredDays})
        heartbeat.thresholds.insert(policyKeyName(key), policyValueJson(m_policy, key));
    if (m_taskRegistry) {
        for (const NotificationTask& task : m_taskRegistry->tasks()) {
            const QList<TaskRun> last = m_taskRunLog ? m_taskRunLog->runsForTask(task.name, 1) : QList<TaskRun>();
            heartbeat.tasks.append(QJsonObject{
                {QStringLiteral("name"), task.name},
                {QStringLiteral("type"), taskTypeName(task.type)},
                {QStringLiteral("enabled"), task.enabled},
                {QStringLiteral("lastResult"),
                 last.isEmpty() ? QJsonValue() : QJsonValue(taskRunStateName(last.first().state))},
            });
        }
    }
    // The state every surface shows, as `metrics` classifies it (PassMetrics).
    const ExpiryThreshold threshold = ExpiryThreshold::fromPolicy(m_policy);
    CertificateClassifier classifier(ExpiryThresholds{threshold, threshold}, now);
    classifier.setArchived(m_options.scope, archived);
    classifier.setAcknowledgements(m_options.scope, loadAcknowledgements(m_options.scope).acknowledgements);
    classifier.recogniseTrustAnchorUse(storeCertificates(scans));
    input.inventory = fleetInventory(classifier.classify(scans), scans);
    m_fleet.publishAfterPass(std::move(input));
}

void Agent::fleetPublished(const FleetPublishReport& report)
{
    for (const QString& warning : report.warnings)
        qWarning("fleet: %s", qPrintable(warning));
    if (report.ok) {
        if (report.userProblems != m_status.fleetUserProblems)
            for (const QString& problem : report.userProblems)
                qWarning("fleet, User channel of %s", qPrintable(problem));
        m_status.fleetUserProblems = report.userProblems;
        m_status.fleetProblem.clear();
        m_status.fleetPublishedAt = m_options.clock->now();
    } else {
        m_status.fleetProblem = report.problem;
    }
    writeStatus(m_status.state);
}

QCoro::Task<> Agent::finishPublishing()
{
    auto publishing = m_fleet.finish();
    co_await publishing;
}

void Agent::runDueTasks()
{
    if (m_taskRunner)
        m_taskRunner->processDueRetries();
}

void Agent::countTaskRuns(AgentPassSummary& summary) const
{
    if (m_taskRunLog)
        summary.tasks = m_taskRunLog->count(summary.taskRuns);
}

void Agent::updateWatches(const QList<StoreScan>& scans)
{
    watchExactly(m_watcher, pathsToWatch(m_stores, scans));
}

void Agent::writeStatus(const QString& state)
{
    m_status.state = state;
    m_status.taskRuns = m_taskOutcomes;
    if (m_taskRunner) {
        m_status.taskRuns.running = m_taskRunner->runningCount();
        m_status.taskRuns.queued = m_taskRunner->queuedCount();
    }
    m_status.nextPassAt = m_rescan.isActive() ? m_options.clock->now().addMSecs(m_rescan.remainingTime()) : QDateTime();
    m_status.save();
}

QCoro::Task<> Agent::finishTasks()
{
    while (m_taskRunner && !m_taskRunner->isIdle()) {
        auto idle = qCoro(m_taskRunner.get(), &TaskRunner::idle);
        co_await idle;
    }
}

QCoro::Task<> Agent::stop()
{
    ServiceManager::notifyStopping();
    m_stopping = true;
    m_debounce.stop();
    m_rescan.stop();
    if (m_scanner)
        m_scanner->cancel();
    // Let a pass in progress finish writing what it has (its scans were cancelled).
    while (m_passRunning) {
        auto passDone = qCoro(this, &Agent::passFinished);
        co_await passDone;
    }
    if (m_taskRunner && !m_taskRunner->isIdle()) {
        auto idle = qCoro(m_taskRunner.get(), &TaskRunner::idle, std::chrono::seconds(30));
        co_await idle;
    }
    m_taskRunner.reset();               // kills what still runs and records it interrupted
    auto publishing = m_fleet.finish(); // bounded by the connect and statement timeouts
    co_await publishing;
    writeStatus(QStringLiteral("stopped"));
    m_lock.unlock();
}

} // namespace certlife
