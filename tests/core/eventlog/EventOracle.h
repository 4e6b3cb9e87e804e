// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A plain, obviously correct model of EventQuery over an in-memory list: the tests
// compare what the EventLog returns with it.

#include "eventlog/EventQuery.h"

#include <algorithm>
#include <functional>

namespace certlife::test {

inline bool oracleTextMatches(const CertificateDetails& c, const QString& text)
{
    const auto has = [&](const QString& field) { return field.contains(text, Qt::CaseInsensitive); };
    if (has(c.subject) || has(c.subjectCN) || has(c.thumbprint) || has(c.sha256))
        return true;
    return std::any_of(c.sans.begin(), c.sans.end(), has);
}

inline bool oracleMatches(const LifecycleEvent& e, const EventQuery& q)
{
    if (!q.matchesChannel(e.channel))
        return false;
    if (!q.ids.isEmpty() && !q.ids.contains(e.id))
        return false;
    if (q.level && e.level() != *q.level)
        return false;
    if (q.since.isValid() && e.time < q.since)
        return false;
    if (q.until.isValid() && e.time >= q.until)
        return false;
    if (!q.storeId.isEmpty() && e.storeId != q.storeId)
        return false;
    if (!q.thumbprint.isEmpty()) {
        const bool current = e.certificate.thumbprint.compare(q.thumbprint, Qt::CaseInsensitive) == 0;
        const bool old =
            e.oldCertificate && e.oldCertificate->thumbprint.compare(q.thumbprint, Qt::CaseInsensitive) == 0;
        if (!current && !old)
            return false;
    }
    const QString text = q.text.trimmed();
    if (!text.isEmpty() && !oracleTextMatches(e.certificate, text)
        && !(e.oldCertificate && oracleTextMatches(*e.oldCertificate, text)))
        return false;
    if (q.after && !isAfter(e, *q.after))
        return false;
    return true;
}

// Every match, newest first (ignores the limit).
inline QList<LifecycleEvent> oracleQuery(const QList<LifecycleEvent>& all, const EventQuery& q)
{
    QList<LifecycleEvent> result;
    for (const auto& e : all) {
        if (oracleMatches(e, q))
            result.append(e);
    }
    std::sort(result.begin(), result.end(), isNewerThan);
    return result;
}

// A query with some filters set: query([](EventQuery& q) { q.text = …; }).
inline EventQuery query(const std::function<void(EventQuery&)>& set)
{
    EventQuery q;
    set(q);
    return q;
}

inline QList<qint64> recordIds(const QList<LifecycleEvent>& events)
{
    QList<qint64> ids;
    for (const auto& e : events)
        ids << e.recordId;
    return ids;
}

} // namespace certlife::test
