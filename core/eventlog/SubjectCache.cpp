#include "eventlog/SubjectCache.h"

namespace certlife::eventlog {

// Cheap to build and nearly unique; find() compares the full details.
QString SubjectCache::keyOf(const LifecycleEvent& e)
{
    QString key = e.certificate.sha256 + QLatin1Char('|') + e.certificate.path;
    if (e.oldCertificate)
        key += QLatin1Char('|') + e.oldCertificate->sha256 + QLatin1Char('|') + e.oldCertificate->path;
    return key;
}

qint64 SubjectCache::find(const LifecycleEvent& e) const
{
    const auto it = m_entries.constFind(keyOf(e));
    if (it == m_entries.constEnd())
        return 0;
    for (const Entry& entry : *it) {
        if (entry.certificate == e.certificate && entry.oldCertificate == e.oldCertificate)
            return entry.id;
    }
    return 0;
}

void SubjectCache::insert(const LifecycleEvent& e, qint64 id)
{
    if (m_count >= kMaxEntries)
        clear();
    m_entries[keyOf(e)].append({e.certificate, e.oldCertificate, id});
    ++m_count;
}

void SubjectCache::clear()
{
    m_entries.clear();
    m_count = 0;
}

} // namespace certlife::eventlog
