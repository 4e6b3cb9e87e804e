// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/EventTableModel.h"

#include "models/BackgroundPool.h"
#include "models/CertificateText.h"
#include "models/Inventory.h"
#include "util/Coroutines.h"

#include <QColor>
#include <QCoro/QCoroFuture>
#include <algorithm>

namespace certlife {

namespace {
constexpr Scope kChannels[] = {Scope::System, Scope::User};
// How far before the newest row a source without record ids (a fleet) is asked again
// for events not shown yet: hosts publish their passes' events after the pass.
constexpr int kLateArrivalSeconds = 600;

struct FirstPage
{
    std::array<qint64, 2> latest{};
    EventPage page;
};

struct NewEvents
{
    std::array<qint64, 2> latest{};
    bool grew = false;
    bool flood = false; // more new record ids than the model inserts at once
    EventPage top;
    qint64 count = -1;
};

std::array<qint64, 2> latestIds(const EventSource& source, const EventQuery& q)
{
    std::array<qint64, 2> latest{};
    for (Scope channel : kChannels) {
        if (q.matchesChannel(channel))
            latest[int(channel)] = source.latestRecordId(channel);
    }
    return latest;
}
} // namespace

EventTableModel::EventTableModel(std::shared_ptr<const EventSource> source, QObject* parent)
    : QAbstractTableModel(parent), m_source(std::move(source))
{}

void EventTableModel::setSource(std::shared_ptr<const EventSource> source)
{
    m_source = std::move(source);
    m_newestKnown = {};
    ++m_generation; // a page of the old source still on its way is dropped
    clearRows();
    setLoading(false);
}

void EventTableModel::clearRows()
{
    beginResetModel();
    m_rows.clear();
    m_loaded.clear();
    m_exhausted = false;
    endResetModel();
    m_checking = false;
    setError({});
    setTotalCount(-1);
}

int EventTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QColor EventTableModel::levelColor(EventLevel level)
{
    switch (level) {
    case EventLevel::Error: return QColor(0xC6, 0x28, 0x28);
    case EventLevel::Warning: return QColor(0xEF, 0x6C, 0x00);
    case EventLevel::Information: return QColor(0x15, 0x65, 0xC0);
    }
    return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn: return tr("Time (UTC)");
    case LevelColumn: return tr("Level");
    case IdColumn: return tr("Event ID");
    case EventColumn: return tr("Event");
    case ChannelColumn: return tr("Channel");
    case StoreColumn: return tr("Store");
    case CertificateColumn: return tr("Certificate");
    case ThumbprintColumn: return tr("Thumbprint");
    case ActionColumn: return tr("Action");
    case MessageColumn: return tr("Message");
    case HostColumn: return tr("Host");
    case ColumnCount: break;
    }
    return {};
}

void EventTableModel::setStoreNames(const QHash<QString, QString>& namesByStoreKey)
{
    if (m_storeNames == namesByStoreKey)
        return;
    m_storeNames = namesByStoreKey;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, StoreColumn), index(int(m_rows.size()) - 1, StoreColumn));
}

QString EventTableModel::storeName(const LifecycleEvent& e) const
{
    return m_storeNames.value(storeKey(e.channel, e.storeId), e.storeId);
}

QString EventTableModel::displayText(const LifecycleEvent& e, int column) const
{
    switch (Column(column)) {
    case TimeColumn: return e.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case LevelColumn: return levelName(e.level());
    case IdColumn: return QString::number(int(e.id));
    case EventColumn: return eventName(e.id);
    case ChannelColumn: return scopeName(e.channel);
    case StoreColumn: return storeName(e);
    case CertificateColumn: {
        const CertificateDetails& d = e.certificate;
        if (!d.subjectCN.isEmpty())
            return d.subjectCN;
        return d.sans.isEmpty() ? d.subject : sanListText({d.sans.first()});
    }
    case ThumbprintColumn: return e.certificate.thumbprint;
    case ActionColumn: return e.action;
    case MessageColumn: return e.message;
    case HostColumn: return e.host;
    case ColumnCount: break;
    }
    return {};
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LifecycleEvent& e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return displayText(e, index.column());
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn || index.column() == CertificateColumn)
            return e.message;
        if (index.column() == StoreColumn && !e.storeId.isEmpty())
            return tr("Store id: %1").arg(e.storeId);
        return {};
    case Qt::DecorationRole:
        if (index.column() == LevelColumn)
            return levelColor(e.level());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case LevelRole: return int(e.level());
    case EventIdRole: return int(e.id);
    case RecordIdRole: return e.recordId;
    case ChannelRole: return int(e.channel);
    case ThumbprintRole: return e.certificate.thumbprint;
    default: return {};
    }
}

void EventTableModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

bool EventTableModel::hasMore() const
{
    return !m_exhausted;
}

bool EventTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && (!m_started || hasMore());
}

void EventTableModel::fetchMore(const QModelIndex& parent)
{
    // Views (and QAbstractItemModelTester) may call this from inside a rowsInserted
    // handler; loading from the event loop instead keeps row signals from nesting.
    if (parent.isValid() || m_fetchQueued)
        return;
    m_fetchQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_fetchQueued = false;
            QCoro::connect(loadMore(), this, [] {});
        },
        Qt::QueuedConnection);
}

void EventTableModel::setFilter(const EventQuery& filter)
{
    EventQuery normalized = filter;
    normalized.after.reset();
    normalized.limit = m_pageSize;
    auto same = [](const EventQuery& a, const EventQuery& b) {
        return a.channel == b.channel && a.ids == b.ids && a.level == b.level && a.since == b.since
            && a.until == b.until && a.storeId == b.storeId && a.text == b.text && a.thumbprint == b.thumbprint
            && a.host == b.host;
    };
    if (m_started && same(normalized, m_filter))
        return;
    m_filter = normalized;
    QCoro::connect(reload(), this, [] {});
}

void EventTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void EventTableModel::setError(const QString& error)
{
    if (m_lastError == error)
        return;
    m_lastError = error;
    Q_EMIT errorChanged(error);
}

void EventTableModel::setTotalCount(qint64 count)
{
    if (m_totalCount == count)
        return;
    m_totalCount = count;
    Q_EMIT totalCountChanged(count);
}

void EventTableModel::appendRows(QList<LifecycleEvent> page)
{
    // A page may repeat an event already inserted as new at the top: skip it.
    page.removeIf([this](const LifecycleEvent& e) { return m_loaded.contains(rowKey(e)); });
    if (page.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    for (const LifecycleEvent& e : page)
        m_loaded.insert(rowKey(e));
    m_rows.append(std::move(page));
    endInsertRows();
}

void EventTableModel::insertNewRows(const QList<LifecycleEvent>& arrived)
{
    // `arrived` is newest first. Each goes where the order puts it; one that belongs
    // below the last row while more pages remain is left for paging to bring.
    qsizetype i = 0;
    qsizetype searchFrom = 0;
    while (i < arrived.size()) {
        const auto at =
            std::partition_point(m_rows.cbegin() + searchFrom, m_rows.cend(),
                                 [&](const LifecycleEvent& row) { return isNewerThan(row, arrived.at(i)); });
        const qsizetype position = at - m_rows.cbegin();
        if (position == m_rows.size() && !m_exhausted)
            break;
        qsizetype end = i + 1;
        while (end < arrived.size() && (position == m_rows.size() || isNewerThan(arrived.at(end), m_rows.at(position))))
            ++end;
        beginInsertRows({}, int(position), int(position + end - i) - 1);
        for (qsizetype k = i; k < end; ++k) {
            m_loaded.insert(rowKey(arrived.at(k)));
            m_rows.insert(position + (k - i), arrived.at(k));
        }
        endInsertRows();
        searchFrom = position + (end - i);
        i = end;
    }
}

QCoro::Task<> EventTableModel::reload()
{
    m_started = true;
    ++m_generation;
    const Alive alive(this, m_generation);
    clearRows();
    setLoading(true);

    EventQuery q = m_filter;
    q.after.reset();
    q.limit = m_pageSize;
    auto pageFuture = inBackground([source = m_source, q] {
        // Latest ids first: an event appended meanwhile is then both "new" and maybe in
        // the page; m_loaded keeps it from showing twice.
        FirstPage first;
        first.latest = latestIds(*source, q);
        first.page = source->fetch(q);
        return first;
    });
    FirstPage first = co_await pageFuture;
    if (!alive)
        co_return;

    m_newestKnown = first.latest;
    m_exhausted = first.page.events.size() < m_pageSize;
    if (!first.page.error.isEmpty())
        setError(first.page.error);
    setLoading(false); // before the rows go in: their handlers may ask for more
    appendRows(std::move(first.page.events));
    Q_EMIT pageLoaded();

    auto countFuture = inBackground([source = m_source, q] { return source->count(q); });
    const qint64 total = co_await countFuture;
    if (!alive)
        co_return;
    setTotalCount(total);
}

QCoro::Task<> EventTableModel::loadMore()
{
    if (!m_started) {
        QCoro::Task<> reloading = reload();
        co_await reloading;
        co_return;
    }
    if (m_loading || m_exhausted)
        co_return;
    setLoading(true);
    const Alive alive(this, m_generation);
    EventQuery q = m_filter;
    q.limit = m_pageSize;
    if (!m_rows.isEmpty())
        q.after = EventCursor::of(m_rows.constLast());
    auto future = inBackground([source = m_source, q] { return source->fetch(q); });
    EventPage page = co_await future;
    if (!alive)
        co_return;
    m_exhausted = page.events.size() < m_pageSize;
    if (!page.error.isEmpty())
        setError(page.error);
    setLoading(false);
    appendRows(std::move(page.events));
    Q_EMIT pageLoaded();
}

QCoro::Task<> EventTableModel::checkForNewEvents()
{
    if (!m_started || m_loading || m_checking)
        co_return;
    // Nothing read from this source yet (a new source, its first page not asked for):
    // the first page brings the newest; a poll now would only read them twice (over a
    // fleet, a reload and a count of millions of events, beside the Overview's reads).
    if (m_rows.isEmpty() && !m_exhausted)
        co_return;
    if (!m_source->hasChannelRecordIds()) {
        QCoro::Task<> checking = checkForNewerEvents();
        co_await checking;
        co_return;
    }
    m_checking = true;
    const Alive alive(this, m_generation);
    EventQuery q = m_filter;
    q.after.reset();
    q.limit = m_maxNewEvents;
    const std::array<qint64, 2> known = m_newestKnown;
    auto future = inBackground([source = m_source, q, known] {
        NewEvents result;
        result.latest = latestIds(*source, q);
        qint64 newIds = 0;
        for (Scope channel : kChannels)
            newIds += std::max<qint64>(0, result.latest[int(channel)] - known[int(channel)]);
        result.grew = newIds > 0;
        if (!result.grew)
            return result;
        result.flood = newIds > q.limit;
        if (result.flood)
            return result;
        result.top = source->fetch(q);
        result.count = source->count(q);
        return result;
    });
    NewEvents result = co_await future;
    if (!alive)
        co_return;
    m_checking = false;
    if (!result.grew)
        co_return;
    Q_EMIT logsGrew();
    if (result.flood) {
        QCoro::Task<> reloading = reload(); // a flood: start over rather than insert thousands of rows
        co_await reloading;
        co_return;
    }
    if (!result.top.error.isEmpty())
        setError(result.top.error);

    QList<LifecycleEvent> arrived;
    for (const LifecycleEvent& e : std::as_const(result.top.events)) {
        if (e.recordId > known[int(e.channel)] && !m_loaded.contains(rowKey(e)))
            arrived.append(e);
    }
    // Every new match must be among the newest page; if the count says otherwise (an
    // event stamped with an old time, or the agent pruned the log) start over.
    if (m_totalCount >= 0 && result.count >= 0 && result.count != m_totalCount + arrived.size()) {
        QCoro::Task<> reloading = reload();
        co_await reloading;
        co_return;
    }
    m_newestKnown = result.latest;
    const int before = int(m_rows.size());
    insertNewRows(arrived);
    setTotalCount(result.count);
    const int inserted = int(m_rows.size()) - before;
    if (inserted > 0)
        Q_EMIT newEventsArrived(inserted);
}

QCoro::Task<> EventTableModel::checkForNewerEvents()
{
    m_checking = true;
    const Alive alive(this, m_generation);
    // The keyset the other way: every match since a little before the newest row's time
    // (its ties included), newest first; what is shown already is dropped by its key. One
    // indexed query however many events the source holds. A little before: an event's
    // time is its host's pass, and hosts publish after their pass, so another host's
    // event can arrive with a time just older than the newest shown.
    EventQuery q = m_filter;
    q.after.reset();
    q.limit = m_maxNewEvents;
    if (!m_rows.isEmpty()) {
        const QDateTime from = m_rows.constFirst().time.addSecs(-kLateArrivalSeconds);
        if (!q.since.isValid() || q.since < from)
            q.since = from;
    }
    auto future = inBackground([source = m_source, q] { return source->fetch(q); });
    EventPage page = co_await future;
    if (!alive)
        co_return;
    m_checking = false;
    if (!page.error.isEmpty()) {
        setError(page.error);
        co_return;
    }
    setError({});
    // New: not shown, and where the rows shown reach. One below the last row while more
    // pages remain is one paging brings (counted already when it was there before: the
    // many events of one pass share a time, and only the first page of them is shown).
    QList<LifecycleEvent> arrived;
    for (const LifecycleEvent& e : std::as_const(page.events)) {
        if (!m_loaded.contains(rowKey(e)) && (m_exhausted || m_rows.isEmpty() || isNewerThan(e, m_rows.constLast())))
            arrived.append(e);
    }
    if (arrived.isEmpty())
        co_return;
    Q_EMIT logsGrew();
    if (arrived.size() >= q.limit) {
        QCoro::Task<> reloading = reload(); // a flood: start over rather than insert thousands of rows
        co_await reloading;
        co_return;
    }
    const int before = int(m_rows.size());
    insertNewRows(arrived);
    const int inserted = int(m_rows.size()) - before;
    if (m_totalCount >= 0)
        setTotalCount(m_totalCount + inserted);
    if (inserted > 0)
        Q_EMIT newEventsArrived(inserted);
}

} // namespace certlife
