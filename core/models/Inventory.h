// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/CertificateClassifier.h"
#include "stores/StoreTypes.h"

#include <QList>
#include <QString>

namespace certlife {

// What this user may do in a store, by access(2) on its path with the effective ids
// (checkAccessIn, on a worker with every load and scan; not cached).
enum class StoreAccess : quint8 {
    Unknown,    // not checked (a source that does not look)
    ReadWrite,  // readable, writable, and not configured read-only
    ReadOnly,   // readable; configured read-only or not writable by this user
    Unreadable, // the path exists but this user cannot read it
    Missing,    // the path does not exist
};
StoreAccess checkStoreAccess(const StoreConfig& config);

// One monitored store as the console shows it: its configuration and the result of the
// last scan (scan.scannedAt is invalid while the store has never been scanned).
struct StoreInventory
{
    StoreConfig config;
    StoreScan scan;
    // The archived certificates of the store's scope as the lifecycle engine recognises
    // them (recogniseArchived(); shared by every store of the scope). Not cached: read
    // from the snapshot with every load and scan (recogniseArchivedIn()).
    ArchivedCertificates archived;
    StoreAccess access = StoreAccess::Unknown;
    // The admin's acknowledgements and mutes of the store's scope (Acknowledgements.h),
    // read with the archived certificates (recogniseArchivedIn()).
    Acknowledgements acknowledgements;
    // A fleet's store (console/FleetConsoleSource.h): the host it is on; empty: this computer's.
    QString host;

    bool hasBeenScanned() const { return scan.scannedAt.isValid(); }
    QString key() const;         // unique across scopes: "user/My", "system/ssl-certs"
    QString displayName() const; // the configured name, else the id
};

// Everything the console knows about the stores: the configured stores in catalog order.
using Inventory = QList<StoreInventory>;

// Sets every store's `archived` from its scope's lifecycle snapshot and the inventory's
// scans. Blocking (reads the snapshots): on a worker.
// The archived certificates of each scope (recogniseArchived()) and its acknowledgements
// file, into every store of the scope.
void recogniseArchivedIn(Inventory& inventory);
// Sets every store's `access` (checkStoreAccess). Blocking: on a worker.
void checkAccessIn(Inventory& inventory);
// The one classifier of the console: `thresholds` at `now`, with the archived
// certificates the inventory's stores carry.
CertificateClassifier inventoryClassifier(const Inventory& inventory, const QDateTime& now,
                                          const ExpiryThresholds& thresholds);

// Store ids are unique within a scope only, so the console keys stores by scope and id.
QString storeKey(Scope scope, const QString& storeId);

} // namespace certlife
