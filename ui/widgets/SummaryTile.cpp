// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "SummaryTile.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QVBoxLayout>

namespace certlife::ui {

SummaryTile::SummaryTile(const QString& title, const QColor& color, QWidget* parent) : QFrame(parent), m_color(color)
{
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(title);
    setStyleSheet(QStringLiteral("certlife--ui--SummaryTile { background: palette(base); border: 1px solid #d5dbe0;"
                                 " border-left: 5px solid %1; border-radius: 4px; }"
                                 "certlife--ui--SummaryTile:focus { border-color: %1; }")
                      .arg(color.name()));
    m_number = new QLabel(QStringLiteral("0"), this);
    QFont big = m_number->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    m_number->setFont(big);
    m_number->setStyleSheet(QStringLiteral("color: %1; border: none;").arg(color.darker(110).name()));
    m_title = new QLabel(title, this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setStyleSheet(QStringLiteral("border: none;"));
    m_title->setWordWrap(true); // "Within 90 days" on two lines in a narrow window, never cut
    m_subtitle = new QLabel(this);
    m_subtitle->setStyleSheet(QStringLiteral("color: #607d8b; border: none;"));
    m_subtitle->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 10, 8);
    layout->setSpacing(0);
    layout->addWidget(m_number);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addStretch();
    setMinimumWidth(100); // seven tiles (with Stale bindings) fit a 1024-pixel window
}

void SummaryTile::setCount(int count)
{
    m_count = count;
    m_number->setText(QLocale().toString(count));
}

QString SummaryTile::numberText() const
{
    return m_number->text();
}

void SummaryTile::setPending()
{
    m_count = 0;
    m_number->setText(QStringLiteral("…"));
}

void SummaryTile::setSubtitle(const QString& text)
{
    m_subtitle->setText(text);
}

QString SummaryTile::subtitle() const
{
    return m_subtitle->text();
}

QString SummaryTile::title() const
{
    return m_title->text();
}

void SummaryTile::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT clicked();
    QFrame::mouseReleaseEvent(event);
}

void SummaryTile::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        Q_EMIT clicked();
        return;
    }
    QFrame::keyPressEvent(event);
}

} // namespace certlife::ui
