// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace certlife::eventlog {

// The writer's memory of event subjects it has stored (certificate details, plus the
// old certificate's for a Replace) and their ids, so appending an event about a known
// certificate needs neither its JSON nor a lookup. Only valid while no subject was
// deleted: EventLog drops it when the subjects generation (bumped by prune, in any
// process) changes, and after a rolled-back batch.
class SubjectCache
{
public:
    // The id of the stored subject equal to e's, or 0.
    qint64 find(const LifecycleEvent& e) const;
    void insert(const LifecycleEvent& e, qint64 id);
    void clear();

    qint64 generation = -1; // the subjects generation the entries belong to
    // A bound on memory (an entry is about 1 KiB): past it the cache starts over.
    static constexpr qsizetype kMaxEntries = 50000;

private:
    struct Entry
    {
        CertificateDetails certificate;
        std::optional<CertificateDetails> oldCertificate;
        qint64 id = 0;
    };
    static size_t keyOf(const LifecycleEvent& e);

    QMultiHash<size_t, Entry> m_entries; // entries inline: one memory access less per event
    qsizetype m_count = 0;
};

} // namespace certlife::eventlog
