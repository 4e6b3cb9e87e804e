// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/ExpiryState.h"

#include <QDateTime>
#include <QSet>
#include <QSortFilterProxyModel>

namespace certlife {

class CertificateTableModel;

// The certificates table as the user narrows it: a search text (CN, SANs, subject,
// thumbprint), a set of states, one store, served by an endpoint, and an expiry window (the overview chart's
// month). Sorts with the source's SortRole, so days and percentages sort as numbers;
// the state column sorts "most urgent first" (moreUrgent(), CertificateClassifier.h).
// Its source must be a CertificateTableModel.
class CertificateFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit CertificateFilterModel(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* source) override;

    void setSearchText(const QString& text);
    QString searchText() const { return m_search; }

    // Empty set: every state.
    void setStates(const QSet<ExpiryState>& states);
    QSet<ExpiryState> states() const { return m_states; }

    // Empty: every store. Otherwise a storeKey().
    void setStoreKey(const QString& key);
    QString storeKey() const { return m_storeKey; }

    // Certificates whose notAfter lies in [from, to). Invalid times: no window.
    void setExpiryWindow(const QDateTime& from, const QDateTime& to);
    void clearExpiryWindow() { setExpiryWindow({}, {}); }
    bool hasExpiryWindow() const { return m_windowFrom.isValid() && m_windowTo.isValid(); }
    QDateTime expiryWindowFrom() const { return m_windowFrom; }
    QDateTime expiryWindowTo() const { return m_windowTo; }

    // Only certificates some endpoint store serves now (CertificateRow::servedAt).
    // A fleet's host (CertificateRow::host); empty: every host.
    void setHost(const QString& host);
    QString host() const { return m_host; }

    void setServedOnly(bool servedOnly);
    bool servedOnly() const { return m_servedOnly; }

    void clearFilters();
    bool isFiltered() const;

    // Source row of a proxy row (convenience for views and tests).
    int sourceRow(int proxyRow) const;

Q_SIGNALS:
    void filtersChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void refilter();
    // A text column's sort key of a source row: its text, made once per sort and source
    // change. Made afresh per comparison, sorting 100,000 rows by Path took 5 s.
    QString sortKey(int sourceRow, int column) const;
    void forgetSortKeys() const;

    const CertificateTableModel* m_table = nullptr;
    QList<QMetaObject::Connection> m_sourceConnections;
    mutable QList<QString> m_sortKeys; // by source row; valid where m_sortKeyMade is set
    mutable QList<bool> m_sortKeyMade;
    mutable int m_sortKeyColumn = -1;
    QString m_search;
    QSet<ExpiryState> m_states;
    QString m_storeKey;
    QString m_host;
    bool m_servedOnly = false;
    QDateTime m_windowFrom, m_windowTo;
    qint64 m_windowFromSecs = 0, m_windowToSecs = 0;
};

} // namespace certlife
