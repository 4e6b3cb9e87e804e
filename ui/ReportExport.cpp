// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportExport.h"

#include "ConsoleController.h"
#include "ConsoleServices.h"
#include "models/BackgroundPool.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/ConsoleReport.h"
#include "models/EventTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "reports/EventReport.h"

#include <QCoro/QCoroFuture>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPointer>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife::ui {

namespace {
struct Written
{
    ReportWriteResult result;
    int rows = 0;
    QStringList warnings;
};
} // namespace

ReportExport::ReportExport(ConsoleController* controller, Pages pages, std::shared_ptr<ReportDialogs> reportDialogs,
                           std::shared_ptr<ConsoleDialogs> dialogs, QWidget* window)
    : QObject(window), m_controller(controller), m_pages(pages), m_reportDialogs(std::move(reportDialogs)),
      m_dialogs(std::move(dialogs)), m_window(window)
{
}

QString ReportExport::eventFilterDescription() const
{
    QStringList parts;
    for (const ReportFilter& f : describeEventQuery(m_controller->events()->filter()))
        parts << QStringLiteral("%1 %2").arg(f.label, f.value);
    return parts.join(QLatin1String("; "));
}

ReportDialogContext ReportExport::context() const
{
    ReportDialogContext c;
    c.certificateCount = m_controller->certificates()->rowCount();
    c.viewCount = m_pages.certificates->filterModel()->rowCount();
    c.viewDescription = m_pages.certificates->filterDescription();
    c.eventFilterDescription = eventFilterDescription();
    c.suggestedDirectory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (c.suggestedDirectory.isEmpty())
        c.suggestedDirectory = QDir::homePath();
    return c;
}

QCoro::Task<bool> ReportExport::run()
{
    if (m_running)
        co_return false;
    const std::optional<ReportChoice> choice = m_reportDialogs->chooseReport(m_window, context());
    if (!choice)
        co_return false;
    m_running = true;

    // Gathered here, on the UI thread that owns the models; everything slow runs below.
    ConsoleReportRequest request;
    request.kind = choice->kind;
    using Selection = CertificateReportOptions::Selection;
    request.certificateOptions.selection = choice->selection;
    request.certificateOptions.withinDays = choice->withinDays;
    if (choice->kind == ReportKind::Certificates) {
        if (choice->selection == Selection::View) {
            const CertificateFilterModel* view = m_pages.certificates->filterModel();
            const CertificateTableModel* table = m_controller->certificates();
            QList<const CertificateRow*> rows;
            rows.reserve(view->rowCount());
            for (int i = 0; i < view->rowCount(); ++i)
                rows << &table->rowAt(view->sourceRow(i));
            request.certificates = reportCertificates(rows);
            request.certificateOptions.viewDescription = m_pages.certificates->filterDescription();
            if (request.certificateOptions.viewDescription.isEmpty())
                request.certificateOptions.viewDescription = tr("the console's view, unfiltered");
        } else {
            const QList<CertificateRow>& all = m_controller->certificates()->rows();
            request.certificates = QList<ClassifiedCertificate>(all.cbegin(), all.cend());
        }
    }
    request.events = m_controller->events()->filter();
    request.events.after.reset();

    const QString path = choice->path;
    const ReportFormat format = choice->format;
    Q_EMIT started(path);
    const QPointer<ReportExport> self(this);
    // PDF too: writeReport runs the PDF helper (core/reports/PdfHelper.h) and waits for
    // it, which blocks this worker only.
    auto future = QtConcurrent::run(backgroundPool(), [request = std::move(request), path, format,
                                                       events = m_controller->eventSource(),
                                                       clock = m_controller->sharedClock()] {
        Written w;
        ConsoleReportResult built = buildConsoleReport(request, *events, clock);
        w.rows = int(built.report.rows.size());
        w.warnings = built.warnings;
        w.result = writeReport(built.report, format, path);
        return w;
    });
    const Written written = co_await future;
    if (!self)
        co_return false;
    m_running = false;
    if (!written.result.ok()) {
        m_dialogs->showError(m_window, tr("Export report"), written.result.error);
        Q_EMIT finished(false, written.result.error);
        co_return false;
    }
    QString message = (written.rows == 1 ? tr("Wrote %1 (%2, 1 row") : tr("Wrote %1 (%2, %3 rows"))
                          .arg(path, reportFormatName(format), QLocale().toString(written.rows));
    if (written.result.pages > 0)
        message += written.result.pages == 1 ? tr(", 1 page") : tr(", %1 pages").arg(written.result.pages);
    message += QLatin1Char(')');
    if (!written.warnings.isEmpty()) {
        message += tr("; some sources could not be read");
        m_dialogs->showError(m_window, tr("Export report"),
                             tr("The report %1 was written, but some sources could not be read and are missing "
                                "from it:\n%2").arg(path, written.warnings.join(QLatin1Char('\n'))));
    }
    Q_EMIT finished(true, message);
    co_return true;
}

} // namespace certlife::ui
