// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The agent's side of the metrics: after every pass it writes the scope's metrics to
// the node_exporter textfile named by the policy (MetricsTextfile.h).

#include "lifecycle/CertificateClassifier.h"
#include "policy/Policy.h"

#include <QDateTime>

namespace certlife {

class EventLog;
class TaskRunLog;

struct PassMetrics
{
    Scope scope = Scope::User;
    QList<StoreScan> scans;
    ArchivedCertificates archived; // from the pass's snapshot
    Policy policy;                 // the scope's effective policy (expiry thresholds)
    QDateTime now;
    QDateTime lastPassAt;
    qint64 lastPassMilliseconds = -1;
};

// Renders the pass's metrics (with the event and task-run counts of the agent's own logs;
// either may be null) and writes them to `file`. Returns the error, or an empty string.
QString writePassMetrics(const QString& file, const PassMetrics& pass, const EventLog* events, const TaskRunLog* runs);

} // namespace certlife
