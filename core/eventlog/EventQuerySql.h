// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventQuery.h"

#include <QString>
#include <QVariantList>

namespace certlife::eventlog {

// SQL text plus its positional bind values.
struct SqlStatement
{
    QString sql;
    QVariantList binds;
};

// How a page is read (docs/eventlog.md, "Query plans"). Every plan reads index entries
// in (time, record id) order per "arm" and merges the arms; only the page's own rows
// are then joined with their JSON.
struct PagePlan
{
    enum Kind {
        Ordered,     // no text/thumbprint filter: walk the index that fits the other filters
        SubjectArms, // few subjects match: one arm per subject over events_bucket_subject_time
        Walk,        // many subjects, dense matches: walk as Ordered, test each row's subject
        SortMatches, // many subjects, sparse matches: collect every matching event, sort
    };
    Kind kind = Ordered;
    QList<qint64> subjects; // SubjectArms
};

// What a page (and EventLog::event) selects of an event: e events, st event_stores,
// s event_subjects. Read back by EventLogQuery.cpp's eventFromRow.
inline constexpr const char* kEventColumns =
    "e.record_id, e.time_ms, e.event_id, st.name, e.host, e.account, e.process, e.action, e.message,"
    " e.remaining_seconds, s.details";
inline constexpr const char* kEventJoins =
    " JOIN event_stores st ON st.store_id = e.store_id JOIN event_subjects s ON s.subject_id = e.subject_id";

// At most this many matching subjects are read as separate arms.
inline constexpr int kMaxSubjectArms = 64;
// The newest rows a Walk is sampled on before it is chosen.
inline constexpr int kWalkSampleRows = 1000;

// Builds the statements EventLog runs for one query. `fullText`: event_subjects_fts exists.
class EventQuerySql
{
public:
    EventQuerySql(const EventQuery& q, Scope channel, bool fullText);

    // True when the query filters by text or thumbprint (its events' subjects).
    bool filtersSubjects() const { return !m_text.isEmpty() || !m_thumbprint.isEmpty(); }

    // SELECT subject_id of up to `cap` matching subjects.
    SqlStatement subjectCandidates(int cap) const;
    // SELECT count(*), total(match): of the newest kWalkSampleRows rows the ordered arms
    // give, how many have a matching subject.
    SqlStatement walkSample() const;
    // SELECT kEventColumns: one page, newest first.
    SqlStatement page(const PagePlan& plan) const;
    // SELECT count(*) of every matching event (ignores `after` and `limit`).
    SqlStatement count() const;

    // Lower-cased search text of an event's subject: subject, SANs, thumbprint and
    // SHA-256 of its certificate and, for a Replace, of the old one.
    static QString searchTextOf(const LifecycleEvent& e);

private:
    struct Arm
    {
        QString index;
        QString condition;
        QVariantList binds;    // of condition
        bool byBucket = false; // ordered by (bucket, time, record id): events_bucket_subject_time
    };
    QList<Arm> orderedArms() const;
    QString subjectSelect(QVariantList& binds) const;
    // The text/thumbprint test on one subject row (alias s).
    QString subjectPredicate(QVariantList& binds) const;
    // Conditions on events (alias e) every arm shares; `forPage` adds the keyset cursor.
    QString commonConditions(QVariantList& binds, bool forPage) const;
    // SELECT e.record_id, e.time_ms (and e.bucket for a bucket arm) of one arm, in no
    // stated order; `walkSubjects` joins and tests each row's subject.
    QString armSql(const Arm& arm, bool walkSubjects, const QString& extra, QVariantList& binds) const;
    QString merged(const QStringList& arms, bool byBucket, QVariantList& binds) const;
    // The time buckets (their starts) that can hold events the query's time range and
    // cursor let through: SELECT start_ms FROM event_buckets …
    // `forPage` honours the keyset cursor too.
    QString bucketSelect(QVariantList& binds, bool forPage) const;
    // An arm over events_bucket_subject_time for `subjects` (a condition on e.subject_id:
    // "= 12", "IN matched_subjects").
    Arm subjectArm(const QString& subjects) const;
    // e.event_id IN (…), or nothing when every id is wanted (unless `evenForAllIds`).
    QString idCondition(bool evenForAllIds = false) const;

    const EventQuery& m_q;
    Scope m_channel;
    bool m_fullText;
    QString m_text;
    QString m_thumbprint;
    QList<EventId> m_ids;
    bool m_allIds;
};

} // namespace certlife::eventlog
