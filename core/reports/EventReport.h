// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "lifecycle/LifecycleEvent.h"
#include "reports/Report.h"
#include "util/Clock.h"

#include <functional>

namespace certlife {

class EventLog;

// Every event the query matches across the logs (normally System and User), newest
// first, read page by page with the keyset cursor (query.after and query.limit are
// ignored). Stops after maxRows when maxRows > 0 and sets *truncated.
// EventLogs are bound to the thread that opened them: call this on that thread.
QList<LifecycleEvent> fetchReportEvents(const QList<const EventLog*>& logs, const EventQuery& query, qint64 maxRows = 0,
                                        bool* truncated = nullptr);

// The same over any reader of pages (the console's EventSource, which opens its own
// connections on the worker): `fetchPage` returns the events of one page of the query
// (its after and limit set), newest first.
using EventPageFetcher = std::function<QList<LifecycleEvent>(const EventQuery& page)>;
QList<LifecycleEvent> fetchReportEvents(const EventPageFetcher& fetchPage, const EventQuery& query, qint64 maxRows = 0,
                                        bool* truncated = nullptr);

// The query's filters as a report lists them ("Channel: System", "Event ids: 1001, 1003", …).
QList<ReportFilter> describeEventQuery(const EventQuery& query);

// The event report: one row per event in the order given, with every field of the
// event and of its certificate (and of the old certificate of a Replace, 1001). The
// Store column shows the store's name from `storeNames`, the storeId column its id.
// The time range is the query's since/until; an open end is the oldest event shown
// or the generation time.
Report buildEventReport(const QList<LifecycleEvent>& events, const EventQuery& query, const Clock& clock,
                        const ReportStoreNames& storeNames = {});

} // namespace certlife
