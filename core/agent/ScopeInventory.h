#pragma once

#include "policy/Policy.h"
#include "stores/StoreTypes.h"
#include "tasks/TaskSeams.h"

#include <QCoro/QCoroTask>
#include <QList>
#include <QStringList>

namespace certlife {

class Scanner;

// The stores a scope monitors right now: the catalog's (built-in and configured) plus
// the policy's AdditionalStores. Problems (unreadable stores.conf, bad entries) are
// reported, never fatal.
struct MonitoredStores
{
    QList<StoreConfig> stores;
    QStringList problems;
};
MonitoredStores monitoredStores(Scope scope, const Policy& policy);

// Scans every store in turn (each scan already uses every core) and returns one
// StoreScan per store, in the order given. A store that cannot be scanned (unknown
// kind) gets a StoreScan with a problem, so the lifecycle engine still sees it. Once a
// scan comes back cancelled (Scanner::cancel()), the stores after it are not scanned:
// each gets a StoreScan marked cancelled.
QCoro::Task<QList<StoreScan>> scanStores(Scanner& scanner, QList<StoreConfig> stores);

// The notification-task side of the policy (RequireSignedScripts, TrustedSigners).
TaskPolicy taskPolicyFrom(const Policy& policy);

// Answers the task runner's "is this certificate still in its store?" from scans.
CertificateLocator locatorFromScans(const QList<StoreScan>& scans);

} // namespace certlife
