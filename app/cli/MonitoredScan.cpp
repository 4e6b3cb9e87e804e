// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "MonitoredScan.h"

#include "policy/MonitoredStores.h"
#include "policy/PolicyStore.h"
#include "stores/Scanner.h"

#include <QCoro/QCoroTask>

namespace certlife::cli {

QList<StoreScan> scanMonitoredStores(Scope scope)
{
    const Policy policy = PolicyStore().effective(scope).policy;
    return scanStoreConfigs(monitoredStores(scope, policy).stores);
}

QList<StoreConfig> monitoredStoreConfigs(Scope scope, const Policy& policy, QStringList* problems)
{
    MonitoredStores monitored = monitoredStores(scope, policy);
    *problems += monitored.problems;
    return monitored.stores;
}

QList<StoreScan> scanStoreConfigs(const QList<StoreConfig>& stores)
{
    ScanOptions options;
    options.cacheDirectory = Scanner::cacheDirectory(Scanner::processScope());
    Scanner scanner(options);
    return QCoro::waitFor(scanStores(scanner, stores));
}

} // namespace certlife::cli
