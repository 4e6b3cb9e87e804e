// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where `certlifectl report` gets what it reports (reports/ReportSource.h): this
// computer's stores, event logs and task files, or the fleet database (--fleet).

#include "fleet/FleetReader.h"
#include "reports/ReportSource.h"
#include "stores/StoreTypes.h"

#include <QList>
#include <optional>

namespace certlife::cli {

// Scans every store configured for the scope. Problems (unreadable files, a store that
// cannot be listed) are in each StoreScan's problems.
QList<StoreScan> scanConfiguredStores(Scope scope);

// This computer: the configured stores scanned and judged as the console and the agent
// judge them (each scope's policy, the lifecycle snapshots' archived certificates, the
// admin's acknowledgements), the event logs of both channels, the task directories.
class LocalReportSource final : public ReportSource
{
public:
    ReportStoreNames storeNames() const override;
    QList<ClassifiedCertificate> certificates(std::optional<Scope> scope, const QDateTime& now,
                                              QStringList* warnings) override;
    QList<LifecycleEvent> events(const EventQuery& query, QStringList* warnings) override;
    std::optional<QList<TaskReportEntry>> tasks(std::optional<Scope> scope, QStringList* warnings,
                                                QString* whyNot) override;
};

// The fleet database through an open connection, as a member of certlife_reader: every
// host's certificates (or HOST's) judged by this computer's machine and user policy, as
// the console's fleet mode judges them, and their events. A read that fails stops the
// report: failure() says why.
class FleetReportSource final : public ReportSource
{
public:
    FleetReportSource(QSqlDatabase& db, std::shared_ptr<const Clock> clock, QString host, QString description);

    QString hostDescription() const override { return m_description; }
    ReportStoreNames storeNames() const override { return m_storeNames; } // the certificates' stores, once read
    QList<ClassifiedCertificate> certificates(std::optional<Scope> scope, const QDateTime& now,
                                              QStringList* warnings) override;
    QList<LifecycleEvent> events(const EventQuery& query, QStringList* warnings) override;
    std::optional<QList<TaskReportEntry>> tasks(std::optional<Scope> scope, QStringList* warnings,
                                                QString* whyNot) override;

    const std::optional<fleet::FleetError>& failure() const { return m_failure; }

private:
    fleet::FleetReader m_reader;
    QString m_host;
    QString m_description;
    ReportStoreNames m_storeNames;
    std::optional<fleet::FleetError> m_failure;
};

} // namespace certlife::cli
