// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ExpirySummary.h"
#include "pdf/BarChart.h"

#include <QWidget>

class QLabel;

namespace certlife::ui {

// Upcoming expirations over the next 12 months, one stacked bar per month coloured by
// the certificates' state today, with the legend below. Drawn by core's paintBarChart
// (the PDF report's chart is the same drawing), laid out with this widget's font
// metrics: month labels and legend entries are never elided, whatever the width.
// Clicking a month emits monthClicked with its index in ExpirySummary::months.
class ExpiryChartView : public QWidget
{
    Q_OBJECT
public:
    explicit ExpiryChartView(QWidget* parent = nullptr);
    void setSummary(const ExpirySummary& summary);
    // While the stores are read the chart is empty for want of data, not of expiries.
    void setReading(bool reading);
    QString emptyText() const;
    const ExpirySummary& summary() const { return m_summary; }
    // Where a month's bar is, in widget coordinates (the middle of its stack).
    QPoint monthBarPosition(int month) const;
    // What is drawn where, at the widget's current size (the tests read the texts).
    const BarChart& chartData() const { return m_chart; }
    BarChartLayout chartLayout() const;
    QString axisTitle() const { return m_axisTitle; }

Q_SIGNALS:
    void monthClicked(int month);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRectF chartArea() const;

    ExpirySummary m_summary;
    BarChart m_chart;
    QString m_axisTitle; // "Mar 2026 – Feb 2027", below the month labels
    QLabel* m_empty = nullptr;
};

} // namespace certlife::ui
