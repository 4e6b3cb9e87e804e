// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "models/Inventory.h"
#include "reports/CertificateReport.h"
#include "reports/EventReport.h"
#include "reports/Report.h"
#include "util/Clock.h"

#include <QList>
#include <memory>

namespace certlife {

class EventSource;
class CertificateRow;

// The console's File → Export report: what to report, gathered on the UI thread (the
// certificates of the inventory or of the current view, the Events page's filter), then
// built on a worker with the same core/reports code as `certlifectl report`.
struct ConsoleReportRequest
{
    ReportKind kind = ReportKind::Certificates;
    CertificateReportOptions certificateOptions; // selection All, ExpiringWithin or View
    // The console's rows as it classified them (its states are the report's): every row,
    // or for a View the view's rows in its order.
    QList<ClassifiedCertificate> certificates;
    EventQuery events;           // the Events page's filter (after/limit ignored)
    ReportStoreNames storeNames; // the inventory's stores (and a fleet's hosts): the Store and Host columns
    // Fleet mode: the report's host line ("fleet postgresql://db/certlife, 3 hosts") and
    // why there is no task report (the tasks are each host's). Empty: this computer.
    QString fleetDescription;
};

// The rows as the report takes them, in their order.
QList<ClassifiedCertificate> reportCertificates(const QList<const CertificateRow*>& rows);
QList<ClassifiedCertificate> reportCertificates(const QList<CertificateRow>& rows);

struct ConsoleReportResult
{
    Report report;
    QStringList warnings; // logs or task files that could not be read; the rest is in the report
    QString error;        // no report (the tasks of a fleet)
};

// The stores' names as the console shows them (and a fleet store's host), for the reports.
ReportStoreNames reportStoreNames(const Inventory& inventory);

// Builds the report. Blocking (reads the policy files, every matching event, the task
// files): call it on a worker thread. The events come from `events` page by page.
ConsoleReportResult buildConsoleReport(const ConsoleReportRequest& request, const EventSource& events,
                                       const std::shared_ptr<const Clock>& clock);

} // namespace certlife
