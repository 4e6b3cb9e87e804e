// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "reports/Report.h"

#include <QFont>
#include <QRectF>

class QPainter;

namespace certlife {

// Draws the upcoming-expiry chart (one bar per month, QPainter only: core has no
// QtCharts) into `area`, for any paint device: the PDF report, and a later image export.
// `dotsPerMm` scales strokes and gaps; `font` is the base font (its point size is
// adjusted for titles and labels).
void paintExpiryChart(QPainter& painter, const QRectF& area, const QList<ExpiryBucket>& months, int alreadyExpired,
                      double dotsPerMm, const QFont& font);

// A round axis maximum ≥ value with `step` between grid lines (1, 2, 5 × 10^k).
int niceAxisMaximum(int value, int* step);

} // namespace certlife
