// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskSeams.h"

#include "policy/Policy.h"
#include "stores/StoreTypes.h"

#include <QMultiHash>

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
    // Copy only what answers the question: thumbprint → (store, details).
    struct Found
    {
        Scope scope;
        QString storeId;
        CertificateDetails details;
    };
    QMultiHash<QString, Found> index;
    for (const StoreScan& scan : scans)
        for (const StoredCertificate& sc : scan.certificates)
            index.insert(sc.certificate.thumbprint(),
                         Found{scan.scope, scan.storeId, CertificateDetails::from(sc.certificate, sc.path)});
    return
        [index](Scope scope, const QString& storeId, const QString& thumbprint) -> std::optional<LocatedCertificate> {
            const QString key = thumbprint.toUpper();
            for (auto it = index.constFind(key); it != index.constEnd() && it.key() == key; ++it) {
                if (it->scope == scope && (storeId.isEmpty() || it->storeId == storeId))
                    return LocatedCertificate{it->storeId, it->details};
            }
            return std::nullopt;
        };
}

} // namespace certlife
