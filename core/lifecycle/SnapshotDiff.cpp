// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/SnapshotDiff.h"

#include "endpoints/Endpoint.h"
#include "lifecycle/EventText.h"

#include <QMap>
#include <algorithm>

namespace certlife {

namespace {

struct PlacementKey
{
    QString path;
    int record;
    friend bool operator==(const PlacementKey&, const PlacementKey&) = default;
};
size_t qHash(const PlacementKey& k, size_t seed = 0) noexcept
{
    return qHash(k.path, seed) ^ (size_t(k.record) * size_t(0x9E3779B97F4A7C15ull));
}

// (record, store) pairs: which store held which certificate.
using Presence = QSet<quint64>;
quint64 presenceKey(int record, int store)
{
    return (quint64(quint32(record)) << 32) | quint32(store);
}

struct StoreWork
{
    const StoreSnapshot* prev = nullptr; // nullptr: first scan of this store (baseline)
    bool observed = false;               // false: store missing, previous content carried over
    QList<Placement> added;
    QList<Placement> removed;
};

struct Replacement
{
    int oldRecord;
    int newRecord;
    QString oldPath;
    QString newPath;
    QString action;
};

QStringList lowerSorted(const QStringList& list)
{
    QStringList out;
    out.reserve(list.size());
    for (const QString& s : list)
        out << s.toLower();
    out.sort();
    out.removeDuplicates();
    return out;
}

// The smallest path at which a store holds a record: deterministic for events about
// a certificate found at several paths (certbot's live/ and archive/).
class MinPaths
{
public:
    explicit MinPaths(const QList<Placement>* placements) : m_placements(placements) {}
    QString of(int record)
    {
        if (!m_built) {
            for (const Placement& p : *m_placements) {
                auto it = m_min.find(p.record);
                if (it == m_min.end())
                    m_min.insert(p.record, p.path);
                else if (p.path < *it)
                    *it = p.path;
            }
            m_built = true;
        }
        return m_min.value(record);
    }

private:
    const QList<Placement>* m_placements;
    QHash<int, QString> m_min;
    bool m_built = false;
};

// Older certificates superseded by one already present (same subject, SANs, key type)
// are recorded as archived when a store is first seen, so that an existing certbot
// archive/ does not raise expiry warnings for every old certificate.
void inferArchivedAtBaseline(ScopeSnapshot& snap, const StoreSnapshot& store)
{
    QHash<QString, QList<int>> bySubject;
    QSet<int> seen;
    for (const Placement& p : store.placements)
        if (!seen.contains(p.record)) {
            seen.insert(p.record);
            bySubject[snap.details(p.record).subject] << p.record;
        }
    for (const QList<int>& group : std::as_const(bySubject)) {
        if (group.size() < 2)
            continue;
        for (int older : group)
            for (int newer : group)
                if (supersedes(snap.record(newer), snap.record(older))) {
                    snap.state(older).archived = true;
                    break;
                }
    }
}

// The common case, decided without hashing: the scan lists exactly what the store held,
// in the same order.
bool listsSameContent(const StoreSnapshot& prev, const StoreScan& scan, const ScopeSnapshot& snap)
{
    if (prev.placements.size() != scan.certificates.size() || !scan.problems.isEmpty())
        return false;
    for (qsizetype i = 0; i < prev.placements.size(); ++i) {
        const Placement& p = prev.placements[i];
        const StoredCertificate& c = scan.certificates[i];
        if (snap.state(p.record).sha256 != c.certificate.sha256 || p.path != c.path)
            return false;
    }
    return true;
}

class ScopeDiff
{
public:
    ScopeDiff(SnapshotDiff& out, const QList<StoreWork>& work) : m_out(out), m_snap(out.next), m_work(work)
    {
        for (int i = 0; i < work.size(); ++i) {
            if (work[i].prev)
                for (const Placement& p : work[i].prev->placements)
                    m_prevPresence.insert(presenceKey(p.record, i));
            for (const Placement& p : m_snap.stores[i].placements)
                m_curPresence.insert(presenceKey(p.record, i));
        }
    }

    void diffStore(int i);

private:
    bool inPrevOtherStore(int record, int store) const
    {
        for (int t = 0; t < m_work.size(); ++t)
            if (t != store && m_prevPresence.contains(presenceKey(record, t)))
                return true;
        return false;
    }
    bool arrivedInOtherStore(int record, int store) const
    {
        for (int t = 0; t < m_work.size(); ++t)
            if (t != store && m_curPresence.contains(presenceKey(record, t))
                && !m_prevPresence.contains(presenceKey(record, t)))
                return true;
        return false;
    }
    int supersededBy(int newRecord, const StoreWork& w, QHash<QString, QList<int>>& prevBySubject);
    void emitReplacement(int store, const Replacement& r, QList<LifecycleEvent>& replaces,
                         QList<LifecycleEvent>& archives);

    SnapshotDiff& m_out;
    ScopeSnapshot& m_snap;
    const QList<StoreWork>& m_work;
    Presence m_prevPresence;
    Presence m_curPresence;
    QHash<int, MinPaths> m_curMinPaths;
};

int ScopeDiff::supersededBy(int newRecord, const StoreWork& w, QHash<QString, QList<int>>& prevBySubject)
{
    if (prevBySubject.isEmpty()) {
        QSet<int> seen;
        for (const Placement& p : w.prev->placements)
            if (!seen.contains(p.record)) {
                seen.insert(p.record);
                prevBySubject[m_snap.details(p.record).subject] << p.record;
            }
    }
    const CertificateRecordDetails& y = m_snap.record(newRecord);
    int best = -1;
    for (int x : prevBySubject.value(y.details.subject)) {
        if (x == newRecord || m_snap.state(x).archived || !supersedes(y, m_snap.record(x)))
            continue;
        if (best < 0 || m_snap.state(x).notAfter > m_snap.state(best).notAfter)
            best = x;
    }
    return best;
}

void ScopeDiff::emitReplacement(int store, const Replacement& r, QList<LifecycleEvent>& replaces,
                                QList<LifecycleEvent>& archives)
{
    const QString& storeId = m_snap.stores[store].storeId;
    const ReportedReplace key{storeId, r.oldRecord, r.newRecord};
    if (!m_snap.reportedReplaces.contains(key)) {
        m_snap.reportedReplaces.insert(key);
        replaces << makeLifecycleEvent(EventId::Replace, r.action, storeId, m_snap.detailsAt(r.newRecord, r.newPath),
                                       m_snap.detailsAt(r.oldRecord, r.oldPath));
    }
    m_snap.state(r.newRecord).archived = false; // the new certificate is the one in use
    if (m_snap.state(r.oldRecord).archived)
        return;
    int where = m_curPresence.contains(presenceKey(r.oldRecord, store)) ? store : -1;
    for (int t = 0; where < 0 && t < m_work.size(); ++t)
        if (m_curPresence.contains(presenceKey(r.oldRecord, t)))
            where = t;
    if (where < 0)
        return; // gone everywhere: the 1001 says all there is
    m_snap.state(r.oldRecord).archived = true;
    auto minPaths = m_curMinPaths.find(where);
    if (minPaths == m_curMinPaths.end())
        minPaths = m_curMinPaths.insert(where, MinPaths(&m_snap.stores[where].placements));
    const QString path = minPaths->of(r.oldRecord);
    archives << makeLifecycleEvent(EventId::Archived, Action::Archive, m_snap.stores[where].storeId,
                                   m_snap.detailsAt(r.oldRecord, path));
}

void ScopeDiff::diffStore(int i)
{
    const StoreWork& w = m_work[i];
    const QString storeId = m_snap.stores[i].storeId;
    QMap<QString, QList<int>> departedAt, arrivedAt; // by path, sorted
    for (const Placement& p : w.removed)
        departedAt[p.path] << p.record;
    for (const Placement& p : w.added)
        arrivedAt[p.path] << p.record;

    // A location (path) that now holds a related certificate in place of another.
    QList<Replacement> replacements;
    QSet<int> replacedOld, replacedNew;
    for (auto it = arrivedAt.cbegin(); it != arrivedAt.cend(); ++it) {
        QList<int> candidates = departedAt.value(it.key());
        for (int y : it.value()) {
            int best = -1, bestScore = 0;
            for (int x : std::as_const(candidates)) {
                const CertificateDetails& a = m_snap.details(x);
                const CertificateDetails& b = m_snap.details(y);
                const int score =
                    !isRelatedCertificate(a, b) ? 0 : (!a.subject.isEmpty() && a.subject == b.subject ? 2 : 1);
                if (score > bestScore) {
                    best = x;
                    bestScore = score;
                }
            }
            if (best < 0)
                continue;
            candidates.removeOne(best);
            const bool later = m_snap.state(y).notAfter >= m_snap.state(best).notAfter;
            replacements << Replacement{best, y, it.key(), it.key(), later ? Action::Renew : Action::Replace};
            replacedOld.insert(best);
            replacedNew.insert(y);
        }
    }

    // Certificates the store did not hold before / no longer holds, at their smallest path.
    QMap<QString, QList<int>> arrivals, departures;
    QSet<int> seen;
    for (auto it = arrivedAt.cbegin(); it != arrivedAt.cend(); ++it)
        for (int r : it.value())
            if (!m_prevPresence.contains(presenceKey(r, i)) && !seen.contains(r)) {
                seen.insert(r);
                arrivals[it.key()] << r;
            }
    seen.clear();
    for (auto it = departedAt.cbegin(); it != departedAt.cend(); ++it)
        for (int r : it.value())
            if (!m_curPresence.contains(presenceKey(r, i)) && !seen.contains(r)) {
                seen.insert(r);
                departures[it.key()] << r;
            }

    QList<LifecycleEvent> replaces, archives, deleted, created;
    MinPaths prevMinPaths(&w.prev->placements);
    QHash<QString, QList<int>> prevBySubject;
    for (auto it = arrivals.cbegin(); it != arrivals.cend(); ++it) {
        for (int y : it.value()) {
            if (replacedNew.contains(y))
                continue;
            const int x = supersededBy(y, w, prevBySubject);
            if (x >= 0 && !replacedOld.contains(x)) {
                replacements << Replacement{x, y, prevMinPaths.of(x), it.key(), Action::Supersede};
                replacedOld.insert(x);
                replacedNew.insert(y);
                continue;
            }
            created << makeLifecycleEvent(EventId::New, inPrevOtherStore(y, i) ? Action::MoveOrCopy : Action::Detected,
                                          storeId, m_snap.detailsAt(y, it.key()));
        }
    }
    for (auto it = departures.cbegin(); it != departures.cend(); ++it)
        for (int x : it.value())
            if (!replacedOld.contains(x))
                deleted << makeLifecycleEvent(EventId::Deleted,
                                              arrivedInOtherStore(x, i) ? Action::MoveOrCopy : Action::Delete, storeId,
                                              m_snap.detailsAt(x, it.key()));
    std::stable_sort(replacements.begin(), replacements.end(),
                     [](const Replacement& a, const Replacement& b) { return a.newPath < b.newPath; });
    for (const Replacement& r : replacements)
        emitReplacement(i, r, replaces, archives);
    m_out.events << replaces << archives << deleted << created;
}

} // namespace

bool isRelatedCertificate(const CertificateDetails& a, const CertificateDetails& b)
{
    if (!a.subject.isEmpty() && a.subject == b.subject)
        return true;
    for (const QString& san : a.sans)
        for (const QString& other : b.sans)
            if (san.compare(other, Qt::CaseInsensitive) == 0)
                return true;
    return false;
}

bool supersedes(const CertificateRecordDetails& newer, const CertificateRecordDetails& older)
{
    const CertificateDetails& n = newer.details;
    const CertificateDetails& o = older.details;
    if (n.subject != o.subject || newer.keyAlgorithm != older.keyAlgorithm || n.notAfter <= o.notAfter)
        return false;
    if (n.subject.isEmpty() && n.sans.isEmpty())
        return false; // nothing to tie them together
    return lowerSorted(n.sans) == lowerSorted(o.sans);
}

SnapshotDiff diffSnapshot(ScopeSnapshot previous, const QList<StoreScan>& scans)
{
    SnapshotDiff out;
    const QList<StoreSnapshot> prevStores = std::exchange(previous.stores, {});
    out.next = std::move(previous);
    ScopeSnapshot& next = out.next;
    QHash<QString, int> prevById;
    for (int i = 0; i < prevStores.size(); ++i)
        prevById.insert(prevStores[i].storeId, i);

    QList<StoreWork> work; // parallel to next.stores
    QSet<QString> ids;
    bool changed = false;
    for (const StoreScan& scan : scans) {
        if (ids.contains(scan.storeId)) {
            out.problems << QStringLiteral("store %1 was scanned twice in one pass; the second scan is ignored")
                                .arg(scan.storeId);
            continue;
        }
        ids.insert(scan.storeId);
        const int pi = prevById.value(scan.storeId, -1);
        StoreWork w;
        w.prev = pi >= 0 ? &prevStores[pi] : nullptr;
        if (scan.storeMissing) {
            // An unmounted disk is not a mass deletion: keep what the store held.
            if (w.prev) {
                next.stores << *w.prev;
                work << w;
            }
            continue;
        }
        w.observed = true;
        if (w.prev && listsSameContent(*w.prev, scan, next)) {
            out.observedStores << int(work.size());
            next.stores << *w.prev; // shared, not copied
            work << std::move(w);
            continue;
        }
        StoreSnapshot cur{scan.storeId, {}};
        cur.placements.reserve(scan.certificates.size());
        QSet<PlacementKey> curSet;
        curSet.reserve(scan.certificates.size());
        for (const StoredCertificate& sc : scan.certificates) {
            const int record = next.recordFor(sc.certificate);
            const qsizetype before = curSet.size();
            curSet.insert(PlacementKey{sc.path, record});
            if (curSet.size() != before)
                cur.placements << Placement{sc.path, record};
        }
        if (w.prev) {
            if (!scan.problems.isEmpty()) {
                // Unreadable is not deleted: a file that failed to read keeps what it held.
                QSet<QString> problemPaths;
                for (const ScanProblem& p : scan.problems)
                    problemPaths.insert(p.path);
                for (const Placement& p : w.prev->placements)
                    // An endpoint whose name did not resolve keeps what each of its addresses served.
                    if ((problemPaths.contains(p.path) || problemPaths.contains(endpointOfLocation(p.path)))
                        && !curSet.contains(PlacementKey{p.path, p.record})) {
                        curSet.insert(PlacementKey{p.path, p.record});
                        cur.placements << p;
                    }
            }
            for (const Placement& p : w.prev->placements)
                if (!curSet.contains(PlacementKey{p.path, p.record}))
                    w.removed << p;
            if (!w.removed.isEmpty() || cur.placements.size() != w.prev->placements.size()) {
                QSet<PlacementKey> prevSet;
                prevSet.reserve(w.prev->placements.size());
                for (const Placement& p : w.prev->placements)
                    prevSet.insert(PlacementKey{p.path, p.record});
                for (const Placement& p : std::as_const(cur.placements))
                    if (!prevSet.contains(PlacementKey{p.path, p.record}))
                        w.added << p;
            }
        }
        changed = changed || !w.prev || !w.added.isEmpty() || !w.removed.isEmpty();
        out.observedStores << int(work.size());
        next.stores << std::move(cur);
        work << std::move(w);
    }
    for (const StoreSnapshot& s : prevStores)
        changed = changed || !ids.contains(s.storeId); // no longer configured: forgotten
    out.changed = changed;
    if (!changed)
        return out;

    for (int i = 0; i < work.size(); ++i)
        if (work[i].observed && !work[i].prev)
            inferArchivedAtBaseline(next, next.stores[i]);
    ScopeDiff diff(out, work);
    for (int i = 0; i < work.size(); ++i)
        if (work[i].prev && (!work[i].added.isEmpty() || !work[i].removed.isEmpty()))
            diff.diffStore(i);
    return out;
}

} // namespace certlife
