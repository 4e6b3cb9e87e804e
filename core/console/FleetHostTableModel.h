// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/FleetReader.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace certlife {

// The Overview's "By host" table in fleet mode (docs/fleet.md): each host with its
// certificates, how many are expiring and expired, its last contact, and "agent silent"
// when its agent has not been heard from for more than twice its rescan interval.
class FleetHostTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        HostColumn,
        CertificatesColumn,
        ExpiringColumn,
        ExpiredColumn,
        LastContactColumn,
        StatusColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { SilentRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    void setHosts(const QList<fleet::FleetHostStatus>& hosts);
    // Expired and expiring as the console's one classifier judges each host's
    // certificates (its clock and thresholds, as the tiles and By store count them);
    // until set, as the hosts' agents judged them at their last pass.
    struct Counts
    {
        int expired = 0;
        int expiring = 0;
    };
    void setConsoleCounts(const QHash<QString, Counts>& byHost);
    const QList<fleet::FleetHostStatus>& hosts() const { return m_hosts; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<fleet::FleetHostStatus> m_hosts;
    QHash<QString, Counts> m_consoleCounts;
    int expiredOf(const fleet::FleetHostStatus& h) const;
    int expiringOf(const fleet::FleetHostStatus& h) const;
};

} // namespace certlife
