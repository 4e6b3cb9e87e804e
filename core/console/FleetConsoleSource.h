// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/FleetLocation.h"
#include "fleet/FleetReader.h"
#include "models/EventSource.h"
#include "models/ExpirySummary.h"
#include "models/InventorySource.h"
#include "util/Clock.h"

#include <QCoro/QCoroTask>
#include <QString>
#include <memory>

namespace certlife {

// The console's pages over the fleet database (docs/fleet.md, "The console's fleet
// mode"): the inventory every host published (one store per host, channel and store,
// read-only) and every host's events, behind the same InventorySource and EventSource
// the local catalog and logs are behind, plus the hosts for the Overview's "By host".
// Every call opens its own connection on the calling (worker) thread, as a member of
// certlife_reader, and closes it again.
class FleetConsoleSource final : public InventorySource, public EventSource
{
public:
    FleetConsoleSource(FleetLocation location, std::shared_ptr<const Clock> clock);

    const FleetLocation& location() const { return m_location; }

    // Connects once and reads the hosts: std::nullopt and *error (one line) when the
    // database cannot be reached, refuses the login or has no fleet schema. Blocking.
    std::optional<QList<fleet::FleetHostStatus>> hosts(fleet::FleetError* error) const;

    // The Overview's numbers from one aggregate on the server (each certificate in its
    // agent's state), for the first paint before the rows: std::nullopt when the fleet
    // cannot be read. On a worker; the console's classifier judges the rows when they come.
    QCoro::Task<std::optional<ExpirySummary>> loadSummary(const QDateTime& now, ExpiryThresholds thresholds) const;

    // InventorySource: the fleet's certificates; a failure to read is the one
    // configuration problem. Nothing is scanned here: scan() reads again.
    QCoro::Task<Inventory> loadCached() override;
    QCoro::Task<Inventory> scan(ScanProgressCallback progress) override;
    bool canModify(Scope) const override { return false; }
    QString validateStore(const StoreConfig&) const override { return readOnlyReason(); }
    QString addStore(const StoreConfig&) override { return readOnlyReason(); }
    QString removeStore(Scope, const QString&) override { return readOnlyReason(); }
    QStringList configurationProblems() const override { return m_problems; }

    // EventSource: every host's events (EventQuery::host for one).
    EventPage fetch(const EventQuery& query) const override;
    qint64 latestRecordId(Scope channel) const override;
    bool hasChannelRecordIds() const override { return false; }
    qint64 count(const EventQuery& query) const override;

    // Why the console does not change anything in fleet mode.
    static QString readOnlyReason();

    // The fleet's certificates as the console's inventory: a store per host, channel and
    // store (config.id "HOST/STORE", StoreInventory::host), a Certificate per row with
    // the fields the fleet has (no DER). Pure: for tests too.
    static Inventory inventoryOf(const QList<fleet::FleetCertificateRow>& rows, const QDateTime& readAt);

private:
    FleetLocation m_location;
    std::shared_ptr<const Clock> m_clock;
    QStringList m_problems;
};

} // namespace certlife
