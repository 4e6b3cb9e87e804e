// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "policy/MonitoredStores.h"

#include "policy/AdditionalStores.h"
#include "stores/StoreCatalog.h"

namespace certlife {

MonitoredStores monitoredStores(Scope scope, const Policy& policy)
{
    MonitoredStores out;
    StoreCatalog catalog = StoreCatalog::load();
    out.problems = catalog.loadErrors();
    for (const StoreConfig& extra : additionalStoreConfigs(policy, scope)) {
        const QString error = catalog.addRuntimeStore(extra);
        if (!error.isEmpty())
            out.problems << QStringLiteral("AdditionalStores: %1").arg(error);
    }
    out.stores = catalog.stores(scope);
    return out;
}

} // namespace certlife
