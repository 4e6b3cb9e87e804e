#include "models/EventTableModel.h"

#include "models/CertificateText.h"

#include <QColor>
#include <QCoro/QCoroFuture>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace certlife {

namespace {
constexpr int kChannelCount = 2;

// What one worker trip brings back per channel: the latest record id (when asked) and
// a page (when one was requested).
struct ChannelAnswer
{
    qint64 latest = -1;
    std::optional<EventPage> page;
};
using Answers = std::array<ChannelAnswer, kChannelCount>;

struct ChannelQuestion
{
    bool askLatest = false;
    std::optional<EventPageRequest> request; // with askLatest, beforeRecordId 0 means "latest + 1"
};
using Questions = std::array<ChannelQuestion, kChannelCount>;

Answers ask(const std::shared_ptr<const EventSource>& source, const EventFilter& filter, Questions questions)
{
    Answers answers;
    for (int i = 0; i < kChannelCount; ++i) {
        ChannelQuestion& q = questions[i];
        if (q.askLatest)
            answers[i].latest = source->latestRecordId(Scope(i));
        if (!q.request)
            continue;
        if (q.askLatest && q.request->beforeRecordId == 0) {
            // Read no further than the id just seen, so nothing can show twice when the
            // log grows between the two calls: what comes later is "new".
            if (answers[i].latest <= q.request->afterRecordId) {
                answers[i].page = EventPage{};
                continue;
            }
            q.request->beforeRecordId = answers[i].latest + 1;
        }
        answers[i].page = source->fetch(Scope(i), filter, *q.request);
    }
    return answers;
}

bool isNewer(const LifecycleEvent& a, const LifecycleEvent& b)
{
    if (a.time != b.time)
        return a.time > b.time;
    return a.recordId > b.recordId;
}

QList<LifecycleEvent> mergeNewestFirst(const QList<LifecycleEvent>& a, const QList<LifecycleEvent>& b)
{
    QList<LifecycleEvent> out;
    out.reserve(a.size() + b.size());
    qsizetype i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j >= b.size() || (i < a.size() && isNewer(a.at(i), b.at(j))))
            out.append(a.at(i++));
        else
            out.append(b.at(j++));
    }
    return out;
}
} // namespace

EventTableModel::EventTableModel(std::shared_ptr<const EventSource> source, QObject* parent)
    : QAbstractTableModel(parent), m_source(std::move(source))
{
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
    case ColumnCount: break;
    }
    return {};
}

QString EventTableModel::displayText(const LifecycleEvent& e, int column) const
{
    switch (Column(column)) {
    case TimeColumn: return e.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case LevelColumn: return levelName(e.level());
    case IdColumn: return QString::number(int(e.id));
    case EventColumn: return eventName(e.id);
    case ChannelColumn: return scopeName(e.channel);
    case StoreColumn: return e.storeId;
    case CertificateColumn: {
        const CertificateDetails& d = e.certificate;
        if (!d.subjectCN.isEmpty())
            return d.subjectCN;
        return d.sans.isEmpty() ? d.subject : sanListText({d.sans.first()});
    }
    case ThumbprintColumn: return e.certificate.thumbprint;
    case ActionColumn: return e.action;
    case MessageColumn: return e.message;
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
    case Qt::DisplayRole:
        return displayText(e, index.column());
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn || index.column() == CertificateColumn)
            return e.message;
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
    for (const Channel& c : m_channels) {
        if (c.included && (!c.buffer.isEmpty() || !c.exhausted))
            return true;
    }
    return false;
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

void EventTableModel::setFilter(const EventFilter& filter)
{
    if (m_started && filter == m_filter)
        return;
    m_filter = filter;
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

void EventTableModel::takeIntoBuffers(const std::array<std::optional<EventPage>, 2>& pages)
{
    QStringList errors;
    for (int i = 0; i < kChannelCount; ++i) {
        if (!pages[i])
            continue;
        Channel& channel = m_channels[i];
        const EventPage& page = *pages[i];
        if (!page.error.isEmpty()) {
            errors << page.error;
            channel.exhausted = true;
            continue;
        }
        channel.buffer.append(page.events);
        if (page.events.size() < m_pageSize)
            channel.exhausted = true;
        else
            channel.oldestFetched = page.events.constLast().recordId;
    }
    if (!errors.isEmpty())
        setError(errors.join(QLatin1Char('\n')));
}

QList<LifecycleEvent> EventTableModel::popMerged(int count)
{
    QList<LifecycleEvent> out;
    while (out.size() < count) {
        int pick = -1;
        for (int i = 0; i < kChannelCount; ++i) {
            const Channel& c = m_channels[i];
            if (!c.included)
                continue;
            if (c.buffer.isEmpty()) {
                if (!c.exhausted)
                    return out; // this channel's next event may be newer than any buffered one
                continue;
            }
            if (pick < 0 || isNewer(c.buffer.constFirst(), m_channels[pick].buffer.constFirst()))
                pick = i;
        }
        if (pick < 0)
            break;
        out.append(m_channels[pick].buffer.takeFirst());
    }
    return out;
}

QCoro::Task<> EventTableModel::reload()
{
    m_started = true;
    const quint64 generation = ++m_generation;
    beginResetModel();
    m_rows.clear();
    for (int i = 0; i < kChannelCount; ++i) {
        m_channels[i] = Channel{};
        m_channels[i].included = m_filter.includes(Scope(i));
    }
    endResetModel();
    m_checking = false;
    setLoading(true);
    setError({});
    if (m_totalCount != -1) {
        m_totalCount = -1;
        Q_EMIT totalCountChanged(m_totalCount);
    }

    Questions questions;
    for (int i = 0; i < kChannelCount; ++i) {
        if (!m_channels[i].included)
            continue;
        questions[i].askLatest = true;
        EventPageRequest request;
        request.limit = m_pageSize;
        questions[i].request = request;
    }
    const QPointer<EventTableModel> self(this);
    auto pageFuture = QtConcurrent::run(&ask, m_source, m_filter, questions);
    const Answers answers = co_await pageFuture;
    if (!self || generation != m_generation)
        co_return;

    std::array<std::optional<EventPage>, 2> pages;
    for (int i = 0; i < kChannelCount; ++i) {
        m_channels[i].newestKnown = std::max<qint64>(0, answers[i].latest);
        pages[i] = answers[i].page;
    }
    takeIntoBuffers(pages);
    QList<LifecycleEvent> rows = popMerged(m_pageSize);
    setLoading(false); // before the rows go in: their handlers may ask for more
    if (!rows.isEmpty()) {
        beginInsertRows({}, 0, int(rows.size()) - 1);
        m_rows = std::move(rows);
        endInsertRows();
    }
    Q_EMIT pageLoaded();

    const std::array<bool, 2> included{m_channels[0].included, m_channels[1].included};
    auto countFuture = QtConcurrent::run([source = m_source, filter = m_filter, included] {
        qint64 total = 0;
        for (int i = 0; i < kChannelCount; ++i) {
            if (!included[i])
                continue;
            const qint64 n = source->count(Scope(i), filter);
            if (n < 0)
                return qint64(-1);
            total += n;
        }
        return total;
    });
    const qint64 total = co_await countFuture;
    if (!self || generation != m_generation)
        co_return;
    m_totalCount = total;
    Q_EMIT totalCountChanged(m_totalCount);
}

QCoro::Task<> EventTableModel::loadMore()
{
    if (!m_started) {
        co_await reload();
        co_return;
    }
    if (m_loading || !hasMore())
        co_return;
    setLoading(true);
    const quint64 generation = m_generation;
    Questions questions;
    bool anyQuestion = false;
    for (int i = 0; i < kChannelCount; ++i) {
        const Channel& c = m_channels[i];
        if (!c.included || c.exhausted || c.buffer.size() >= m_pageSize)
            continue;
        EventPageRequest request;
        request.beforeRecordId = c.oldestFetched;
        request.limit = m_pageSize;
        questions[i].request = request;
        anyQuestion = true;
    }
    std::array<std::optional<EventPage>, 2> pages;
    if (anyQuestion) {
        const QPointer<EventTableModel> self(this);
        auto future = QtConcurrent::run(&ask, m_source, m_filter, questions);
        const Answers answers = co_await future;
        if (!self || generation != m_generation)
            co_return;
        for (int i = 0; i < kChannelCount; ++i)
            pages[i] = answers[i].page;
    }
    takeIntoBuffers(pages);
    QList<LifecycleEvent> rows = popMerged(m_pageSize);
    setLoading(false);
    if (!rows.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        m_rows.append(std::move(rows));
        endInsertRows();
    }
    Q_EMIT pageLoaded();
}

QCoro::Task<> EventTableModel::checkForNewEvents()
{
    if (!m_started || m_loading || m_checking)
        co_return;
    m_checking = true;
    const quint64 generation = m_generation;
    Questions questions;
    for (int i = 0; i < kChannelCount; ++i) {
        if (!m_channels[i].included)
            continue;
        questions[i].askLatest = true;
        EventPageRequest request;
        request.afterRecordId = m_channels[i].newestKnown;
        request.limit = m_maxNewEvents;
        questions[i].request = request;
    }
    const QPointer<EventTableModel> self(this);
    auto future = QtConcurrent::run(&ask, m_source, m_filter, questions);
    const Answers answers = co_await future;
    if (!self || generation != m_generation)
        co_return;
    m_checking = false;

    std::array<QList<LifecycleEvent>, 2> fresh;
    for (int i = 0; i < kChannelCount; ++i) {
        if (!answers[i].page)
            continue;
        if (answers[i].page->events.size() >= m_maxNewEvents) {
            co_await reload(); // a flood: start over rather than insert thousands of rows at the top
            co_return;
        }
        if (!answers[i].page->error.isEmpty()) {
            setError(answers[i].page->error);
            continue;
        }
        fresh[i] = answers[i].page->events;
        m_channels[i].newestKnown = std::max(m_channels[i].newestKnown, answers[i].latest);
    }
    const QList<LifecycleEvent> arrived = mergeNewestFirst(fresh[0], fresh[1]);
    if (arrived.isEmpty())
        co_return;
    beginInsertRows({}, 0, int(arrived.size()) - 1);
    m_rows = arrived + m_rows;
    endInsertRows();
    if (m_totalCount >= 0) {
        m_totalCount += arrived.size();
        Q_EMIT totalCountChanged(m_totalCount);
    }
    Q_EMIT newEventsArrived(int(arrived.size()));
}

} // namespace certlife
