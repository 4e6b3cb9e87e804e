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

// How a text filter is applied to a page (see docs/eventlog.md, "Query plans").
enum class TextStrategy {
    None,       // no text filter
    DriveByTerm,  // few events match: walk events_term_time for the matching terms, sort them
    FilterByTerm, // many events match: walk the usual time-ordered index, test each row's term
};

// Above this many matching events, a text query stops sorting every match and walks
// a time-ordered index instead (the matches are then dense enough to fill a page fast).
inline constexpr int kTextDriveLimit = 5000;

// Builds the statements EventLog runs. `fullText` says whether search_terms_fts exists.
class EventQuerySql
{
public:
    EventQuerySql(const EventQuery& q, Scope channel, bool fullText);

    // The lower-cased text the query searches for (empty when none).
    const QString& searchText() const { return m_text; }

    // SELECT count(*) of the events matching the text, stopping at kTextDriveLimit.
    SqlStatement textMatchProbe() const;
    // SELECT record_id, time_ms, json: one page, newest first.
    SqlStatement page(TextStrategy text) const;
    // SELECT count(*) of every matching event (ignores `after` and `limit`).
    SqlStatement count() const;

    // Lower-cased search text of an event: subject, SANs, thumbprint and SHA-256 of
    // its certificate and, for a Replace, of the old one. Events of one certificate
    // share one search_terms row.
    static QString searchTextOf(const LifecycleEvent& e);

private:
    QString matchedTermsCte(QVariantList& binds) const;
    // Conditions every arm shares; `forPage` adds the keyset cursor.
    QString commonConditions(QVariantList& binds, bool forPage, TextStrategy text) const;
    QString arm(const QString& index, const QString& extraCondition, TextStrategy text, QVariantList& binds) const;

    const EventQuery& m_q;
    Scope m_channel;
    bool m_fullText;
    QString m_text;
    QList<EventId> m_ids;
    bool m_allIds;
};

} // namespace certlife::eventlog
