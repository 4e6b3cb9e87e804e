#pragma once

#include "models/EventFilter.h"

#include <QList>
#include <QString>

namespace certlife {

// One page of a keyset query, newest first: events with afterRecordId < recordId <
// beforeRecordId (0 = unbounded), at most `limit` of them.
struct EventPageRequest
{
    qint64 beforeRecordId = 0;
    qint64 afterRecordId = 0;
    int limit = 250;
};

struct EventPage
{
    QList<LifecycleEvent> events; // newest (highest record id) first
    QString error;                // the channel's log could not be read, and why
};

// Where the console reads lifecycle events from: one log per channel. Every method
// blocks and is called on worker threads, so an implementation opens its own database
// connection per call (or per thread) and must be thread-safe. A channel without a log
// yet is empty, not an error.
class EventSource
{
public:
    virtual ~EventSource() = default;
    virtual EventPage fetch(Scope channel, const EventFilter& filter, const EventPageRequest& request) const = 0;
    virtual qint64 latestRecordId(Scope channel) const = 0; // 0 when empty; cheap
    virtual qint64 count(Scope channel, const EventFilter& filter) const = 0; // -1 when unknown
};

} // namespace certlife
