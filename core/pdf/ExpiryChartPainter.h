// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pdf/BarChart.h"
#include "reports/Report.h"

#include <QFont>
#include <QRectF>

class QPainter;

namespace certlife {

// Draws the report's upcoming-expiry chart (one bar per month, QPainter only: core has
// no QtCharts) into `area`, for any paint device, through paintBarChart (the console's
// Overview chart is the same drawing). `dotsPerMm` scales strokes and gaps; `font` is
// the base font (its point size is adjusted for titles and labels).
void paintExpiryChart(QPainter& painter, const QRectF& area, const QList<ExpiryBucket>& months, int alreadyExpired,
                      double dotsPerMm, const QFont& font);

} // namespace certlife
