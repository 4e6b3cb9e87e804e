// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/PdfHelper.h"

#include "reports/ReportStream.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

// Set by core/CMakeLists.txt on this file only: the build tree and its helper, and where
// an installed helper is relative to the installed programs' directory.
#if !defined(CERTLIFE_BUILD_DIR) || !defined(CERTLIFE_BUILD_PDF_HELPER) || !defined(CERTLIFE_PDF_HELPER_FROM_BINDIR)
#error "core/CMakeLists.txt defines where the PDF helper is"
#endif

namespace certlife {

namespace {

constexpr int kMaxErrorChars = 2000;

// The running program, as the kernel knows it (whatever argv[0] or the working
// directory say).
QString runningProgram()
{
    return QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/self/exe"))).canonicalFilePath();
}

bool isInside(const QString& path, const QString& directory)
{
    return !directory.isEmpty() && path.startsWith(directory + QLatin1Char('/'));
}

} // namespace

QString pdfHelperPath()
{
    const QString program = runningProgram();
    // A program of this build (not an installed copy): the helper built beside it.
    if (isInside(program, QDir(QStringLiteral(CERTLIFE_BUILD_DIR)).canonicalPath()))
        return QStringLiteral(CERTLIFE_BUILD_PDF_HELPER);
    return QDir::cleanPath(QFileInfo(program).absolutePath() + QLatin1Char('/')
                           + QStringLiteral(CERTLIFE_PDF_HELPER_FROM_BINDIR));
}

PdfRenderResult renderPdfInHelper(const Report& report, const QString& helper)
{
    PdfRenderResult result;
    if (!QFileInfo(helper).isExecutable()) {
        result.error = QStringLiteral("PDF reports need the program %1, which is missing (it comes with certlifectl: "
                                      "reinstall certlife-agent, or build the target certlife-report-pdf)")
                           .arg(helper);
        return result;
    }
    QProcess process;
    process.setProgram(helper);
    process.start(QIODevice::ReadWrite);
    if (!process.waitForStarted(-1)) {
        result.error = QStringLiteral("cannot start %1: %2").arg(helper, process.errorString());
        return result;
    }
    const QByteArray input = encodeReport(report);
    process.write(input);
    process.closeWriteChannel();
    // Waiting also feeds the rest of the input and collects both outputs.
    process.waitForFinished(-1);
    const QString stderrText = QString::fromUtf8(process.readAllStandardError()).trimmed().left(kMaxErrorChars);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        result.error = QStringLiteral("%1 failed (%2)%3")
                           .arg(helper,
                                process.exitStatus() == QProcess::NormalExit
                                    ? QStringLiteral("exit status %1").arg(process.exitCode())
                                    : QStringLiteral("crashed"),
                                stderrText.isEmpty() ? QString() : QStringLiteral(": ") + stderrText);
        return result;
    }
    QString error;
    if (!decodePdfResult(process.readAllStandardOutput(), &result, &error)) {
        result = {};
        result.error = QStringLiteral("%1 gave no PDF: %2").arg(helper, error);
    }
    return result;
}

} // namespace certlife
