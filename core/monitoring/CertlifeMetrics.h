// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The metrics of `certlifectl metrics` and of the agent's node_exporter textfile
// (policy MetricsTextfile): the x509-certificate-exporter's names and labels where they
// overlap, so its dashboards and alerts work unchanged, and Certlife's own. The list,
// with the labels, is in docs/monitoring.md.

#include "lifecycle/CertificateClassifier.h"
#include "tasks/TaskRunLog.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <optional>

namespace certlife {

class EventLog;

// What one scope contributes.
struct ScopeMetricsInput
{
    Scope scope = Scope::User;
    QList<StoreScan> scans;                                // per store: read errors; the stores listed
    QList<ClassifiedCertificate> certificates;             // of those scans (CertificateClassifier)
    std::optional<QMap<int, qint64>> eventsById;           // events in the channel's log; unset: no log
    std::optional<QList<TaskRunLog::StateCount>> taskRuns; // unset: no run log
    QDateTime lastPassAt;                                  // the agent's last pass; invalid: none known
    qint64 lastPassMilliseconds = -1;
};

// Counts the channel's events by id (every id, zeros included) and its task runs by
// task and outcome. Either log may be null (not there: its metrics are left out). A log
// that cannot be read is named in *problems.
void collectLogMetrics(const EventLog* events, const TaskRunLog* runs, ScopeMetricsInput& input, QStringList* problems);

// The exposition text (PrometheusText.h). Archived certificates are left out of the
// x509_cert_* series (they get no expiry warnings either) and counted in
// certlife_certificates{state="archived"}.
QByteArray renderCertlifeMetrics(const QList<ScopeMetricsInput>& scopes);

} // namespace certlife
