// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/StoreTypes.h"

#include <QIcon>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>

namespace certlife::ui {

// The one place a store kind gets its icon (resources/icons/store-*.svg): a new
// StoreKind adds its case here (the switch has no default, so the compiler asks).
QString storeKindIconPath(StoreKind kind);
QIcon storeKindIcon(StoreKind kind);

// The stores table sorted, each store's kind shown with its icon (StoreListModel's
// KindRole on the kind column).
class StoreTableProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
};

// Draws the endpoint icon beside the "Served" column's text where an endpoint serves the
// certificate (CertificateTableModel's ServedRole).
class ServedIconDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace certlife::ui
