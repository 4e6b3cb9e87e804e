// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// JSON: one document with the report's context and typed rows.

#include "reports/ReportWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace certlife {

QByteArray renderJson(const Report& report)
{
    QJsonObject filters;
    for (const ReportFilter& f : report.filters)
        filters.insert(f.key, f.value);
    QJsonArray columns;
    for (const ReportColumn& c : report.columns)
        columns.append(QJsonObject{{QStringLiteral("key"), c.key}, {QStringLiteral("title"), c.title}});
    QJsonArray rows;
    for (const ReportRow& row : report.rows) {
        QJsonObject o;
        for (int i = 0; i < report.columns.size(); ++i)
            o.insert(report.columns[i].key, row.cells.value(i));
        rows.append(o);
    }
    QJsonObject doc{
        {QStringLiteral("report"), reportKindName(report.kind)},
        {QStringLiteral("title"), report.title},
        {QStringLiteral("generated"), timeCell(report.generated)},
        {QStringLiteral("host"), report.host},
        {QStringLiteral("filters"), filters},
        {QStringLiteral("range"),
         QJsonObject{{QStringLiteral("from"), timeCell(report.rangeFrom)},
                     {QStringLiteral("to"), timeCell(report.rangeTo)},
                     {QStringLiteral("text"), report.rangeText}}},
        {QStringLiteral("summary"), report.summary},
        {QStringLiteral("columns"), columns},
        {QStringLiteral("rows"), rows},
    };
    if (report.kind == ReportKind::Certificates) {
        QJsonArray months;
        for (const ExpiryBucket& b : report.upcomingExpiry)
            months.append(QJsonObject{{QStringLiteral("month"), b.month.toString(QStringLiteral("yyyy-MM"))},
                                      {QStringLiteral("count"), b.count}});
        doc.insert(QStringLiteral("upcomingExpiry"), months);
        doc.insert(QStringLiteral("alreadyExpired"), report.alreadyExpired);
    }
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

} // namespace certlife
