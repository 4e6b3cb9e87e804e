// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "LifetimeBarDelegate.h"

#include "models/CertificateTableModel.h"

#include <QPainter>

namespace certlife::ui {

void LifetimeBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const double percent = index.data(CertificateTableModel::LifetimePercentRole).toDouble();
    const QColor color = index.data(CertificateTableModel::StateColorRole).value<QColor>();
    if (!color.isValid())
        return;
    const QRect r = option.rect.adjusted(6, 0, -6, 0);
    const int height = 3;
    const QRect track(r.left(), r.bottom() - height - 2, r.width(), height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    QColor trackColor = color;
    trackColor.setAlpha(45);
    painter->fillRect(track, trackColor);
    QRect fill = track;
    fill.setWidth(qMax(percent > 0 ? 1 : 0, int(track.width() * std::clamp(percent, 0.0, 100.0) / 100.0)));
    painter->fillRect(fill, color);
    painter->restore();
}

} // namespace certlife::ui
