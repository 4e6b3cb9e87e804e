// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reports/ReportWriter.h"

#include <QString>

namespace certlife {

// PDF reports are drawn by a helper program, certlife-report-pdf (app/pdf/main.cpp),
// the only program of certlife-agent that links Qt Gui: certlifectl (the agent) starts
// without it, and `report --format pdf` runs the helper for the one thing that needs
// it. The report goes to the helper's standard input and the PDF comes back on its
// standard output (reports/ReportStream.h). docs/architecture.md says why a helper.

// Where the helper is: for a program inside the build tree it was built in (the tests,
// build/app/certlifectl), the build's libexec/certlife/certlife-report-pdf; otherwise
// relative to the running program's directory, as installed: bin/certlifectl and
// libexec/certlife/certlife-report-pdf under one prefix (/usr in the packages).
QString pdfHelperPath();

// Runs `helper` on `report` and waits for it (any thread; a large report takes a while:
// call it from a worker in the console). A missing helper, a crash or an answer that
// cannot be read is an error naming the helper.
PdfRenderResult renderPdfInHelper(const Report& report, const QString& helper = pdfHelperPath());

} // namespace certlife
