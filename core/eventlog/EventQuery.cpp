// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventQuery.h"

#include <algorithm>

#include "eventlog/EventLog.h"

namespace certlife {

QList<EventId> EventQuery::effectiveIds() const
{
    QList<EventId> result;
    for (EventId id : allEventIds()) {
        if (!ids.isEmpty() && !ids.contains(id))
            continue;
        if (level && eventLevel(id) != *level)
            continue;
        result.append(id);
    }
    return result;
}

// System sorts before User among events of the same time (newest-first order).
static int channelRank(Scope s)
{
    return s == Scope::System ? 1 : 0;
}

bool isNewerThan(const LifecycleEvent& a, const LifecycleEvent& b)
{
    if (a.time != b.time)
        return a.time > b.time;
    if (a.channel != b.channel)
        return channelRank(a.channel) > channelRank(b.channel);
    if (a.recordId != b.recordId)
        return a.recordId > b.recordId;
    return a.host < b.host; // a fleet's hosts (one local log's events share their host)
}

bool isAfter(const LifecycleEvent& e, const EventCursor& cursor)
{
    LifecycleEvent c;
    c.time = cursor.time;
    c.channel = cursor.channel;
    c.recordId = cursor.recordId;
    c.host = cursor.host.isEmpty() ? e.host : cursor.host; // a cursor without a host: one log's order
    return isNewerThan(c, e);
}

namespace {

// Merges newest-first pages into one page of `limit` rows.
template <typename Row, typename Newer> QList<Row> mergePages(const QList<QList<Row>>& pages, int limit, Newer newer)
{
    QList<Row> result;
    QList<qsizetype> next(pages.size(), 0);
    while (result.size() < limit) {
        int best = -1;
        for (int i = 0; i < pages.size(); ++i) {
            if (next[i] >= pages[i].size())
                continue;
            if (best < 0 || newer(pages[i][next[i]], pages[best][next[best]]))
                best = i;
        }
        if (best < 0)
            break;
        result.append(pages[best][next[best]++]);
    }
    return result;
}

} // namespace

QList<LifecycleEvent> mergeNewestFirst(const QList<QList<LifecycleEvent>>& pages, int limit)
{
    return mergePages(pages, limit, &isNewerThan);
}

QList<LifecycleEvent> queryChannels(const QList<const EventLog*>& logs, const EventQuery& q)
{
    QList<QList<LifecycleEvent>> pages;
    for (const EventLog* log : logs) {
        if (log && q.matchesChannel(log->channel()))
            pages.append(log->query(q));
    }
    return mergeNewestFirst(pages, q.limit);
}

EventJsonPage queryChannelsJson(const QList<const EventLog*>& logs, const EventQuery& q)
{
    QList<EventJsonPage> pages;
    for (const EventLog* log : logs) {
        if (log && q.matchesChannel(log->channel()))
            pages.append(log->queryJson(q));
    }
    if (pages.size() == 1)
        return pages.first(); // the common case: one channel, its page as it is
    QList<QList<EventJsonLine>> lines;
    for (const EventJsonPage& page : pages)
        lines.append(page.lines);
    // The order of isNewerThan: time, then System before User, then record id.
    const QList<EventJsonLine> merged = mergePages(lines, q.limit, [](const EventJsonLine& a, const EventJsonLine& b) {
        if (a.timeMs != b.timeMs)
            return a.timeMs > b.timeMs;
        if (a.channel != b.channel)
            return channelRank(a.channel) > channelRank(b.channel);
        return a.recordId > b.recordId;
    });
    EventJsonPage result;
    qsizetype bytes = 0;
    for (const EventJsonLine& line : merged)
        bytes += line.length + 1;
    result.text.reserve(bytes);
    result.lines.reserve(merged.size());
    for (EventJsonLine line : merged) {
        const EventJsonPage& from = *std::find_if(pages.cbegin(), pages.cend(), [&](const EventJsonPage& page) {
            return !page.lines.isEmpty() && page.lines.first().channel == line.channel;
        });
        const QByteArrayView text = QByteArrayView(from.text).sliced(line.begin, line.length + 1);
        line.begin = result.text.size();
        result.text.append(text);
        result.lines.append(line);
    }
    return result;
}

qint64 countChannels(const QList<const EventLog*>& logs, const EventQuery& q)
{
    qint64 total = 0;
    for (const EventLog* log : logs) {
        if (log && q.matchesChannel(log->channel()))
            total += log->count(q);
    }
    return total;
}

} // namespace certlife
