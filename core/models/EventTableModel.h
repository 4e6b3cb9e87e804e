// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/EventSource.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QHash>
#include <array>
#include <memory>
#include <optional>
#include <QSet>

namespace certlife {

// The lifecycle history, newest first, over both channels, read in pages: the model
// holds only the rows a user has scrolled to. Pages are keyset queries (the EventLog's
// cursor: events after the last row shown) run on a worker thread. checkForNewEvents()
// looks at the logs' latest record ids (cheap) and inserts only what is new, where it
// belongs in the order, so an open view keeps its place.
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        LevelColumn,
        IdColumn,
        EventColumn,
        ChannelColumn,
        StoreColumn,
        CertificateColumn,
        ThumbprintColumn,
        ActionColumn,
        MessageColumn,
        HostColumn, // the host that logged it (a fleet's events: the host that published it)
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { LevelRole = Qt::UserRole + 1, EventIdRole, RecordIdRole, ChannelRole, ThumbprintRole };

    explicit EventTableModel(std::shared_ptr<const EventSource> source, QObject* parent = nullptr);
    // Reads from SOURCE from now on (the console switching between this computer and a
    // fleet): the rows go at once, reload() reads the new source's first page (the
    // console decides when: a fleet's Overview first).
    void setSource(std::shared_ptr<const EventSource> source);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // The stores' names by storeKey(scope, id): the Store column shows an event's store
    // by its name (its id in the tooltip); a store no longer monitored by its id.
    void setStoreNames(const QHash<QString, QString>& namesByStoreKey);
    QString storeName(const LifecycleEvent& event) const;

    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    // Largest number of new events inserted at the top at once; more reloads instead.
    void setMaxNewEvents(int rows) { m_maxNewEvents = rows; }

    // The filter (q.after and q.limit are the model's own). Setting a different one
    // starts a reload: the rows go at once, the first page follows.
    EventQuery filter() const { return m_filter; }
    void setFilter(const EventQuery& filter);

    QCoro::Task<> reload();
    QCoro::Task<> loadMore();
    // New events since the last look, inserted where they belong: by the logs' latest
    // record ids, or, over a source without them (a fleet), as the events at or after the
    // newest row's time that are not shown yet.
    QCoro::Task<> checkForNewEvents();

    const LifecycleEvent& eventAt(int row) const { return m_rows.at(row); }
    bool isLoading() const { return m_loading; }
    bool hasMore() const;
    qint64 totalCount() const { return m_totalCount; } // matching events in the logs; -1 unknown
    QString lastError() const { return m_lastError; }

    static QColor levelColor(EventLevel level);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void totalCountChanged(qint64 count);
    void errorChanged(const QString& error);
    void newEventsArrived(int count);
    // A log's latest record id grew, whether or not the new events match the filter.
    void logsGrew();
    void pageLoaded();

private:
    // No rows, no error, count unknown: a new source, or a reload from the first page.
    void clearRows();
    // An event's identity among the rows: record id and channel, and what tells apart the
    // logs that number their records each from 1 over a fleet: the host, the account (each
    // account's User log is its own) and the time (a host's log started again).
    static QString rowKey(const LifecycleEvent& e)
    {
        return QString::number((quint64(e.recordId) << 1) | quint64(e.channel), 36) + QLatin1Char('.')
            + QString::number(e.time.toMSecsSinceEpoch(), 36) + QLatin1Char('@') + e.host + QLatin1Char('/')
            + e.account;
    }
    void setLoading(bool loading);
    void setError(const QString& error);
    void setTotalCount(qint64 count);
    void appendRows(QList<LifecycleEvent> page);
    void insertNewRows(const QList<LifecycleEvent>& arrived);
    QCoro::Task<> checkForNewerEvents();
    QString displayText(const LifecycleEvent& event, int column) const;

    std::shared_ptr<const EventSource> m_source;
    EventQuery m_filter;
    int m_pageSize = 250;
    int m_maxNewEvents = 1000;
    std::array<qint64, 2> m_newestKnown{}; // latest record id per channel (int(Scope)) when last looked
    QList<LifecycleEvent> m_rows;
    QHash<QString, QString> m_storeNames;
    QSet<QString> m_loaded; // rowKey() of every row
    bool m_exhausted = false;
    quint64 m_generation = 0;
    bool m_started = false;
    bool m_loading = false;
    bool m_checking = false;
    bool m_fetchQueued = false;
    qint64 m_totalCount = -1;
    QString m_lastError;
};

} // namespace certlife
