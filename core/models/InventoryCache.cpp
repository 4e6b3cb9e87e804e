// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/InventoryCache.h"

#include "models/BackgroundPool.h"
#include "models/DataStreamReader.h"
#include "util/Paths.h"

#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QtConcurrent/QtConcurrentMap>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

namespace certlife {

namespace {
constexpr quint32 kMagic = 0x434C4349; // "CLCI"
constexpr quint32 kVersion = 4;        // 3: endpoint stores' probes; 4: entry names and NSS trust
// Certificates are written in chunks of this many, each a blob of its own, so loading
// decodes the chunks on every core.
constexpr int kChunk = 4096;
constexpr QDataStream::Version kStreamVersion = QDataStream::Qt_6_4;
// A certificate's SAN or EKU count beyond this means a damaged chunk (a count read from
// garbage would otherwise reserve gigabytes).
constexpr quint32 kMaxListEntries = 1u << 20;

template <size_t N> void writeDigest(QDataStream& out, const std::array<quint8, N>& digest)
{
    out.writeRawData(reinterpret_cast<const char*>(digest.data()), int(N));
}

template <size_t N> void readDigest(DataStreamReader& in, std::array<quint8, N>& digest)
{
    in.readRawData(digest.data(), qsizetype(N));
}

void writeCertificate(QDataStream& out, const Certificate& c)
{
    out << c.der;
    writeDigest(out, c.sha1);
    writeDigest(out, c.sha256);
    writeDigest(out, c.spkiSha256);
    out << c.subject << c.subjectCN << c.issuer << c.serialHex << c.notBeforeSecs << c.notAfterSecs;
    out << quint32(c.sans.size());
    for (const SubjectAltName& san : c.sans)
        out << quint8(san.type) << san.value;
    out << quint32(c.ekus.size());
    for (const ExtendedKeyUsage& eku : c.ekus)
        out << eku.oid << eku.name;
    out << c.keyUsage << c.hasKeyUsage << c.keyAlgorithm << qint32(c.keyBits) << c.isCA << c.selfSigned
        << c.templateName << c.hasPrivateKey;
}

// Values that repeat across certificates (issuers, key algorithms, templates, EKU lists)
// decoded once per chunk and shared (implicitly, as Qt shares them), keyed by their bytes
// in the file: with 100,000 certificates of a few issuers that is tens of MiB less held.
template <typename T> class SharedValues
{
public:
    // Steps over one value with `skipValue` (false: not a value it can step over) and, when
    // the chunk had the same bytes before, shares that value; else reads it with `read`.
    // Most values repeat: found by their bytes, they are never decoded (no string made,
    // converted and thrown away for each of 100,000 certificates).
    template <typename Skip, typename Read> void read(DataStreamReader& in, T& value, Skip skipValue, Read readValue)
    {
        const char* start = in.position();
        DataStreamReader ahead = in;
        if (skipValue(ahead) && ahead.ok()) {
            const QByteArrayView bytes = ahead.bytesSince(start);
            // The few values met last are compared first: hashing the bytes (an issuer
            // DN in UTF-16) for every certificate cost more than decoding saved.
            for (const Recent& recent : m_recent)
                if (recent.bytes.size() == bytes.size() && recent.bytes == bytes) {
                    value = recent.value;
                    in = ahead;
                    return;
                }
            const auto found = m_values.constFind(bytes);
            if (found != m_values.cend()) {
                value = *found;
                remember(bytes, value);
                in = ahead;
                return;
            }
        }
        readValue(in, value);
        if (in.ok()) {
            m_values.insert(in.bytesSince(start), value);
            remember(in.bytesSince(start), value);
        }
    }

private:
    struct Recent
    {
        QByteArrayView bytes;
        T value;
    };
    static constexpr int kRecent = 8;
    void remember(QByteArrayView bytes, const T& value)
    {
        m_recent[m_next] = Recent{bytes, value};
        m_next = (m_next + 1) % kRecent;
    }

    QHash<QByteArrayView, T> m_values; // views into the mapped file, alive while decoding
    std::array<Recent, kRecent> m_recent{};
    int m_next = 0;
};

struct ChunkValues
{
    SharedValues<QString> strings;
    SharedValues<QList<ExtendedKeyUsage>> ekus;
};

void readSharedString(DataStreamReader& in, QString& value, ChunkValues& shared)
{
    shared.strings.read(
        in, value, [](DataStreamReader& reader) { return reader.skipString(); },
        [](DataStreamReader& reader, QString& v) { reader >> v; });
}

bool readCertificate(DataStreamReader& in, Certificate& c, ChunkValues& shared)
{
    in >> c.der;
    readDigest(in, c.sha1);
    readDigest(in, c.sha256);
    readDigest(in, c.spkiSha256);
    in >> c.subject >> c.subjectCN;
    readSharedString(in, c.issuer, shared);
    in >> c.serialHex >> c.notBeforeSecs >> c.notAfterSecs;
    quint32 count = 0;
    in >> count;
    if (count > kMaxListEntries)
        return false;
    c.sans.reserve(count);
    for (quint32 i = 0; i < count && in.ok(); ++i) {
        quint8 type = 0;
        SubjectAltName san;
        in >> type >> san.value;
        if (type > quint8(SubjectAltName::Type::Uri))
            return false;
        san.type = SubjectAltName::Type(type);
        c.sans.append(san);
    }
    bool ekusValid = true;
    const auto skipEkus = [](DataStreamReader& reader) {
        quint32 ekuCount = 0;
        reader >> ekuCount;
        if (ekuCount > kMaxListEntries)
            return false;
        for (quint32 i = 0; i < ekuCount; ++i)
            if (!reader.skipString() || !reader.skipString())
                return false;
        return true;
    };
    shared.ekus.read(in, c.ekus, skipEkus, [&ekusValid](DataStreamReader& reader, QList<ExtendedKeyUsage>& ekus) {
        quint32 ekuCount = 0;
        reader >> ekuCount;
        if (ekuCount > kMaxListEntries) {
            ekusValid = false;
            return;
        }
        ekus.reserve(ekuCount);
        for (quint32 i = 0; i < ekuCount && reader.ok(); ++i) {
            ExtendedKeyUsage eku;
            reader >> eku.oid >> eku.name;
            ekus.append(eku);
        }
    });
    if (!ekusValid)
        return false;
    qint32 keyBits = 0;
    in >> c.keyUsage >> c.hasKeyUsage;
    readSharedString(in, c.keyAlgorithm, shared);
    in >> keyBits >> c.isCA >> c.selfSigned;
    readSharedString(in, c.templateName, shared);
    in >> c.hasPrivateKey;
    c.keyBits = keyBits;
    return in.ok();
}

// An endpoint store's probes without their chains: the chain is the store's certificates
// at the probe's location (restoreProbeChains()).
void writeProbes(QDataStream& out, const QList<ProbeResult>& probes)
{
    out << quint32(probes.size());
    for (const ProbeResult& p : probes) {
        out << p.endpoint.host << p.endpoint.port << p.endpoint.sni << quint8(p.endpoint.startTls) << p.address
            << quint8(p.failure) << p.error << p.protocol << p.cipher << p.elapsedMs;
        out << quint32(p.findings.size());
        for (const Finding& f : p.findings)
            out << quint8(f.kind) << f.detail;
    }
}

bool readProbes(QDataStream& in, QList<ProbeResult>& probes)
{
    quint32 count = 0;
    in >> count;
    if (count > kMaxListEntries)
        return false;
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        ProbeResult p;
        quint8 startTls = 0, failure = 0;
        in >> p.endpoint.host >> p.endpoint.port >> p.endpoint.sni >> startTls >> p.address >> failure >> p.error
            >> p.protocol >> p.cipher >> p.elapsedMs;
        if (startTls > quint8(StartTls::Postgres) || failure > quint8(ProbeFailure::Cancelled))
            return false;
        p.endpoint.startTls = StartTls(startTls);
        p.failure = ProbeFailure(failure);
        quint32 findings = 0;
        in >> findings;
        if (findings > kMaxListEntries)
            return false;
        for (quint32 f = 0; f < findings && in.status() == QDataStream::Ok; ++f) {
            quint8 kind = 0;
            Finding finding;
            in >> kind >> finding.detail;
            if (kind > quint8(FindingKind::Cipher))
                return false;
            finding.kind = FindingKind(kind);
            p.findings.append(std::move(finding));
        }
        probes.append(std::move(p));
    }
    return in.status() == QDataStream::Ok;
}

// Each probe's chain: the scan's certificates at its location, in their chain order.
void restoreProbeChains(StoreScan& scan)
{
    if (scan.endpointProbes.isEmpty())
        return;
    QHash<QString, QList<const StoredCertificate*>> byLocation;
    for (const StoredCertificate& stored : std::as_const(scan.certificates))
        byLocation[stored.path].append(&stored);
    for (ProbeResult& probe : scan.endpointProbes) {
        QList<const StoredCertificate*> served = byLocation.value(probe.location());
        std::sort(served.begin(), served.end(),
                  [](const StoredCertificate* a, const StoredCertificate* b) { return a->index < b->index; });
        for (const StoredCertificate* stored : served)
            probe.chain.append(stored->certificate);
    }
}

void writeStore(QDataStream& out, const StoreInventory& store)
{
    const StoreConfig& c = store.config;
    out << c.id << c.displayName << quint8(c.kind) << quint8(c.scope) << c.path << c.readOnly << c.recursive;
    const StoreScan& s = store.scan;
    out << s.scannedAt << s.filesSeen << s.storeMissing;
    out << quint32(s.problems.size());
    for (const ScanProblem& p : s.problems)
        out << p.path << p.error;
    writeProbes(out, s.endpointProbes);
    const qsizetype chunks = (s.certificates.size() + kChunk - 1) / kChunk;
    out << quint32(chunks);
    for (qsizetype chunk = 0; chunk < chunks; ++chunk) {
        QByteArray blob;
        QDataStream part(&blob, QIODevice::WriteOnly);
        part.setVersion(kStreamVersion);
        const qsizetype end = std::min(s.certificates.size(), (chunk + 1) * kChunk);
        part << quint32(end - chunk * kChunk);
        for (qsizetype i = chunk * kChunk; i < end; ++i) {
            const StoredCertificate& stored = s.certificates[i];
            part << stored.path << qint32(stored.index) << stored.keyPath << stored.entry << stored.trust;
            writeCertificate(part, stored.certificate);
        }
        out << blob;
    }
}

// One chunk's certificates; nullopt when the blob is damaged.
std::optional<QList<StoredCertificate>> decodeChunk(const QByteArray& blob)
{
    DataStreamReader in(blob);
    quint32 count = 0;
    in >> count;
    if (!in.ok() || count > quint32(kChunk))
        return std::nullopt;
    QList<StoredCertificate> certificates;
    certificates.reserve(count);
    ChunkValues shared;
    for (quint32 i = 0; i < count; ++i) {
        StoredCertificate stored;
        qint32 index = 0;
        in >> stored.path >> index >> stored.keyPath >> stored.entry;
        readSharedString(in, stored.trust, shared);
        stored.index = index;
        if (!readCertificate(in, stored.certificate, shared))
            return std::nullopt;
        certificates.append(std::move(stored));
    }
    return certificates;
}

// `in` reads `mapped` (the whole file); chunks are views into it.
bool readStore(QDataStream& in, const QByteArray& mapped, StoreInventory& store, QList<QByteArray>& chunks)
{
    StoreConfig& c = store.config;
    quint8 kind = 0, scope = 0;
    in >> c.id >> c.displayName >> kind >> scope >> c.path >> c.readOnly >> c.recursive;
    if (kind > quint8(StoreKind::Nss) || scope > quint8(Scope::User))
        return false;
    c.kind = StoreKind(kind);
    c.scope = Scope(scope);
    StoreScan& s = store.scan;
    s.storeId = c.id;
    s.scope = c.scope;
    in >> s.scannedAt >> s.filesSeen >> s.storeMissing;
    quint32 count = 0;
    in >> count;
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        ScanProblem p;
        in >> p.path >> p.error;
        s.problems.append(p);
    }
    if (!readProbes(in, s.endpointProbes))
        return false;
    in >> count; // chunks, decoded later on every core
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        // A view into the mapped file, not a copy: decoding copies what it keeps.
        quint32 size = 0;
        in >> size;
        const qint64 at = in.device()->pos();
        if (in.status() != QDataStream::Ok || size == 0xFFFFFFFF || at + qint64(size) > mapped.size())
            return false;
        chunks.append(QByteArray::fromRawData(mapped.constData() + at, size));
        if (in.skipRawData(int(size)) != int(size))
            return false;
    }
    return in.status() == QDataStream::Ok;
}
} // namespace

QString InventoryCache::defaultFile()
{
    return QDir(Paths::stateDir(Scope::User)).filePath(QStringLiteral("console-inventory.bin"));
}

bool InventoryCache::save(const QString& file, const Inventory& inventory, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(file, why);
        return false;
    };
    const QString dirError = Paths::ensureDir(QFileInfo(file).absolutePath());
    if (!dirError.isEmpty()) {
        if (error)
            *error = dirError;
        return false;
    }
    // Written beside and renamed over the old file, so a reader never sees half of it.
    // Not fsync'ed: this is a cache (a file cut short by a crash reads as damaged and is
    // rebuilt), and flushing ~90 MB for 100,000 certificates would hold the disk for
    // seconds on every scan.
    const QString temporary = file + QStringLiteral(".new");
    QFile out(temporary);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(out.errorString());
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QDataStream stream(&out);
    stream.setVersion(kStreamVersion);
    stream << kMagic << kVersion << quint32(inventory.size());
    for (const StoreInventory& store : inventory)
        writeStore(stream, store);
    const bool written = stream.status() == QDataStream::Ok && out.flush();
    const QString why = out.errorString();
    out.close();
    if (!written) {
        QFile::remove(temporary);
        return fail(why);
    }
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(file).constData()) != 0) {
        const QString renameError = QString::fromLocal8Bit(strerror(errno));
        QFile::remove(temporary);
        return fail(renameError);
    }
    return true;
}

Inventory InventoryCache::load(const QString& file, QString* error)
{
    QFile in(file);
    if (!in.exists())
        return {};
    if (!in.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(file, in.errorString());
        return {};
    }
    // Mapped, not read: the certificates' blobs (most of the file) are decoded straight
    // from the page cache on every core, without first copying ~90 MB for 100,000.
    uchar* const map = in.size() > 0 ? in.map(0, in.size()) : nullptr;
    if (!map) {
        if (error)
            *error = in.size() > 0 ? QStringLiteral("%1: cannot read: %2").arg(file, in.errorString())
                                   : QStringLiteral("%1: not a console inventory of this version; it is rebuilt by "
                                                    "the next scan")
                                         .arg(file);
        return {};
    }
    const QByteArray mapped = QByteArray::fromRawData(reinterpret_cast<const char*>(map), in.size());
    QDataStream stream(mapped);
    stream.setVersion(kStreamVersion);
    quint32 magic = 0, version = 0, stores = 0;
    stream >> magic >> version >> stores;
    if (magic != kMagic || version != kVersion) {
        if (error)
            *error =
                QStringLiteral("%1: not a console inventory of this version; it is rebuilt by the next scan").arg(file);
        return {};
    }
    const auto damaged = [&] {
        if (error)
            *error = QStringLiteral("%1: damaged; it is rebuilt by the next scan").arg(file);
        return Inventory();
    };
    Inventory inventory;
    QList<QPair<qsizetype, QByteArray>> chunks; // (store, blob)
    for (quint32 i = 0; i < stores; ++i) {
        StoreInventory store;
        QList<QByteArray> blobs;
        if (!readStore(stream, mapped, store, blobs))
            return damaged();
        for (const QByteArray& blob : std::as_const(blobs))
            chunks.append({inventory.size(), blob});
        inventory.append(std::move(store));
    }
    // Decoding is most of the work: every core takes chunks (this thread too).
    QList<std::optional<QList<StoredCertificate>>> decoded = QtConcurrent::blockingMapped(
        backgroundPool(), chunks, [](const QPair<qsizetype, QByteArray>& chunk) { return decodeChunk(chunk.second); });
    QList<qsizetype> counts(inventory.size(), 0);
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        if (!decoded[i])
            return damaged();
        counts[chunks[i].first] += decoded[i]->size();
    }
    for (qsizetype s = 0; s < inventory.size(); ++s)
        inventory[s].scan.certificates.reserve(counts[s]);
    // Moved, not copied: a copy touches every certificate's strings once more.
    for (qsizetype i = 0; i < chunks.size(); ++i)
        inventory[chunks[i].first].scan.certificates.append(std::move(*decoded[i]));
    for (StoreInventory& store : inventory)
        restoreProbeChains(store.scan);
    return inventory;
}

} // namespace certlife
