// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-report-pdf: draws one PDF report for certlifectl and the console, the only
// program of the agent's package that loads Qt Gui (reports/PdfHelper.h). Reads the
// report (reports/ReportStream.h) from standard input, writes the result to standard
// output. Not for direct use.

#include "pdf/PdfReportWriter.h"
#include "reports/ReportStream.h"
#include "util/AtomicFile.h"

#include <QFile>
#include <QGuiApplication>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

using namespace certlife;

static QtMessageHandler defaultMessageHandler = nullptr;

// Without a login session (cron, sudo) QGuiApplication warns that XDG_RUNTIME_DIR is
// unset; the offscreen platform does not need it, and a cron job should not mail it.
static void dropRuntimeDirWarning(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (!message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        defaultMessageHandler(type, context, message);
}

int main(int argc, char** argv)
{
    if (::isatty(STDIN_FILENO)) {
        std::fputs("certlife-report-pdf draws PDF reports for certlifectl and the console; run\n"
                   "`certlifectl report --format pdf` instead.\n",
                   stderr);
        return 2;
    }
    // Qt's fonts need a QGuiApplication; the offscreen platform needs no display, so PDF
    // reports work over SSH, from cron and from systemd units.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    defaultMessageHandler = qInstallMessageHandler(dropRuntimeDirWarning);
    QGuiApplication app(argc, argv);
    qInstallMessageHandler(defaultMessageHandler);

    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        std::fputs("certlife-report-pdf: cannot read standard input\n", stderr);
        return 1;
    }
    Report report;
    QString error;
    if (!decodeReport(input.readAll(), &report, &error)) {
        std::fprintf(stderr, "certlife-report-pdf: %s\n", qPrintable(error));
        return 1;
    }
    const QByteArray output = encodePdfResult(renderPdf(report));
    if (!writeAll(STDOUT_FILENO, output.constData(), output.size())) {
        std::fprintf(stderr, "certlife-report-pdf: cannot write the PDF: %s\n", std::strerror(errno));
        return 1;
    }
    return 0;
}
