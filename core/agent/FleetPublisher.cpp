// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/FleetPublisher.h"

#include "eventlog/EventLog.h"
#include "fleet/FleetCursor.h"
#include "fleet/FleetHosts.h"
#include "tasks/TaskRunLog.h"
#include "util/Paths.h"

#include <QCoro/QCoroSignal>
#include <QSqlQuery>
#include <QSysInfo>
#include <algorithm>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife {

namespace {

const QString kSystemChannel = QStringLiteral("System");

// The status line of a failed connection or publish: which of the two, and libpq's or
// the check's reason.
QString describe(const fleet::FleetError& failure)
{
    switch (failure.failure) {
    case fleet::FleetFailure::Unreachable:
        return QStringLiteral("cannot connect to the fleet database: %1").arg(failure.message);
    case fleet::FleetFailure::LoginRefused:
        return QStringLiteral("cannot log in to the fleet database: %1").arg(failure.message);
    case fleet::FleetFailure::Refused:
    case fleet::FleetFailure::None: break;
    }
    return QStringLiteral("the fleet database refused the publish: %1").arg(failure.message);
}

fleet::FleetEvent fleetEvent(const EventJsonRecord& e, const QString& logIdentity)
{
    fleet::FleetEvent f;
    f.channel = kSystemChannel;
    f.logIdentity = logIdentity;
    f.recordId = e.recordId;
    f.eventId = int(e.id);
    f.level = levelName(eventLevel(e.id));
    f.time = QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC);
    f.store = e.store;
    f.thumbprint = e.thumbprint;
    f.message = e.message;
    f.data = e.json; // `events --json`'s text, shared, not copied
    return f;
}

// The database's mark for this log: a database restored from a backup may be behind
// the cursor, and the events it lost are sent again.
void followDatabaseMark(QSqlDatabase& db, const QString& host, fleet::FleetCursor& cursor)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT coalesce(max(record_id), 0) FROM certlife.events"
                             " WHERE host = ? AND channel = ? AND log_identity = ?"));
    q.addBindValue(host);
    q.addBindValue(kSystemChannel);
    q.addBindValue(cursor.logIdentity);
    if (q.exec() && q.next()) // else publish() says what is wrong
        cursor.lastRecordId = std::min(cursor.lastRecordId, q.value(0).toLongLong());
}

} // namespace

fleet::FleetTaskRun fleetTaskRun(const TaskRun& run, const QString& logIdentity, const QString& channel)
{
    fleet::FleetTaskRun f;
    f.channel = channel;
    f.logIdentity = logIdentity;
    f.runId = run.id;
    f.task = run.task;
    f.eventRecordId = run.eventRecordId;
    f.eventId = run.eventId;
    f.attempt = run.attempt;
    f.state = taskRunStateName(run.state);
    f.queuedAt = run.queuedAt;
    f.startedAt = run.startedAt;
    f.endedAt = run.endedAt;
    f.exitCode = run.exitCode;
    f.exitSignal = run.exitSignal;
    f.reason = run.reason;
    return f;
}

QList<TaskRun> runsToSend(const TaskRunLog& runs, const fleet::FleetCursor& cursor)
{
    QList<TaskRun> out;
    for (auto it = cursor.openRuns.cbegin(); it != cursor.openRuns.cend(); ++it) {
        const std::optional<TaskRun> run = runs.run(it.key());
        if (run && taskRunStateName(run->state) != it.value())
            out << *run;
    }
    out += runs.runsAfter(cursor.lastRunId, 10000);
    return out;
}

QString fleetHostName(QString* error)
{
    const QByteArray overridden = qgetenv("CERTLIFE_HOSTNAME");
    const QString name = overridden.isEmpty() ? QSysInfo::machineHostName() : QString::fromUtf8(overridden);
    const std::optional<QString> normalized = fleet::normalizedHostName(name);
    if (!normalized) {
        *error =
            QStringLiteral("\"%1\" is not a host name the fleet can key (%2)")
                .arg(name,
                     overridden.isEmpty() ? QStringLiteral("the machine's name") : QStringLiteral("CERTLIFE_HOSTNAME"));
        return {};
    }
    return *normalized;
}

namespace {
QString fileKey(Scope scope, const QString& storeId, const QString& path)
{
    return scopeName(scope) + QLatin1Char('/') + storeId + QLatin1Char('\n') + path;
}
} // namespace

QList<fleet::FleetCertificate> fleetInventory(const QList<ClassifiedCertificate>& certificates,
                                              const QList<StoreScan>& scans)
{
    // The problems of each file (store, path), as `scan --json` lists them.
    QHash<QString, QJsonArray> problemsAt;
    for (const StoreScan& scan : scans)
        for (const ScanProblem& p : scan.problems)
            problemsAt[fileKey(scan.scope, scan.storeId, p.path)].append(
                QJsonObject{{QStringLiteral("path"), p.path}, {QStringLiteral("error"), p.error}});
    QList<fleet::FleetCertificate> out;
    out.reserve(certificates.size());
    for (const ClassifiedCertificate& c : certificates) {
        const Certificate& cert = c.certificate();
        fleet::FleetCertificate f;
        f.channel = scopeName(c.scope);
        f.store = c.storeId;
        f.sha256 = cert.sha256Hex();
        f.thumbprint = cert.thumbprint();
        for (const CertificateLocation& location : c.allLocations())
            if (!f.paths.contains(location.path))
                f.paths << location.path;
        f.subject = cert.subject;
        f.sans = cert.sanStrings();
        f.issuer = cert.issuer;
        f.notBefore = cert.notBefore();
        f.notAfter = cert.notAfter();
        f.key = cert.keyBits > 0 ? QStringLiteral("%1 %2").arg(cert.keyAlgorithm).arg(cert.keyBits) : cert.keyAlgorithm;
        f.state = expiryStateName(c.expiry.state);
        if (!problemsAt.isEmpty()) {
            for (const QString& path : std::as_const(f.paths))
                for (const QJsonValue& problem : problemsAt.value(fileKey(c.scope, c.storeId, path)))
                    f.problems.append(problem);
        }
        out << f;
    }
    return out;
}

FleetPublishReport publishToFleet(const FleetPublishJob& job)
{
    FleetPublishReport report;
    QString warning;
    const fleet::FleetCursor saved = fleet::loadFleetCursor(job.cursorFile, &warning);
    if (!warning.isEmpty())
        report.warnings << warning;
    fleet::FleetCursor cursor = fleet::cursorFor(saved, job.database, job.host, job.pass.logIdentity);

    QString error;
    const std::optional<fleet::FleetAddress> address = fleet::parseFleetAddress(job.database, &error);
    if (!address) {
        report.problem = QStringLiteral("FleetDatabase: %1").arg(error);
        return report;
    }
    QString password;
    if (!job.passwordFile.isEmpty()) {
        const std::optional<QString> read = fleet::readPasswordFile(job.passwordFile, true, &error);
        if (!read) {
            report.problem = QStringLiteral("FleetPasswordFile: %1").arg(error);
            return report;
        }
        password = *read;
    }
    // The worker's own connections to the local log (a connection belongs to its thread).
    EventLog log(job.eventLogFile, Scope::System);
    if (!log.openReadOnly(&error)) {
        report.problem = QStringLiteral("cannot read the event log to publish it: %1").arg(error);
        return report;
    }
    TaskRunLog runs(job.eventLogFile);
    const bool haveRuns = runs.openReadOnly(&error);

    fleet::FleetConnection connection; // one per publish, closed when it ends
    fleet::FleetError failure;
    if (!connection.open(*address, password, &failure)) {
        report.problem = describe(failure);
        return report;
    }
    if (job.checkDatabaseMark && cursor.lastRecordId > 0)
        followDatabaseMark(connection.database(), job.host, cursor);

    const QString hash = fleet::inventoryHash(job.pass.inventory);
    bool first = true;
    for (;;) {
        fleet::FleetPublication publication;
        publication.heartbeat = job.pass.heartbeat;
        const bool withInventory = first && hash != cursor.inventoryHash;
        if (withInventory) {
            publication.inventoryChannels = {kSystemChannel};
            publication.inventory = job.pass.inventory;
        }
        const QList<EventJsonRecord> events = log.eventsAfterJson(cursor.lastRecordId, job.eventsPerTransaction);
        if (!log.lastError().isEmpty()) {
            report.problem = QStringLiteral("cannot read the event log to publish it: %1").arg(log.lastError());
            return report;
        }
        // Record ids are never reused or skipped (AUTOINCREMENT), so ids missing past the
        // mark were pruned before they could be sent. Only past a mark: the history a
        // host had before it first published was never the fleet's.
        const qint64 pruned = cursor.lastRecordId > 0 && !events.isEmpty()
            ? std::max<qint64>(events.first().recordId - cursor.lastRecordId - 1, 0)
            : 0;
        publication.heartbeat.eventsLostToPruning = cursor.eventsLostToPruning + pruned;
        publication.events.reserve(events.size());
        for (const EventJsonRecord& e : events)
            publication.events << fleetEvent(e, cursor.logIdentity);
        const QList<TaskRun> sentRuns = first && haveRuns ? runsToSend(runs, cursor) : QList<TaskRun>();
        for (const TaskRun& run : sentRuns)
            publication.taskRuns << fleetTaskRun(run, cursor.logIdentity, kSystemChannel);

        const std::optional<fleet::PublishOutcome> outcome =
            fleet::publish(connection.database(), job.host, publication, &failure, job.statementTimeoutMs);
        if (!outcome) {
            report.problem = describe(failure);
            return report;
        }
        // Committed: the cursor moves past what was sent, and only now.
        if (!events.isEmpty())
            cursor.lastRecordId = events.last().recordId;
        cursor.eventsLostToPruning += pruned;
        if (withInventory) {
            cursor.inventoryHash = hash;
            report.inventorySent = true;
        }
        for (const TaskRun& run : sentRuns) {
            cursor.lastRunId = std::max(cursor.lastRunId, run.id);
            if (isUnfinished(run.state))
                cursor.openRuns.insert(run.id, taskRunStateName(run.state));
            else
                cursor.openRuns.remove(run.id);
        }
        if (!fleet::saveFleetCursor(job.cursorFile, cursor, &error))
            report.warnings << QStringLiteral("cannot save the fleet cursor (the next publish sends again what "
                                              "this one sent, which the database stores once): %1")
                                   .arg(error);
        report.eventsStored += outcome->eventsStored;
        report.certificatesWritten += outcome->certificatesWritten;
        report.taskRunsWritten += outcome->taskRunsWritten;
        first = false;
        if (events.size() < job.eventsPerTransaction)
            break;
    }
    if (!job.users.accounts.isEmpty()) { // after the System channel: no account can hold it up
        fleet::FleetHeartbeat heartbeat = job.pass.heartbeat;
        heartbeat.eventsLostToPruning = cursor.eventsLostToPruning;
        const FleetUserPublishReport users = publishUserLogs(connection.database(), job.users, heartbeat);
        report.userProblems = users.problems;
        report.warnings += users.warnings;
        report.userEventsStored = users.eventsStored;
        report.taskRunsWritten += users.taskRunsWritten;
        if (users.failure) {
            report.problem = describe(*users.failure);
            return report;
        }
    }
    report.ok = true;
    return report;
}

FleetPublisher::FleetPublisher(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<FleetPublishReport>::finished, this, [this] {
        m_running = false;
        const FleetPublishReport report = m_watcher.result();
        if (report.ok)
            m_checkedDatabaseMark = true;
        Q_EMIT published(report);
        startNext();
    });
}

FleetPublisher::~FleetPublisher()
{
    m_watcher.waitForFinished(); // bounded by connect_timeout and statement_timeout
}

void FleetPublisher::configure(const Policy& machinePolicy, QString* problem)
{
    m_passwordFile = machinePolicy.fleetPasswordFile;
    m_database.clear();
    m_host.clear();
    if (machinePolicy.fleetDatabase.isEmpty())
        return;
    m_host = fleetHostName(problem);
    if (!m_host.isEmpty())
        m_database = machinePolicy.fleetDatabase;
}

void FleetPublisher::configureUserChannels(FleetAccountSource accounts, const PolicyLayer& machinePolicy,
                                           const FleetUserLogLimits& limits)
{
    m_accounts = std::move(accounts);
    m_machinePolicy = machinePolicy;
    m_userLimits = limits;
}

void FleetPublisher::publishAfterPass(FleetPassInput input)
{
    if (!isEnabled())
        return;
    m_pending = std::move(input); // a newer pass's input replaces one still waiting
    if (!m_running)
        startNext();
}

void FleetPublisher::startNext()
{
    if (!m_pending || !isEnabled()) {
        m_pending.reset();
        Q_EMIT idle();
        return;
    }
    FleetPublishJob job;
    job.database = m_database;
    job.passwordFile = m_passwordFile;
    job.host = m_host;
    job.cursorFile = Paths::stateDir(Scope::System) + QStringLiteral("/fleet-cursor.json");
    job.eventLogFile = Paths::eventLogFile(Scope::System);
    job.pass = std::move(*m_pending);
    job.checkDatabaseMark = !m_checkedDatabaseMark;
    if (m_accounts && !userChannelsForbidden(m_machinePolicy)) { // read here: getpwent is not for a worker thread
        job.users.accounts = m_accounts();
        job.users.database = m_database;
        job.users.host = m_host;
        job.users.cursorDir = Paths::stateDir(Scope::System) + QStringLiteral("/fleet-user-cursors");
        job.users.machinePolicy = m_machinePolicy;
        job.users.limits = m_userLimits;
    }
    m_pending.reset();
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run(&publishToFleet, std::move(job)));
}

QCoro::Task<> FleetPublisher::finish()
{
    while (isBusy()) {
        auto done = qCoro(this, &FleetPublisher::idle);
        co_await done;
    }
}

} // namespace certlife
