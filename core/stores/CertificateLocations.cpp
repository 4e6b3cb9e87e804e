// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/CertificateLocations.h"

#include <QDir>
#include <QHash>
#include <QSet>
#include <cstring>

namespace certlife {

namespace {

struct DigestHashKey
{
    const Sha256Digest* digest;
    friend bool operator==(const DigestHashKey& a, const DigestHashKey& b) { return *a.digest == *b.digest; }
};

size_t qHash(const DigestHashKey& key, size_t seed = 0) noexcept
{
    size_t h = 0; // the digest is uniform already: its first bytes are a hash
    std::memcpy(&h, key.digest->data(), sizeof h);
    return h ^ seed;
}

// Moves the first location that holds the certificate alone in its file to the front.
void putPrimaryFirst(QList<qsizetype>& indexes, const StoreScan& scan, const QHash<QString, int>& certificatesPerFile)
{
    for (qsizetype i = 0; i < indexes.size(); ++i) {
        if (certificatesPerFile.value(scan.certificates[indexes[i]].path) == 1) {
            if (i > 0)
                indexes.move(i, 0);
            return;
        }
    }
}

QHash<QString, int> countPerFile(const StoreScan& scan)
{
    QHash<QString, int> counts;
    for (const StoredCertificate& stored : scan.certificates)
        ++counts[stored.path];
    return counts;
}

} // namespace

CertificateLocation locationOf(const StoredCertificate& stored)
{
    return {stored.path, stored.index, stored.keyPath, stored.entry, stored.trust};
}

StoredCertificate storedAt(const Certificate& certificate, const CertificateLocation& location)
{
    return {certificate, location.path, location.index, location.keyPath, location.entry, location.trust};
}

QString locationsText(const QList<CertificateLocation>& locations, const QString& storeRoot)
{
    if (locations.isEmpty())
        return {};
    QString path = locations.constFirst().path;
    if (!storeRoot.isEmpty()) {
        const QString relative = QDir(storeRoot).relativeFilePath(path);
        if (!relative.startsWith(QLatin1String("..")) && relative != path && !relative.isEmpty()
            && relative != QLatin1String("."))
            path = relative;
    }
    if (locations.size() > 1)
        path += QStringLiteral(" +%1").arg(locations.size() - 1);
    return path;
}

QList<QList<qsizetype>> locationGroups(const StoreScan& scan)
{
    // Indexes of each certificate's locations, certificates in order of first appearance.
    QList<QList<qsizetype>> groups;
    groups.reserve(scan.certificates.size());
    QHash<DigestHashKey, qsizetype> groupOf;
    groupOf.reserve(scan.certificates.size());
    bool several = false;
    for (qsizetype i = 0; i < scan.certificates.size(); ++i) {
        const DigestHashKey key{&scan.certificates[i].certificate.sha256};
        const auto found = groupOf.constFind(key);
        if (found == groupOf.cend()) {
            groupOf.insert(key, groups.size());
            groups.append(QList<qsizetype>{i});
        } else {
            groups[*found].append(i);
            several = true;
        }
    }
    if (several) {
        const QHash<QString, int> perFile = countPerFile(scan);
        for (QList<qsizetype>& indexes : groups) {
            if (indexes.size() > 1)
                putPrimaryFirst(indexes, scan, perFile);
        }
    }
    return groups;
}

QList<StoreCertificate> certificatesOf(const StoreScan& scan)
{
    const QList<QList<qsizetype>> groups = locationGroups(scan);
    QList<StoreCertificate> out;
    out.reserve(groups.size());
    for (const QList<qsizetype>& indexes : groups) {
        StoreCertificate certificate;
        certificate.stored = scan.certificates[indexes.constFirst()];
        certificate.storeId = scan.storeId;
        certificate.scope = scan.scope;
        certificate.locations.reserve(indexes.size());
        for (const qsizetype i : indexes)
            certificate.locations.append(locationOf(scan.certificates[i]));
        out.append(std::move(certificate));
    }
    return out;
}

QList<qsizetype> primaryLocations(const StoreScan& scan)
{
    // As certificatesOf() groups them, with a list of locations only for a certificate
    // held at more than one.
    QList<qsizetype> primaries;
    primaries.reserve(scan.certificates.size());
    QHash<DigestHashKey, qsizetype> groupOf;
    groupOf.reserve(scan.certificates.size());
    QHash<qsizetype, QList<qsizetype>> several;
    for (qsizetype i = 0; i < scan.certificates.size(); ++i) {
        const DigestHashKey key{&scan.certificates[i].certificate.sha256};
        const auto found = groupOf.constFind(key);
        if (found == groupOf.cend()) {
            groupOf.insert(key, primaries.size());
            primaries.append(i);
        } else {
            QList<qsizetype>& indexes = several[*found];
            if (indexes.isEmpty())
                indexes.append(primaries[*found]);
            indexes.append(i);
        }
    }
    if (!several.isEmpty()) {
        const QHash<QString, int> perFile = countPerFile(scan);
        for (auto it = several.begin(); it != several.end(); ++it) {
            putPrimaryFirst(*it, scan, perFile);
            primaries[it.key()] = it->constFirst();
        }
    }
    return primaries;
}

qsizetype certificateCount(const StoreScan& scan)
{
    QSet<DigestHashKey> seen;
    seen.reserve(scan.certificates.size());
    for (const StoredCertificate& stored : scan.certificates)
        seen.insert(DigestHashKey{&stored.certificate.sha256});
    return seen.size();
}

QList<CertificateLocation> locationsIn(const StoreScan& scan, const Sha256Digest& sha256)
{
    QList<qsizetype> indexes;
    for (qsizetype i = 0; i < scan.certificates.size(); ++i)
        if (scan.certificates[i].certificate.sha256 == sha256)
            indexes.append(i);
    if (indexes.size() > 1)
        putPrimaryFirst(indexes, scan, countPerFile(scan));
    QList<CertificateLocation> out;
    for (const qsizetype i : std::as_const(indexes))
        out.append(locationOf(scan.certificates[i]));
    return out;
}

} // namespace certlife
