// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "pdf/ExpiryChartPainter.h"

#include <QColor>
#include <QLocale>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace certlife {

namespace {

constexpr double kTitleRowMm = 6.0;
constexpr double kMonthLabelRowMm = 5.0;
constexpr double kCountLabelRoomMm = 4.0;
constexpr double kAxisLabelColumnMm = 9.0;
constexpr double kBarShareOfSlot = 0.62;

QFont sized(const QFont& base, double pointSize, bool bold = false)
{
    QFont f = base;
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

} // namespace

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

void paintExpiryChart(QPainter& painter, const QRectF& area, const QList<ExpiryBucket>& months, int alreadyExpired,
                      double dotsPerMm, const QFont& font)
{
    painter.save();
    const QColor ink(0x1F, 0x23, 0x28);
    const QColor muted(0x59, 0x63, 0x6E);
    const QColor grid(0xD0, 0xD7, 0xDE);

    // Title row: what the chart shows, and what it cannot show (already expired).
    const QRectF titleRow(area.left(), area.top(), area.width(), kTitleRowMm * dotsPerMm);
    painter.setFont(sized(font, 9.0, true));
    painter.setPen(ink);
    int total = 0;
    for (const ExpiryBucket& b : months)
        total += b.count;
    painter.drawText(titleRow, Qt::AlignLeft | Qt::AlignVCenter,
                     QStringLiteral("Upcoming expirations, next 12 months: %1").arg(total));
    painter.setPen(alreadyExpired > 0 ? QColor::fromString(expiryMonthColor(0)) : muted);
    painter.drawText(titleRow, Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("Already expired: %1").arg(alreadyExpired));

    const QRectF plot(area.left() + kAxisLabelColumnMm * dotsPerMm, titleRow.bottom() + kCountLabelRoomMm * dotsPerMm,
                      area.width() - kAxisLabelColumnMm * dotsPerMm,
                      area.height() - titleRow.height() - (kCountLabelRoomMm + kMonthLabelRowMm) * dotsPerMm);
    int maxCount = 0;
    for (const ExpiryBucket& b : months)
        maxCount = std::max(maxCount, b.count);
    int step = 1;
    const int axisMax = niceAxisMaximum(maxCount, &step);

    // Grid lines with their values.
    painter.setFont(sized(font, 6.5));
    const double lineWidth = 0.2 * dotsPerMm;
    for (int v = 0; v <= axisMax; v += step) {
        const double y = plot.bottom() - plot.height() * v / axisMax;
        painter.setPen(QPen(v == 0 ? muted : grid, lineWidth));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(muted);
        painter.drawText(QRectF(area.left(), y - 2 * dotsPerMm, (kAxisLabelColumnMm - 1.5) * dotsPerMm, 4 * dotsPerMm),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(v));
    }

    // One bar per month, its count above it, the month below.
    if (months.isEmpty()) {
        painter.restore();
        return;
    }
    const double slot = plot.width() / months.size();
    for (int i = 0; i < months.size(); ++i) {
        const ExpiryBucket& b = months[i];
        const double barWidth = slot * kBarShareOfSlot;
        const double x = plot.left() + slot * i + (slot - barWidth) / 2;
        const double height = plot.height() * b.count / axisMax;
        if (b.count > 0)
            painter.fillRect(QRectF(x, plot.bottom() - height, barWidth, height),
                             QColor::fromString(expiryMonthColor(i)));
        painter.setPen(b.count > 0 ? ink : muted);
        painter.setFont(sized(font, 7.0, b.count > 0));
        painter.drawText(QRectF(plot.left() + slot * i, plot.bottom() - height - kCountLabelRoomMm * dotsPerMm, slot,
                                kCountLabelRoomMm * dotsPerMm),
                         Qt::AlignHCenter | Qt::AlignBottom, QString::number(b.count));
        painter.setPen(muted);
        painter.setFont(sized(font, 6.5));
        painter.drawText(QRectF(plot.left() + slot * i, plot.bottom(), slot, kMonthLabelRowMm * dotsPerMm),
                         Qt::AlignHCenter | Qt::AlignVCenter,
                         QLocale::c().toString(b.month, QStringLiteral("MMM yyyy")));
    }
    painter.restore();
}

} // namespace certlife
