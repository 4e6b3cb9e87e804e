// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/TimeBuckets.h"

#include <algorithm>

namespace certlife::eventlog {

void TimeBuckets::reset(QList<Bucket> buckets, qint64 capacity)
{
    std::sort(buckets.begin(), buckets.end(), [](const Bucket& a, const Bucket& b) { return a.startMs < b.startMs; });
    m_buckets = std::move(buckets);
    m_capacity = std::max<qint64>(1, capacity);
}

bool TimeBuckets::assign(qint64 timeMs, Storage& storage, qint64* bucket)
{
    if (m_buckets.isEmpty())
        m_buckets.append({timeMs, 0, timeMs, true});
    // The last bucket starting at or before timeMs, else the first.
    const auto after = std::upper_bound(m_buckets.begin(), m_buckets.end(), timeMs,
                                        [](qint64 t, const Bucket& b) { return t < b.startMs; });
    qsizetype i = after == m_buckets.begin() ? 0 : (after - m_buckets.begin()) - 1;
    const Bucket& b = m_buckets[i];
    if (b.events >= m_capacity && timeMs > b.startMs) {
        if (timeMs >= b.maxTimeMs) {
            // Everything in b is at or before timeMs, and the next bucket (if any) starts after it.
            m_buckets.insert(++i, {timeMs, 0, timeMs, true});
        } else if (b.events >= 2 * m_capacity && b.events >= b.nextSplitCheck) {
            const qsizetype before = m_buckets.size();
            if (!splitOffLaterEvents(i, timeMs, storage))
                return false;
            if (m_buckets.size() > before)
                ++i; // the new bucket starting at timeMs
        }
    }
    Bucket& target = m_buckets[i];
    ++target.events;
    target.maxTimeMs = std::max(target.maxTimeMs, timeMs);
    target.changed = true;
    *bucket = target.startMs;
    return true;
}

// Bucket i is overfull because it holds events later than timeMs. When they are few
// (stamped ahead of time, most likely), they move to a bucket starting at the earliest
// of them, and timeMs starts the bucket between: [start, timeMs] stays, [timeMs,
// earliest) is new, [earliest, …) holds the moved events. Many later events (times
// arriving in no order) stay where they are: the bucket grows, which costs speed only;
// it is looked at again after another `capacity` events.
bool TimeBuckets::splitOffLaterEvents(qsizetype i, qint64 timeMs, Storage& storage)
{
    Bucket& b = m_buckets[i];
    b.nextSplitCheck = b.events + m_capacity;
    qint64 count = 0, earliest = 0;
    if (!storage.laterEvents(b.startMs, timeMs, &count, &earliest))
        return false;
    if (count == 0 || count > std::max<qint64>(1, m_capacity / 4))
        return true;
    if (!storage.move(b.startMs, earliest, earliest))
        return false;
    const Bucket later{earliest, count, b.maxTimeMs, true};
    b.events = std::max<qint64>(0, b.events - count);
    b.maxTimeMs = timeMs; // every event left is at or before it
    b.changed = true;
    m_buckets.insert(i + 1, later);
    m_buckets.insert(i + 1, {timeMs, 0, timeMs, true});
    return true;
}

} // namespace certlife::eventlog
