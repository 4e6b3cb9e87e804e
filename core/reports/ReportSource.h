// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "lifecycle/CertificateClassifier.h"
#include "reports/CertificateReport.h"
#include "reports/EventReport.h"
#include "reports/Report.h"
#include "reports/TaskReport.h"
#include "util/Clock.h"

#include <QStringList>
#include <memory>
#include <optional>

namespace certlife {

// Where a report's certificates, events and tasks come from: this computer's stores,
// event logs and task files, the console's rows and Events page, or the fleet database
// (every host's, docs/fleet.md). The builders and writers are the same for each: only
// the source differs.
class ReportSource
{
public:
    virtual ~ReportSource() = default;

    // The report's "host" line: this computer's name, or the fleet it reads.
    virtual QString hostDescription() const { return reportHostName(); }
    // The stores' names (and over a fleet their hosts) for the Store and Host columns.
    virtual ReportStoreNames storeNames() const = 0;
    // Every certificate of the scope (both when unset), classified at `now`. What could
    // not be read is added to *warnings; the rest is returned.
    virtual QList<ClassifiedCertificate> certificates(std::optional<Scope> scope, const QDateTime& now,
                                                      QStringList* warnings) = 0;
    // Every event the query matches (its after and limit ignored), newest first.
    virtual QList<LifecycleEvent> events(const EventQuery& query, QStringList* warnings) = 0;
    // The notification tasks of the scope with their last runs; std::nullopt and *whyNot
    // when the source has none to report (a fleet publishes no task definitions).
    virtual std::optional<QList<TaskReportEntry>> tasks(std::optional<Scope> scope, QStringList* warnings,
                                                        QString* whyNot) = 0;
};

struct ReportBuildRequest
{
    ReportKind kind = ReportKind::Certificates;
    std::optional<Scope> scope;            // certificates and tasks; unset: both scopes
    CertificateReportOptions certificates; // storeNames are the source's
    EventQuery events;                     // after and limit ignored
};

struct BuiltReport
{
    Report report;
    QStringList warnings; // what could not be read (the rest is in the report)
    QString error;        // nothing to report (tasks of a fleet): no report
};

// The report of REQUEST from SOURCE, at the clock's now.
BuiltReport buildReport(ReportSource& source, const ReportBuildRequest& request,
                        const std::shared_ptr<const Clock>& clock);

} // namespace certlife
