// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportSources.h"

#include "MonitoredScan.h"

#include "eventlog/EventLogSet.h"
#include "fleet/FleetCertificates.h"
#include "stores/StoreCatalog.h"

namespace certlife::cli {

namespace {

QList<Scope> scopesOf(const std::optional<Scope>& scope)
{
    return scope ? QList<Scope>{*scope} : QList<Scope>{Scope::System, Scope::User};
}

} // namespace

QList<StoreScan> scanConfiguredStores(Scope scope)
{
    return scanMonitoredStores(scope);
}

// Reports name a store by its name, as the console shows it (a store removed since
// keeps its id).
ReportStoreNames LocalReportSource::storeNames() const
{
    ReportStoreNames names;
    const StoreCatalog catalog = StoreCatalog::load(); // named: entries() refers into it
    for (const StoreCatalog::Entry& entry : catalog.entries())
        names.insert(entry.config.scope, entry.config.id, entry.config.displayName);
    return names;
}

QList<ClassifiedCertificate> LocalReportSource::certificates(std::optional<Scope> scope, const QDateTime& now,
                                                             QStringList* warnings)
{
    QList<StoreScan> scans;
    for (const Scope s : scopesOf(scope))
        scans << scanConfiguredStores(s);
    for (const StoreScan& scan : scans)
        for (const ScanProblem& p : scan.problems)
            *warnings << (p.error.startsWith(p.path) ? p.error : QStringLiteral("%1: %2").arg(p.path, p.error));
    // Judged as the console and the agent judge them: each scope's policy, the
    // certificates the lifecycle engine holds archived, and the admin's acknowledgements.
    CertificateClassifier classifier(policyFileThresholds(), now);
    for (const Scope s : scopesOf(scope)) {
        ArchivedCertificates archived = recogniseArchived(s, scans);
        if (!archived.problem.isEmpty())
            *warnings << archived.problem;
        classifier.setArchived(s, std::move(archived));
    }
    *warnings << classifier.readAcknowledgements();
    classifier.recogniseTrustAnchorUse(storeCertificates(scans));
    return classifier.classify(scans);
}

QList<LifecycleEvent> LocalReportSource::events(const EventQuery& query, QStringList* warnings)
{
    EventLogSet logs;
    logs.open(query.channel ? QList<Scope>{*query.channel} : scopesOf({}), EventLogSet::Access::Read);
    *warnings << logs.errors();
    QList<LifecycleEvent> events = fetchReportEvents(logs.logs(), query);
    *warnings << logs.queryErrors();
    return events;
}

std::optional<QList<TaskReportEntry>> LocalReportSource::tasks(std::optional<Scope> scope, QStringList* warnings,
                                                               QString*)
{
    return loadTaskReportEntries(scopesOf(scope), warnings);
}

FleetReportSource::FleetReportSource(QSqlDatabase& db, std::shared_ptr<const Clock> clock, QString host,
                                     QString description)
    : m_reader(db, std::move(clock)), m_host(std::move(host)), m_description(std::move(description))
{}

QList<ClassifiedCertificate> FleetReportSource::certificates(std::optional<Scope> scope, const QDateTime& now,
                                                             QStringList*)
{
    fleet::FleetCertificateQuery query;
    query.host = m_host;
    fleet::FleetError error;
    const std::optional<QList<fleet::FleetCertificateRow>> rows = m_reader.certificates(query, &error);
    if (!rows) {
        m_failure = error;
        return {};
    }
    QList<StoreCertificate> certificates;
    for (const fleet::FleetCertificateRow& row : *rows) {
        StoreCertificate certificate = fleet::storeCertificateOf(row);
        if (scope && certificate.scope != *scope)
            continue;
        m_storeNames.insert(certificate.scope, certificate.storeId,
                            fleet::fleetStoreName(row.host, row.certificate.store, certificate.scope), row.host);
        certificates << std::move(certificate);
    }
    return CertificateClassifier(policyFileThresholds(), now).classify(certificates);
}

QList<LifecycleEvent> FleetReportSource::events(const EventQuery& query, QStringList*)
{
    EventQuery filtered = query;
    filtered.host = m_host;
    return fetchReportEvents(
        [this](const EventQuery& page) {
            if (m_failure)
                return QList<LifecycleEvent>();
            fleet::FleetError error;
            std::optional<QList<LifecycleEvent>> events = m_reader.events(page, &error);
            if (!events)
                m_failure = error;
            return events.value_or(QList<LifecycleEvent>());
        },
        filtered);
}

std::optional<QList<TaskReportEntry>> FleetReportSource::tasks(std::optional<Scope>, QStringList*, QString* whyNot)
{
    *whyNot = QStringLiteral("a fleet has no task report: each host's tasks are on that host");
    return std::nullopt;
}

} // namespace certlife::cli
