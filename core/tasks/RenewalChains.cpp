// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/RenewalChains.h"

#include <QHash>
#include <QSet>
#include <algorithm>

namespace certlife {

QList<LifecycleEvent> renewalChainEvents(const QList<LifecycleEvent>& history, int maxLinks)
{
    // old thumbprint -> the event that replaced it last
    QHash<QString, LifecycleEvent> replacedBy;
    for (const LifecycleEvent& e : history) {
        if (e.id != EventId::Replace || !e.oldCertificate || e.oldCertificate->thumbprint.isEmpty()
            || e.certificate.thumbprint.isEmpty())
            continue;
        const QString old = e.oldCertificate->thumbprint.toUpper();
        const auto it = replacedBy.constFind(old);
        if (it == replacedBy.cend() || it->recordId < e.recordId)
            replacedBy.insert(old, e);
    }

    QList<LifecycleEvent> result;
    for (auto it = replacedBy.cbegin(); it != replacedBy.cend(); ++it) {
        const LifecycleEvent& first = it.value();
        LifecycleEvent last = first;
        QSet<QString> seen{it.key(), first.certificate.thumbprint.toUpper()};
        for (int links = 1; links < maxLinks; ++links) {
            const auto next = replacedBy.constFind(last.certificate.thumbprint.toUpper());
            if (next == replacedBy.cend() || seen.contains(next->certificate.thumbprint.toUpper()))
                break;
            last = next.value();
            seen.insert(last.certificate.thumbprint.toUpper());
        }
        LifecycleEvent fired = first;
        fired.certificate = last.certificate;
        fired.storeId = last.storeId;
        fired.time = last.time;
        result << fired;
    }
    std::sort(result.begin(), result.end(), [](const auto& a, const auto& b) { return a.recordId < b.recordId; });
    return result;
}

} // namespace certlife
