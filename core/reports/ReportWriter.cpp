// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/ReportWriter.h"

#include "reports/PdfHelper.h"
#include "util/AtomicFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace certlife {

namespace {

constexpr int kDefaultUmask = 022;

// The process umask, read without changing it (umask(2) would set it, racing other
// threads creating files): Linux shows it in /proc/self/status.
int currentUmask()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return kDefaultUmask;
    static const QRegularExpression line(QStringLiteral("^Umask:\\s*([0-7]+)$"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = line.match(QString::fromLatin1(status.readAll()));
    bool ok = false;
    const int mask = m.hasMatch() ? m.captured(1).toInt(&ok, 8) : 0;
    return ok ? mask : kDefaultUmask;
}

} // namespace

QString renderReport(const Report& report, ReportFormat format, QByteArray* data, int* pages,
                     const ReportWriteOptions& options)
{
    data->clear();
    if (pages)
        *pages = 0;
    switch (format) {
    case ReportFormat::Csv: *data = renderCsv(report, options); break;
    case ReportFormat::Json: *data = renderJson(report); break;
    case ReportFormat::Html: *data = renderHtml(report); break;
    case ReportFormat::Pdf: {
        PdfRenderResult pdf = renderPdfInHelper(report);
        if (!pdf.error.isEmpty())
            return pdf.error;
        *data = std::move(pdf.pdf);
        if (pages)
            *pages = pdf.pages;
        break;
    }
    }
    return {};
}

ReportWriteResult writeReport(const Report& report, ReportFormat format, const QString& path,
                              const ReportWriteOptions& options)
{
    ReportWriteResult result;
    if (QFileInfo(path).isDir()) {
        result.error = QStringLiteral("%1: is a directory; give the report's file name").arg(path);
        return result;
    }
    QByteArray data;
    const QString error = renderReport(report, format, &data, &result.pages, options);
    if (!error.isEmpty()) {
        result.error = QStringLiteral("%1: %2").arg(path, error);
        return result;
    }
    const AtomicWriteResult written = writeFileAtomically(path, data, 0666 & ~currentUmask());
    if (!written.ok()) {
        result.error = written.error;
        return result;
    }
    result.bytes = data.size();
    return result;
}

} // namespace certlife
