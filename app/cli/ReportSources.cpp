// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportSources.h"

#include "MonitoredScan.h"

namespace certlife::cli {

QList<StoreScan> scanConfiguredStores(Scope scope)
{
    return scanMonitoredStores(scope);
}

} // namespace certlife::cli
