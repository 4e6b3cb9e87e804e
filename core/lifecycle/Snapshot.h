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

namespace certlife {

// A SHA-256 as a hash key (the digest is already uniform: its first bytes are the hash).
struct DigestKey
{
    Sha256Digest bytes{};
    friend bool operator==(const DigestKey&, const DigestKey&) = default;
};
size_t qHash(const DigestKey& key, size_t seed = 0) noexcept;

// What the lifecycle remembers about one certificate of a scope, whichever stores
// hold it: its details (path left empty) and its lifecycle state.
struct CertificateRecord
{
    Sha256Digest sha256{};
    CertificateDetails details;
    QString keyAlgorithm;          // supersede needs the same key type (RSA and EC twins differ)
    bool archived = false;         // replaced and still present: no expiry events any more
    qint64 closeNotifiedAt = 0;    // when 1003 was last logged (seconds since the epoch); 0: never
    qint64 expiredNotifiedAt = 0;  // when 1002 was last logged; 0: never

    static CertificateRecord from(const Certificate& cert);
};

// One certificate found at one path of a store.
struct Placement
{
    QString path;
    int record = -1; // index into ScopeSnapshot::records
};

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

// The last known content of every store of a scope, with per-certificate state.
struct ScopeSnapshot
{
    Scope scope = Scope::User;
    qint64 savedAt = 0; // seconds since the epoch, from the engine's clock
    QList<CertificateRecord> records;
    QList<StoreSnapshot> stores;
    QSet<ReportedReplace> reportedReplaces;

    // Index of the record for this certificate, adding one when it is new.
    int recordFor(const Certificate& cert);
    int findRecord(const Sha256Digest& sha256) const { return m_index.value(DigestKey{sha256}, -1); }
    const StoreSnapshot* store(const QString& storeId) const;
    void rebuildIndex();

private:
    QHash<DigestKey, int> m_index;
};

// Compact binary form: a string table (issuers, EKUs and the like are stored once),
// fixed-size record and placement entries, and a checksum over everything. Records no
// placement refers to are left out. parseSnapshot never trusts the input: any
// inconsistency is an error naming what is wrong.
QByteArray serializeSnapshot(const ScopeSnapshot& snapshot);
std::optional<ScopeSnapshot> parseSnapshot(QByteArrayView data, QString* error);

} // namespace certlife
