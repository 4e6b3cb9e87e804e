// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading written reports back, shared by the report tests (core, CLI and console): an
// independent RFC 4180 reader, a PDF page counter, pdftotext, and the page capacity the
// PDF layout constants promise.

#include "pdf/PdfLayout.h"

#include <QByteArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>
#include <cmath>

namespace certlife::test {

// RFC 4180: records end with CRLF (the last one may not), fields separated by commas,
// a field in double quotes may hold commas, CR, LF and doubled quotes. Anything else
// (a quote inside an unquoted field, text after a closing quote, a bare CR) is an
// error: the writer must produce strict RFC 4180, not something lenient readers accept.
inline QList<QStringList> parseCsv(const QString& text, QString* error)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;    // inside a quoted field
    bool wasQuoted = false; // the current field was quoted (and is closed)
    bool fieldStarted = false;
    const auto endField = [&] {
        record << field;
        field.clear();
        wasQuoted = fieldStarted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                    wasQuoted = true;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char(',')) {
            endField();
        } else if (c == QLatin1Char('\r')) {
            if (i + 1 >= text.size() || text[i + 1] != QLatin1Char('\n')) {
                *error = QStringLiteral("bare CR at offset %1").arg(i);
                return {};
            }
            ++i;
            endField();
            records << record;
            record.clear();
        } else if (c == QLatin1Char('\n')) {
            *error = QStringLiteral("bare LF at offset %1").arg(i);
            return {};
        } else if (c == QLatin1Char('"')) {
            if (fieldStarted || wasQuoted) {
                *error = QStringLiteral("quote inside an unquoted field at offset %1").arg(i);
                return {};
            }
            quoted = true;
            fieldStarted = true;
        } else {
            if (wasQuoted) {
                *error = QStringLiteral("text after a closing quote at offset %1").arg(i);
                return {};
            }
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted) {
        *error = QStringLiteral("unterminated quoted field");
        return {};
    }
    if (fieldStarted || wasQuoted || !record.isEmpty()) {
        endField();
        records << record;
    }
    return records;
}

inline const QByteArray kUtf8Bom = QByteArrayLiteral("\xEF\xBB\xBF");

// A CSV report as written (UTF-8, optionally with a BOM) read back record by record;
// a warning says why when it is not strict RFC 4180 (and the result is then empty).
inline QList<QStringList> readCsvReport(const QByteArray& csv)
{
    QString error;
    const QByteArray body = csv.startsWith(kUtf8Bom) ? csv.mid(kUtf8Bom.size()) : csv;
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(body), &error);
    if (!error.isEmpty())
        qWarning("CSV is not RFC 4180: %s", qPrintable(error));
    return rows;
}

// Page objects of a PDF ("/Type /Page", not the "/Type /Pages" tree node).
inline int countPdfPages(const QByteArray& pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    return int(QString::fromLatin1(pdf).count(page));
}

// The text of a PDF as poppler's pdftotext reads it; empty when pdftotext is missing.
inline QString pdfText(const QString& pdfPath)
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
        return {};
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdfPath, QStringLiteral("-")});
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

// How many table rows of `lines` lines each fit on the first and on later pages, from
// the layout constants alone (PdfLayout.h).
struct PdfCapacity
{
    int firstPage = 0;
    int otherPages = 0;

    int pagesFor(int rows) const
    {
        if (rows <= firstPage)
            return 1;
        return 1 + int(std::ceil(double(rows - firstPage) / otherPages));
    }
};

inline PdfCapacity pdfCapacity(bool withChart, int lines)
{
    using namespace certlife::pdf;
    const double row = lines * kLineHeightMm + kRowPaddingMm;
    const double first = kPageHeightMm - 2 * kMarginMm - kTitleHeightMm - kMetaLines * kMetaLineHeightMm - kBlockGapMm
        - (withChart ? kChartHeightMm + kBlockGapMm : 0) - kFooterHeightMm - kTableHeaderHeightMm;
    const double other =
        kPageHeightMm - 2 * kMarginMm - kRunningHeaderHeightMm - kFooterHeightMm - kTableHeaderHeightMm;
    return {int(std::floor(first / row + 1e-9)), int(std::floor(other / row + 1e-9))};
}

} // namespace certlife::test
