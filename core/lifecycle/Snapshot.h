// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "util/Scope.h"
#include "x509/Certificate.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <optional>
#include <unordered_map>

namespace certlife {

// A SHA-256 as a hash key (the digest is already uniform: its first bytes are the hash).
struct DigestKey
{
    Sha256Digest bytes{};
    friend bool operator==(const DigestKey&, const DigestKey&) = default;
};
size_t qHash(const DigestKey& key, size_t seed = 0) noexcept;

// What every pass reads of a certificate: fixed size, decoded at load without allocating.
struct CertificateState
{
    Sha256Digest sha256{};
    qint64 notBefore = 0; // seconds since the epoch
    qint64 notAfter = 0;
    bool archived = false;        // replaced and still present: no expiry events any more
    qint64 closeNotifiedAt = 0;   // when 1003 was last logged (seconds since the epoch); 0: never
    qint64 expiredNotifiedAt = 0; // when 1002 was last logged; 0: never
};

// The rest, needed only for events and for matching renewals: decoded on first use.
struct CertificateRecordDetails
{
    CertificateDetails details; // path left empty
    QString keyAlgorithm;       // supersede needs the same key type (RSA and EC twins differ)
};

// One certificate found at one path of a store.
struct Placement
{
    QString path;
    int record = -1; // index into the snapshot's records
};

// A store's placements, in the order its scan listed them (so that an unchanged store
// is recognised by one linear comparison).
struct StoreSnapshot
{
    QString storeId;
    QList<Placement> placements;
};

// A Replace already logged for (store, old, new): it is never logged twice, even when
// a scan catches a renewal half done (certbot writes archive/ first, then live/).
struct ReportedReplace
{
    QString storeId;
    int oldRecord = -1;
    int newRecord = -1;
    friend bool operator==(const ReportedReplace&, const ReportedReplace&) = default;
};
size_t qHash(const ReportedReplace& r, size_t seed = 0) noexcept;

// The last known content of every store of a scope, with per-certificate state
// (records, one per SHA-256, shared by every store and path holding the certificate).
// Loading keeps the file's bytes and decodes a record's details only when asked, so a
// pass over 100,000 unchanged certificates touches little more than paths and states.
// Not safe for concurrent use (details are decoded lazily); LifecycleEngine serialises.
class ScopeSnapshot
{
public:
    Scope scope = Scope::User;
    qint64 savedAt = 0; // seconds since the epoch, from the engine's clock
    // Names the pass that saved this snapshot: random, new with every pass (not with an
    // admin's acknowledgement); 0 for none. A pass's events are logged with the pass id of
    // the snapshot it compared against (LifecyclePass::baseId), so a retry of a pass whose
    // snapshot was never saved logs nothing twice (EventLog::appendPass).
    qint64 passId = 0;
    QList<StoreSnapshot> stores;
    QSet<ReportedReplace> reportedReplaces;

    int recordCount() const { return int(m_states.size()); }
    CertificateState& state(int record) { return m_states[record]; }
    const CertificateState& state(int record) const { return m_states[record]; }
    const CertificateRecordDetails& record(int record) const;
    const CertificateDetails& details(int record) const { return this->record(record).details; }
    // The subject's UTF-8 as the loaded file holds it, read without decoding the record
    // (to pick the few records of a large store worth decoding); nullopt for a record
    // made in memory, whose details are at hand.
    std::optional<QByteArrayView> subjectInFile(int record) const;
    CertificateDetails detailsAt(int record, const QString& path) const;

    // Index of the record for this certificate, adding one when it is new.
    int recordFor(const Certificate& cert);
    int findRecord(const Sha256Digest& sha256) const;
    const StoreSnapshot* store(const QString& storeId) const;

private:
    friend QByteArray serializeSnapshot(const ScopeSnapshot& snapshot);
    friend std::optional<ScopeSnapshot> parseSnapshot(const QByteArray& data, QString* error);
    void buildIndex() const;

    QList<CertificateState> m_states;
    QList<qint64> m_encodedAt; // offset of a record's encoded details in m_file; -1: made in memory
    QList<int> m_encodedSize;
    QByteArray m_file;     // the loaded file (records decode from it on demand)
    QStringList m_strings; // the file's shared strings (issuers, EKUs, templates, key types)
    // Node-based, so references handed out stay valid while more records are decoded.
    mutable std::unordered_map<int, CertificateRecordDetails> m_details;
    mutable QHash<DigestKey, int> m_index;
    mutable bool m_indexed = false;
};

// Compact binary form: shared strings once, a fixed-size state per record, each
// record's details as encoded bytes (copied as they are when saved again), paths per
// store, and a checksum over everything. Records no placement refers to are left out.
// parseSnapshot never trusts the input: any inconsistency is an error naming it.
QByteArray serializeSnapshot(const ScopeSnapshot& snapshot);
// The format's checksum (the last 8 bytes, over everything before them): a corruption
// check, not security; a fast 64-bit mix over 8-byte words.
quint64 snapshotChecksum(QByteArrayView data);
std::optional<ScopeSnapshot> parseSnapshot(const QByteArray& data, QString* error);

} // namespace certlife
