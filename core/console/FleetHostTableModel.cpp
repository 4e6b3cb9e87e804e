// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "console/FleetHostTableModel.h"

#include "models/ExpiryColors.h"

#include <QColor>
#include <algorithm>

namespace certlife {

void FleetHostTableModel::setHosts(const QList<fleet::FleetHostStatus>& hosts)
{
    // The same hosts read again (the console polls them): their cells change in place,
    // so the table keeps its selection and scroll position.
    const bool sameHosts = std::equal(hosts.cbegin(), hosts.cend(), m_hosts.cbegin(), m_hosts.cend(),
                                      [](const auto& a, const auto& b) { return a.host == b.host; });
    if (sameHosts) {
        m_hosts = hosts;
        if (!m_hosts.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_hosts.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_hosts = hosts;
    endResetModel();
}

void FleetHostTableModel::setConsoleCounts(const QHash<QString, Counts>& byHost)
{
    m_consoleCounts = byHost;
    if (!m_hosts.isEmpty())
        Q_EMIT dataChanged(index(0, ExpiringColumn), index(int(m_hosts.size()) - 1, ExpiredColumn));
}

int FleetHostTableModel::expiredOf(const fleet::FleetHostStatus& h) const
{
    const auto it = m_consoleCounts.constFind(h.host);
    return it != m_consoleCounts.cend() ? it->expired : h.count(ExpiryState::Expired);
}

int FleetHostTableModel::expiringOf(const fleet::FleetHostStatus& h) const
{
    const auto it = m_consoleCounts.constFind(h.host);
    return it != m_consoleCounts.cend() ? it->expiring : h.count(ExpiryState::Expiring);
}

int FleetHostTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_hosts.size());
}

int FleetHostTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetHostTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case HostColumn: return tr("Host");
    case CertificatesColumn: return tr("Certificates");
    case ExpiringColumn: return tr("Expiring");
    case ExpiredColumn: return tr("Expired");
    case LastContactColumn: return tr("Last contact (UTC)");
    case StatusColumn: return tr("Agent");
    case ColumnCount: break;
    }
    return {};
}

QVariant FleetHostTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_hosts.size())
        return {};
    const fleet::FleetHostStatus& h = m_hosts.at(index.row());
    if (role == SilentRole)
        return h.silent;
    if (role == Qt::ForegroundRole) {
        if (index.column() == StatusColumn && h.silent)
            return expiryStateColor(ExpiryState::Expired);
        if (index.column() == ExpiredColumn && expiredOf(h) > 0)
            return expiryStateColor(ExpiryState::Expired);
        if (index.column() == ExpiringColumn && expiringOf(h) > 0)
            return expiryStateColor(ExpiryState::Expiring);
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == StatusColumn) {
        if (!h.lastContact.isValid())
            return tr("No heartbeat from %1's agent yet").arg(h.host);
        return h.silent ? tr("Not heard from for more than twice its rescan interval: what it reported is old")
                        : tr("Agent %1, last pass %2").arg(h.agentVersion, h.lastPassOutcome);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case HostColumn: return h.host;
    case CertificatesColumn: return h.certificates;
    case ExpiringColumn: return expiringOf(h);
    case ExpiredColumn: return expiredOf(h);
    case LastContactColumn:
        return h.lastContact.isValid() ? h.lastContact.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                       : tr("never");
    case StatusColumn: return h.silent ? tr("agent silent") : tr("reporting");
    case ColumnCount: break;
    }
    return {};
}

} // namespace certlife
