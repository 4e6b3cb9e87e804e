// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QtGlobal>

namespace certlife::eventlog {

// The time partition behind the index events_bucket_subject_time (bucket, subject_id,
// time_ms), which finds the events of a certificate. Indexed by subject alone, every
// insert would land at a random place in a large index, and each batch would rewrite
// most of its pages; by bucket first, a batch's inserts stay in the newest bucket's
// small part of the index. docs/eventlog.md, "Time buckets".
//
// A bucket is a time range named by its start (ms since the epoch): an event belongs to
// the last bucket starting at or before its time (the first bucket also takes anything
// earlier). So bucket order is time order, and a reader walking (bucket, time, record
// id) downwards reads events newest first with no sort. When an event falls into a
// bucket holding `capacity` events and is not older than any event in it, it starts a
// new bucket at its time instead: no event already stored is then on the wrong side of
// the new boundary, and events of the same time in both buckets keep record-id order.
class TimeBuckets
{
public:
    struct Bucket
    {
        qint64 startMs = 0;
        qint64 events = 0;         // appended to it (prune does not count down: only a hint)
        qint64 maxTimeMs = 0;      // latest event time in it, or later
        bool changed = false;      // to be written back
        qint64 nextSplitCheck = 0; // see assign(); not stored
    };

    // The stored events, for the one split that moves some: an event stamped far ahead
    // (a clock set forward) would otherwise keep its bucket from ever splitting.
    class Storage
    {
    public:
        virtual ~Storage() = default;
        // How many events of bucket `startMs` are later than `timeMs`, and the earliest.
        virtual bool laterEvents(qint64 startMs, qint64 timeMs, qint64* count, qint64* earliestMs) = 0;
        // Moves bucket `fromMs`'s events at or after `sinceMs` to bucket `toMs`.
        virtual bool move(qint64 fromMs, qint64 sinceMs, qint64 toMs) = 0;
    };

    // The stored buckets, in any order, and the capacity of a bucket.
    void reset(QList<Bucket> buckets, qint64 capacity);
    // The bucket (its start) of an event at timeMs; counts the event in it. False when
    // `storage` failed (the batch is then rolled back).
    bool assign(qint64 timeMs, Storage& storage, qint64* bucket);
    const QList<Bucket>& buckets() const { return m_buckets; }

private:
    bool splitOffLaterEvents(qsizetype i, qint64 timeMs, Storage& storage);

    QList<Bucket> m_buckets; // by start
    qint64 m_capacity = 1;
};

} // namespace certlife::eventlog
