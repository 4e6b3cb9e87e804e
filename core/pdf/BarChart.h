// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QRectF>
#include <QStringList>

class QPaintDevice;
class QPainter;

namespace certlife {

// A stacked bar chart drawn with QPainter alone: the PDF report's expiry chart and the
// console's Overview chart are both this drawing. Its layout is computed with the
// paint device's font metrics, so no text is ever cut or elided: a bar's label takes the
// longest of its forms that fits every bar's slot (a smaller font only when even the
// shortest does not), and the legend wraps onto further rows.
struct BarChartSegment
{
    int value = 0;
    QColor color;
};

struct BarChartBar
{
    QStringList labels;              // the label under the bar, longest form first: "Mar 2026", "Mar"
    QList<BarChartSegment> segments; // stacked bottom up
    int total() const;
};

struct BarChartLegendEntry
{
    QString text;
    QColor color;
};

struct BarChartStyle
{
    QFont labelFont;                  // bar labels, axis values and the legend
    QFont totalFont;                  // the totals above the bars
    double minimumLabelPointSize = 6; // bar labels shrink down to this, never further
    double gap = 4;                   // between the parts, in device units
    double lineWidth = 1;
    double barShareOfSlot = 0.62;
    bool showTotals = true;
    bool boldNonZeroTotals = true;
    QColor ink = QColor(0x1F, 0x23, 0x28);
    QColor muted = QColor(0x59, 0x63, 0x6E);
    QColor grid = QColor(0xD0, 0xD7, 0xDE);
};

struct BarChart
{
    QList<BarChartBar> bars;
    QList<BarChartLegendEntry> legend; // below the bars; none: no legend
    BarChartStyle style;
};

// Where every part of the chart goes (device coordinates) and what each text says.
struct BarChartLayout
{
    QRectF plot; // the bars' area, the value axis at its left, the labels below
    int axisMaximum = 1;
    int axisStep = 1;
    QFont barLabelFont;          // labelFont, or smaller when no form fitted
    QStringList barLabels;       // the form chosen for each bar
    QList<QRectF> barSlots;      // each bar's column, full height of the plot
    QList<QRectF> barLabelRects; // where each label is drawn (its slot's width)
    QStringList axisLabels;      // the value axis, bottom up
    QList<QRectF> axisLabelRects;
    QList<QRectF> legendSwatches;
    QList<QRectF> legendTextRects; // each entry's text, exactly as wide as the text
    QRectF legendArea;

    // The bar whose column holds `point`, or -1.
    int barAt(const QPointF& point) const;
    // The middle of a bar's stack (of its column when the bar is empty).
    QPointF barCentre(int bar, int total) const;
};

BarChartLayout layoutBarChart(const BarChart& chart, const QRectF& area, const QPaintDevice* device);
void paintBarChart(QPainter& painter, const BarChart& chart, const BarChartLayout& layout);

// A round axis maximum ≥ value with `step` between grid lines (1, 2, 5 × 10^k).
int niceAxisMaximum(int value, int* step);

} // namespace certlife
