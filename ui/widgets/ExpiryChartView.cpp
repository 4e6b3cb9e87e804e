// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ExpiryChartView.h"

#include "models/ExpiryColors.h"

#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

namespace certlife::ui {

namespace {
// States a certificate expiring in the coming months can be in today (never Expired).
constexpr ExpiryState kUpcomingStates[] = {ExpiryState::Expiring, ExpiryState::Within30, ExpiryState::Within60,
                                           ExpiryState::Within90, ExpiryState::Healthy};
constexpr int kMargin = 4;
} // namespace

ExpiryChartView::ExpiryChartView(QWidget* parent) : QWidget(parent)
{
    m_chart.style.labelFont = font();
    m_chart.style.totalFont = font();
    m_chart.style.totalFont.setPointSizeF(font().pointSizeF() * 0.9);
    m_chart.style.minimumLabelPointSize = std::min(7.0, font().pointSizeF());
    m_chart.style.gap = 4;
    m_chart.style.grid = QColor(0xE3, 0xE7, 0xEA);
    m_chart.style.muted = QColor(0x60, 0x7D, 0x8B);
    m_chart.style.boldNonZeroTotals = false;
    for (ExpiryState state : kUpcomingStates)
        m_chart.legend.append({expiryStateName(state), expiryStateColor(state)});

    setMinimumHeight(190); // fits beside the tiles and the agents at 1024x700
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click a month to list the certificates that expire in it"));

    m_empty = new QLabel(this);
    setReading(false);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: #78909c; font-size: 11pt;"));
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_empty->hide();
}

void ExpiryChartView::setSummary(const ExpirySummary& summary)
{
    m_summary = summary;
    m_chart.bars.clear();
    for (const ExpiryMonth& month : summary.months) {
        BarChartBar bar;
        // The year goes on the label when every label has room for it; the axis title
        // names the years anyway.
        bar.labels = {QLocale::c().toString(month.month, QStringLiteral("MMM yyyy")),
                      QLocale::c().toString(month.month, QStringLiteral("MMM"))};
        for (ExpiryState state : kUpcomingStates)
            bar.segments.append({month.counts[state], expiryStateColor(state)});
        m_chart.bars.append(bar);
    }
    m_axisTitle = summary.months.isEmpty()
        ? QString()
        : QStringLiteral("%1 – %2").arg(summary.months.constFirst().label(), summary.months.constLast().label());
    m_empty->setVisible(summary.maxMonthTotal() == 0);
    update();
}

QRectF ExpiryChartView::chartArea() const
{
    // The axis title takes the bottom line; the chart the rest.
    const double titleHeight = fontMetrics().height() + 2;
    return QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin - titleHeight);
}

BarChartLayout ExpiryChartView::chartLayout() const
{
    return layoutBarChart(m_chart, chartArea(), this);
}

void ExpiryChartView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const BarChartLayout layout = chartLayout();
    paintBarChart(painter, m_chart, layout);
    if (!m_axisTitle.isEmpty()) {
        const QRectF area = chartArea();
        painter.setPen(m_chart.style.muted);
        painter.drawText(QRectF(layout.plot.left(), area.bottom(), layout.plot.width(), height() - area.bottom()),
                         Qt::AlignHCenter | Qt::AlignVCenter, m_axisTitle);
    }
}

QPoint ExpiryChartView::monthBarPosition(int month) const
{
    const int total = month >= 0 && month < m_summary.months.size() ? m_summary.months[month].counts.total() : 0;
    return chartLayout().barCentre(month, total).toPoint();
}

void ExpiryChartView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        const int month = chartLayout().barAt(event->position());
        if (month >= 0 && month < m_summary.months.size() && m_summary.months[month].counts.total() > 0)
            Q_EMIT monthClicked(month);
    }
    QWidget::mouseReleaseEvent(event);
}

void ExpiryChartView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
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
