// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskSeams.h"

#include "policy/Policy.h"
#include "stores/StoreTypes.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace certlife {

TaskPolicy taskPolicyFrom(const Policy& policy)
{
    TaskPolicy p;
    p.requireSignedScripts = policy.requireSignedScripts;
    p.trustedSignerFiles = policy.trustedSigners;
    return p;
}

CertificateLocator locatorFromScans(const QList<StoreScan>& scans)
{
    // Built on every pass over every certificate, so it formats nothing: each
    // certificate is kept without its DER (its other members are implicitly shared
    // with the scan, which is freed meanwhile), with a sorted (SHA-1, index) array for
    // a binary search; the details are made on a hit. Making every certificate's
    // details here, in a hash, cost 100 MB and a tenth of an unchanged pass over
    // 100,000 certificates.
    struct Entry
    {
        Certificate certificate;
        Scope scope;
        QString storeId;
        QString path;
    };
    struct Index
    {
        std::vector<Entry> entries;                   // in scan order
        std::vector<std::pair<Sha1Digest, int>> keys; // sorted: SHA-1, then scan order
    };
    auto index = std::make_shared<Index>();
    size_t total = 0;
    for (const StoreScan& scan : scans)
        total += size_t(scan.certificates.size());
    index->entries.reserve(total);
    index->keys.reserve(total);
    for (const StoreScan& scan : scans)
        for (const StoredCertificate& sc : scan.certificates) {
            index->keys.emplace_back(sc.certificate.sha1, int(index->entries.size()));
            index->entries.push_back({sc.certificate, scan.scope, scan.storeId, sc.path});
            index->entries.back().certificate.der = QByteArray();
        }
    std::sort(index->keys.begin(), index->keys.end());
    return [index = std::shared_ptr<const Index>(std::move(index))](
               Scope scope, const QString& storeId, const QString& thumbprint) -> std::optional<LocatedCertificate> {
        const QByteArray bytes = QByteArray::fromHex(thumbprint.toLatin1());
        Sha1Digest key{};
        if (bytes.size() != qsizetype(key.size()))
            return std::nullopt;
        std::copy(bytes.begin(), bytes.end(), key.begin());
        auto it = std::lower_bound(index->keys.begin(), index->keys.end(), std::pair{key, -1});
        for (; it != index->keys.end() && it->first == key; ++it) {
            const Entry& e = index->entries[size_t(it->second)];
            if (e.scope == scope && (storeId.isEmpty() || e.storeId == storeId))
                return LocatedCertificate{e.storeId, CertificateDetails::from(e.certificate, e.path)};
        }
        return std::nullopt;
    };
}

} // namespace certlife
