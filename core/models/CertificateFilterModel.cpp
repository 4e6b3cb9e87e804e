// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateFilterModel.h"

#include "models/CertificateTableModel.h"
#include "models/CertificateText.h"

namespace certlife {

CertificateFilterModel::CertificateFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(CertificateTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void CertificateFilterModel::setSourceModel(QAbstractItemModel* source)
{
    m_table = qobject_cast<const CertificateTableModel*>(source);
    Q_ASSERT_X(source == nullptr || m_table, "CertificateFilterModel", "source must be a CertificateTableModel");
    for (const QMetaObject::Connection& c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    forgetSortKeys();
    // Connected before the proxy's own handlers, which sort again on these signals: the
    // keys are forgotten before that sort reads them.
    if (source) {
        const auto forget = [this] { forgetSortKeys(); };
        m_sourceConnections = {
            connect(source, &QAbstractItemModel::modelReset, this, forget),
            connect(source, &QAbstractItemModel::rowsInserted, this, forget),
            connect(source, &QAbstractItemModel::rowsRemoved, this, forget),
            connect(source, &QAbstractItemModel::rowsMoved, this, forget),
            connect(source, &QAbstractItemModel::dataChanged, this, forget),
            connect(source, &QAbstractItemModel::layoutChanged, this, forget),
        };
    }
    QSortFilterProxyModel::setSourceModel(source);
}

void CertificateFilterModel::forgetSortKeys() const
{
    m_sortKeys.clear();
    m_sortKeyMade.clear();
    m_sortKeyColumn = -1;
}

QString CertificateFilterModel::sortKey(int sourceRow, int column) const
{
    const int rows = m_table->rowCount();
    if (column != m_sortKeyColumn || m_sortKeys.size() != rows) {
        m_sortKeys = QList<QString>(rows);
        m_sortKeyMade = QList<bool>(rows, false);
        m_sortKeyColumn = column;
    }
    if (!m_sortKeyMade[sourceRow]) {
        m_sortKeys[sourceRow] = m_table->displayText(m_table->rowAt(sourceRow), column);
        m_sortKeyMade[sourceRow] = true;
    }
    return m_sortKeys.at(sourceRow);
}

void CertificateFilterModel::refilter()
{
    invalidateRowsFilter();
    Q_EMIT filtersChanged();
}

void CertificateFilterModel::setSearchText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    refilter();
}

void CertificateFilterModel::setStates(const QSet<ExpiryState>& states)
{
    if (states == m_states)
        return;
    m_states = states;
    refilter();
}

void CertificateFilterModel::setStoreKey(const QString& key)
{
    if (key == m_storeKey)
        return;
    m_storeKey = key;
    refilter();
}

void CertificateFilterModel::setHost(const QString& host)
{
    if (host == m_host)
        return;
    m_host = host;
    refilter();
}

void CertificateFilterModel::setServedOnly(bool servedOnly)
{
    if (servedOnly == m_servedOnly)
        return;
    m_servedOnly = servedOnly;
    refilter();
}

void CertificateFilterModel::setExpiryWindow(const QDateTime& from, const QDateTime& to)
{
    const bool valid = from.isValid() && to.isValid();
    const QDateTime f = valid ? from.toUTC() : QDateTime();
    const QDateTime t = valid ? to.toUTC() : QDateTime();
    if (f == m_windowFrom && t == m_windowTo)
        return;
    m_windowFrom = f;
    m_windowTo = t;
    m_windowFromSecs = valid ? f.toSecsSinceEpoch() : 0;
    m_windowToSecs = valid ? t.toSecsSinceEpoch() : 0;
    refilter();
}

void CertificateFilterModel::clearFilters()
{
    if (!isFiltered())
        return;
    m_search.clear();
    m_states.clear();
    m_storeKey.clear();
    m_host.clear();
    m_servedOnly = false;
    m_windowFrom = m_windowTo = {};
    m_windowFromSecs = m_windowToSecs = 0;
    refilter();
}

bool CertificateFilterModel::isFiltered() const
{
    return !m_search.isEmpty() || !m_states.isEmpty() || !m_storeKey.isEmpty() || !m_host.isEmpty() || m_servedOnly
        || hasExpiryWindow();
}

int CertificateFilterModel::sourceRow(int proxyRow) const
{
    return mapToSource(index(proxyRow, 0)).row();
}

bool CertificateFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!m_table || sourceParent.isValid())
        return true;
    const CertificateRow& row = m_table->rowAt(sourceRow);
    if (!m_states.isEmpty() && !m_states.contains(row.expiry.state))
        return false;
    if (!m_storeKey.isEmpty() && row.storeKey() != m_storeKey)
        return false;
    if (!m_host.isEmpty() && row.host() != m_host)
        return false;
    if (m_servedOnly && row.servedAt.isEmpty())
        return false;
    if (hasExpiryWindow()) {
        const qint64 notAfter = row.certificate().notAfterSecs;
        if (notAfter < m_windowFromSecs || notAfter >= m_windowToSecs)
            return false;
    }
    if (!m_search.isEmpty()) {
        const Certificate& c = row.certificate();
        return c.subjectCN.contains(m_search, Qt::CaseInsensitive) || sanListTextContains(c, m_search)
            || c.subject.contains(m_search, Qt::CaseInsensitive)
            || row.thumbprint().contains(m_search, Qt::CaseInsensitive);
    }
    return true;
}

bool CertificateFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (!m_table)
        return QSortFilterProxyModel::lessThan(left, right);
    const CertificateRow& a = m_table->rowAt(left.row());
    const CertificateRow& b = m_table->rowAt(right.row());
    // Numeric columns compare the row values directly: no QVariant per comparison, and
    // equal values fall back to notAfter so the order is stable and meaningful.
    switch (left.column()) {
    case CertificateTableModel::NotAfterColumn:
    case CertificateTableModel::DaysLeftColumn: return a.certificate().notAfterSecs < b.certificate().notAfterSecs;
    case CertificateTableModel::LifetimeColumn:
        if (a.expiry.lifetimeLeftPercent != b.expiry.lifetimeLeftPercent)
            return a.expiry.lifetimeLeftPercent < b.expiry.lifetimeLeftPercent;
        return a.certificate().notAfterSecs < b.certificate().notAfterSecs;
    case CertificateTableModel::StateColumn: return moreUrgent(a.expiry, b.expiry); // "most urgent first" ascending
    case CertificateTableModel::PrivateKeyColumn:
        return int(a.certificate().hasPrivateKey) < int(b.certificate().hasPrivateKey);
    default:
        return QString::compare(sortKey(left.row(), left.column()), sortKey(right.row(), left.column()),
                                Qt::CaseInsensitive)
            < 0;
    }
}

} // namespace certlife
