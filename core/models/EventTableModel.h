#pragma once

#include "models/EventSource.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <array>
#include <memory>
#include <optional>

namespace certlife {

// The lifecycle history, newest first, over both channels, read in pages: the model
// never holds more than the rows a user has scrolled to. Each channel's log is read
// with keyset paging (record ids below the oldest row loaded) on a worker thread; the two
// channels are merged by time. checkForNewEvents() looks at the logs' latest record ids
// (cheap) and inserts only what is new at the top, so an open view keeps its place.
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
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { LevelRole = Qt::UserRole + 1, EventIdRole, RecordIdRole, ChannelRole, ThumbprintRole };

    explicit EventTableModel(std::shared_ptr<const EventSource> source, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    // Largest number of new events inserted at the top at once; more reloads instead.
    void setMaxNewEvents(int rows) { m_maxNewEvents = rows; }

    EventFilter filter() const { return m_filter; }
    // Sets the filter and starts reloading (the rows go at once, the first page follows).
    void setFilter(const EventFilter& filter);

    QCoro::Task<> reload();
    QCoro::Task<> loadMore();
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
    void pageLoaded();

private:
    struct Channel
    {
        bool included = false;
        qint64 newestKnown = 0;    // latest record id when last looked: newer ones are "new"
        qint64 oldestFetched = 0;  // next page reads below this; 0 before the first page
        bool exhausted = false;
        QList<LifecycleEvent> buffer; // fetched, not yet shown (kept to merge the channels)
    };

    void startFirstLoadIfNeeded();
    void setLoading(bool loading);
    void setError(const QString& error);
    void takeIntoBuffers(const std::array<std::optional<EventPage>, 2>& pages);
    QList<LifecycleEvent> popMerged(int count);
    QString displayText(const LifecycleEvent& event, int column) const;

    std::shared_ptr<const EventSource> m_source;
    EventFilter m_filter;
    int m_pageSize = 250;
    int m_maxNewEvents = 1000;
    std::array<Channel, 2> m_channels; // indexed by int(Scope)
    QList<LifecycleEvent> m_rows;
    quint64 m_generation = 0;
    bool m_started = false;
    bool m_loading = false;
    bool m_checking = false;
    bool m_fetchQueued = false;
    qint64 m_totalCount = -1;
    QString m_lastError;
};

} // namespace certlife
