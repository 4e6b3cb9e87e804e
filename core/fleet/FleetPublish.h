// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/FleetConnection.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <optional>

namespace certlife::fleet {

// What an agent writes to the fleet database after a pass (docs/fleet.md, "The
// publisher"), as plain values: the agent turns its scans, events and task runs into
// these, so this folder needs none of theirs.

struct FleetHeartbeat
{
    QString agentVersion;
    QDateTime lastContact; // the agent's clock
    QDateTime lastPassTime;
    QString lastPassOutcome; // ok, errors, skipped
    QString lastPassError;
    std::optional<int> rescanIntervalSeconds;
    QJsonObject thresholds;
    QJsonArray tasks; // {name, type, enabled, lastResult}
    // Events of the local log pruned (EventRetention) before they were published, since
    // the host first published to this database: lost to the fleet, and said so.
    qint64 eventsLostToPruning = 0;
};

struct FleetCertificate
{
    QString channel; // System, User
    QString store;
    QString sha256;
    QString thumbprint;
    QStringList paths;
    QString subject;
    QStringList sans;
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QString key;
    QString state;
    QJsonArray problems;
};

struct FleetEvent
{
    QString channel;
    QString logIdentity;
    qint64 recordId = 0;
    int eventId = 0;
    QString level; // Information, Warning, Error
    QDateTime time;
    QString store;
    QString thumbprint;
    QString message;
    // The whole event as `events --json` writes it: one JSON object in UTF-8, written by
    // util/JsonLineWriter (eventlog's EventLog::eventsAfterJson), spliced into the
    // publish as it is.
    QByteArray data;
};

// A run of a task (the local task_runs' row, docs/tasks.md); sent again whenever its
// state changed, written over the older state.
struct FleetTaskRun
{
    QString channel;
    QString logIdentity;
    qint64 runId = 0;
    QString task;
    qint64 eventRecordId = 0;
    int eventId = 0;
    int attempt = 1;
    QString state; // queued, running, succeeded, failed, refused, …
    QDateTime queuedAt;
    QDateTime startedAt;
    QDateTime endedAt;
    std::optional<int> exitCode;
    std::optional<int> exitSignal;
    QString reason;
};

struct FleetPublication
{
    FleetHeartbeat heartbeat;
    // The whole inventory of these channels, which replaces what the database holds for
    // them, writing only the rows that differ; channels not named are left alone (a
    // pass whose inventory did not change sends none).
    QStringList inventoryChannels;
    QList<FleetCertificate> inventory;
    QList<FleetEvent> events; // sent again is stored once
    QList<FleetTaskRun> taskRuns;
};

struct PublishOutcome
{
    int certificatesWritten = 0; // inserted or changed
    int certificatesDeleted = 0;
    int eventsSent = 0;
    int eventsStored = 0;    // new to the database
    int taskRunsWritten = 0; // new or changed
};

// The statement timeout of a publish: a slow or locked database fails it rather than
// holding the agent.
inline constexpr int kPublishStatementTimeoutMs = 10000;

// Writes PUBLICATION for HOST in one transaction. Checks first that the schema is the
// one this code writes (older: "run fleet init"; newer: refused) and that the login
// role is mapped to HOST (fleet add-host); row-level security would refuse any other
// host's rows anyway. On failure nothing is written and *error says why, in one line.
std::optional<PublishOutcome> publish(QSqlDatabase& db, const QString& host, const FleetPublication& publication,
                                      FleetError* error, int statementTimeoutMs = kPublishStatementTimeoutMs);

} // namespace certlife::fleet
