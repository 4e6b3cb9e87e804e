// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"
#include "lifecycle/LifecycleEvent.h"
#include "util/Clock.h"
#include "util/Scope.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace certlife {
namespace eventlog {
struct SqlStatement;
}

// The lifecycle event history of one channel: an SQLite database (Qt SQL, QSQLITE; appends
// go through the sqlite3 C API on the same connection) in WAL mode, normally at
// Paths::eventLogFile(channel). One process (the agent) appends
// while any number of readers (consoles, `certlifectl events`) query; every committed
// batch survives a crash of the writer. Schema, indexes and query plans: docs/eventlog.md.
//
// Threads: an EventLog owns its own Qt SQL connection (a name unique to the instance),
// and Qt SQL connections belong to the thread that opened them. Create, open and use an
// EventLog on one thread only; a worker thread that needs the log opens its own instance.
class EventLog
{
public:
    EventLog(const QString& databasePath, Scope channel);
    ~EventLog();
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    // Opens for writing: creates the file (0600 for User, 0644 for System) and its
    // directory when missing, and creates or upgrades the schema. A file that is not an
    // SQLite database, or was written by a newer Certlife, is refused and left unchanged;
    // *error then names the file and the reason.
    bool open(QString* error = nullptr);
    // Opens an existing file for reading only (a console or the CLI reading a log it may
    // not write). Never creates, upgrades or writes; a file whose schema has not been
    // created yet reads as an empty log.
    bool openReadOnly(QString* error = nullptr);
    bool isOpen() const;

    // Appends in one transaction: either every event is stored or none is. On success
    // fills each event's recordId, sets its channel to this log's, and stamps a time
    // from the clock where the event has none.
    bool append(QList<LifecycleEvent>& events, QString* error = nullptr);
    // A lifecycle pass's events (LifecyclePass), as append() but once per pass: a pass
    // killed after this commit and before its snapshot was saved is retried from the same
    // snapshot, hence with the same `passBase` (LifecyclePass::baseId), and its events
    // that an earlier attempt logged, matched by event id, store and certificate (and old
    // certificate), are not appended again. Such an event gets the record id of the one
    // logged before and true in *alreadyLogged (one flag per event, when given).
    bool appendPass(QList<LifecycleEvent>& events, qint64 passBase, QList<bool>* alreadyLogged,
                    QString* error = nullptr);

    std::optional<LifecycleEvent> event(qint64 recordId) const;
    // One page, newest first (see EventQuery). The channel filter of q is honoured: a
    // query for the other channel returns nothing. For both channels: queryChannels().
    QList<LifecycleEvent> query(const EventQuery& q) const;
    // The same page as JSON lines (EventJsonPage), written from the rows on SQLite's own
    // API: no LifecycleEvent, no QJsonObject, the stored subject JSON spliced as it is.
    EventJsonPage queryJson(const EventQuery& q) const;
    qint64 count(const EventQuery& q) const; // every match: ignores q.after and q.limit
    // The highest record id stored (0 when empty); ids only grow. Cheap:
    // readers poll it to notice new events.
    qint64 latestRecordId() const;
    // Up to LIMIT events with a record id above RECORD_ID, oldest record first: what a
    // reader that has every event up to RECORD_ID has not seen (the fleet's outbox).
    QList<LifecycleEvent> eventsAfter(qint64 recordId, int limit) const;
    // The same events, each as its `events --json` line and the columns the fleet keeps,
    // written from the rows on SQLite's own API like queryJson() (the fleet's publish:
    // no LifecycleEvent, no stored subject parsed). A row that cannot be read is left out
    // as eventsAfter() leaves it out.
    QList<EventJsonRecord> eventsAfterJson(qint64 recordId, int limit) const;
    // This log's identity in the fleet database (docs/fleet.md, "Exactly once"): random,
    // made the first time it is asked for and kept in eventlog_meta, so that a log started
    // again (a wiped state directory) is told from this one. Empty with *error when the
    // log cannot store it (opened read-only and never asked before, say).
    QString fleetIdentity(QString* error = nullptr);

    // Deletes events older than `olderThan` (when valid) and then the oldest events
    // beyond the newest `maxEvents` (when > 0). Freed pages are reused, so a log pruned
    // by a retention policy stays bounded in size.
    bool prune(const QDateTime& olderThan, qint64 maxEvents, QString* error = nullptr);

    // Gives back what the connection keeps for speed (SQLite's page cache, up to 32 MiB,
    // and the recent subjects) once a pass's events are in: a pass's memory peak comes
    // after, when the snapshot is written, and the next pass is hours away.
    void releaseMemory();

    QString databasePath() const;
    Scope channel() const;
    // Time source for events appended without a time (default: the system clock).
    void setClock(std::shared_ptr<const Clock> clock);
    // The last error of a const query (query/count/event), empty when it went well.
    QString lastError() const;
    // Whether text search uses the FTS5 trigram index (false: scans event subjects).
    bool hasFullTextSearch() const;
    // SQLite's EXPLAIN QUERY PLAN of the statement query(q) would run (benchmark, tests).
    QStringList explainQuery(const EventQuery& q) const;

private:
    bool openConnection(bool readOnly, QString* error);
    bool appendEvents(QList<LifecycleEvent>& events, std::optional<qint64> passBase, QList<bool>* alreadyLogged,
                      QString* error);
    std::optional<eventlog::SqlStatement> pageStatement(const EventQuery& q) const;
    bool fail(QString* error, const QString& what, const QString& why) const;

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace certlife
