// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/Inventory.h"
#include "models/KeyedTableModel.h"

#include <QHash>

namespace certlife {

// The monitored stores of both scopes: what they are, where, how many certificates the
// last scan found and how many files it could not read.
class StoreListModel : public KeyedTableModel<StoreInventory>
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        ScopeColumn,
        KindColumn,
        PathColumn,
        CountColumn,
        LastScanColumn,
        ProblemsColumn,
        AccessColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        StoreKeyRole = Qt::UserRole + 1,
        ScopeRole,
        ReadOnlyRole,
        ProblemCountRole,
        SortRole,
        KindRole, // int(StoreKind): the page draws the kind's icon from it
    };

    explicit StoreListModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setInventory(const Inventory& inventory);
    const StoreInventory& storeAt(int row) const { return m_rows.at(row); }
    int findStore(const QString& key) const; // -1 when absent

    // The store's problems as a user reads them: the per-file problems (for an endpoint
    // store, the addresses without a handshake), plus one line when the store's path
    // itself is missing.
    static QList<ScanProblem> problemsOf(const StoreInventory& store);
    // The kind as the Stores page names it ("Directory", "TLS endpoints", …).
    static QString kindText(StoreKind kind);

private:
    QString displayText(const StoreInventory& store, int column) const;
    qsizetype certificateCount(const StoreInventory& store) const;

    // Certificates (not locations) per store key, counted when the inventory is set.
    QHash<QString, qsizetype> m_certificateCounts;
};

} // namespace certlife
