#include "MonitoredScan.h"

#include "policy/MonitoredStores.h"
#include "policy/PolicyStore.h"
#include "stores/Scanner.h"

#include <QCoro/QCoroTask>

namespace certlife::cli {

QList<StoreScan> scanMonitoredStores(Scope scope)
{
    const Policy policy = PolicyStore().effective(scope).policy;
    ScanOptions options;
    options.cacheDirectory = Scanner::cacheDirectory(Scanner::processScope());
    Scanner scanner(options);
    return QCoro::waitFor(scanStores(scanner, monitoredStores(scope, policy).stores));
}

} // namespace certlife::cli
