// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// CSV: RFC 4180 with a header row, safe to open in a spreadsheet.

#include "reports/ReportWriter.h"

namespace certlife {

namespace {

bool needsQuotes(const QString& field)
{
    for (const QChar c : field) {
        if (c == QLatin1Char(',') || c == QLatin1Char('"') || c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            return true;
    }
    // Leading or trailing blanks survive a round trip through every reader only quoted.
    return !field.isEmpty() && (field.front().isSpace() || field.back().isSpace());
}

QString csvField(const QString& text)
{
    if (!needsQuotes(text))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// A number Certlife computed itself cannot carry a formula: keep it a number.
bool isComputedNumber(const QJsonValue& cell, ColumnType type)
{
    return (type == ColumnType::Integer || type == ColumnType::Percent) && cell.isDouble();
}

} // namespace

QString neutralizeSpreadsheetFormula(const QString& cell)
{
    if (cell.isEmpty())
        return cell;
    switch (cell.front().unicode()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r': return QLatin1Char('\'') + cell;
    default: return cell;
    }
}

QByteArray renderCsv(const Report& report, const ReportWriteOptions& options)
{
    QString text;
    const QLatin1String lineEnd("\r\n");
    QStringList header;
    for (const ReportColumn& c : report.columns)
        header << csvField(neutralizeSpreadsheetFormula(c.title));
    text += header.join(QLatin1Char(',')) + lineEnd;
    for (const ReportRow& row : report.rows) {
        QStringList fields;
        for (int i = 0; i < report.columns.size(); ++i) {
            const QJsonValue cell = row.cells.value(i);
            const ColumnType type = report.columns[i].type;
            const QString plain = cellPlainText(cell, type);
            fields << csvField(isComputedNumber(cell, type) ? plain : neutralizeSpreadsheetFormula(plain));
        }
        text += fields.join(QLatin1Char(',')) + lineEnd;
    }
    QByteArray bytes;
    if (options.csvByteOrderMark)
        bytes = QByteArrayLiteral("\xEF\xBB\xBF");
    bytes += text.toUtf8();
    return bytes;
}

} // namespace certlife
