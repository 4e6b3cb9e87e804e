// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reports/ReportWriter.h"

#include <QByteArray>
#include <QString>

namespace certlife {

// A Report and a PDF rendering's result as bytes, for the PDF helper: the caller
// writes encodeReport() to the helper's standard input, the helper answers with
// encodePdfResult() on its standard output (reports/PdfHelper.h). Both ends come from
// the same build: each encoding starts with a tag and the Certlife version, and a
// decoder refuses another version rather than misread it.
QByteArray encodeReport(const Report& report);
bool decodeReport(const QByteArray& bytes, Report* report, QString* error);

QByteArray encodePdfResult(const PdfRenderResult& result);
bool decodePdfResult(const QByteArray& bytes, PdfRenderResult* result, QString* error);

} // namespace certlife
