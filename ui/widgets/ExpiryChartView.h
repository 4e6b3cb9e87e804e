// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ExpirySummary.h"

#include <QChartView>

class QLabel;
class QBarCategoryAxis;
class QBarSet;
class QStackedBarSeries;
class QValueAxis;

namespace certlife::ui {

// Upcoming expirations over the next 12 months, one stacked bar per month coloured by
// the certificates' state today. Clicking a month emits monthClicked with its index in
// ExpirySummary::months.
class ExpiryChartView : public QChartView
{
    Q_OBJECT
public:
    explicit ExpiryChartView(QWidget* parent = nullptr);
    void setSummary(const ExpirySummary& summary);
    // While the stores are read the chart is empty for want of data, not of expiries.
    void setReading(bool reading);
    QString emptyText() const;
    const ExpirySummary& summary() const { return m_summary; }
    // Where a month's bar is, in viewport coordinates (the middle of its stack).
    QPoint monthBarPosition(int month) const;

Q_SIGNALS:
    void monthClicked(int month);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    ExpirySummary m_summary;
    QStackedBarSeries* m_series = nullptr;
    QBarCategoryAxis* m_months = nullptr;
    QValueAxis* m_counts = nullptr;
    QList<QPair<ExpiryState, QBarSet*>> m_sets;
    QLabel* m_empty = nullptr;
};

} // namespace certlife::ui
