// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The system agent's side of the fleet (docs/fleet.md, "The publisher"): after every
// pass, on a worker thread with a connection of its own, the heartbeat, the inventory
// when it changed, the System log's events past the cursor and the task runs that are
// new or changed go to the fleet database named by the machine policy. The local event
// log is the outbox; the cursor (FleetCursor) is saved after the database committed.

#include "agent/FleetUserLogs.h"
#include "fleet/FleetPublish.h"
#include "lifecycle/CertificateClassifier.h"
#include "policy/Policy.h"
#include "util/Clock.h"

#include <QCoro/QCoroTask>
#include <QFutureWatcher>
#include <QObject>
#include <memory>
#include <optional>

namespace certlife {

class TaskRunLog;
struct TaskRun;
namespace fleet {
struct FleetCursor;
}

// A local task run as the fleet stores it: in CHANNEL ("System", or "User" for an
// account's log) of the log LOGIDENTITY.
fleet::FleetTaskRun fleetTaskRun(const TaskRun& run, const QString& logIdentity, const QString& channel);
// The runs of RUNS a publish sends: those the cursor has not seen, and those it saw in a
// state that may still change and that has changed.
QList<TaskRun> runsToSend(const TaskRunLog& runs, const fleet::FleetCursor& cursor);

// This host's name in the fleet: CERTLIFE_HOSTNAME when set (containers, tests), else
// the machine's, in lower case. Empty with *error when it is not a host name.
QString fleetHostName(QString* error);

// What a pass hands the publisher (taken on the agent's thread).
struct FleetPassInput
{
    fleet::FleetHeartbeat heartbeat;
    QList<fleet::FleetCertificate> inventory; // the System channel's, whole
    QString logIdentity;                      // the local log's (EventLog::fleetIdentity)
};

// The System channel's certificates as the fleet keeps them, each in the state every
// surface shows (CLASSIFIER) and with the scan problems of the files that hold it
// (`scan --json`'s {path, error}: a bundle with a garbled entry, an unreadable key).
QList<fleet::FleetCertificate> fleetInventory(const QList<ClassifiedCertificate>& certificates,
                                              const QList<StoreScan>& scans);

// One publish, as the worker runs it.
struct FleetPublishJob
{
    QString database;     // the URI
    QString passwordFile; // empty: libpq's own
    QString host;
    QString cursorFile;   // <state dir>/fleet-cursor.json
    QString eventLogFile; // the System log, read from the worker's own connections
    FleetPassInput pass;
    bool checkDatabaseMark = false; // the first publish since start: is the database behind the cursor?
    int statementTimeoutMs = fleet::kPublishStatementTimeoutMs;
    int eventsPerTransaction = 10000;
    // The User channels, after the System one (no accounts: none).
    FleetUserPublish users;
};

struct FleetPublishReport
{
    bool ok = false;
    QString problem;      // one line when not ok
    QStringList warnings; // a garbled cursor, a cursor that could not be saved
    int eventsStored = 0;
    int certificatesWritten = 0;
    int taskRunsWritten = 0;
    bool inventorySent = false;
    // The User channels: one line per account that could not be published.
    QStringList userProblems;
    int userEventsStored = 0;
};

// Runs JOB to the end (blocking: a worker thread's). Connects once, publishes in as
// many transactions as the events need, saves the cursor after each, disconnects.
FleetPublishReport publishToFleet(const FleetPublishJob& job);

// One publish at a time, never waited for by a pass: a pass that ends while one runs
// leaves its input, and the newest input is published when that one is done.
class FleetPublisher : public QObject
{
    Q_OBJECT
public:
    explicit FleetPublisher(QObject* parent = nullptr);
    ~FleetPublisher() override; // waits for a running publish (bounded by its timeouts)

    // From the machine policy (FleetDatabase, FleetPasswordFile); off when FleetDatabase
    // is empty. *problem: why it cannot publish (the host name); untouched when it can.
    // The cursor is <System state dir>/fleet-cursor.json.
    void configure(const Policy& machinePolicy, QString* problem);
    bool isEnabled() const { return !m_database.isEmpty(); }
    const QString& host() const { return m_host; }

    // The User channels (docs/fleet.md): the accounts to look at (empty: none) and the
    // machine policy's layer, over which each account's own policy.conf is merged.
    void configureUserChannels(FleetAccountSource accounts, const PolicyLayer& machinePolicy,
                               const FleetUserLogLimits& limits = {});

    void publishAfterPass(FleetPassInput input);
    bool isBusy() const { return m_running || m_pending.has_value(); }
    // Until nothing runs or waits (stop(), tests).
    QCoro::Task<> finish();

Q_SIGNALS:
    void published(const certlife::FleetPublishReport& report);
    void idle();

private:
    void startNext();

    QString m_database;
    QString m_passwordFile;
    QString m_host;
    bool m_checkedDatabaseMark = false;
    FleetAccountSource m_accounts;
    PolicyLayer m_machinePolicy;
    FleetUserLogLimits m_userLimits;
    std::optional<FleetPassInput> m_pending;
    // A publish started and its report not yet handled (the watcher's finished() comes
    // through the event loop after the worker's end).
    bool m_running = false;
    QFutureWatcher<FleetPublishReport> m_watcher;
};

} // namespace certlife
