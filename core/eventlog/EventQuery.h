// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace certlife {

class EventLog;

// A position in the newest-first order of events: the last row of a page. Events
// are ordered by time (newest first), then System before User, then record id
// (highest first), so a cursor also works across the two channels; across the hosts of
// a fleet (fleet/FleetReader.h), then by host name (a local log is one host's).
struct EventCursor
{
    QDateTime time;
    qint64 recordId = 0;
    Scope channel = Scope::User;
    QString host;

    static EventCursor of(const LifecycleEvent& e) { return {e.time, e.recordId, e.channel, e.host}; }
};

// What to show. Every filter is optional; set filters combine with AND.
struct EventQuery
{
    std::optional<Scope> channel;     // unset: both channels (see queryChannels)
    QList<EventId> ids;               // empty: every id
    std::optional<EventLevel> level;  // intersected with ids
    QDateTime since;                  // inclusive; invalid: no lower bound
    QDateTime until;                  // exclusive; invalid: no upper bound
    QString storeId;                  // exact store id; empty: every store
    QString text;                     // substring of subject, SANs, thumbprint or SHA-256 of the
                                      // certificate (or the old one of a Replace), any case
    QString thumbprint;               // exact SHA-1 thumbprint of the certificate or the old one
    QString host;                     // a fleet's events (fleet/FleetReader.h): this host's only;
                                      // empty: every host. A local log is one host's: not used
    std::optional<EventCursor> after; // keyset paging: only events after this one
    int limit = 100;                  // page size

    // The event ids this query can match (ids ∩ level); all of allEventIds() when neither is set.
    QList<EventId> effectiveIds() const;
    bool matchesChannel(Scope c) const { return !channel || *channel == c; }
};

// Newest-first order (time, then System before User, then record id, then host name).
bool isNewerThan(const LifecycleEvent& a, const LifecycleEvent& b);
// True when `e` comes after `cursor` in newest-first order (belongs to a later page).
bool isAfter(const LifecycleEvent& e, const EventCursor& cursor);

// Merges newest-first pages (each already newest first) into one page of `limit` rows.
QList<LifecycleEvent> mergeNewestFirst(const QList<QList<LifecycleEvent>>& pages, int limit);

// One page from several logs (normally the System and the User log), for a query that
// may name both channels. Logs whose channel the query excludes are skipped. Use
// EventCursor::of(last row) as the next query's `after` to page on.
QList<LifecycleEvent> queryChannels(const QList<const EventLog*>& logs, const EventQuery& q);

// One event of a page of JSON lines: where its line is in the page's text, and what
// orders and pages it.
struct EventJsonLine
{
    qint64 timeMs = 0;
    qint64 recordId = 0;
    Scope channel = Scope::User;
    qsizetype begin = 0;  // in EventJsonPage::text
    qsizetype length = 0; // without the newline

    EventCursor cursor() const { return {QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC), recordId, channel}; }
};
// A page of events as JSON lines (eventlog/EventJson.h, writeEventJson), for
// `events --json`, which needs nothing else of an event: one buffer for the page, so
// that writing it out is one write.
struct EventJsonPage
{
    QByteArray text; // every line, each ending in a newline, newest first
    QList<EventJsonLine> lines;

    QByteArrayView line(qsizetype i) const { return QByteArrayView(text).sliced(lines[i].begin, lines[i].length); }
};
// An event as the fleet publisher sends it (agent/FleetPublisher.h): the columns the
// fleet database keys and filters on, and the event as `events --json` writes it.
struct EventJsonRecord
{
    qint64 recordId = 0;
    qint64 timeMs = 0;
    EventId id = EventId::New;
    QString store;
    QString thumbprint; // the certificate's, in upper case as the log keeps it
    QString message;
    QByteArray json; // one JSON object in UTF-8, no newline: the line of `events --json`
};
// queryChannels() as JSON lines: the same page, written straight from the logs' rows.
EventJsonPage queryChannelsJson(const QList<const EventLog*>& logs, const EventQuery& q);
qint64 countChannels(const QList<const EventLog*>& logs, const EventQuery& q);

} // namespace certlife
