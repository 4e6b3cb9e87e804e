// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "pdf/BarChart.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace certlife {

namespace {

QFontMetricsF metricsOf(const QFont& font, const QPaintDevice* device)
{
    return device ? QFontMetricsF(font, device) : QFontMetricsF(font);
}

QString labelForm(const BarChartBar& bar, qsizetype form)
{
    if (bar.labels.isEmpty())
        return {};
    return bar.labels.at(std::min(form, bar.labels.size() - 1));
}

// The bar labels' font and form: the longest form that fits every slot at the style's
// size, else at a smaller size, down to the style's minimum.
std::pair<QFont, qsizetype> fitBarLabels(const BarChart& chart, double slotWidth, const QPaintDevice* device)
{
    qsizetype forms = 1;
    for (const BarChartBar& bar : chart.bars)
        forms = std::max(forms, bar.labels.size());
    QFont font = chart.style.labelFont;
    const double startSize = font.pointSizeF();
    const double sizeStep = 0.5;
    for (double size = startSize;; size -= sizeStep) {
        if (startSize > 0)
            font.setPointSizeF(size);
        const QFontMetricsF metrics = metricsOf(font, device);
        for (qsizetype form = 0; form < forms; ++form) {
            const bool fits = std::all_of(chart.bars.cbegin(), chart.bars.cend(), [&](const BarChartBar& bar) {
                return metrics.horizontalAdvance(labelForm(bar, form)) <= slotWidth - chart.style.gap;
            });
            if (fits)
                return {font, form};
        }
        if (startSize <= 0 || size - sizeStep < chart.style.minimumLabelPointSize)
            return {font, forms - 1}; // nothing fits: the shortest form at the smallest size
    }
}

} // namespace

int BarChartBar::total() const
{
    int sum = 0;
    for (const BarChartSegment& segment : segments)
        sum += segment.value;
    return sum;
}

int niceAxisMaximum(int value, int* step)
{
    value = std::max(value, 1);
    if (value <= 5) {
        *step = 1;
        return value;
    }
    const double raw = value / 4.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
    *step = std::max(1, int(std::lround(nice * magnitude)));
    return int(std::ceil(double(value) / *step)) * *step;
}

int BarChartLayout::barAt(const QPointF& point) const
{
    for (qsizetype i = 0; i < barSlots.size(); ++i) {
        const QRectF& slot = barSlots[i];
        if (point.x() >= slot.left() && point.x() < slot.right() && point.y() >= slot.top()
            && point.y() <= barLabelRects[i].bottom())
            return int(i);
    }
    return -1;
}

QPointF BarChartLayout::barCentre(int bar, int total) const
{
    if (bar < 0 || bar >= barSlots.size())
        return {};
    const QRectF& slot = barSlots[bar];
    if (total <= 0)
        return slot.center();
    return {slot.center().x(), plot.bottom() - plot.height() * (total / 2.0) / axisMaximum};
}

BarChartLayout layoutBarChart(const BarChart& chart, const QRectF& area, const QPaintDevice* device)
{
    const BarChartStyle& style = chart.style;
    BarChartLayout layout;
    const QFontMetricsF label = metricsOf(style.labelFont, device);

    // The legend, bottom up: entries flow left to right and wrap, each row centred.
    double legendHeight = 0;
    if (!chart.legend.isEmpty()) {
        const double swatch = label.height() * 0.7;
        const double entryGap = 3 * style.gap;
        QList<QList<qsizetype>> rows{{}};
        QList<double> rowWidths{0};
        auto entryWidth = [&](qsizetype i) {
            return swatch + style.gap + label.horizontalAdvance(chart.legend[i].text);
        };
        for (qsizetype i = 0; i < chart.legend.size(); ++i) {
            const double width = entryWidth(i);
            double& rowWidth = rowWidths.last();
            if (!rows.last().isEmpty() && rowWidth + entryGap + width > area.width()) {
                rows.append(QList<qsizetype>());
                rowWidths.append(0);
            }
            rowWidths.last() += (rows.last().isEmpty() ? 0 : entryGap) + width;
            rows.last().append(i);
        }
        const double rowHeight = label.height();
        legendHeight = rows.size() * rowHeight + (rows.size() - 1) * style.gap / 2;
        layout.legendArea = QRectF(area.left(), area.bottom() - legendHeight, area.width(), legendHeight);
        layout.legendSwatches.resize(chart.legend.size());
        layout.legendTextRects.resize(chart.legend.size());
        for (qsizetype r = 0; r < rows.size(); ++r) {
            double x = area.left() + (area.width() - rowWidths[r]) / 2;
            const double y = layout.legendArea.top() + r * (rowHeight + style.gap / 2);
            for (qsizetype i : rows[r]) {
                layout.legendSwatches[i] = QRectF(x, y + (rowHeight - swatch) / 2, swatch, swatch);
                const double textWidth = label.horizontalAdvance(chart.legend[i].text);
                layout.legendTextRects[i] = QRectF(x + swatch + style.gap, y, textWidth, rowHeight);
                x += entryWidth(i) + entryGap;
            }
        }
        legendHeight += style.gap;
    }

    // The value axis: its widest label decides the column it needs.
    int maxTotal = 0;
    for (const BarChartBar& bar : chart.bars)
        maxTotal = std::max(maxTotal, bar.total());
    layout.axisMaximum = niceAxisMaximum(maxTotal, &layout.axisStep);
    double axisWidth = 0;
    for (int v = 0; v <= layout.axisMaximum; v += layout.axisStep) {
        layout.axisLabels << QLocale().toString(v);
        axisWidth = std::max(axisWidth, label.horizontalAdvance(layout.axisLabels.last()));
    }
    axisWidth += style.gap;

    const double totalsRoom = style.showTotals ? metricsOf(style.totalFont, device).height() : 0;
    const double plotWidth = std::max(1.0, area.width() - axisWidth);
    const double slotWidth = chart.bars.isEmpty() ? plotWidth : plotWidth / chart.bars.size();
    const auto [barLabelFont, form] = fitBarLabels(chart, slotWidth, device);
    layout.barLabelFont = barLabelFont;
    const double labelRow = metricsOf(barLabelFont, device).height() + style.gap / 2;
    const double plotTop = area.top() + totalsRoom + label.height() / 2;
    const double plotBottom = area.bottom() - legendHeight - labelRow;
    layout.plot = QRectF(area.left() + axisWidth, plotTop, plotWidth, std::max(1.0, plotBottom - plotTop));

    for (qsizetype i = 0; i < chart.bars.size(); ++i) {
        const QRectF slot(layout.plot.left() + slotWidth * i, layout.plot.top(), slotWidth, layout.plot.height());
        layout.barSlots << slot;
        layout.barLabels << labelForm(chart.bars[i], form);
        layout.barLabelRects << QRectF(slot.left(), layout.plot.bottom() + style.gap / 2, slotWidth, labelRow);
    }
    for (qsizetype i = 0; i < layout.axisLabels.size(); ++i) {
        const double y = layout.plot.bottom() - layout.plot.height() * (i * layout.axisStep) / layout.axisMaximum;
        layout.axisLabelRects << QRectF(area.left(), y - label.height() / 2, axisWidth - style.gap, label.height());
    }
    return layout;
}

void paintBarChart(QPainter& painter, const BarChart& chart, const BarChartLayout& layout)
{
    const BarChartStyle& style = chart.style;
    painter.save();
    const QRectF& plot = layout.plot;

    // Grid lines with their values.
    painter.setFont(style.labelFont);
    for (qsizetype i = 0; i < layout.axisLabels.size(); ++i) {
        const double y = layout.axisLabelRects[i].center().y();
        painter.setPen(QPen(i == 0 ? style.muted : style.grid, style.lineWidth));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(style.muted);
        painter.drawText(layout.axisLabelRects[i], Qt::AlignRight | Qt::AlignVCenter | Qt::TextDontClip,
                         layout.axisLabels[i]);
    }

    // The bars, stacked bottom up; the total above, the label below.
    const double unit = plot.height() / layout.axisMaximum;
    for (qsizetype i = 0; i < chart.bars.size(); ++i) {
        const BarChartBar& bar = chart.bars[i];
        const QRectF& slot = layout.barSlots[i];
        const double barWidth = slot.width() * style.barShareOfSlot;
        const double x = slot.left() + (slot.width() - barWidth) / 2;
        double top = plot.bottom();
        for (const BarChartSegment& segment : bar.segments) {
            if (segment.value <= 0)
                continue;
            const double height = unit * segment.value;
            painter.fillRect(QRectF(x, top - height, barWidth, height), segment.color);
            top -= height;
        }
        if (style.showTotals) {
            QFont totalFont = style.totalFont;
            totalFont.setBold(style.boldNonZeroTotals && bar.total() > 0);
            painter.setFont(totalFont);
            painter.setPen(bar.total() > 0 ? style.ink : style.muted);
            const double height = QFontMetricsF(totalFont, painter.device()).height();
            painter.drawText(QRectF(slot.left(), top - height, slot.width(), height),
                             Qt::AlignHCenter | Qt::AlignBottom | Qt::TextDontClip, QLocale().toString(bar.total()));
        }
        painter.setFont(layout.barLabelFont);
        painter.setPen(style.muted);
        painter.drawText(layout.barLabelRects[i], Qt::AlignHCenter | Qt::AlignTop | Qt::TextDontClip,
                         layout.barLabels[i]);
    }

    // The legend.
    painter.setFont(style.labelFont);
    for (qsizetype i = 0; i < chart.legend.size() && i < layout.legendSwatches.size(); ++i) {
        painter.fillRect(layout.legendSwatches[i], chart.legend[i].color);
        painter.setPen(style.ink);
        painter.drawText(layout.legendTextRects[i], Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip,
                         chart.legend[i].text);
    }
    painter.restore();
}

} // namespace certlife
