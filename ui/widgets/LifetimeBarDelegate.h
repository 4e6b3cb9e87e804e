// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStyledItemDelegate>

namespace certlife::ui {

// Paints "% of lifetime left" as a slim bar in the state's colour under the number, so
// a column of percentages reads at a glance. Reads CertificateTableModel's
// LifetimePercentRole and StateColorRole.
class LifetimeBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace certlife::ui
