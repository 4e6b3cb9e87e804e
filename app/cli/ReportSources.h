// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where `certlifectl report` gets its certificates: the scanned stores (the event logs
// come from an EventLogSet).

#include "reports/CertificateReport.h"
#include "stores/StoreTypes.h"

#include <QList>

namespace certlife::cli {

// Scans every store configured for the scope. Problems (unreadable files, a store that
// cannot be listed) are in each StoreScan's problems.
QList<StoreScan> scanConfiguredStores(Scope scope);

} // namespace certlife::cli
