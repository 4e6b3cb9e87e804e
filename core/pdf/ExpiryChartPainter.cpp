// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "pdf/ExpiryChartPainter.h"

#include <QColor>
#include <QLocale>
#include <QPainter>

namespace certlife {

namespace {

constexpr double kTitleRowMm = 6.0;

QFont sized(const QFont& base, double pointSize, bool bold = false)
{
    QFont f = base;
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

} // namespace

void paintExpiryChart(QPainter& painter, const QRectF& area, const QList<ExpiryBucket>& months, int alreadyExpired,
                      double dotsPerMm, const QFont& font)
{
    painter.save();
    BarChart chart;
    chart.style.labelFont = sized(font, 6.5);
    chart.style.totalFont = sized(font, 7.0);
    chart.style.minimumLabelPointSize = 5.0;
    chart.style.gap = 1.0 * dotsPerMm;
    chart.style.lineWidth = 0.2 * dotsPerMm;

    // Title row: what the chart shows, and what it cannot show (already expired).
    const QRectF titleRow(area.left(), area.top(), area.width(), kTitleRowMm * dotsPerMm);
    painter.setFont(sized(font, 9.0, true));
    painter.setPen(chart.style.ink);
    int total = 0;
    for (const ExpiryBucket& b : months)
        total += b.count;
    painter.drawText(titleRow, Qt::AlignLeft | Qt::AlignVCenter,
                     QStringLiteral("Upcoming expirations, next 12 months: %1").arg(total));
    painter.setPen(alreadyExpired > 0 ? QColor::fromString(expiryMonthColor(0)) : chart.style.muted);
    painter.drawText(titleRow, Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("Already expired: %1").arg(alreadyExpired));

    // One bar per month, coloured by how soon it comes.
    for (int i = 0; i < months.size(); ++i) {
        const ExpiryBucket& b = months[i];
        BarChartBar bar;
        bar.labels = {QLocale::c().toString(b.month, QStringLiteral("MMM yyyy")),
                      QLocale::c().toString(b.month, QStringLiteral("MMM"))};
        bar.segments = {{b.count, QColor::fromString(expiryMonthColor(i))}};
        chart.bars << bar;
    }
    const QRectF plotArea(area.left(), titleRow.bottom(), area.width(), area.height() - titleRow.height());
    const BarChartLayout layout = layoutBarChart(chart, plotArea, painter.device());
    paintBarChart(painter, chart, layout);
    painter.restore();
}

} // namespace certlife
