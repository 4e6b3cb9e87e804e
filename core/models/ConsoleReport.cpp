// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/ConsoleReport.h"

#include "models/CertificateRow.h"
#include "models/EventSource.h"
#include "reports/ReportSource.h"
#include "reports/TaskReport.h"

namespace certlife {

QList<ClassifiedCertificate> reportCertificates(const QList<const CertificateRow*>& rows)
{
    QList<ClassifiedCertificate> out;
    out.reserve(rows.size());
    for (const CertificateRow* row : rows)
        out.append(row->classified());
    return out;
}

QList<ClassifiedCertificate> reportCertificates(const QList<CertificateRow>& rows)
{
    QList<ClassifiedCertificate> out;
    out.reserve(rows.size());
    for (const CertificateRow& row : rows)
        out.append(row.classified());
    return out;
}

ReportStoreNames reportStoreNames(const Inventory& inventory)
{
    ReportStoreNames names;
    for (const StoreInventory& store : inventory)
        names.insert(store.config.scope, store.config.id, store.displayName(), store.host);
    return names;
}

namespace {

// The console's rows as classified, its Events page's source (this computer's logs or
// the fleet), and this computer's task files (none over a fleet).
class ConsoleReportSource final : public ReportSource
{
public:
    ConsoleReportSource(const ConsoleReportRequest& request, const EventSource& events)
        : m_request(request), m_events(events)
    {}

    QString hostDescription() const override
    {
        return m_request.fleetDescription.isEmpty() ? reportHostName() : m_request.fleetDescription;
    }
    ReportStoreNames storeNames() const override { return m_request.storeNames; }
    QList<ClassifiedCertificate> certificates(std::optional<Scope>, const QDateTime&, QStringList*) override
    {
        return m_request.certificates; // chosen and classified by the console
    }
    QList<LifecycleEvent> events(const EventQuery& query, QStringList* warnings) override
    {
        return fetchReportEvents(
            [this, warnings](const EventQuery& page) {
                EventPage fetched = m_events.fetch(page);
                if (!fetched.error.isEmpty() && !warnings->contains(fetched.error))
                    *warnings << fetched.error;
                return fetched.events;
            },
            query);
    }
    std::optional<QList<TaskReportEntry>> tasks(std::optional<Scope>, QStringList* warnings, QString* whyNot) override
    {
        if (!m_request.fleetDescription.isEmpty()) {
            *whyNot = QStringLiteral("The fleet has no task report: each host's tasks are on that host "
                                     "(certlifectl report --kind tasks there).");
            return std::nullopt;
        }
        return loadTaskReportEntries({Scope::System, Scope::User}, warnings);
    }

private:
    const ConsoleReportRequest& m_request;
    const EventSource& m_events;
};

} // namespace

ConsoleReportResult buildConsoleReport(const ConsoleReportRequest& request, const EventSource& events,
                                       const std::shared_ptr<const Clock>& clock)
{
    ConsoleReportSource source(request, events);
    ReportBuildRequest build;
    build.kind = request.kind;
    build.certificates = request.certificateOptions;
    build.events = request.events;
    BuiltReport built = buildReport(source, build, clock);
    return {std::move(built.report), std::move(built.warnings), std::move(built.error)};
}

} // namespace certlife
