// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/ExportReportCommand.h"

#include "console/ConsoleController.h"
#include "console/FleetConsoleSource.h"
#include "models/BackgroundPool.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/ConsoleReport.h"
#include "models/EventTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "reports/EventReport.h"
#include "widgets/FileDialogStart.h"
#include "console/ReportExport.h"

#include <QCoro/QCoroFuture>
#include <QFileInfo>
#include <QStandardPaths>

namespace certlife::ui {

ExportReportCommand::ExportReportCommand(ReportCommandContext context)
    : ConsoleCommand(context.parent), m_context(std::move(context))
{}

QString ExportReportCommand::eventFilterDescription() const
{
    QStringList parts;
    for (const ReportFilter& f : describeEventQuery(m_context.controller->events()->filter()))
        parts << QStringLiteral("%1 %2").arg(f.label, f.value);
    return parts.join(QLatin1String("; "));
}

ReportDialogContext ExportReportCommand::dialogContext() const
{
    ReportDialogContext c;
    c.certificateCount = m_context.controller->certificates()->rowCount();
    c.viewCount = m_context.certificates->filterModel()->rowCount();
    c.viewDescription = m_context.certificates->filterDescription();
    c.eventFilterDescription = eventFilterDescription();
    if (m_context.controller->isFleet())
        c.tasksUnavailable = tr("The fleet has no task report: each host's tasks are on that host.");
    // The last directory used, else Documents, else home: one that exists.
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    c.suggestedDirectory =
        rememberedFileDialogDirectory().isEmpty() ? fileDialogDirectory(documents) : fileDialogDirectory();
    return c;
}

QCoro::Task<CommandOutcome> ExportReportCommand::run()
{
    const QString title = tr("Export report");
    const Alive beforeChange = untilCancelled();
    const std::optional<ReportChoice> choice = m_context.dialogs->chooseReport(dialogParent(), dialogContext());
    if (!choice || !beforeChange)
        co_return CommandOutcome::cancelled();
    ConsoleController* controller = m_context.controller;

    // Gathered here, on the UI thread that owns the models; everything slow runs below.
    ConsoleReportRequest request;
    request.kind = choice->kind;
    using Selection = CertificateReportOptions::Selection;
    request.certificateOptions.selection = choice->selection;
    request.certificateOptions.withinDays = choice->withinDays;
    if (choice->kind == ReportKind::Certificates) {
        if (choice->selection == Selection::View) {
            const CertificateFilterModel* view = m_context.certificates->filterModel();
            const CertificateTableModel* table = controller->certificates();
            QList<const CertificateRow*> rows;
            rows.reserve(view->rowCount());
            for (int i = 0; i < view->rowCount(); ++i)
                rows << &table->rowAt(view->sourceRow(i));
            request.certificates = reportCertificates(rows);
            request.certificateOptions.viewDescription = m_context.certificates->filterDescription();
            if (request.certificateOptions.viewDescription.isEmpty())
                request.certificateOptions.viewDescription = tr("the console's view, unfiltered");
        } else {
            const QList<CertificateRow>& all = controller->certificates()->rows();
            request.certificates = reportCertificates(all);
        }
    }
    request.events = controller->events()->filter();
    request.events.after.reset();
    request.storeNames = reportStoreNames(controller->inventory());
    request.certificateOptions.storeNames = request.storeNames;
    if (const FleetConsoleSource* fleet = controller->fleetSource()) {
        const qsizetype hosts = controller->fleetHosts().size();
        const QString uri = fleet->location().uri;
        request.fleetDescription =
            hosts == 1 ? tr("fleet %1 (1 host)").arg(uri) : tr("fleet %1 (%2 hosts)").arg(uri).arg(hosts);
    }

    const QString path = choice->path;
    const ReportFormat format = choice->format;
    Q_EMIT progress(tr("Writing %1…").arg(path));
    const Alive alive = this->alive();
    auto future = inBackground(
        [request = std::move(request), path, format, events = controller->eventSource(),
         clock = controller->sharedClock()] { return exportConsoleReport(request, format, path, *events, clock); });
    const ReportExportResult written = co_await future;
    if (!alive)
        co_return CommandOutcome::cancelled();
    if (!written.ok())
        co_return CommandOutcome::failed(title, written.error);
    CommandMessage problem;
    if (!written.warnings.isEmpty())
        problem = {CommandMessage::Kind::Error, title,
                   tr("The report %1 was written, but some sources could not be read and are missing from it:\n%2")
                       .arg(path, written.warnings.join(QLatin1Char('\n')))};
    co_return CommandOutcome::done(written.message, problem);
}

} // namespace certlife::ui
