// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/CertificateRow.h"
#include "models/Inventory.h"
#include "util/Clock.h"

#include "models/KeyedTableModel.h"

#include <memory>
#include <vector>

namespace certlife {

// Every certificate of every monitored store, one row per certificate and store (a
// certificate at several paths of a store is one row with all its locations). Rows are rebuilt from an
// Inventory; a rescan updates rows in place (dataChanged), removes what left and appends
// what arrived, so a view keeps its selection and scroll position.
class CertificateTableModel : public KeyedTableModel<CertificateRow>
{
    Q_OBJECT
public:
    // Ordered as an admin reads a row: what, how urgent, where, then the details.
    enum Column {
        SubjectColumn,
        StateColumn,
        DaysLeftColumn,
        NotAfterColumn,
        LifetimeColumn,
        StoreColumn,
        SansColumn,
        IssuerColumn,
        ThumbprintColumn,
        TemplateColumn,
        EkusColumn,
        PrivateKeyColumn,
        LocationsColumn, // how many places of the store hold it
        PathColumn,      // its primary location, "+N" for the others
        ServedColumn,    // the endpoints that serve it (rows of other stores than endpoint stores)
        HostColumn,      // a fleet's host (docs/fleet.md); empty on this computer's rows
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers for dates, days and percent; folded text otherwise
        StateRole,                   // int(ExpiryState)
        UrgencyRole,                 // int(UrgencyGroup)
        StateColorRole,              // QColor of the state
        ThumbprintRole,
        StoreKeyRole,
        PathRole,            // the primary location's path
        LifetimePercentRole, // double 0–100
        ServedRole,          // bool: some endpoint store serves it (ServedColumn)
        HostRole,            // the row's host: a fleet's, empty for this computer's
    };

    explicit CertificateTableModel(std::shared_ptr<const Clock> clock, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The order of built rows. ByUrgency is the order CertificateFilterModel shows when it
    // sorts by state ascending, the table's default ("most urgent first", moreUrgent()),
    // ties in inventory order.
    enum class RowOrder { Inventory, ByUrgency };
    // Rows for an inventory, classified at `now` (CertificateClassifier: the thresholds,
    // and the archived certificates the inventory's stores carry): pure, so it may run on
    // a worker thread (it uses every core). Identities are unique: one row per store,
    // path and index.
    static QList<CertificateRow> buildRows(const Inventory& inventory, const QDateTime& now,
                                           const ExpiryThresholds& thresholds, RowOrder order = RowOrder::Inventory);
    // buildRows() in two steps, so that a first screenful can be shown before the rest is
    // built: the plan classifies and orders every certificate (the cheap part), rows()
    // makes the rows. Pure and self-contained (the rows share the plan's RowInventory,
    // which holds the inventory), so it may be built on one worker and used on another.
    class RowPlan
    {
    public:
        RowPlan(Inventory inventory, const QDateTime& now, const ExpiryThresholds& thresholds, RowOrder order);
        qsizetype size() const { return qsizetype(m_sources.size()); }
        // The first `count` rows in the plan's order (every row when count < 0), equal to
        // the first rows of buildRows(); a screenful is built on the calling thread, more
        // on every core.
        QList<CertificateRow> rows(qsizetype count = -1) const;

    private:
        struct Source
        {
            ExpiryInfo expiry;
            qsizetype store;
            qsizetype group; // in m_groups[store]
        };
        CertificateRow buildRow(const Source& source) const;

        std::shared_ptr<const RowInventory> m_inventory;
        QList<QList<QList<qsizetype>>> m_groups; // locationGroups() of each store
        std::vector<Source> m_sources;           // where each row comes from, in order
        QHash<QByteArray, QList<ServedLocation>> m_served;
    };
    void setInventory(const Inventory& inventory);
    // Rows must have unique identities, as buildRows() makes them.
    void setRows(QList<CertificateRow> rows);

    // Re-evaluates days left and states (the clock moved or the policy changed).
    void setThresholds(const ExpiryThresholds& thresholds);
    const ExpiryThresholds& thresholds() const { return m_thresholds; }
    void refreshExpiry();
    QDateTime now() const { return m_clock->now(); }

    const CertificateRow& rowAt(int row) const { return m_rows.at(row); }
    const QList<CertificateRow>& rows() const { return m_rows; }
    int findThumbprint(const QString& thumbprint) const; // -1 when absent
    // A row of that certificate, in that store when it is there; -1 when absent.
    int findSha256(const Sha256Digest& sha256, const QString& preferredStoreKey = {}) const;

    static QString columnTitle(int column);
    // "Served at www.example.org:443", "… +1" (other endpoints); empty when not served.
    static QString servedText(const QList<ServedLocation>& servedAt);
    // The text a column shows for a row (also what text columns sort by).
    QString displayText(const CertificateRow& row, int column) const;

private:
    QVariant sortData(const CertificateRow& row, int column) const;
    QVariant toolTipData(const CertificateRow& row, int column) const;
    std::shared_ptr<const Clock> m_clock;
    ExpiryThresholds m_thresholds;
};

} // namespace certlife
