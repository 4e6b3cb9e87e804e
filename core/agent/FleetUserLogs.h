// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The User channels of the fleet (docs/fleet.md, "User channels"): the system agent, as
// root, publishes the User event log of each account whose own policy opts in
// (FleetPublishUserEvents=true). Every file it reads there is the user's to plant,
// swap, link or race: each is reached from the home directory one component at a time
// without following links, must be a regular file owned by that account, and the log
// is copied (bounded) into a private directory before SQLite sees a byte of it.

#include "agent/AccountFiles.h"
#include "fleet/FleetPublish.h"
#include "lifecycle/LifecycleEvent.h"
#include "policy/PolicyFile.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace certlife {

// What one account may cost a publish.
struct FleetUserLogLimits
{
    int eventsPerPublish = 1000;             // the rest at the next publish
    qint64 maxLogBytes = 64LL * 1024 * 1024; // events.sqlite and its -wal together
    qint64 maxPolicyBytes = 1024 * 1024;     // policy.conf (as PolicyLayer::load)
};

// One publish of the User channels, on the System publish's connection and after it.
struct FleetUserPublish
{
    QString database; // the URI, for the cursors
    QString host;
    QString cursorDir; // <System state dir>/fleet-user-cursors: <uid>.json each
    QList<FleetAccount> accounts;
    PolicyLayer machinePolicy; // a user's opt-in is merged over it, as the user's agent merges
    FleetUserLogLimits limits;
    int statementTimeoutMs = fleet::kPublishStatementTimeoutMs;
};

struct FleetUserPublishReport
{
    QStringList problems;  // "alice: …", one line per account that could not be published
    QStringList warnings;  // a garbled or unsaved cursor
    QStringList published; // the accounts whose logs were read
    int eventsStored = 0;
    int taskRunsWritten = 0;
    // The database went away or refused: the remaining accounts wait for the next publish.
    std::optional<fleet::FleetError> failure;
};

// Publishes each opted-in account's User log past its cursor (at most
// limits.eventsPerPublish events each), every batch with HEARTBEAT (publish() writes one
// always). An account whose files are refused, corrupt or too large is one line in
// problems and the others go on.
FleetUserPublishReport publishUserLogs(QSqlDatabase& db, const FleetUserPublish& job,
                                       const fleet::FleetHeartbeat& heartbeat);

// The machine policy's [Enforced] FleetPublishUserEvents=false: no home is looked at.
bool userChannelsForbidden(const PolicyLayer& machinePolicy);

// A User log's event as the fleet keeps it: channel User, under LOG_IDENTITY, `data` the
// event as `events --json` writes it.
fleet::FleetEvent fleetUserEvent(const LifecycleEvent& event, const QString& logIdentity);

// The identity an account's log is published under: the uid and the log's own identity,
// so that no account can publish into another's (or the System log's) record ids.
QString userLogIdentity(uint uid, const QString& logIdentity);

} // namespace certlife
