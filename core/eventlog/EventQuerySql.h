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
        SubjectArms, // few subjects match: one arm per subject over events_subject_time
        Walk,        // many subjects, dense matches: walk as Ordered, test each row's subject
        SortMatches, // many subjects, sparse matches: collect every matching event, sort
    };
    Kind kind = Ordered;
    QList<qint64> subjects; // SubjectArms
};

// At most this many matching subjects are read as separate arms.
inline constexpr int kMaxSubjectArms = 64;
// Rows per arm a Walk is sampled on before it is chosen.
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
    // SELECT count(*), total(match): of the newest kWalkSampleRows rows of each arm, how
    // many have a matching subject.
    SqlStatement walkSample() const;
    // SELECT record_id, time_ms, json, details: one page, newest first.
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
    };
    QList<Arm> orderedArms() const;
    QString subjectSelect(QVariantList& binds) const;
    // The text/thumbprint test on one subject row (alias s).
    QString subjectPredicate(QVariantList& binds) const;
    // Conditions on events (alias e) every arm shares; `forPage` adds the keyset cursor.
    QString commonConditions(QVariantList& binds, bool forPage) const;
    // SELECT e.record_id, e.time_ms … ORDER BY … LIMIT ?; `walkSubjects` joins and tests
    // each row's subject.
    QString armSql(const Arm& arm, bool walkSubjects, const QString& extra, QVariantList& binds) const;
    QString idCondition() const;

    const EventQuery& m_q;
    Scope m_channel;
    bool m_fullText;
    QString m_text;
    QString m_thumbprint;
    QList<EventId> m_ids;
    bool m_allIds;
};

} // namespace certlife::eventlog
