#pragma once

#include "stores/StoreTypes.h"

#include <QList>

namespace certlife::cli {

// Scans every store a scope monitors (StoreCatalog + the policy's AdditionalStores),
// with the process's scan cache, and returns one StoreScan per store. For commands:
// it runs its own event loop until done, so call it before any loop is running.
QList<StoreScan> scanMonitoredStores(Scope scope);

} // namespace certlife::cli
