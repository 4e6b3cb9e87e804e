// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// EventLog's write path: append(), on the sqlite3 C API through the QSQLITE
// connection's own handle (same connection and transaction as Qt SQL), because Qt
// SQL's per-value work cost more than SQLite's insert (docs/eventlog.md, "Performance").
#include "eventlog/EventJson.h"
#include "eventlog/EventLogPrivate.h"

namespace certlife {

using eventlog::SqliteStatement;

bool AppendStatements::prepare(sqlite3* db, bool fullText, QString* error)
{
    const auto p = [&](SqliteStatement& s, const char* sql) { return s.prepare(db, sql, error); };
    return p(state,
             "SELECT (SELECT value FROM eventlog_meta WHERE name = 'subjects_generation'),"
             " (SELECT value FROM eventlog_meta WHERE name = 'last_record_id'),"
             " (SELECT value FROM eventlog_meta WHERE name = 'bucket_events'),"
             " (SELECT coalesce(max(subject_id), 0) FROM event_subjects),"
             " (SELECT value FROM eventlog_meta WHERE name = 'pass_base'),"
             " (SELECT coalesce((SELECT value FROM eventlog_meta WHERE name = 'pass_first_record'), 0))")
        && p(buckets, "SELECT start_ms, events, max_time_ms FROM event_buckets")
        && p(saveBucket,
             "INSERT INTO event_buckets(start_ms, events, max_time_ms) VALUES (?1, ?2, ?3)"
             " ON CONFLICT(start_ms) DO UPDATE SET events = excluded.events,"
             " max_time_ms = excluded.max_time_ms")
        && p(laterEvents, "SELECT count(*), min(time_ms) FROM events WHERE bucket = ?1 AND time_ms > ?2")
        && p(moveEvents, "UPDATE events SET bucket = ?3 WHERE bucket = ?1 AND time_ms >= ?2")
        && p(insertEvent,
             "INSERT INTO events(record_id, time_ms, event_id, store_id, subject_id, bucket,"
             " host, account, process, action, message, remaining_seconds, pass_base)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
        && p(findSubject, "SELECT subject_id FROM event_subjects WHERE details_hash = ?1 AND details = ?2")
        && p(insertSubject,
             "INSERT INTO event_subjects(details_hash, details, thumbprint, old_thumbprint, search)"
             " VALUES (?1, ?2, ?3, ?4, ?5)")
        && p(findStore, "SELECT store_id FROM event_stores WHERE name = ?1")
        && p(insertStore, "INSERT INTO event_stores(name) VALUES (?1)")
        && p(saveLastRecordId, "UPDATE eventlog_meta SET value = ?1 WHERE name = 'last_record_id'")
        && p(passEvents,
             "SELECT e.record_id, e.event_id, st.name, s.thumbprint, s.old_thumbprint FROM events e"
             " JOIN event_stores st ON st.store_id = e.store_id"
             " JOIN event_subjects s ON s.subject_id = e.subject_id"
             " WHERE e.record_id >= ?1 AND e.pass_base = ?2 ORDER BY e.record_id")
        && p(savePass,
             "INSERT OR REPLACE INTO eventlog_meta(name, value)"
             " VALUES ('pass_base', ?1), ('pass_first_record', ?2)")
        && (!fullText
            || p(indexSubjects,
                 "INSERT INTO event_subjects_fts(rowid, search)"
                 " SELECT subject_id, search FROM event_subjects WHERE subject_id > ?1"));
}

void AppendStatements::finalize()
{
    for (SqliteStatement* s :
         {&state, &buckets, &saveBucket, &laterEvents, &moveEvents, &insertEvent, &findSubject, &insertSubject,
          &findStore, &insertStore, &saveLastRecordId, &passEvents, &savePass, &indexSubjects})
        s->finalize();
}

namespace {

// The id of the stored subject equal to e's, stored now if there is none; 0 on failure.
qint64 subjectIdOf(AppendStatements& st, const LifecycleEvent& e, bool* created, QString* why)
{
    const QString details = eventlog::subjectJson(e);
    const qint64 hash = eventlog::detailsHash(details);
    st.findSubject.bind(1, hash);
    st.findSubject.bind(2, details);
    qint64 id = st.findSubject.next() ? st.findSubject.columnInt(0) : 0;
    if (!st.findSubject.finish(why))
        return 0;
    if (id != 0)
        return id;
    st.insertSubject.bind(1, hash);
    st.insertSubject.bind(2, details);
    st.insertSubject.bind(3, e.certificate.thumbprint.toUpper());
    if (e.oldCertificate)
        st.insertSubject.bind(4, e.oldCertificate->thumbprint.toUpper());
    else
        st.insertSubject.bindNull(4);
    st.insertSubject.bind(5, eventlog::EventQuerySql::searchTextOf(e));
    if (!st.insertSubject.run(why))
        return 0;
    *created = true;
    return st.insertSubject.lastInsertRowid();
}

// The events a time bucket split may move, in the batch's transaction.
class BucketStorage : public eventlog::TimeBuckets::Storage
{
public:
    BucketStorage(AppendStatements& st, QString* why) : m_st(st), m_why(why) {}

    bool laterEvents(qint64 startMs, qint64 timeMs, qint64* count, qint64* earliestMs) override
    {
        m_st.laterEvents.bind(1, startMs);
        m_st.laterEvents.bind(2, timeMs);
        if (m_st.laterEvents.next()) {
            *count = m_st.laterEvents.columnInt(0);
            *earliestMs = m_st.laterEvents.columnInt(1);
        }
        return m_st.laterEvents.finish(m_why);
    }
    bool move(qint64 fromMs, qint64 sinceMs, qint64 toMs) override
    {
        m_st.moveEvents.bind(1, fromMs);
        m_st.moveEvents.bind(2, sinceMs);
        m_st.moveEvents.bind(3, toMs);
        return m_st.moveEvents.run(m_why);
    }

private:
    AppendStatements& m_st;
    QString* m_why;
};

qint64 storeIdOf(AppendStatements& st, const QString& store, QString* why)
{
    st.findStore.bind(1, store);
    const qint64 id = st.findStore.next() ? st.findStore.columnInt(0) : 0;
    if (!st.findStore.finish(why))
        return 0;
    if (id != 0)
        return id;
    st.insertStore.bind(1, store);
    return st.insertStore.run(why) ? st.insertStore.lastInsertRowid() : 0;
}

// What makes two events of a pass the same: id, store, certificate and old certificate.
QString passEventKey(qint64 eventId, const QString& store, const QString& thumbprint, const QString& oldThumbprint)
{
    return QString::number(eventId) + QChar(0x1F) + store + QChar(0x1F) + thumbprint.toUpper() + QChar(0x1F)
        + oldThumbprint.toUpper();
}

QString passEventKey(const LifecycleEvent& e)
{
    return passEventKey(qint64(e.id), e.storeId, e.certificate.thumbprint,
                        e.oldCertificate ? e.oldCertificate->thumbprint : QString());
}

// The record ids of the events logged for the pass from `firstRecord` on, by key, oldest first.
bool loggedPassEvents(AppendStatements& st, qint64 firstRecord, qint64 passBase, QHash<QString, QList<qint64>>* out,
                      QString* why)
{
    st.passEvents.bind(1, firstRecord);
    st.passEvents.bind(2, passBase);
    while (st.passEvents.next())
        (*out)[passEventKey(st.passEvents.columnInt(1), st.passEvents.columnText(2), st.passEvents.columnText(3),
                            st.passEvents.columnText(4))]
            << st.passEvents.columnInt(0);
    return st.passEvents.finish(why);
}

} // namespace

bool EventLog::append(QList<LifecycleEvent>& events, QString* error)
{
    return appendEvents(events, std::nullopt, nullptr, error);
}

bool EventLog::appendPass(QList<LifecycleEvent>& events, qint64 passBase, QList<bool>* alreadyLogged, QString* error)
{
    return appendEvents(events, passBase, alreadyLogged, error);
}

bool EventLog::appendEvents(QList<LifecycleEvent>& events, std::optional<qint64> passBase, QList<bool>* alreadyLogged,
                            QString* error)
{
    if (alreadyLogged)
        alreadyLogged->fill(false, events.size());
    if (!d->open || d->readOnly)
        return fail(error, QStringLiteral("cannot append"), QStringLiteral("not open for writing"));
    if (events.isEmpty())
        return true;
    for (const LifecycleEvent& e : std::as_const(events)) {
        EventId known;
        if (!parseEventId(int(e.id), &known))
            return fail(error, QStringLiteral("cannot append"),
                        QStringLiteral("event id %1 is not a known event id").arg(int(e.id)));
    }
    AppendStatements& st = d->statements;
    QString why;
    if (!eventlog::execNative(d->native, "BEGIN IMMEDIATE", &why))
        return fail(error, QStringLiteral("cannot start a transaction"), why);

    // The events are filled in place; a batch that fails gets its old values back, so
    // the caller's events carry record ids only when they were committed.
    struct Original
    {
        qint64 recordId;
        QDateTime time;
        Scope channel;
    };
    QList<Original> originals;
    originals.reserve(events.size());
    for (const LifecycleEvent& e : std::as_const(events))
        originals.append({e.recordId, e.time, e.channel});
    const auto abort = [&](const QString& what) {
        QString ignored;
        eventlog::execNative(d->native, "ROLLBACK", &ignored);
        // The caches may name subjects and stores the rollback removed.
        d->subjects.clear();
        d->storeIds.clear();
        for (qsizetype i = 0; i < events.size(); ++i) {
            events[i].recordId = originals[i].recordId;
            events[i].time = originals[i].time;
            events[i].channel = originals[i].channel;
        }
        if (alreadyLogged)
            alreadyLogged->fill(false, events.size());
        return fail(error, what, why);
    };

    // Under the write lock: the cached subject ids hold unless a prune deleted subjects
    // since; subjects above the current maximum id are new in this batch.
    if (!st.state.next()) {
        st.state.finish(&why);
        return abort(QStringLiteral("cannot read the log's state"));
    }
    const qint64 generation = st.state.columnInt(0);
    qint64 recordId = st.state.columnInt(1);
    const qint64 bucketEvents = st.state.columnInt(2);
    const qint64 subjectsBefore = st.state.columnInt(3);
    const qint64 lastPassBase = st.state.columnInt(4);
    const qint64 lastPassFirstRecord = st.state.columnInt(5); // 0: no pass logged yet
    if (!st.state.finish(&why))
        return abort(QStringLiteral("cannot read the log's state"));
    // A pass retried from the same base finds what its killed attempts logged; any other
    // pass becomes the last one.
    QHash<QString, QList<qint64>> loggedBefore;
    if (passBase && lastPassFirstRecord > 0 && lastPassBase == *passBase) {
        if (!loggedPassEvents(st, lastPassFirstRecord, *passBase, &loggedBefore, &why))
            return abort(QStringLiteral("cannot read the events of the last pass"));
    } else if (passBase) {
        st.savePass.bind(1, *passBase);
        st.savePass.bind(2, recordId + 1);
        if (!st.savePass.run(&why))
            return abort(QStringLiteral("cannot record the pass"));
    }
    if (generation != d->subjects.generation) {
        d->subjects.clear();
        d->subjects.generation = generation;
    }
    QList<eventlog::TimeBuckets::Bucket> stored;
    while (st.buckets.next())
        stored.append({st.buckets.columnInt(0), st.buckets.columnInt(1), st.buckets.columnInt(2)});
    if (!st.buckets.finish(&why))
        return abort(QStringLiteral("cannot read the time buckets"));
    d->buckets.reset(std::move(stored), bucketEvents > 0 ? bucketEvents : eventlog::kBucketEvents);

    BucketStorage bucketStorage(st, &why);
    bool newSubjects = false;
    const QDateTime now = d->clock->now();
    for (qsizetype i = 0; i < events.size(); ++i) {
        LifecycleEvent& e = events[i];
        e.time = e.time.isValid() ? e.time.toUTC() : now;
        e.channel = d->channel;
        if (!loggedBefore.isEmpty()) {
            const auto found = loggedBefore.find(passEventKey(e));
            if (found != loggedBefore.end() && !found->isEmpty()) {
                e.recordId = found->takeFirst();
                if (alreadyLogged)
                    (*alreadyLogged)[i] = true;
                continue;
            }
        }
        qint64 subjectId = d->subjects.find(e);
        if (subjectId == 0) {
            subjectId = subjectIdOf(st, e, &newSubjects, &why);
            if (subjectId == 0)
                return abort(QStringLiteral("cannot store an event subject"));
            d->subjects.insert(e, subjectId);
        }
        qint64 storeId = d->storeIds.value(e.storeId);
        if (storeId == 0) {
            storeId = storeIdOf(st, e.storeId, &why);
            if (storeId == 0)
                return abort(QStringLiteral("cannot store an event's store"));
            d->storeIds.insert(e.storeId, storeId);
        }
        const qint64 timeMs = e.time.toMSecsSinceEpoch();
        qint64 bucket = 0;
        if (!d->buckets.assign(timeMs, bucketStorage, &bucket))
            return abort(QStringLiteral("cannot split a time bucket"));
        SqliteStatement& ins = st.insertEvent;
        ins.bind(1, ++recordId);
        ins.bind(2, timeMs);
        ins.bind(3, qint64(e.id));
        ins.bind(4, storeId);
        ins.bind(5, subjectId);
        ins.bind(6, bucket);
        ins.bind(7, e.host);
        ins.bind(8, e.account);
        ins.bind(9, e.process);
        ins.bind(10, e.action);
        ins.bind(11, e.message);
        if (e.remainingSeconds)
            ins.bind(12, *e.remainingSeconds);
        else
            ins.bindNull(12);
        if (passBase)
            ins.bind(13, *passBase);
        else
            ins.bindNull(13);
        if (!ins.run(&why))
            return abort(QStringLiteral("cannot append an event"));
        e.recordId = recordId;
    }
    for (const eventlog::TimeBuckets::Bucket& b : d->buckets.buckets()) {
        if (!b.changed)
            continue;
        st.saveBucket.bind(1, b.startMs);
        st.saveBucket.bind(2, b.events);
        st.saveBucket.bind(3, b.maxTimeMs);
        if (!st.saveBucket.run(&why))
            return abort(QStringLiteral("cannot store the time buckets"));
    }
    st.saveLastRecordId.bind(1, recordId);
    if (!st.saveLastRecordId.run(&why))
        return abort(QStringLiteral("cannot store the last record id"));
    if (newSubjects && d->fullText) {
        st.indexSubjects.bind(1, subjectsBefore);
        if (!st.indexSubjects.run(&why))
            return abort(QStringLiteral("cannot index event subjects"));
    }
    if (!eventlog::execNative(d->native, "COMMIT", &why))
        return abort(QStringLiteral("cannot commit"));
    return true;
}

} // namespace certlife
