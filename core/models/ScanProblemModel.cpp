// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/ScanProblemModel.h"

namespace certlife {

ScanProblemModel::ScanProblemModel(QObject* parent) : KeyedTableModel(parent) {}

int ScanProblemModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScanProblemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        if (section == PathColumn)
            return tr("File");
        if (section == ReasonColumn)
            return tr("Problem");
    }
    return KeyedTableModel::headerData(section, orientation, role);
}

QVariant ScanProblemModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ScanProblem& problem = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return index.column() == PathColumn ? problem.path : problem.error;
    return {};
}

void ScanProblemModel::setProblems(const QList<ScanProblem>& problems)
{
    // Problems never change in place: one identity is the whole problem.
    updateRows(
        problems, [](const ScanProblem& p) { return p.path + QLatin1Char('\n') + p.error; },
        [](const ScanProblem&, const ScanProblem&) { return true; }, kAlwaysIncremental);
}

} // namespace certlife
