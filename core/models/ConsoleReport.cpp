// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/ConsoleReport.h"

#include "models/CertificateRow.h"
#include "models/EventSource.h"
#include "reports/TaskReport.h"

namespace certlife {

QList<ClassifiedCertificate> reportCertificates(const QList<const CertificateRow*>& rows)
{
    QList<ClassifiedCertificate> out;
    out.reserve(rows.size());
    for (const CertificateRow* row : rows)
        out.append(*row);
    return out;
}

ReportStoreNames reportStoreNames(const Inventory& inventory)
{
    ReportStoreNames names;
    for (const StoreInventory& store : inventory)
        names.insert(store.config.scope, store.config.id, store.displayName());
    return names;
}

ConsoleReportResult buildConsoleReport(const ConsoleReportRequest& request, const EventSource& events,
                                       const std::shared_ptr<const Clock>& clock)
{
    ConsoleReportResult result;
    switch (request.kind) {
    case ReportKind::Certificates:
        result.report = buildCertificateReport(request.certificates, clock->now(), request.certificateOptions);
        break;
    case ReportKind::Events: {
        const QList<LifecycleEvent> rows = fetchReportEvents(
            [&events, &result](const EventQuery& page) {
                EventPage fetched = events.fetch(page);
                if (!fetched.error.isEmpty() && !result.warnings.contains(fetched.error))
                    result.warnings << fetched.error;
                return fetched.events;
            },
            request.events);
        result.report = buildEventReport(rows, request.events, *clock, request.storeNames);
        break;
    }
    case ReportKind::Tasks:
        result.report = buildTaskReport(loadTaskReportEntries({Scope::System, Scope::User}, &result.warnings), *clock);
        break;
    }
    return result;
}

} // namespace certlife
