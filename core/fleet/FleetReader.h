// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "fleet/FleetConnection.h"
#include "fleet/FleetPublish.h"
#include "lifecycle/ExpiryState.h"
#include "util/Clock.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace certlife::fleet {

// What a console or `certlifectl fleet status|certificates` and `events --fleet` read
// of the fleet database (docs/fleet.md, "Reading the fleet"), as a member of
// certlife_reader: every host's rows, nothing written.

// The rescan interval assumed for a host whose heartbeat does not say (the policy's
// default, 8 h).
inline constexpr int kAssumedRescanIntervalSeconds = 8 * 3600;

// One host of the fleet: its heartbeat (empty for a host added but never heard from)
// and how many of its certificates are in each state.
struct FleetHostStatus
{
    QString host;
    QString agentVersion;  // empty: no heartbeat yet
    QDateTime lastContact; // invalid: no heartbeat yet
    QDateTime lastPassTime;
    QString lastPassOutcome; // ok, errors, skipped
    QString lastPassError;
    std::optional<int> rescanIntervalSeconds;
    QMap<QString, int> certificatesByState; // state as the agent wrote it -> count
    int certificates = 0;
    qint64 eventsLostToPruning = 0; // pruned locally before they were published
    // Its agent has not been heard from for more than twice its rescan interval (or
    // never): what it reported is old, and the host may be down.
    bool silent = false;

    // Certificates in STATE, however the agent spelled it (its key "expired" or its
    // name "Expired", expiryStateKey/expiryStateName).
    int count(ExpiryState state) const;
};

// A certificate of a host's store.
struct FleetCertificateRow
{
    QString host;
    FleetCertificate certificate;
    QDateTime updatedAt;
};

// Certificates of one host's store counted by their agent's state, by whether they expired
// before a time, and by which of a list of periods their notAfter falls in: what an
// Overview paints before the rows are read.
struct FleetExpiryCount
{
    QString host;
    QString channel;
    QString store;
    QString state;              // as the agent wrote it (FleetHostStatus::count)
    bool expiredBefore = false; // notAfter before the time asked
    int period = -1;            // of the periods asked; -1: in none
    int count = 0;
};

struct FleetCertificateQuery
{
    QString host;                          // exact (lower case); empty: every host
    std::optional<int> expiringWithinDays; // notAfter before now + DAYS (expired ones too)
};

// Reads through an open connection (FleetConnection); every method blocks. Errors are
// one line: Unreachable when the server went away, else Refused (no fleet schema, a
// role that may not read).
class FleetReader
{
public:
    FleetReader(QSqlDatabase& db, std::shared_ptr<const Clock> clock);

    // Every host of the fleet (fleet_hosts, with or without a heartbeat), by name.
    std::optional<QList<FleetHostStatus>> hosts(FleetError* error) const;
    // Certificates, by host, then notAfter (soonest first), then store.
    std::optional<QList<FleetCertificateRow>> certificates(const FleetCertificateQuery& query, FleetError* error) const;
    // The same rows in the same order, each handed to ROW as it is read, none kept: a
    // console turns 200,000 of them into its inventory without holding both at once.
    bool forEachCertificate(const FleetCertificateQuery& query, const std::function<void(FleetCertificateRow&&)>& row,
                            FleetError* error) const;
    // Every certificate counted in one aggregate on the server (a few thousand rows for
    // 200,000 certificates): by host, channel, store and state, whether notAfter is before
    // EXPIRED_BEFORE, and the period [BOUNDARIES[i], BOUNDARIES[i + 1]) it falls in.
    std::optional<QList<FleetExpiryCount>> expiryCounts(const QDateTime& expiredBefore,
                                                        const QList<QDateTime>& boundaries, FleetError* error) const;
    // One page of events across hosts, newest first, with every filter of the local
    // EventQuery plus its `host`; page on with EventCursor::of(last row) as q.after.
    // Each event's `host` is the fleet host that published it.
    std::optional<QList<LifecycleEvent>> events(const EventQuery& query, FleetError* error) const;
    // Every event the query matches (ignores after and limit).
    std::optional<qint64> countEvents(const EventQuery& query, FleetError* error) const;

    // True when a heartbeat at LAST_CONTACT with this rescan interval is too old at NOW.
    static bool isSilent(const QDateTime& lastContact, const std::optional<int>& rescanIntervalSeconds,
                         const QDateTime& now);

private:
    bool checkSchema(FleetError* error) const;

    QSqlDatabase& m_db;
    std::shared_ptr<const Clock> m_clock;
};

} // namespace certlife::fleet
