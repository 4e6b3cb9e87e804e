// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reports/ReportWriter.h"

namespace certlife {

// The PDF of a report (ReportWriter.h says what it holds), drawn in this process with
// QPdfWriter and QPainter. Needs a QGuiApplication (fonts); fails with an error
// without one. Qt Gui is linked only here: everything else asks for PDFs through
// renderReport/writeReport, which run the PDF helper (certlife-report-pdf, whose main
// calls this), so the agent and the rest of certlifectl never load Qt Gui.
PdfRenderResult renderPdf(const Report& report);

} // namespace certlife
