#include "lifecycle/Snapshot.h"

#include <QtEndian>
#include <cstring>

namespace certlife {

namespace {

constexpr char kMagic[8] = {'C', 'L', 'S', 'N', 'A', 'P', '\r', '\n'};
constexpr quint32 kVersion = 1;

// Corruption check, not security: a fast 64-bit mix over 8-byte words.
quint64 checksum(QByteArrayView data)
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

class Writer
{
public:
    QByteArray data;
    void u8(quint8 v) { data.append(char(v)); }
    void u16(quint16 v) { v = qToLittleEndian(v); data.append(reinterpret_cast<const char*>(&v), 2); }
    void u32(quint32 v) { v = qToLittleEndian(v); data.append(reinterpret_cast<const char*>(&v), 4); }
    void i64(qint64 v) { v = qToLittleEndian(v); data.append(reinterpret_cast<const char*>(&v), 8); }
    void raw(const void* p, qsizetype n) { data.append(static_cast<const char*>(p), n); }
};

class StringTable
{
public:
    quint32 intern(const QString& s)
    {
        const auto it = m_index.constFind(s);
        if (it != m_index.cend())
            return *it;
        const quint32 id = quint32(m_strings.size());
        m_index.insert(s, id);
        m_strings << s;
        return id;
    }
    const QStringList& strings() const { return m_strings; }

private:
    QHash<QString, quint32> m_index;
    QStringList m_strings;
};

class Reader
{
public:
    explicit Reader(QByteArrayView d) : m_data(d) {}
    bool ok() const { return m_error.isEmpty(); }
    bool atEnd() const { return m_pos == m_data.size(); }
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
    template<typename T> T number()
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

private:
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    QString m_error;
};

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

CertificateRecord CertificateRecord::from(const Certificate& cert)
{
    CertificateRecord r;
    r.sha256 = cert.sha256;
    r.details = CertificateDetails::from(cert);
    r.keyAlgorithm = cert.keyAlgorithm;
    return r;
}

int ScopeSnapshot::recordFor(const Certificate& cert)
{
    const auto it = m_index.constFind(DigestKey{cert.sha256});
    if (it != m_index.cend())
        return *it;
    records << CertificateRecord::from(cert);
    const int index = int(records.size()) - 1;
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

void ScopeSnapshot::rebuildIndex()
{
    m_index.clear();
    m_index.reserve(records.size());
    for (int i = 0; i < records.size(); ++i)
        m_index.insert(DigestKey{records[i].sha256}, i);
}

QByteArray serializeSnapshot(const ScopeSnapshot& snapshot)
{
    // Only records some placement refers to are kept; indices are renumbered.
    QList<int> newIndex(snapshot.records.size(), -1);
    QList<int> kept;
    for (const StoreSnapshot& store : snapshot.stores)
        for (const Placement& p : store.placements)
            if (newIndex[p.record] < 0) {
                newIndex[p.record] = int(kept.size());
                kept << p.record;
            }

    StringTable strings;
    Writer body;
    body.u32(quint32(kept.size()));
    for (int index : kept) {
        const CertificateRecord& r = snapshot.records[index];
        const CertificateDetails& d = r.details;
        body.raw(r.sha256.data(), 32);
        const QByteArray sha1 = QByteArray::fromHex(d.thumbprint.toLatin1()).leftJustified(20, '\0', true);
        body.raw(sha1.constData(), 20);
        for (const QString* s : {&d.subject, &d.subjectCN, &d.issuer, &d.templateName, &r.keyAlgorithm})
            body.u32(strings.intern(*s));
        body.i64(d.notBefore.toSecsSinceEpoch());
        body.i64(d.notAfter.toSecsSinceEpoch());
        body.u8(r.archived ? 1 : 0);
        body.i64(r.closeNotifiedAt);
        body.i64(r.expiredNotifiedAt);
        body.u16(quint16(qMin<qsizetype>(d.sans.size(), 0xFFFF)));
        for (qsizetype i = 0; i < qMin<qsizetype>(d.sans.size(), 0xFFFF); ++i)
            body.u32(strings.intern(d.sans[i]));
        body.u16(quint16(qMin<qsizetype>(d.ekus.size(), 0xFFFF)));
        for (qsizetype i = 0; i < qMin<qsizetype>(d.ekus.size(), 0xFFFF); ++i) {
            body.u32(strings.intern(d.ekus[i].oid));
            body.u32(strings.intern(d.ekus[i].name));
        }
    }
    body.u32(quint32(snapshot.stores.size()));
    for (const StoreSnapshot& store : snapshot.stores) {
        body.u32(strings.intern(store.storeId));
        body.u32(quint32(store.placements.size()));
        for (const Placement& p : store.placements) {
            body.u32(strings.intern(p.path));
            body.u32(quint32(newIndex[p.record]));
        }
    }
    QList<ReportedReplace> replaces;
    for (const ReportedReplace& r : snapshot.reportedReplaces)
        if (newIndex.value(r.oldRecord, -1) >= 0 && newIndex.value(r.newRecord, -1) >= 0)
            replaces << r;
    body.u32(quint32(replaces.size()));
    for (const ReportedReplace& r : replaces) {
        body.u32(strings.intern(r.storeId));
        body.u32(quint32(newIndex[r.oldRecord]));
        body.u32(quint32(newIndex[r.newRecord]));
    }

    Writer out;
    out.raw(kMagic, 8);
    out.u32(kVersion);
    out.u8(quint8(snapshot.scope));
    out.i64(snapshot.savedAt);
    out.u32(quint32(strings.strings().size()));
    for (const QString& s : strings.strings()) {
        const QByteArray utf8 = s.toUtf8();
        out.u32(quint32(utf8.size()));
        out.raw(utf8.constData(), utf8.size());
    }
    out.data.reserve(out.data.size() + body.data.size() + 8);
    out.data.append(body.data);
    out.i64(qint64(checksum(out.data)));
    return out.data;
}

std::optional<ScopeSnapshot> parseSnapshot(QByteArrayView data, QString* error)
{
    const auto failed = [&](const QString& why) -> std::optional<ScopeSnapshot> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (data.size() < 8 + 4 + 1 + 8 + 8 || std::memcmp(data.data(), kMagic, 8) != 0)
        return failed(QStringLiteral("not a Certlife snapshot (bad header)"));
    const quint64 stored = qFromLittleEndian<quint64>(data.data() + data.size() - 8);
    if (stored != checksum(data.first(data.size() - 8)))
        return failed(QStringLiteral("checksum mismatch (the file was damaged or edited)"));
    Reader in(data.first(data.size() - 8));
    in.take(8);
    if (const quint32 version = in.u32(); version != kVersion)
        return failed(QStringLiteral("unsupported snapshot version %1").arg(version));
    ScopeSnapshot snap;
    const quint8 scope = in.u8();
    if (scope > quint8(Scope::User))
        return failed(QStringLiteral("bad scope %1").arg(scope));
    snap.scope = Scope(scope);
    snap.savedAt = in.i64();

    QStringList strings;
    const quint32 stringCount = in.count(4);
    strings.reserve(stringCount);
    for (quint32 i = 0; i < stringCount && in.ok(); ++i) {
        const quint32 len = in.u32();
        const char* p = in.take(len);
        if (p)
            strings << QString::fromUtf8(p, len);
    }
    const auto str = [&](quint32 id) -> QString {
        if (id >= quint32(strings.size())) {
            in.fail(QStringLiteral("string index %1 out of range").arg(id));
            return {};
        }
        return strings[id];
    };

    const quint32 recordCount = in.count(32 + 20 + 5 * 4 + 8 * 4 + 1 + 4);
    snap.records.reserve(recordCount);
    for (quint32 i = 0; i < recordCount && in.ok(); ++i) {
        CertificateRecord r;
        CertificateDetails& d = r.details;
        if (const char* p = in.take(32))
            std::memcpy(r.sha256.data(), p, 32);
        if (const char* p = in.take(20))
            d.thumbprint = toHexUpper(reinterpret_cast<const quint8*>(p), 20);
        d.sha256 = toHexUpper(r.sha256);
        d.subject = str(in.u32());
        d.subjectCN = str(in.u32());
        d.issuer = str(in.u32());
        d.templateName = str(in.u32());
        r.keyAlgorithm = str(in.u32());
        d.notBefore = QDateTime::fromSecsSinceEpoch(in.i64(), Qt::UTC);
        d.notAfter = QDateTime::fromSecsSinceEpoch(in.i64(), Qt::UTC);
        r.archived = in.u8() & 1;
        r.closeNotifiedAt = in.i64();
        r.expiredNotifiedAt = in.i64();
        const quint16 sanCount = in.u16();
        d.sans.reserve(sanCount);
        for (quint16 k = 0; k < sanCount && in.ok(); ++k)
            d.sans << str(in.u32());
        const quint16 ekuCount = in.u16();
        d.ekus.reserve(ekuCount);
        for (quint16 k = 0; k < ekuCount && in.ok(); ++k) {
            const QString oid = str(in.u32());
            d.ekus.append({oid, str(in.u32())});
        }
        snap.records << std::move(r);
    }
    const quint32 storeCount = in.count(8);
    for (quint32 i = 0; i < storeCount && in.ok(); ++i) {
        StoreSnapshot store;
        store.storeId = str(in.u32());
        const quint32 placementCount = in.count(8);
        store.placements.reserve(placementCount);
        for (quint32 k = 0; k < placementCount && in.ok(); ++k) {
            Placement p;
            p.path = str(in.u32());
            p.record = int(in.u32());
            if (p.record < 0 || p.record >= snap.records.size())
                in.fail(QStringLiteral("record index %1 out of range").arg(p.record));
            store.placements << std::move(p);
        }
        snap.stores << std::move(store);
    }
    const quint32 replaceCount = in.count(12);
    for (quint32 i = 0; i < replaceCount && in.ok(); ++i) {
        ReportedReplace r{str(in.u32()), int(in.u32()), int(in.u32())};
        if (r.oldRecord < 0 || r.oldRecord >= snap.records.size() || r.newRecord < 0 || r.newRecord >= snap.records.size())
            in.fail(QStringLiteral("replace record index out of range"));
        snap.reportedReplaces.insert(r);
    }
    if (in.ok() && !in.atEnd())
        in.fail(QStringLiteral("unexpected data after the last entry"));
    if (!in.ok())
        return failed(in.error());
    snap.rebuildIndex();
    return snap;
}

} // namespace certlife
