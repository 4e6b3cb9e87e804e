// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/Policy.h"
#include "stores/StoreTypes.h"

#include <QList>

namespace certlife::cli {

// Scans every store a scope monitors (StoreCatalog + the policy's AdditionalStores),
// with the process's scan cache, and returns one StoreScan per store. For commands:
// it runs its own event loop until done, so call it before any loop is running.
QList<StoreScan> scanMonitoredStores(Scope scope);

// The stores a scope monitors under `policy`; what could not be read of their
// configuration (stores.conf, AdditionalStores) is appended to *problems.
QList<StoreConfig> monitoredStoreConfigs(Scope scope, const Policy& policy, QStringList* problems);
// Scans the stores given, as scanMonitoredStores does; one StoreScan per store, in order.
QList<StoreScan> scanStoreConfigs(const QList<StoreConfig>& stores);

} // namespace certlife::cli
