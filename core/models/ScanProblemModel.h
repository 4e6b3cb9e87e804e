// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/KeyedTableModel.h"
#include "stores/StoreTypes.h"

namespace certlife {

// The files of one store that could not be read, and why.
class ScanProblemModel : public KeyedTableModel<ScanProblem>
{
    Q_OBJECT
public:
    enum Column { PathColumn, ReasonColumn, ColumnCount };

    explicit ScanProblemModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setProblems(const QList<ScanProblem>& problems);
    const ScanProblem& problemAt(int row) const { return m_rows.at(row); }
};

} // namespace certlife
