// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/ScanCacheFormat.h"

#include <QStringEncoder>
#include <cerrno>
#include <cstring>

namespace certlife::cachefile {

namespace {

enum CertFlag : quint8 { FlagHasKeyUsage = 1, FlagIsCA = 2, FlagSelfSigned = 4, FlagHasPrivateKey = 8 };
constexpr qsizetype kFlushAt = 1 << 20;

int encodeVarint(char* out, quint64 v)
{
    int n = 0;
    while (v >= 0x80) {
        out[n++] = char(v | 0x80);
        v >>= 7;
    }
    out[n++] = char(v);
    return n;
}

// Appends to a buffer that goes to the device every MiB: a 100,000-certificate cache
// is never built whole in memory.
class Writer
{
public:
    explicit Writer(QIODevice& device) : m_device(device) { m_buf.reserve(kFlushAt + 64 * 1024); }

    void u8(quint8 v) { m_buf.append(char(v)); }
    void raw(const void* p, qsizetype n) { m_buf.append(static_cast<const char*>(p), n); }
    template <typename T> void fixed(T v) { raw(&v, sizeof v); }
    void varint(quint64 v)
    {
        char b[10];
        raw(b, encodeVarint(b, v));
    }
    void svarint(qint64 v) { varint((quint64(v) << 1) ^ quint64(v >> 63)); }
    void blob(QByteArrayView b)
    {
        varint(quint64(b.size()));
        raw(b.data(), b.size());
    }
    // Inline: (length << 1) | 1, then the UTF-8, encoded straight into the buffer.
    void inlineString(const QString& s)
    {
        constexpr int kRoom = 10; // for the length in front
        const qsizetype start = m_buf.size();
        m_buf.resize(start + kRoom + s.size() * 3);
        char* text = m_buf.data() + start + kRoom;
        const qsizetype len = m_encoder.appendToBuffer(text, s) - text;
        const int n = encodeVarint(m_buf.data() + start, (quint64(len) << 1) | 1);
        std::memmove(m_buf.data() + start + n, text, size_t(len));
        m_buf.truncate(start + n + len);
    }
    // Shared: index << 1 into the table. Interned strings share their data, so most are
    // found by address without hashing their text (every string written is alive for
    // the whole save, so an address cannot stand for two texts).
    void sharedString(const QString& s)
    {
        const QPair<const QChar*, qsizetype> address{s.constData(), s.size()};
        auto known = m_byAddress.constFind(address);
        if (known == m_byAddress.constEnd()) {
            auto byText = m_byText.constFind(s);
            if (byText == m_byText.constEnd()) {
                byText = m_byText.insert(s, quint64(m_table.size()));
                m_table.append(s);
            }
            known = m_byAddress.insert(address, byText.value());
        }
        varint(known.value() << 1);
    }
    bool flushIfFull() { return m_buf.size() < kFlushAt || flush(); }
    bool flush()
    {
        errno = 0;
        const bool ok = m_device.write(m_buf) == m_buf.size();
        // A short write (the disk filled up after part of it) leaves the device no error
        // text: errno of the write(2) that failed is the reason.
        if (!ok && m_errno == 0)
            m_errno = errno;
        m_buf.resize(0);
        return ok;
    }
    int failedErrno() const { return m_errno; }
    qint64 position() const { return m_device.pos() + m_buf.size(); }
    const QList<QString>& table() const { return m_table; }

private:
    QIODevice& m_device;
    QByteArray m_buf;
    QStringEncoder m_encoder{QStringEncoder::Utf8};
    QHash<QPair<const QChar*, qsizetype>, quint64> m_byAddress;
    QHash<QString, quint64> m_byText;
    QList<QString> m_table;
    int m_errno = 0;
};

class Reader
{
public:
    Reader(const uchar* data, qsizetype size) : m_p(data), m_end(data + qMax<qsizetype>(size, 0)), m_ok(size >= 0) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }
    const uchar* position() const { return m_p; }
    Reader at(const uchar* position) const
    {
        Reader r(*this);
        r.m_p = position;
        return r;
    }

    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64 && m_p < m_end; shift += 7) {
            const uchar b = *m_p++;
            v |= quint64(b & 0x7F) << shift;
            if (!(b & 0x80))
                return v;
        }
        m_ok = false;
        return 0;
    }
    qint64 svarint()
    {
        const quint64 u = varint();
        return qint64(u >> 1) ^ -qint64(u & 1);
    }
    quint8 u8() { return m_p < m_end ? *m_p++ : (m_ok = false, 0); }
    template <typename T> T fixed()
    {
        T v{};
        raw(&v, sizeof v);
        return v;
    }
    void raw(void* out, qsizetype n)
    {
        if (m_end - m_p < n) {
            m_ok = false;
            std::memset(out, 0, size_t(n));
            return;
        }
        std::memcpy(out, m_p, size_t(n));
        m_p += n;
    }
    QByteArrayView bytes(quint64 n)
    {
        if (!m_ok || n > quint64(m_end - m_p)) {
            m_ok = false;
            return {};
        }
        const QByteArrayView v(reinterpret_cast<const char*>(m_p), qsizetype(n));
        m_p += n;
        return v;
    }
    QByteArrayView blob() { return bytes(varint()); }
    // A count of items that take at least minBytes each: a damaged count cannot make us
    // reserve gigabytes.
    qsizetype count(qsizetype minBytes)
    {
        const quint64 n = varint();
        if (!m_ok || n > quint64(m_end - m_p) / quint64(qMax<qsizetype>(minBytes, 1))) {
            m_ok = false;
            return 0;
        }
        return qsizetype(n);
    }

private:
    const uchar* m_p;
    const uchar* m_end;
    bool m_ok;
};

void writeCertificate(Writer& w, const Certificate& c)
{
    w.blob(c.der);
    w.raw(c.sha1.data(), qsizetype(c.sha1.size()));
    w.raw(c.sha256.data(), qsizetype(c.sha256.size()));
    w.raw(c.spkiSha256.data(), qsizetype(c.spkiSha256.size()));
    w.inlineString(c.subject);
    w.inlineString(c.subjectCN);
    w.inlineString(c.serialHex);
    w.sharedString(c.issuer);
    w.sharedString(c.keyAlgorithm);
    w.sharedString(c.templateName);
    w.svarint(c.notBeforeSecs);
    w.svarint(c.notAfterSecs);
    w.varint(quint64(c.sans.size()));
    for (const SubjectAltName& san : c.sans) {
        w.u8(quint8(san.type));
        w.inlineString(san.value);
    }
    w.varint(quint64(c.ekus.size()));
    for (const ExtendedKeyUsage& eku : c.ekus) {
        w.sharedString(eku.oid);
        w.sharedString(eku.name);
    }
    w.varint(c.keyUsage);
    w.u8(quint8((c.hasKeyUsage ? FlagHasKeyUsage : 0) | (c.isCA ? FlagIsCA : 0) | (c.selfSigned ? FlagSelfSigned : 0)
                | (c.hasPrivateKey ? FlagHasPrivateKey : 0)));
    w.varint(quint64(qMax(c.keyBits, 0)));
}

void writeEntry(Writer& w, const QByteArray& path, const ScanCache::Entry& e)
{
    w.blob(path);
    w.varint(e.stamp.device);
    w.varint(e.stamp.inode);
    w.svarint(e.stamp.size);
    w.svarint(e.stamp.mtimeNs);
    w.svarint(e.stamp.ctimeNs);
    const FileResult& r = *e.result;
    w.u8(quint8(r.format));
    w.varint(quint64(r.errors.size()));
    for (const QString& err : r.errors)
        w.sharedString(err);
    w.varint(quint64(r.privateKeySpki.size()));
    for (const Sha256Digest& spki : r.privateKeySpki)
        w.raw(spki.data(), qsizetype(spki.size()));
    w.varint(quint64(r.certificates.size()));
    for (const Certificate& c : r.certificates)
        writeCertificate(w, c);
    w.varint(quint64(r.entryNames.size()));
    for (const QString& name : r.entryNames)
        w.inlineString(name);
    w.varint(quint64(r.entryTrust.size()));
    for (const QString& trust : r.entryTrust)
        w.sharedString(trust);
}

// Reads entries in two passes. The first builds every entry but leaves out the parts
// of certificates that need memory of their own (DER, inline strings, SAN list); the
// second adds those, one certificate after another. What a scan keeps then sits
// densely in memory instead of between the cache's own structures (paths, hash nodes,
// lists) that are freed after the scan.
class EntryReader
{
public:
    EntryReader(Reader& r, const QList<QString>& table) : m_r(&r), m_table(table) {}
    bool ok() const { return m_r->ok() && !m_bad; }

    bool readEntry(QByteArray& path, ScanCache::Entry& e)
    {
        const QByteArrayView p = m_r->blob();
        path = QByteArray(p.data(), p.size());
        e.stamp.device = m_r->varint();
        e.stamp.inode = m_r->varint();
        e.stamp.size = m_r->svarint();
        e.stamp.mtimeNs = m_r->svarint();
        e.stamp.ctimeNs = m_r->svarint();
        auto result = std::make_shared<FileResult>();
        const quint8 format = m_r->u8();
        m_bad = m_bad || format > quint8(ContainerFormat::JavaKeyStore);
        result->format = ContainerFormat(format);
        const qsizetype errors = m_r->count(1);
        for (qsizetype i = 0; i < errors && ok(); ++i)
            result->errors.append(string(true));
        const qsizetype keys = m_r->count(32);
        result->privateKeySpki.resize(keys);
        for (qsizetype i = 0; i < keys && ok(); ++i)
            m_r->raw(result->privateKeySpki[i].data(), 32);
        const qsizetype certs = m_r->count(90); // DER, three digests, six strings, …
        result->certificates.resize(certs);
        for (qsizetype i = 0; i < certs && ok(); ++i) {
            m_deferred.append({&result->certificates[i], m_r->position()});
            readCertificate(result->certificates[i], false);
        }
        const qsizetype names = m_r->count(1);
        m_bad = m_bad || names > certs;
        for (qsizetype i = 0; i < names && ok(); ++i)
            result->entryNames.append(string(true));
        const qsizetype trusts = m_r->count(1);
        m_bad = m_bad || trusts > certs;
        for (qsizetype i = 0; i < trusts && ok(); ++i)
            result->entryTrust.append(string(true));
        e.result = std::move(result);
        return ok();
    }

    // The second pass: the deferred parts of every certificate read so far.
    bool materializeDeferred()
    {
        Reader* first = m_r;
        for (const Deferred& d : std::as_const(m_deferred)) {
            Reader again = first->at(d.position);
            m_r = &again;
            m_bad = !readCertificate(*d.certificate, true) || m_bad;
        }
        m_r = first;
        m_deferred.clear();
        return ok();
    }

private:
    QString string(bool materialize)
    {
        const quint64 v = m_r->varint();
        if (v & 1) {
            const QByteArrayView utf8 = m_r->bytes(v >> 1);
            return materialize ? QString::fromUtf8(utf8) : QString();
        }
        if ((v >> 1) >= quint64(m_table.size())) {
            m_bad = true;
            return {};
        }
        return m_table.at(qsizetype(v >> 1));
    }

    bool readCertificate(Certificate& c, bool materialize)
    {
        const QByteArrayView der = m_r->blob();
        if (materialize)
            c.der = QByteArray(der.data(), der.size());
        m_r->raw(c.sha1.data(), qsizetype(c.sha1.size()));
        m_r->raw(c.sha256.data(), qsizetype(c.sha256.size()));
        m_r->raw(c.spkiSha256.data(), qsizetype(c.spkiSha256.size()));
        for (QString* s : {&c.subject, &c.subjectCN, &c.serialHex})
            *s = string(materialize);
        for (QString* s : {&c.issuer, &c.keyAlgorithm, &c.templateName})
            *s = string(true);
        c.notBeforeSecs = m_r->svarint();
        c.notAfterSecs = m_r->svarint();
        const qsizetype sans = m_r->count(2);
        if (materialize)
            c.sans.reserve(sans);
        for (qsizetype i = 0; i < sans && ok(); ++i) {
            const quint8 type = m_r->u8();
            m_bad = m_bad || type > quint8(SubjectAltName::Type::Uri);
            QString value = string(materialize);
            if (!materialize)
                continue;
            if (value == c.subjectCN)
                value = c.subjectCN; // the CN is usually the first DNS name: keep it once
            c.sans.append(SubjectAltName{SubjectAltName::Type(type), value});
        }
        // EKU lists repeat (every server certificate has serverAuth): one list per
        // distinct encoding.
        const uchar* ekuStart = m_r->position();
        const qsizetype ekus = m_r->count(2);
        QList<ExtendedKeyUsage> ekuList;
        for (qsizetype i = 0; i < ekus && ok(); ++i) {
            ExtendedKeyUsage e;
            e.oid = string(true);
            e.name = string(true);
            ekuList.append(std::move(e));
        }
        const QByteArray key =
            QByteArray::fromRawData(reinterpret_cast<const char*>(ekuStart), m_r->position() - ekuStart);
        auto shared = m_ekuLists.constFind(key);
        if (shared == m_ekuLists.constEnd())
            shared = m_ekuLists.insert(QByteArray(key.constData(), key.size()), ekuList);
        c.ekus = shared.value();
        c.keyUsage = quint16(m_r->varint());
        const quint8 flags = m_r->u8();
        c.hasKeyUsage = flags & FlagHasKeyUsage;
        c.isCA = flags & FlagIsCA;
        c.selfSigned = flags & FlagSelfSigned;
        c.hasPrivateKey = flags & FlagHasPrivateKey;
        c.keyBits = int(qMin<quint64>(m_r->varint(), 1u << 20));
        return ok();
    }

    struct Deferred
    {
        Certificate* certificate; // in a list that no longer grows
        const uchar* position;
    };
    Reader* m_r;
    const QList<QString>& m_table;
    QList<Deferred> m_deferred;
    QHash<QByteArray, QList<ExtendedKeyUsage>> m_ekuLists;
    bool m_bad = false;
};

void writeHeader(Writer& w, quint64 tableOffset, quint64 entryCount)
{
    w.raw(kMagic, 8);
    w.fixed<quint32>(kFormatVersion);
    w.fixed<quint32>(kParserGeneration);
    w.fixed<quint64>(tableOffset);
    w.fixed<quint64>(entryCount);
    w.blob(QByteArrayView(CERTLIFE_VERSION));
}

} // namespace

bool write(QIODevice& device, const QHash<QByteArray, ScanCache::Entry>& entries, int* failedErrno)
{
    Writer w(device);
    const auto failed = [&] {
        if (failedErrno)
            *failedErrno = w.failedErrno();
        return false;
    };
    writeHeader(w, 0, 0); // rewritten at the end, same length
    for (auto it = entries.constBegin(); it != entries.constEnd(); ++it) {
        writeEntry(w, it.key(), it.value());
        if (!w.flushIfFull())
            return failed();
    }
    const quint64 tableOffset = quint64(w.position());
    w.varint(quint64(w.table().size()));
    for (const QString& s : w.table())
        w.blob(s.toUtf8());
    if (!w.flush() || !device.seek(0))
        return failed();
    writeHeader(w, tableOffset, quint64(entries.size()));
    return w.flush() || failed();
}

bool read(const uchar* data, qsizetype size, QHash<QByteArray, ScanCache::Entry>& entries)
{
    Reader r(data, size);
    char magic[8];
    r.raw(magic, 8);
    const auto version = r.fixed<quint32>();
    const auto generation = r.fixed<quint32>();
    const auto tableOffset = r.fixed<quint64>();
    const auto entryCount = r.fixed<quint64>();
    const QByteArrayView built = r.blob();
    if (!r.ok() || std::memcmp(magic, kMagic, 8) != 0 || version != kFormatVersion || generation != kParserGeneration
        || built != QByteArrayView(CERTLIFE_VERSION) || tableOffset > quint64(size) || data + tableOffset < r.position()
        || entryCount > quint64(size) / 8)
        return false;

    Reader tableReader = r.at(data + tableOffset);
    QList<QString> table;
    const qsizetype tableCount = tableReader.count(1);
    table.reserve(tableCount);
    for (qsizetype i = 0; i < tableCount && tableReader.ok(); ++i)
        table.append(QString::fromUtf8(tableReader.blob()));
    if (!tableReader.ok() || !tableReader.atEnd())
        return false;

    const Reader entriesEnd = r.at(data + tableOffset);
    Reader body(r.position(), entriesEnd.position() - r.position());
    EntryReader reader(body, table);
    QHash<QByteArray, ScanCache::Entry> loaded;
    loaded.reserve(qsizetype(entryCount));
    for (quint64 i = 0; i < entryCount && reader.ok(); ++i) {
        QByteArray path;
        ScanCache::Entry e;
        if (reader.readEntry(path, e))
            loaded.insert(path, std::move(e));
    }
    if (!reader.ok() || !body.atEnd() || !reader.materializeDeferred())
        return false;
    entries = std::move(loaded);
    return true;
}

} // namespace certlife::cachefile
