// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"

#include <QList>
#include <QString>

namespace certlife {

struct EventPage
{
    QList<LifecycleEvent> events; // newest first (EventQuery's order)
    QString error;                // a channel's log could not be read, and why
};

// Where the console reads lifecycle events from: the System and the User log. Every
// method blocks and is called on worker threads, so an implementation opens its own
// database connections per call and must be thread-safe. A channel without a log yet
// is empty, not an error.
class EventSource
{
public:
    virtual ~EventSource() = default;
    // One page over the channels the query names, honouring q.after and q.limit.
    virtual EventPage fetch(const EventQuery& query) const = 0;
    virtual qint64 latestRecordId(Scope channel) const = 0; // 0 when empty; cheap
    // False when record ids are not one growing number per channel (a fleet: each host
    // numbers its own): new events are then found by time, as the events newer than the
    // newest shown (EventTableModel::checkForNewEvents).
    virtual bool hasChannelRecordIds() const { return true; }
    virtual qint64 count(const EventQuery& query) const = 0; // every match; -1 when unknown
};

} // namespace certlife
