// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "StoreKindIcons.h"

#include "models/CertificateTableModel.h"
#include "models/StoreListModel.h"

namespace certlife::ui {

QString storeKindIconPath(StoreKind kind)
{
    switch (kind) {
    case StoreKind::Directory: return QStringLiteral(":/certlife/icons/store-directory.svg");
    case StoreKind::File: return QStringLiteral(":/certlife/icons/store-file.svg");
    case StoreKind::TlsEndpoint: return QStringLiteral(":/certlife/icons/store-tls.svg");
    case StoreKind::KeyStore: return QStringLiteral(":/certlife/icons/store-keystore.svg");
    case StoreKind::Nss: return QStringLiteral(":/certlife/icons/store-nss.svg");
    case StoreKind::Pkcs11: return QStringLiteral(":/certlife/icons/store-pkcs11.svg");
    }
    return {};
}

QIcon storeKindIcon(StoreKind kind)
{
    return QIcon(storeKindIconPath(kind));
}

QVariant StoreTableProxy::data(const QModelIndex& index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == StoreListModel::KindColumn)
        return storeKindIcon(StoreKind(index.data(StoreListModel::KindRole).toInt()));
    return QSortFilterProxyModel::data(index, role);
}

void ServedIconDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(CertificateTableModel::ServedRole).toBool()) {
        option->icon = storeKindIcon(StoreKind::TlsEndpoint);
        option->features |= QStyleOptionViewItem::HasDecoration;
    }
}

} // namespace certlife::ui
