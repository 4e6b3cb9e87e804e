// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/BackgroundPool.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QtConcurrent/QtConcurrentRun>
#include <utility>
#include <limits>
#include <type_traits>

namespace certlife {

// A table whose rows have a stable identity. updateRows() turns a freshly built list
// into the smallest set of row signals: rows that left are removed (in contiguous
// ranges), rows that stayed are updated in place (dataChanged, only when different),
// rows that arrived are appended. Views keep their selection and scroll position across
// a refresh. When more than maxRemovals rows left, one reset is cheaper for proxies and
// views than many scattered removals.
template <typename Row> class KeyedTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;
    static constexpr int kAlwaysIncremental = std::numeric_limits<int>::max();
    // Above this many rows arriving at once, one reset is cheaper for views and proxies.
    static constexpr qsizetype kLargeChange = 5000;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

protected:
    template <typename KeyOf, typename Same> void updateRows(QList<Row> fresh, KeyOf keyOf, Same same, int maxRemovals)
    {
        // Rows known to be unique, more than kLargeChange of them arriving whatever stayed
        // (a first fill, or the rest after a first screenful): one reset, nothing to
        // compare, no hashing.
        if (m_freshIsUnique && fresh.size() - m_rows.size() > kLargeChange) {
            this->beginResetModel();
            retire(std::exchange(m_rows, std::move(fresh)));
            this->endResetModel();
            return;
        }
        // Identities are unique: a repeated one keeps its first row.
        QHash<std::decay_t<decltype(keyOf(fresh.value(0)))>, qsizetype> freshByKey;
        freshByKey.reserve(fresh.size());
        for (qsizetype i = 0; i < fresh.size();) {
            if (freshByKey.contains(keyOf(fresh.at(i)))) {
                fresh.remove(i);
                continue;
            }
            freshByKey.insert(keyOf(fresh.at(i)), i);
            ++i;
        }

        if (m_rows.isEmpty()) {
            if (fresh.isEmpty())
                return;
            // A sorting proxy maps a large insertion row by row but a reset in one sort:
            // large first fills reset.
            if (fresh.size() > kLargeChange) {
                this->beginResetModel();
                m_rows = std::move(fresh);
                this->endResetModel();
                return;
            }
            this->beginInsertRows({}, 0, int(fresh.size()) - 1);
            m_rows = std::move(fresh);
            this->endInsertRows();
            return;
        }

        QList<bool> gone(m_rows.size(), false);
        int removals = 0;
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            if (!freshByKey.contains(keyOf(m_rows.at(i)))) {
                gone[i] = true;
                ++removals;
            }
        }
        const qsizetype arrivals = fresh.size() - (m_rows.size() - removals);
        if (removals > maxRemovals || arrivals > kLargeChange) {
            this->beginResetModel();
            retire(std::exchange(m_rows, std::move(fresh)));
            this->endResetModel();
            return;
        }

        for (qsizetype last = m_rows.size() - 1; last >= 0;) {
            if (!gone.at(last)) {
                --last;
                continue;
            }
            qsizetype first = last;
            while (first > 0 && gone.at(first - 1))
                --first;
            this->beginRemoveRows({}, int(first), int(last));
            m_rows.remove(first, last - first + 1);
            this->endRemoveRows();
            last = first - 1;
        }

        QList<bool> taken(fresh.size(), false);
        qsizetype changedFrom = -1;
        const int lastColumn = this->columnCount() - 1;
        auto flush = [&](qsizetype end) {
            if (changedFrom >= 0)
                Q_EMIT this->dataChanged(this->index(int(changedFrom), 0), this->index(int(end), lastColumn));
            changedFrom = -1;
        };
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const qsizetype j = freshByKey.value(keyOf(m_rows.at(i)));
            taken[j] = true;
            const bool unchanged = same(m_rows.at(i), fresh.at(j));
            // Taken even when it shows the same: it may refer to newer data (a
            // CertificateRow to the rescan's inventory), which the old row would keep
            // alive beside it.
            m_rows[i] = std::move(fresh[j]);
            if (unchanged) {
                flush(i - 1);
                continue;
            }
            if (changedFrom < 0)
                changedFrom = i;
        }
        flush(m_rows.size() - 1);

        QList<Row> arrived;
        for (qsizetype j = 0; j < fresh.size(); ++j) {
            if (!taken.at(j))
                arrived.append(std::move(fresh[j]));
        }
        if (!arrived.isEmpty()) {
            const int first = int(m_rows.size());
            this->beginInsertRows({}, first, first + int(arrived.size()) - 1);
            m_rows.append(std::move(arrived));
            this->endInsertRows();
        }
    }

    // Frees a large list of replaced rows on a worker: 100,000 rows of strings take tens of
    // milliseconds to destroy, which the UI thread should not spend.
    static void retire(QList<Row> old)
    {
        if (old.size() > kLargeChange)
            static_cast<void>(QtConcurrent::run(backgroundPool(), [rows = std::move(old)]() mutable { rows.clear(); }));
    }

    QList<Row> m_rows;
    // Set by models whose row builder guarantees unique identities.
    bool m_freshIsUnique = false;
};

} // namespace certlife
