#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace certlife {

// What the events browser asks for. Empty lists and invalid times mean "any".
struct EventFilter
{
    bool includeSystem = true;
    bool includeUser = true;
    QList<EventId> ids;
    QList<EventLevel> levels;
    QDateTime from;       // inclusive
    QDateTime to;         // exclusive
    QString storeId;      // exact store id
    QString thumbprint;   // the event's certificate, or the old one of a Replace
    QString text;         // case-insensitive substring of the message, names, thumbprints, store, action

    bool includes(Scope channel) const { return channel == Scope::System ? includeSystem : includeUser; }
    // The reference semantics; an EventLog query must select exactly these events.
    bool matches(const LifecycleEvent& event) const;
    bool isDefault() const;
    friend bool operator==(const EventFilter&, const EventFilter&) = default;
};

// Parses "1001, 1003-1005" into ids; false (and *error) on anything else.
bool parseEventIdList(const QString& text, QList<EventId>* ids, QString* error);

} // namespace certlife
