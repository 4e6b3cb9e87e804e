// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reports/Report.h"

#include <QByteArray>
#include <QString>

namespace certlife {

// Renders and writes reports. Every format carries the same rows; CSV and JSON every
// column, HTML every column, PDF the columns with a pdfWeight (a page cannot hold
// twenty columns legibly). Formats, columns and the injection rule: docs/reports.md.

struct ReportWriteOptions
{
    // CSV: start with a UTF-8 byte order mark. Excel takes a CSV file without one for
    // the ANSI code page and garbles every non-ASCII name; LibreOffice, Python's
    // csv module (encoding "utf-8-sig") and most tools skip it.
    bool csvByteOrderMark = true;
};

struct ReportWriteResult
{
    QString error; // empty on success; names the file and the reason
    qint64 bytes = 0;
    int pages = 0; // PDF only
    bool ok() const { return error.isEmpty(); }
};

// Spreadsheet formula injection: a CSV cell whose text begins with = + - @, a tab or a
// carriage return is prefixed with a single quote, so Excel, LibreOffice and Google
// Sheets show it as text and never evaluate it. Returns other text unchanged.
QString neutralizeSpreadsheetFormula(const QString& cell);

// CSV (RFC 4180: CRLF line ends, a header row of column titles, fields holding a comma,
// a double quote or a line break quoted, quotes doubled), UTF-8, cells neutralised as
// above. Numbers Certlife computes (days left, percentages, counts) are written as
// plain numbers: "-3" days left is a number, not a formula, in every spreadsheet.
QByteArray renderCsv(const Report& report, const ReportWriteOptions& options = {});

// One JSON document: {report, title, generated, host, filters, range, summary,
// columns, rows:[{key: value}], upcomingExpiry (certificates)}.
QByteArray renderJson(const Report& report);

// A self-contained HTML page: inline CSS, no scripts, no external resources (a
// Content-Security-Policy forbids loading any), every value HTML-escaped.
QByteArray renderHtml(const Report& report);

// A paginated PDF (A4 landscape): title, host, generation time, time range, filters,
// the upcoming-expiry chart for certificate reports, a table whose rows never split
// across pages and whose header repeats on each page, and "Page N of M" footers.
// Drawn by core/pdf (renderPdf, Qt Gui) in the PDF helper program, so that a process
// that only asks for a PDF never loads Qt Gui itself (reports/PdfHelper.h).
struct PdfRenderResult
{
    QByteArray pdf;
    int pages = 0;
    QString error;
};

// Renders `report` in `format` into *data (for a caller that writes it elsewhere, e.g.
// standard output); PDF through the PDF helper. On failure *data is empty and the
// error is returned.
QString renderReport(const Report& report, ReportFormat format, QByteArray* data, int* pages = nullptr,
                     const ReportWriteOptions& options = {});

// Renders `report` in `format` and writes it to `path` atomically (a crash leaves the
// old file or the new one). The file gets mode 0666 minus the process umask.
ReportWriteResult writeReport(const Report& report, ReportFormat format, const QString& path,
                              const ReportWriteOptions& options = {});

} // namespace certlife
