// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// HTML: one self-contained page. Certificate fields are hostile (a subject may hold
// "<script>"), so every value goes through escapeHtml and the page forbids, by its
// Content-Security-Policy, any script or resource even if something slipped through.

#include "reports/ReportWriter.h"

#include <QJsonArray>
#include <QLocale>
#include <algorithm>

namespace certlife {

namespace {

constexpr int kChartBarMaxPx = 120;

QString escapeHtml(const QString& text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&#39;"); break;
        default:
            // Control characters have no place in a page (and some are invalid HTML).
            if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
                out += QChar(0xFFFD);
            else
                out += c;
        }
    }
    return out;
}

const char kStyle[] = R"(
:root { color-scheme: light; }
body { font: 13px/1.4 system-ui, "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1f2328; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 18px; }
dl.meta dt { color: #59636e; }
dl.meta dd { margin: 0; }
section.chart { margin: 0 0 20px; max-width: 900px; }
section.chart h2 { font-size: 15px; margin: 0 0 8px; }
.bars { display: flex; align-items: flex-end; gap: 6px; height: 150px; border-bottom: 1px solid #8c959f; }
.bar { flex: 1; display: flex; flex-direction: column; justify-content: flex-end; align-items: center; }
.bar span { font-size: 11px; color: #1f2328; }
.bar div { width: 100%; border-radius: 2px 2px 0 0; }
.labels { display: flex; gap: 6px; }
.labels span { flex: 1; text-align: center; font-size: 11px; color: #59636e; }
.expired { color: #c62828; margin-top: 6px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eaeef2; position: sticky; top: 0; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
td.time { white-space: nowrap; }
td.text { min-width: 12ch; }
td.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11px; word-break: break-all; min-width: 22ch; }
tr.bad td { background: #fdecea; } tr.warning td { background: #fff4e5; } tr.good td { background: #edf7ed; }
p.empty { color: #59636e; font-style: italic; }
footer { margin-top: 16px; color: #59636e; font-size: 11px; }
@media print { body { margin: 0; } th { position: static; } thead { display: table-header-group; } tr { break-inside: avoid; } }
)";

QString rowClass(RowTone tone)
{
    switch (tone) {
    case RowTone::Bad: return QStringLiteral(" class=\"bad\"");
    case RowTone::Warning: return QStringLiteral(" class=\"warning\"");
    case RowTone::Good: return QStringLiteral(" class=\"good\"");
    case RowTone::Neutral: break;
    }
    return {};
}

QString cellClass(ColumnType type)
{
    switch (type) {
    case ColumnType::Integer:
    case ColumnType::Percent: return QStringLiteral(" class=\"num\"");
    case ColumnType::Time: return QStringLiteral(" class=\"time\"");
    case ColumnType::Monospace: return QStringLiteral(" class=\"mono\"");
    case ColumnType::Text: return QStringLiteral(" class=\"text\"");
    default: return {};
    }
}

QString cellHtml(const QJsonValue& cell, ColumnType type)
{
    if (type == ColumnType::List) { // one item per line reads better than a long "; " run
        QStringList items;
        for (const QJsonValue& v : cell.toArray())
            items << escapeHtml(v.toString());
        return items.join(QLatin1String("<br>"));
    }
    return escapeHtml(cellDisplayText(cell, type));
}

QString metaHtml(const Report& r)
{
    QStringList filters;
    for (const ReportFilter& f : r.filters)
        filters << escapeHtml(f.label) + QLatin1String(": ") + escapeHtml(f.value);
    QString html = QStringLiteral("<dl class=\"meta\">\n");
    const auto item = [&](const QString& term, const QString& valueHtml) {
        html += QStringLiteral("<dt>%1</dt><dd>%2</dd>\n").arg(term, valueHtml);
    };
    item(QStringLiteral("Host"), escapeHtml(r.host));
    item(QStringLiteral("Generated"), escapeHtml(formatReportTime(r.generated)));
    item(QStringLiteral("Time range"), escapeHtml(r.rangeText));
    item(QStringLiteral("Filters"), filters.isEmpty() ? QStringLiteral("none") : filters.join(QLatin1String("<br>")));
    item(QStringLiteral("Summary"), escapeHtml(r.summary));
    return html + QStringLiteral("</dl>\n");
}

QString chartHtml(const Report& r)
{
    int max = 1;
    for (const ExpiryBucket& b : r.upcomingExpiry)
        max = std::max(max, b.count);
    QString bars, labels;
    for (int i = 0; i < r.upcomingExpiry.size(); ++i) {
        const ExpiryBucket& b = r.upcomingExpiry[i];
        const int height = b.count == 0 ? 0 : std::max(2, b.count * kChartBarMaxPx / max);
        bars += QStringLiteral("<div class=\"bar\" title=\"%1: %2\"><span>%2</span>"
                               "<div style=\"height:%3px;background:%4\"></div></div>")
                    .arg(QLocale::c().toString(b.month, QStringLiteral("MMMM yyyy")), QString::number(b.count),
                         QString::number(height), expiryMonthColor(i));
        labels += QStringLiteral("<span>%1</span>").arg(QLocale::c().toString(b.month, QStringLiteral("MMM yy")));
    }
    return QStringLiteral("<section class=\"chart\"><h2>Upcoming expirations, next 12 months</h2>\n"
                          "<div class=\"bars\">%1</div>\n<div class=\"labels\">%2</div>\n"
                          "<div class=\"expired\">Already expired: %3</div></section>\n")
        .arg(bars, labels, QString::number(r.alreadyExpired));
}

QString tableHtml(const Report& r)
{
    if (r.rows.isEmpty())
        return QStringLiteral("<p class=\"empty\">No rows match the filters.</p>\n");
    QString html = QStringLiteral("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for (const ReportColumn& c : r.columns)
        html += QStringLiteral("<th>%1</th>").arg(escapeHtml(c.title));
    html += QStringLiteral("</tr></thead>\n<tbody>\n");
    for (const ReportRow& row : r.rows) {
        html += QStringLiteral("<tr%1>").arg(rowClass(row.tone));
        for (int i = 0; i < r.columns.size(); ++i)
            html += QStringLiteral("<td%1>%2</td>")
                        .arg(cellClass(r.columns[i].type), cellHtml(row.cells.value(i), r.columns[i].type));
        html += QStringLiteral("</tr>\n");
    }
    return html + QStringLiteral("</tbody>\n</table></div>\n");
}

} // namespace

QByteArray renderHtml(const Report& report)
{
    QString html =
        QStringLiteral(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"Certlife %1\">\n"
            "<title>%2 – %3</title>\n<style>%4</style>\n</head>\n<body>\n")
            .arg(QStringLiteral(CERTLIFE_VERSION), escapeHtml(report.title), escapeHtml(report.host),
                 QLatin1String(kStyle));
    html += QStringLiteral("<h1>%1</h1>\n").arg(escapeHtml(report.title));
    html += metaHtml(report);
    if (report.kind == ReportKind::Certificates)
        html += chartHtml(report);
    html += tableHtml(report);
    html += QStringLiteral("<footer>Certlife %1 · %2 · generated %3</footer>\n</body>\n</html>\n")
                .arg(QStringLiteral(CERTLIFE_VERSION), escapeHtml(report.host),
                     escapeHtml(formatReportTime(report.generated)));
    return html.toUtf8();
}

} // namespace certlife
