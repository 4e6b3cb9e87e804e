// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/ArchivedCertificates.h"

#include "lifecycle/SnapshotDiff.h"
#include "lifecycle/SnapshotFile.h"

#include <QFile>
#include <QFileInfo>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace certlife {

namespace {
// Renewals of renewals are followed this far; a loop in a damaged snapshot stops here.
constexpr int kMaxSuccessorHops = 32;

// The newest current certificate that supersedes `record` in a store holding it (the
// rule the engine archives by at a store's first scan), or -1.
QHash<int, int> supersedingInStores(const ScopeSnapshot& snapshot, const QSet<int>& wanted)
{
    // Only a certificate with the subject of a wanted one can supersede it: the others of
    // a store (say 100,000 beside a few archived ones) are passed over by their subject's
    // bytes in the snapshot file, without decoding them.
    QSet<QString> wantedSubjects;
    std::vector<QByteArray> wantedUtf8;
    for (int record : wanted)
        wantedSubjects.insert(snapshot.details(record).subject);
    wantedUtf8.reserve(size_t(wantedSubjects.size()));
    for (const QString& subject : std::as_const(wantedSubjects))
        wantedUtf8.push_back(subject.toUtf8());
    std::unordered_set<std::string_view> wantedBytes;
    for (const QByteArray& utf8 : wantedUtf8)
        wantedBytes.insert(std::string_view(utf8.constData(), size_t(utf8.size())));
    const auto mayMatch = [&](int record) {
        if (const std::optional<QByteArrayView> bytes = snapshot.subjectInFile(record))
            return wantedBytes.count(std::string_view(bytes->data(), size_t(bytes->size()))) > 0;
        return wantedSubjects.contains(snapshot.details(record).subject);
    };

    QHash<int, int> found;
    for (const StoreSnapshot& store : snapshot.stores) {
        bool holdsWanted = false;
        for (const Placement& p : store.placements)
            if (wanted.contains(p.record)) {
                holdsWanted = true;
                break;
            }
        if (!holdsWanted)
            continue;
        QHash<QString, QList<int>> bySubject; // of the records that may match, in placement order
        QSet<int> seen;
        for (const Placement& p : store.placements)
            if (!seen.contains(p.record) && mayMatch(p.record)) {
                seen.insert(p.record);
                bySubject[snapshot.details(p.record).subject] << p.record;
            }
        for (const Placement& p : store.placements) {
            if (!wanted.contains(p.record) || found.contains(p.record))
                continue;
            int best = -1;
            for (int candidate : bySubject.value(snapshot.details(p.record).subject)) {
                if (candidate == p.record || snapshot.state(candidate).archived
                    || !supersedes(snapshot.record(candidate), snapshot.record(p.record)))
                    continue;
                if (best < 0 || snapshot.state(candidate).notAfter > snapshot.state(best).notAfter)
                    best = candidate;
            }
            if (best >= 0)
                found.insert(p.record, best);
        }
    }
    return found;
}

// Without a snapshot every store is at its first scan, where the engine archives only an
// older certificate beside a newer one of the same subject in the same store, and names
// that one as its successor (inferArchivedAtBaseline, supersedingInStores). A certificate
// alone with its subject in its store can be neither, so the diff is given only the
// certificates that share their subject with another in their store: for 100,000
// certificates it builds records for the few renewals instead of for all.
QList<StoreScan> sharingASubjectInTheirStore(const QList<StoreScan>& scans)
{
    struct Subject
    {
        Sha256Digest first{};
        bool several = false; // another certificate (not the same one at another path)
    };
    QList<StoreScan> kept;
    kept.reserve(scans.size());
    for (const StoreScan& scan : scans) {
        QHash<QString, Subject> bySubject;
        bySubject.reserve(scan.certificates.size());
        for (const StoredCertificate& c : scan.certificates) {
            const auto it = bySubject.find(c.certificate.subject);
            if (it == bySubject.end())
                bySubject.insert(c.certificate.subject, Subject{c.certificate.sha256, false});
            else if (it->first != c.certificate.sha256)
                it->several = true;
        }
        StoreScan filtered = scan;
        filtered.certificates = {};
        for (const StoredCertificate& c : scan.certificates)
            if (bySubject.value(c.certificate.subject).several)
                filtered.certificates << c;
        kept << std::move(filtered);
    }
    return kept;
}
} // namespace

std::optional<Sha256Digest> ArchivedCertificates::successorOf(const Sha256Digest& digest) const
{
    return m_successors.value(DigestKey{digest});
}

ExpiryStanding ArchivedCertificates::standingOf(const Sha256Digest& digest) const
{
    ExpiryStanding standing;
    const auto it = m_successors.constFind(DigestKey{digest});
    if (it != m_successors.constEnd()) {
        standing.archived = true;
        standing.successor = *it;
    }
    return standing;
}

ArchivedCertificates ArchivedCertificates::of(const ScopeSnapshot& snapshot)
{
    ArchivedCertificates result;
    result.snapshotFound = true;
    const int count = snapshot.recordCount();
    // A logged Replace names the pair; the newest new certificate wins.
    QHash<int, int> next;
    for (const ReportedReplace& r : snapshot.reportedReplaces) {
        if (r.oldRecord < 0 || r.oldRecord >= count || r.newRecord < 0 || r.newRecord >= count
            || !snapshot.state(r.oldRecord).archived)
            continue;
        const auto it = next.constFind(r.oldRecord);
        if (it == next.constEnd() || snapshot.state(r.newRecord).notAfter > snapshot.state(*it).notAfter)
            next.insert(r.oldRecord, r.newRecord);
    }
    QSet<int> unnamed; // archived without a logged Replace: at a first scan, or by an admin
    for (int i = 0; i < count; ++i)
        if (snapshot.state(i).archived && !next.contains(i))
            unnamed.insert(i);
    if (!unnamed.isEmpty())
        next.insert(supersedingInStores(snapshot, unnamed));

    for (int i = 0; i < count; ++i) {
        if (!snapshot.state(i).archived)
            continue;
        std::optional<Sha256Digest> successor;
        int at = i;
        for (int hop = 0; hop < kMaxSuccessorHops; ++hop) {
            const auto it = next.constFind(at);
            if (it == next.constEnd() || *it == i)
                break;
            at = *it;
            successor = snapshot.state(at).sha256;
            if (!snapshot.state(at).archived)
                break;
        }
        result.m_successors.insert(DigestKey{snapshot.state(i).sha256}, successor);
    }
    return result;
}

ArchivedCertificates recogniseArchived(Scope scope, const QList<StoreScan>& scans, const QString& snapshotFile)
{
    const QString path = SnapshotFile(scope, snapshotFile).path();
    ScopeSnapshot previous;
    previous.scope = scope;
    bool found = false;
    if (QFileInfo::exists(path)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            ArchivedCertificates unreadable;
            unreadable.problem = QStringLiteral("cannot read the %1 snapshot %2: %3")
                                     .arg(scopeName(scope).toLower(), path, file.errorString());
            return unreadable;
        }
        QString error;
        std::optional<ScopeSnapshot> loaded = parseSnapshot(file.readAll(), &error);
        if (!loaded) {
            ArchivedCertificates damaged;
            damaged.problem = QStringLiteral("the %1 snapshot %2 is damaged (%3); the agent's next pass replaces it")
                                  .arg(scopeName(scope).toLower(), path, error);
            return damaged;
        }
        previous = std::move(*loaded);
        found = true;
    }
    QList<StoreScan> ofScope;
    for (const StoreScan& scan : scans)
        if (scan.scope == scope && !scan.cancelled)
            ofScope << scan;
    ArchivedCertificates result;
    if (ofScope.isEmpty()) {
        result = ArchivedCertificates::of(previous);
    } else {
        const SnapshotDiff diff =
            diffSnapshot(std::move(previous), found ? ofScope : sharingASubjectInTheirStore(ofScope));
        result = ArchivedCertificates::of(diff.next);
    }
    result.snapshotFound = found;
    return result;
}

} // namespace certlife
