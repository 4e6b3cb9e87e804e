// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/Snapshot.h"

#include <QtEndian>
#include <cstring>

namespace certlife {

quint64 snapshotChecksum(QByteArrayView data)
{
    quint64 h = 0x9E3779B97F4A7C15ull ^ quint64(data.size());
    const char* p = data.data();
    qsizetype n = data.size();
    for (; n >= 8; n -= 8, p += 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    quint64 tail = 0;
    std::memcpy(&tail, p, size_t(n));
    h = (h ^ tail) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 32);
}

namespace {

constexpr char kMagic[8] = {'C', 'L', 'S', 'N', 'A', 'P', '\r', '\n'};
constexpr quint32 kVersion = 3;                                  // 3: the pass id after savedAt
constexpr quint32 kVersionWithoutPassId = 2;                     // read as passId 0
constexpr qsizetype kStateSize = 32 + 8 + 8 + 1 + 8 + 8 + 4 + 4; // fixed part of a record
constexpr qsizetype kChecksumSize = 8;

class Writer
{
public:
    QByteArray data;
    void u8(quint8 v) { data.append(char(v)); }
    void u16(quint16 v) { put(qToLittleEndian(v)); }
    void u32(quint32 v) { put(qToLittleEndian(v)); }
    void i64(qint64 v) { put(qToLittleEndian(v)); }
    void raw(const void* p, qsizetype n) { data.append(static_cast<const char*>(p), n); }
    void text(const QString& s)
    {
        const QByteArray utf8 = s.toUtf8();
        u32(quint32(utf8.size()));
        data.append(utf8);
    }

private:
    template <typename T> void put(T v) { data.append(reinterpret_cast<const char*>(&v), sizeof v); }
};

// Strings many certificates share (issuers, EKUs, templates, key types), stored once.
class SharedStrings
{
public:
    explicit SharedStrings(const QStringList& existing) : m_strings(existing) {}
    quint32 intern(const QString& s)
    {
        if (m_index.isEmpty())
            for (int i = 0; i < m_strings.size(); ++i)
                m_index.insert(m_strings[i], quint32(i));
        const auto it = m_index.constFind(s);
        if (it != m_index.cend())
            return *it;
        m_index.insert(s, quint32(m_strings.size()));
        m_strings << s;
        return quint32(m_strings.size() - 1);
    }
    const QStringList& strings() const { return m_strings; }

private:
    QStringList m_strings;
    QHash<QString, quint32> m_index;
};

class Reader
{
public:
    explicit Reader(QByteArrayView d, qsizetype pos = 0) : m_data(d), m_pos(pos) {}
    bool ok() const { return m_error.isEmpty(); }
    bool atEnd() const { return m_pos == m_data.size(); }
    qsizetype pos() const { return m_pos; }
    QString error() const { return m_error; }
    void fail(const QString& why)
    {
        if (m_error.isEmpty())
            m_error = why;
    }
    const char* take(qsizetype n)
    {
        if (!ok() || n < 0 || m_data.size() - m_pos < n) {
            fail(QStringLiteral("truncated at byte %1").arg(m_pos));
            return nullptr;
        }
        const char* p = m_data.data() + m_pos;
        m_pos += n;
        return p;
    }
    template <typename T> T number()
    {
        const char* p = take(sizeof(T));
        return p ? qFromLittleEndian<T>(p) : T{};
    }
    quint8 u8() { return number<quint8>(); }
    quint16 u16() { return number<quint16>(); }
    quint32 u32() { return number<quint32>(); }
    qint64 i64() { return number<qint64>(); }
    // A count of entries that each take at least minBytes: refuses counts the data cannot hold.
    quint32 count(qsizetype minBytes)
    {
        const quint32 n = u32();
        if (ok() && qsizetype(n) * minBytes > m_data.size() - m_pos)
            fail(QStringLiteral("count %1 at byte %2 exceeds the file").arg(n).arg(m_pos - 4));
        return ok() ? n : 0;
    }
    QString text()
    {
        const quint32 len = u32();
        const char* p = take(len);
        return p ? QString::fromUtf8(p, len) : QString();
    }
    void skipText() { take(u32()); }
    quint32 sharedIndex(qsizetype tableSize)
    {
        const quint32 i = u32();
        if (ok() && i >= quint64(tableSize))
            fail(QStringLiteral("shared string %1 out of range").arg(i));
        return i;
    }

private:
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    QString m_error;
};

// A record's details: sha1, subject, CN (inline); issuer, template, key type (shared);
// SANs (inline); EKUs (shared oid and name).
void encodeDetails(Writer& w, const CertificateRecordDetails& r, SharedStrings& shared)
{
    const CertificateDetails& d = r.details;
    const QByteArray sha1 = QByteArray::fromHex(d.thumbprint.toLatin1()).leftJustified(20, '\0', true);
    w.raw(sha1.constData(), 20);
    w.text(d.subject);
    w.text(d.subjectCN);
    w.u32(shared.intern(d.issuer));
    w.u32(shared.intern(d.templateName));
    w.u32(shared.intern(r.keyAlgorithm));
    const quint16 sans = quint16(qMin<qsizetype>(d.sans.size(), 0xFFFF));
    w.u16(sans);
    for (quint16 i = 0; i < sans; ++i)
        w.text(d.sans[i]);
    const quint16 ekus = quint16(qMin<qsizetype>(d.ekus.size(), 0xFFFF));
    w.u16(ekus);
    for (quint16 i = 0; i < ekus; ++i) {
        w.u32(shared.intern(d.ekus[i].oid));
        w.u32(shared.intern(d.ekus[i].name));
    }
}

// Walks encoded details without building them: called at load, so decoding later cannot fail.
bool checkDetails(QByteArrayView bytes, qsizetype sharedCount)
{
    Reader in(bytes);
    in.take(20);
    in.skipText();
    in.skipText();
    for (int i = 0; i < 3; ++i)
        in.sharedIndex(sharedCount);
    for (quint16 n = in.u16(), i = 0; i < n && in.ok(); ++i)
        in.skipText();
    for (quint16 n = in.u16(), i = 0; i < n && in.ok(); ++i) {
        in.sharedIndex(sharedCount);
        in.sharedIndex(sharedCount);
    }
    return in.ok() && in.atEnd();
}

CertificateRecordDetails decodeDetails(QByteArrayView bytes, const QStringList& shared, const CertificateState& state)
{
    Reader in(bytes);
    CertificateRecordDetails r;
    CertificateDetails& d = r.details;
    d.thumbprint = toHexUpper(reinterpret_cast<const quint8*>(in.take(20)), 20);
    d.sha256 = toHexUpper(state.sha256);
    d.subject = in.text();
    d.subjectCN = in.text();
    d.issuer = shared[in.u32()];
    d.templateName = shared[in.u32()];
    r.keyAlgorithm = shared[in.u32()];
    for (quint16 n = in.u16(), i = 0; i < n; ++i)
        d.sans << in.text();
    for (quint16 n = in.u16(), i = 0; i < n; ++i) {
        const QString oid = shared[in.u32()];
        d.ekus.append({oid, shared[in.u32()]});
    }
    d.notBefore = QDateTime::fromSecsSinceEpoch(state.notBefore, Qt::UTC);
    d.notAfter = QDateTime::fromSecsSinceEpoch(state.notAfter, Qt::UTC);
    return r;
}

} // namespace

size_t qHash(const DigestKey& key, size_t seed) noexcept
{
    size_t h;
    std::memcpy(&h, key.bytes.data(), sizeof h);
    return h ^ seed;
}

size_t qHash(const ReportedReplace& r, size_t seed) noexcept
{
    return qHash(r.storeId, seed) ^ (size_t(r.oldRecord) * 0x9E3779B1u) ^ (size_t(r.newRecord) << 20);
}

const CertificateRecordDetails& ScopeSnapshot::record(int record) const
{
    auto it = m_details.find(record);
    if (it == m_details.end()) {
        const QByteArrayView bytes(m_file.constData() + m_encodedAt[record], m_encodedSize[record]);
        it = m_details.emplace(record, decodeDetails(bytes, m_strings, m_states[record])).first;
    }
    return it->second;
}

std::optional<QByteArrayView> ScopeSnapshot::subjectInFile(int record) const
{
    if (m_encodedAt[record] < 0)
        return std::nullopt;
    // The encoding's order (encodeDetails): sha1 (20 bytes), then the subject's length and
    // bytes; checked at load (checkDetails), so this cannot run past the record.
    Reader in(QByteArrayView(m_file.constData() + m_encodedAt[record], m_encodedSize[record]));
    in.take(20);
    const quint32 length = in.u32();
    return QByteArrayView(in.take(length), length);
}

CertificateDetails ScopeSnapshot::detailsAt(int record, const QString& path) const
{
    CertificateDetails d = details(record);
    d.path = path;
    return d;
}

void ScopeSnapshot::buildIndex() const
{
    m_index.clear();
    m_index.reserve(m_states.size());
    for (int i = 0; i < m_states.size(); ++i)
        m_index.insert(DigestKey{m_states[i].sha256}, i);
    m_indexed = true;
}

int ScopeSnapshot::findRecord(const Sha256Digest& sha256) const
{
    if (!m_indexed)
        buildIndex();
    return m_index.value(DigestKey{sha256}, -1);
}

int ScopeSnapshot::recordFor(const Certificate& cert)
{
    const int existing = findRecord(cert.sha256);
    if (existing >= 0)
        return existing;
    CertificateState state;
    state.sha256 = cert.sha256;
    state.notBefore = cert.notBeforeSecs;
    state.notAfter = cert.notAfterSecs;
    const int index = int(m_states.size());
    m_states << state;
    m_encodedAt << -1;
    m_encodedSize << 0;
    m_details.emplace(index, CertificateRecordDetails{CertificateDetails::from(cert), cert.keyAlgorithm});
    m_index.insert(DigestKey{cert.sha256}, index);
    return index;
}

const StoreSnapshot* ScopeSnapshot::store(const QString& storeId) const
{
    for (const StoreSnapshot& s : stores)
        if (s.storeId == storeId)
            return &s;
    return nullptr;
}

QByteArray serializeSnapshot(const ScopeSnapshot& snapshot)
{
    // Only records some placement refers to are kept; indices are renumbered.
    QList<int> newIndex(snapshot.recordCount(), -1);
    QList<int> kept;
    for (const StoreSnapshot& store : snapshot.stores)
        for (const Placement& p : store.placements)
            if (newIndex[p.record] < 0) {
                newIndex[p.record] = int(kept.size());
                kept << p.record;
            }
    // Details read from the file are copied as they are; the shared strings they refer
    // to keep their positions (new ones are appended).
    SharedStrings shared(snapshot.m_strings);
    Writer details;
    Writer states;
    for (int r : kept) {
        const qsizetype offset = details.data.size();
        if (snapshot.m_encodedAt[r] >= 0)
            details.raw(snapshot.m_file.constData() + snapshot.m_encodedAt[r], snapshot.m_encodedSize[r]);
        else
            encodeDetails(details, snapshot.record(r), shared);
        const CertificateState& s = snapshot.m_states[r];
        states.raw(s.sha256.data(), 32);
        states.i64(s.notBefore);
        states.i64(s.notAfter);
        states.u8(s.archived ? 1 : 0);
        states.i64(s.closeNotifiedAt);
        states.i64(s.expiredNotifiedAt);
        states.u32(quint32(offset));
        states.u32(quint32(details.data.size() - offset));
    }

    Writer out;
    out.data.reserve(states.data.size() + details.data.size() + 64 * snapshot.recordCount());
    out.raw(kMagic, 8);
    out.u32(kVersion);
    out.u8(quint8(snapshot.scope));
    out.i64(snapshot.savedAt);
    out.i64(snapshot.passId);
    out.u32(quint32(shared.strings().size()));
    for (const QString& s : shared.strings())
        out.text(s);
    out.u32(quint32(kept.size()));
    out.data.append(states.data);
    out.u32(quint32(details.data.size()));
    out.data.append(details.data);
    out.u32(quint32(snapshot.stores.size()));
    for (const StoreSnapshot& store : snapshot.stores) {
        out.text(store.storeId);
        out.u32(quint32(store.placements.size()));
        for (const Placement& p : store.placements) {
            out.u32(quint32(newIndex[p.record]));
            out.text(p.path);
        }
    }
    QList<ReportedReplace> replaces;
    for (const ReportedReplace& r : snapshot.reportedReplaces)
        if (newIndex.value(r.oldRecord, -1) >= 0 && newIndex.value(r.newRecord, -1) >= 0)
            replaces << r;
    out.u32(quint32(replaces.size()));
    for (const ReportedReplace& r : replaces) {
        out.text(r.storeId);
        out.u32(quint32(newIndex[r.oldRecord]));
        out.u32(quint32(newIndex[r.newRecord]));
    }
    out.i64(qint64(snapshotChecksum(out.data)));
    return out.data;
}

std::optional<ScopeSnapshot> parseSnapshot(const QByteArray& data, QString* error)
{
    const auto failed = [&](const QString& why) -> std::optional<ScopeSnapshot> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (data.size() < 8 + 4 + 1 + 8 + kChecksumSize || std::memcmp(data.constData(), kMagic, 8) != 0)
        return failed(QStringLiteral("not a Certlife snapshot (bad header)"));
    const QByteArrayView body(data.constData(), data.size() - kChecksumSize);
    if (qFromLittleEndian<quint64>(data.constData() + body.size()) != snapshotChecksum(body))
        return failed(QStringLiteral("checksum mismatch (the file was damaged or edited)"));
    Reader in(body, 8);
    const quint32 version = in.u32();
    if (version != kVersion && version != kVersionWithoutPassId)
        return failed(QStringLiteral("unsupported snapshot version %1").arg(version));
    ScopeSnapshot snap;
    const quint8 scope = in.u8();
    if (scope > quint8(Scope::User))
        return failed(QStringLiteral("bad scope %1").arg(scope));
    snap.scope = Scope(scope);
    snap.savedAt = in.i64();
    if (version >= kVersion)
        snap.passId = in.i64();
    const quint32 sharedCount = in.count(4);
    for (quint32 i = 0; i < sharedCount && in.ok(); ++i)
        snap.m_strings << in.text();

    const quint32 recordCount = in.count(kStateSize);
    snap.m_states.resize(recordCount);
    snap.m_encodedAt.resize(recordCount);
    snap.m_encodedSize.resize(recordCount);
    QList<quint32> offsets(recordCount);
    for (quint32 i = 0; i < recordCount && in.ok(); ++i) {
        CertificateState& s = snap.m_states[i];
        if (const char* p = in.take(32))
            std::memcpy(s.sha256.data(), p, 32);
        s.notBefore = in.i64();
        s.notAfter = in.i64();
        s.archived = in.u8() & 1;
        s.closeNotifiedAt = in.i64();
        s.expiredNotifiedAt = in.i64();
        offsets[i] = in.u32();
        snap.m_encodedSize[i] = int(in.u32());
    }
    const quint32 detailsSize = in.count(1);
    const qsizetype detailsStart = in.pos();
    in.take(detailsSize);
    for (quint32 i = 0; i < recordCount && in.ok(); ++i) {
        if (quint64(offsets[i]) + quint64(quint32(snap.m_encodedSize[i])) > detailsSize
            || !checkDetails(QByteArrayView(data.constData() + detailsStart + offsets[i], snap.m_encodedSize[i]),
                             snap.m_strings.size()))
            in.fail(QStringLiteral("record %1 has damaged details").arg(i));
        snap.m_encodedAt[i] = detailsStart + offsets[i];
    }
    const quint32 storeCount = in.count(8);
    for (quint32 i = 0; i < storeCount && in.ok(); ++i) {
        StoreSnapshot store;
        store.storeId = in.text();
        const quint32 placementCount = in.count(8);
        store.placements.reserve(placementCount);
        for (quint32 k = 0; k < placementCount && in.ok(); ++k) {
            Placement p;
            p.record = int(in.u32());
            p.path = in.text();
            if (quint32(p.record) >= recordCount)
                in.fail(QStringLiteral("record index %1 out of range").arg(p.record));
            store.placements << std::move(p);
        }
        snap.stores << std::move(store);
    }
    const quint32 replaceCount = in.count(12);
    for (quint32 i = 0; i < replaceCount && in.ok(); ++i) {
        ReportedReplace r;
        r.storeId = in.text();
        r.oldRecord = int(in.u32());
        r.newRecord = int(in.u32());
        if (quint32(r.oldRecord) >= recordCount || quint32(r.newRecord) >= recordCount)
            in.fail(QStringLiteral("replace record index out of range"));
        snap.reportedReplaces.insert(r);
    }
    if (in.ok() && !in.atEnd())
        in.fail(QStringLiteral("unexpected data after the last entry"));
    if (!in.ok())
        return failed(in.error());
    snap.m_file = data;
    return snap;
}

} // namespace certlife
