// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/ExpirySummary.h"
#include "models/KeyedTableModel.h"

namespace certlife {

// The overview's per-store table: one row per store and a last row for all stores, one
// column per expiry state and the total.
class ExpirySummaryModel : public KeyedTableModel<StoreExpiry>
{
    Q_OBJECT
public:
    enum Column { StoreColumn, FirstStateColumn, TotalColumn = FirstStateColumn + kExpiryBinCount, ColumnCount };
    enum Role { StoreKeyRole = Qt::UserRole + 1, StateRole /* int(ExpiryState), -1 outside state columns */ };

    explicit ExpirySummaryModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSummary(const ExpirySummary& summary);
    const ExpirySummary& summary() const { return m_summary; }
    bool isTotalRow(int row) const { return m_rows.at(row).storeKey.isEmpty(); }

private:
    ExpirySummary m_summary;
};

} // namespace certlife
