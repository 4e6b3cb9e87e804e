// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ConsoleReport.h"
#include "reports/ReportWriter.h"

#include <QString>
#include <QStringList>
#include <memory>

namespace certlife {

class EventSource;

// What File → Export report wrote.
struct ReportExportResult
{
    QString error;        // the file and why it could not be written; empty: written
    QString message;      // "Wrote FILE (PDF, 212 rows, 7 pages)" (and what is missing)
    QStringList warnings; // sources that could not be read: the rest was written
    int rows = 0;
    int pages = 0; // PDF only

    bool ok() const { return error.isEmpty(); }
};

// Builds the console's report of `request` (buildConsoleReport) and writes it to
// `path` as `format` (writeReport: atomically, so a failure leaves an earlier file as it
// was). Blocking: call it on a worker thread. A PDF is drawn by the PDF helper
// (reports/PdfHelper.h), which this waits for: it blocks the worker only.
ReportExportResult exportConsoleReport(const ConsoleReportRequest& request, ReportFormat format, const QString& path,
                                       const EventSource& events, const std::shared_ptr<const Clock>& clock);

} // namespace certlife
