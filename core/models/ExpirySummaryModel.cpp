// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/ExpirySummaryModel.h"

#include "models/ExpiryColors.h"

#include <algorithm>
#include <QFont>

namespace certlife {

namespace {
// Column headers narrow enough for a side panel; the tooltip has the full name.
QString shortStateName(ExpiryState state)
{
    switch (state) {
    case ExpiryState::Within30: return ExpirySummaryModel::tr("≤ 30 d");
    case ExpiryState::Within60: return ExpirySummaryModel::tr("≤ 60 d");
    case ExpiryState::Within90: return ExpirySummaryModel::tr("≤ 90 d");
    default: return expiryStateName(state);
    }
}
} // namespace

ExpirySummaryModel::ExpirySummaryModel(QObject* parent) : KeyedTableModel(parent) {}

int ExpirySummaryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExpirySummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section >= 0 && section < ColumnCount) {
        const bool isState = section >= FirstStateColumn && section < TotalColumn;
        if (role == Qt::DisplayRole) {
            if (section == StoreColumn)
                return tr("Store");
            if (section == TotalColumn)
                return tr("Total");
            return shortStateName(ExpiryState(section - FirstStateColumn));
        }
        if (role == Qt::ToolTipRole && isState)
            return expiryStateName(ExpiryState(section - FirstStateColumn));
        if (role == Qt::DecorationRole && isState)
            return expiryStateColor(ExpiryState(section - FirstStateColumn));
    }
    return KeyedTableModel::headerData(section, orientation, role);
}

QVariant ExpirySummaryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StoreExpiry& row = m_rows.at(index.row());
    const int column = index.column();
    const bool isState = column >= FirstStateColumn && column < TotalColumn;
    switch (role) {
    case Qt::DisplayRole:
        if (column == StoreColumn)
            return row.storeName;
        if (!row.scanned)
            return QStringLiteral("…"); // not read yet: no number that reads as "none"
        if (column == TotalColumn)
            return row.counts.total();
        return row.counts[ExpiryState(column - FirstStateColumn)];
    case Qt::TextAlignmentRole:
        if (column != StoreColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (isState && row.counts[ExpiryState(column - FirstStateColumn)] > 0
            && column - FirstStateColumn <= int(ExpiryState::Expiring))
            return expiryStateColor(ExpiryState(column - FirstStateColumn));
        return {};
    case Qt::FontRole:
        if (row.storeKey.isEmpty()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case StoreKeyRole: return row.storeKey;
    case StateRole: return isState ? column - FirstStateColumn : -1;
    default: return {};
    }
}

void ExpirySummaryModel::setSummary(const ExpirySummary& summary)
{
    m_summary = summary;
    QList<StoreExpiry> rows = summary.stores;
    const bool anyScanned = summary.stores.isEmpty()
        || std::any_of(summary.stores.cbegin(), summary.stores.cend(), [](const StoreExpiry& s) { return s.scanned; });
    rows.append({QString(), tr("All stores"), summary.total, anyScanned});
    updateRows(
        std::move(rows), [](const StoreExpiry& s) { return s.storeKey; },
        [](const StoreExpiry& a, const StoreExpiry& b) {
            return a.storeName == b.storeName && a.counts == b.counts && a.scanned == b.scanned;
        },
        kAlwaysIncremental);
}

} // namespace certlife
