// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "console/ReportExport.h"

#include <QCoreApplication>
#include <QLocale>

namespace certlife {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ReportExport", text);
}
} // namespace

ReportExportResult exportConsoleReport(const ConsoleReportRequest& request, ReportFormat format, const QString& path,
                                       const EventSource& events, const std::shared_ptr<const Clock>& clock)
{
    ReportExportResult exported;
    const ConsoleReportResult built = buildConsoleReport(request, events, clock);
    if (!built.error.isEmpty()) {
        exported.error = built.error;
        return exported;
    }
    exported.rows = int(built.report.rows.size());
    exported.warnings = built.warnings;
    const ReportWriteResult written = writeReport(built.report, format, path);
    if (!written.ok()) {
        exported.error = written.error;
        return exported;
    }
    exported.pages = written.pages;
    QString message = (exported.rows == 1 ? tr("Wrote %1 (%2, 1 row") : tr("Wrote %1 (%2, %3 rows"))
                          .arg(path, reportFormatName(format), QLocale().toString(exported.rows));
    if (written.pages > 0)
        message += written.pages == 1 ? tr(", 1 page") : tr(", %1 pages").arg(written.pages);
    message += QLatin1Char(')');
    if (!exported.warnings.isEmpty())
        message += tr("; some sources could not be read");
    exported.message = message;
    return exported;
}

} // namespace certlife
