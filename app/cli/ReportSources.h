// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where `certlifectl report` gets its data: the scanned stores, the policies that judge
// them, and the event logs.

#include "reports/CertificateReport.h"
#include "stores/StoreTypes.h"

#include <QList>
#include <memory>

namespace certlife {
class EventLog;
}

namespace certlife::cli {

// Scans every store configured for the scope. Problems (unreadable files, a store that
// cannot be listed) are in each StoreScan's problems.
QList<StoreScan> scanConfiguredStores(Scope scope);

// The event log of each channel, opened read-only. A channel without a log file yet
// has no events and is left out; a log that cannot be opened is named in *problems.
std::vector<std::unique_ptr<EventLog>> openEventLogs(const QList<Scope>& channels, QStringList* problems);

} // namespace certlife::cli
