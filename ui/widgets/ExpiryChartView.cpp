// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ExpiryChartView.h"

#include "models/ExpiryColors.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QLabel>
#include <QLegendMarker>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <cmath>

namespace certlife::ui {

namespace {
// States a certificate expiring in the coming months can be in today (never Expired).
constexpr ExpiryState kUpcomingStates[] = {ExpiryState::Expiring, ExpiryState::Within30, ExpiryState::Within60,
                                           ExpiryState::Within90, ExpiryState::Healthy};

// A "nice" axis maximum and tick count for integer counts: 0–5, 0–10, 0–50, …
std::pair<int, int> niceAxis(int max)
{
    if (max <= 4)
        return {4, 5};
    const double raw = max / 4.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (magnitude * m >= raw) {
            step = magnitude * m;
            break;
        }
    }
    const int istep = std::max(1, int(std::ceil(step)));
    const int top = int(std::ceil(double(max) / istep)) * istep;
    return {top, top / istep + 1};
}
} // namespace

ExpiryChartView::ExpiryChartView(QWidget* parent) : QChartView(parent)
{
    auto* chart = new QChart;
    chart->setBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);

    m_series = new QStackedBarSeries(chart);
    m_series->setBarWidth(0.65);
    for (ExpiryState state : kUpcomingStates) {
        auto* set = new QBarSet(expiryStateName(state), m_series);
        set->setColor(expiryStateColor(state));
        set->setBorderColor(expiryStateColor(state));
        m_series->append(set);
        m_sets.append({state, set});
    }
    chart->addSeries(m_series);

    m_months = new QBarCategoryAxis(chart);
    m_counts = new QValueAxis(chart);
    m_counts->setLabelFormat(QStringLiteral("%d"));
    m_counts->setGridLineColor(QColor(0xE3, 0xE7, 0xEA));
    m_months->setGridLineVisible(false);
    QFont titleFont = m_months->titleFont();
    titleFont.setBold(false);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.9);
    m_months->setTitleFont(titleFont);
    m_months->setTitleBrush(QColor(0x60, 0x7D, 0x8B));
    chart->addAxis(m_months, Qt::AlignBottom);
    chart->addAxis(m_counts, Qt::AlignLeft);
    m_series->attachAxis(m_months);
    m_series->attachAxis(m_counts);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click a month to list the certificates that expire in it"));

    connect(m_series, &QStackedBarSeries::clicked, this, [this](int index, QBarSet*) { Q_EMIT monthClicked(index); });

    m_empty = new QLabel(this);
    setReading(false);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setStyleSheet(QStringLiteral("color: #78909c; font-size: 11pt;"));
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_empty->hide();
}

void ExpiryChartView::setSummary(const ExpirySummary& summary)
{
    m_summary = summary;
    // Month names only (a year on every label does not fit twelve bars); the axis title
    // carries the years.
    QStringList categories;
    for (const ExpiryMonth& month : summary.months)
        categories << QLocale::c().toString(month.month, QStringLiteral("MMM"));
    m_months->setCategories(categories);
    if (!summary.months.isEmpty())
        m_months->setTitleText(
            QStringLiteral("%1 – %2").arg(summary.months.constFirst().label(), summary.months.constLast().label()));
    for (const auto& [state, set] : std::as_const(m_sets)) {
        QList<qreal> values;
        for (const ExpiryMonth& month : summary.months)
            values << month.counts[state];
        set->remove(0, set->count());
        set->append(values);
    }
    const auto [top, ticks] = niceAxis(summary.maxMonthTotal());
    m_counts->setRange(0, top);
    m_counts->setTickCount(ticks);
    m_empty->setVisible(summary.maxMonthTotal() == 0);
}

QPoint ExpiryChartView::monthBarPosition(int month) const
{
    const int total = month >= 0 && month < m_summary.months.size() ? m_summary.months[month].counts.total() : 0;
    const QPointF inChart = chart()->mapToPosition(QPointF(month, total / 2.0), m_series);
    return mapFromScene(chart()->mapToScene(inChart));
}

void ExpiryChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    m_empty->setGeometry(rect());
}

void ExpiryChartView::setReading(bool reading)
{
    m_empty->setText(reading ? tr("Reading the stores…") : tr("No certificate expires in the next 12 months."));
}

QString ExpiryChartView::emptyText() const
{
    return m_empty->isHidden() ? QString() : m_empty->text();
}

} // namespace certlife::ui
