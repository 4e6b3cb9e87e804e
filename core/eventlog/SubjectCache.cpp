// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/SubjectCache.h"

#include <algorithm>

namespace certlife::eventlog {

// Runs for every event appended, so it reads as little as it can: the first 16 hex
// digits of a SHA-256 are as good a hash as any. The same certificate in several
// places, or an odd one without a hash, shares a key: find() compares the full details.
static size_t hashPrefix(size_t h, const QString& sha256)
{
    const qsizetype n = std::min<qsizetype>(sha256.size(), 16);
    const QChar* digits = sha256.constData();
    for (qsizetype i = 0; i < n; ++i)
        h = h * 31 + digits[i].unicode();
    return h;
}

size_t SubjectCache::keyOf(const LifecycleEvent& e)
{
    const size_t key = hashPrefix(0, e.certificate.sha256);
    return e.oldCertificate ? hashPrefix(key * 1000003, e.oldCertificate->sha256) : key;
}

qint64 SubjectCache::find(const LifecycleEvent& e) const
{
    const size_t key = keyOf(e);
    for (auto it = m_entries.constFind(key); it != m_entries.constEnd() && it.key() == key; ++it) {
        if (it->certificate == e.certificate && it->oldCertificate == e.oldCertificate)
            return it->id;
    }
    return 0;
}

void SubjectCache::insert(const LifecycleEvent& e, qint64 id)
{
    if (m_count >= kMaxEntries)
        clear();
    m_entries.insert(keyOf(e), {e.certificate, e.oldCertificate, id});
    ++m_count;
}

void SubjectCache::clear()
{
    m_entries.clear();
    m_count = 0;
}

} // namespace certlife::eventlog
