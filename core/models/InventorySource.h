// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/Inventory.h"

#include <QCoro/QCoroTask>
#include <QStringList>
#include <functional>

namespace certlife {

struct ScanProgress
{
    int storesDone = 0;
    int storesTotal = 0;
    QString currentStore; // display name of the store being scanned
    int filesDone = 0;    // within the current store, when known
    int filesTotal = 0;
};
using ScanProgressCallback = std::function<void(const ScanProgress&)>;

// Where the console's inventory comes from: the configured stores of both scopes and
// their scan results. The console calls it from the UI thread; implementations do their
// file work off it (QtConcurrent) and may call the progress callback from any thread.
class InventorySource
{
public:
    virtual ~InventorySource() = default;

    // The last known inventory, without scanning: the console paints from it at start.
    // Stores never scanned have an invalid scan.scannedAt.
    virtual QCoro::Task<Inventory> loadCached() = 0;
    // Scans every store now. Per-file problems are in the result, never exceptions.
    virtual QCoro::Task<Inventory> scan(ScanProgressCallback progress) = 0;

    // Whether this process may add and remove stores of a scope (System needs root).
    virtual bool canModify(Scope scope) const = 0;
    // What adding this store would be refused for (bad id, duplicate, missing path), or
    // empty. For a dialog to say while the user types.
    virtual QString validateStore(const StoreConfig& config) const = 0;
    // Both return an error the user can act on, or an empty string.
    virtual QString addStore(const StoreConfig& config) = 0;
    virtual QString removeStore(Scope scope, const QString& id) = 0;

    // Files and directories whose change means the inventory may be stale (store
    // directories and files, the stores configuration).
    virtual QStringList watchedPaths() const { return {}; }
    // What was wrong with the stores configuration when it was last read (a malformed
    // entry in stores.conf, …): shown to the user, never fatal.
    virtual QStringList configurationProblems() const { return {}; }
};

} // namespace certlife
