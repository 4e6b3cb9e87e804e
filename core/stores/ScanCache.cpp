#include "stores/ScanCache.h"

#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <cstring>

namespace certlife {

namespace {

// File layout (all integers LEB128 varints, signed ones zig-zag encoded):
//   "CLSCACHE" | u32 format version | u32 parser generation | blob CERTLIFE_VERSION
//   | string table: count, then each string as blob (UTF-8)
//   | entries: count, then each entry (see writeEntry)
// Strings are stored once and referred to by index: issuers, algorithm and EKU names
// repeat across thousands of certificates, and loading them once also lets every
// certificate share one QString.
constexpr char kMagic[8] = {'C', 'L', 'S', 'C', 'A', 'C', 'H', 'E'};
constexpr quint32 kFormatVersion = 1;
// Bump when the x509 decoder's output changes (a new field, a fixed format) so results
// parsed by an older build are not reused. A new CERTLIFE_VERSION also invalidates.
constexpr quint32 kParserGeneration = 1;

class Writer
{
public:
    QByteArray buf;
    void u8(quint8 v) { buf.append(char(v)); }
    void u32(quint32 v) { buf.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void varint(quint64 v)
    {
        while (v >= 0x80) {
            buf.append(char(v | 0x80));
            v >>= 7;
        }
        buf.append(char(v));
    }
    void svarint(qint64 v) { varint((quint64(v) << 1) ^ quint64(v >> 63)); }
    void raw(const void* p, qsizetype n) { buf.append(static_cast<const char*>(p), n); }
    void blob(QByteArrayView b)
    {
        varint(quint64(b.size()));
        raw(b.data(), b.size());
    }
};

class StringTable
{
public:
    quint64 ref(const QString& s)
    {
        auto it = m_index.constFind(s);
        if (it != m_index.constEnd())
            return it.value();
        const quint64 i = quint64(m_strings.size());
        m_index.insert(s, i);
        m_strings.append(s);
        return i;
    }
    const QList<QString>& strings() const { return m_strings; }

private:
    QHash<QString, quint64> m_index;
    QList<QString> m_strings;
};

class Reader
{
public:
    Reader(const uchar* data, qsizetype size) : m_p(data), m_end(data + size) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }

    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p >= m_end)
                break;
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
    quint32 u32()
    {
        quint32 v = 0;
        raw(&v, sizeof v);
        return v;
    }
    bool raw(void* out, qsizetype n)
    {
        if (m_end - m_p < n) {
            m_ok = false;
            std::memset(out, 0, size_t(n));
            return false;
        }
        std::memcpy(out, m_p, size_t(n));
        m_p += n;
        return true;
    }
    QByteArrayView blob()
    {
        const quint64 n = varint();
        if (!m_ok || n > quint64(m_end - m_p)) {
            m_ok = false;
            return {};
        }
        const QByteArrayView v(reinterpret_cast<const char*>(m_p), qsizetype(n));
        m_p += n;
        return v;
    }
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
    const uchar* position() const { return m_p; }

private:
    const uchar* m_p;
    const uchar* m_end;
    bool m_ok = true;
};

enum CertFlag : quint8 { FlagHasKeyUsage = 1, FlagIsCA = 2, FlagSelfSigned = 4, FlagHasPrivateKey = 8 };

void writeCertificate(Writer& w, StringTable& strings, const Certificate& c)
{
    w.blob(c.der);
    w.raw(c.sha1.data(), qsizetype(c.sha1.size()));
    w.raw(c.sha256.data(), qsizetype(c.sha256.size()));
    w.raw(c.spkiSha256.data(), qsizetype(c.spkiSha256.size()));
    for (const QString* s : {&c.subject, &c.subjectCN, &c.issuer, &c.serialHex, &c.keyAlgorithm, &c.templateName})
        w.varint(strings.ref(*s));
    w.svarint(c.notBeforeSecs);
    w.svarint(c.notAfterSecs);
    w.varint(quint64(c.sans.size()));
    for (const SubjectAltName& san : c.sans) {
        w.u8(quint8(san.type));
        w.varint(strings.ref(san.value));
    }
    w.varint(quint64(c.ekus.size()));
    for (const ExtendedKeyUsage& eku : c.ekus) {
        w.varint(strings.ref(eku.oid));
        w.varint(strings.ref(eku.name));
    }
    w.varint(c.keyUsage);
    w.u8(quint8((c.hasKeyUsage ? FlagHasKeyUsage : 0) | (c.isCA ? FlagIsCA : 0) | (c.selfSigned ? FlagSelfSigned : 0)
                | (c.hasPrivateKey ? FlagHasPrivateKey : 0)));
    w.varint(quint64(qMax(c.keyBits, 0)));
}

void writeEntry(Writer& w, StringTable& strings, const QByteArray& path, const ScanCache::Entry& e)
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
        w.varint(strings.ref(err));
    w.varint(quint64(r.privateKeySpki.size()));
    for (const Sha256Digest& spki : r.privateKeySpki)
        w.raw(spki.data(), qsizetype(spki.size()));
    w.varint(quint64(r.certificates.size()));
    for (const Certificate& c : r.certificates)
        writeCertificate(w, strings, c);
}

class EntryReader
{
public:
    EntryReader(Reader& r, const QList<QString>& strings) : m_r(r), m_strings(strings) {}

    QString string()
    {
        const quint64 i = m_r.varint();
        if (i >= quint64(m_strings.size())) {
            m_bad = true;
            return {};
        }
        return m_strings.at(qsizetype(i));
    }
    bool ok() const { return m_r.ok() && !m_bad; }

    bool readCertificate(Certificate& c)
    {
        const QByteArrayView der = m_r.blob();
        c.der = QByteArray(der.data(), der.size());
        m_r.raw(c.sha1.data(), qsizetype(c.sha1.size()));
        m_r.raw(c.sha256.data(), qsizetype(c.sha256.size()));
        m_r.raw(c.spkiSha256.data(), qsizetype(c.spkiSha256.size()));
        for (QString* s : {&c.subject, &c.subjectCN, &c.issuer, &c.serialHex, &c.keyAlgorithm, &c.templateName})
            *s = string();
        c.notBeforeSecs = m_r.svarint();
        c.notAfterSecs = m_r.svarint();
        const qsizetype sans = m_r.count(2);
        c.sans.reserve(sans);
        for (qsizetype i = 0; i < sans && ok(); ++i) {
            const quint8 type = m_r.u8();
            m_bad = m_bad || type > quint8(SubjectAltName::Type::Uri);
            c.sans.append(SubjectAltName{SubjectAltName::Type(type), string()});
        }
        // EKU lists repeat (every server certificate has serverAuth): share one list per
        // distinct encoding.
        const uchar* ekuStart = m_r.position();
        const qsizetype ekus = m_r.count(2);
        QList<ExtendedKeyUsage> ekuList;
        for (qsizetype i = 0; i < ekus && ok(); ++i) {
            ExtendedKeyUsage e;
            e.oid = string();
            e.name = string();
            ekuList.append(std::move(e));
        }
        const QByteArray ekuKey = QByteArray::fromRawData(reinterpret_cast<const char*>(ekuStart),
                                                          m_r.position() - ekuStart);
        auto shared = m_ekuLists.constFind(ekuKey);
        if (shared == m_ekuLists.constEnd())
            shared = m_ekuLists.insert(QByteArray(ekuKey.constData(), ekuKey.size()), ekuList);
        c.ekus = shared.value();
        c.keyUsage = quint16(m_r.varint());
        const quint8 flags = m_r.u8();
        c.hasKeyUsage = flags & FlagHasKeyUsage;
        c.isCA = flags & FlagIsCA;
        c.selfSigned = flags & FlagSelfSigned;
        c.hasPrivateKey = flags & FlagHasPrivateKey;
        c.keyBits = int(qMin<quint64>(m_r.varint(), 1u << 20));
        return ok();
    }

    bool readEntry(QByteArray& path, ScanCache::Entry& e)
    {
        const QByteArrayView p = m_r.blob();
        path = QByteArray(p.data(), p.size());
        e.stamp.device = m_r.varint();
        e.stamp.inode = m_r.varint();
        e.stamp.size = m_r.svarint();
        e.stamp.mtimeNs = m_r.svarint();
        e.stamp.ctimeNs = m_r.svarint();
        auto result = std::make_shared<FileResult>();
        const quint8 format = m_r.u8();
        m_bad = m_bad || format > quint8(ContainerFormat::PrivateKey);
        result->format = ContainerFormat(format);
        const qsizetype errors = m_r.count(1);
        for (qsizetype i = 0; i < errors && ok(); ++i)
            result->errors.append(string());
        const qsizetype keys = m_r.count(32);
        result->privateKeySpki.resize(keys);
        for (qsizetype i = 0; i < keys && ok(); ++i)
            m_r.raw(result->privateKeySpki[i].data(), 32);
        const qsizetype certs = m_r.count(90); // DER, three digests, six strings, …
        result->certificates.resize(certs);
        for (qsizetype i = 0; i < certs && ok(); ++i)
            readCertificate(result->certificates[i]);
        e.result = std::move(result);
        return ok();
    }

private:
    Reader& m_r;
    const QList<QString>& m_strings;
    QHash<QByteArray, QList<ExtendedKeyUsage>> m_ekuLists;
    bool m_bad = false;
};

} // namespace

FileResultPtr ScanCache::lookup(const QByteArray& path, const FileStamp& stamp) const
{
    const auto it = m_entries.constFind(path);
    if (it == m_entries.constEnd() || !(it->stamp == stamp))
        return nullptr;
    return it->result;
}

void ScanCache::insert(const QByteArray& path, const FileStamp& stamp, FileResultPtr result)
{
    m_entries.insert(path, Entry{stamp, std::move(result)});
}

QString ScanCache::fileFor(const QString& directory, const StoreConfig& config)
{
    return directory + QLatin1Char('/') + (config.scope == Scope::System ? QStringLiteral("system-") : QStringLiteral("user-"))
         + config.id + QStringLiteral(".bin");
}

ScanCache ScanCache::load(const QString& file, QString* error)
{
    ScanCache cache;
    QFile f(file);
    if (!f.exists())
        return cache;
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open scan cache %1: %2").arg(file, f.errorString());
        return cache;
    }
    const qint64 size = f.size();
    const uchar* data = size > 0 ? f.map(0, size) : nullptr;
    QByteArray copy;
    if (!data && size > 0) { // not mappable (unusual file system): read it
        copy = f.readAll();
        data = reinterpret_cast<const uchar*>(copy.constData());
    }
    Reader r(data, qsizetype(size));
    char magic[8];
    r.raw(magic, 8);
    const quint32 version = r.u32();
    const quint32 generation = r.u32();
    const QByteArrayView built = r.blob();
    if (!r.ok() || std::memcmp(magic, kMagic, 8) != 0 || version != kFormatVersion || generation != kParserGeneration
        || built != QByteArrayView(CERTLIFE_VERSION)) {
        if (error)
            *error = QStringLiteral("scan cache %1 is from another version or not a cache: ignored").arg(file);
        return cache;
    }
    QList<QString> strings;
    const qsizetype stringCount = r.count(1);
    strings.reserve(stringCount);
    for (qsizetype i = 0; i < stringCount && r.ok(); ++i)
        strings.append(QString::fromUtf8(r.blob()));

    EntryReader entries(r, strings);
    const qsizetype entryCount = r.count(8);
    cache.m_entries.reserve(entryCount);
    for (qsizetype i = 0; i < entryCount && entries.ok(); ++i) {
        QByteArray path;
        Entry e;
        if (entries.readEntry(path, e))
            cache.m_entries.insert(path, std::move(e));
    }
    if (!entries.ok() || !r.atEnd()) {
        if (error)
            *error = QStringLiteral("scan cache %1 is damaged: ignored").arg(file);
        return ScanCache();
    }
    return cache;
}

bool ScanCache::save(const QString& file, QString* error) const
{
    StringTable strings;
    Writer body;
    body.varint(quint64(m_entries.size()));
    for (auto it = m_entries.constBegin(); it != m_entries.constEnd(); ++it)
        writeEntry(body, strings, it.key(), it.value());

    Writer head;
    head.raw(kMagic, 8);
    head.u32(kFormatVersion);
    head.u32(kParserGeneration);
    head.blob(QByteArrayView(CERTLIFE_VERSION));
    head.varint(quint64(strings.strings().size()));
    for (const QString& s : strings.strings())
        head.blob(s.toUtf8());

    const QString dirError = Paths::ensureDir(QFileInfo(file).path(), 0700);
    QSaveFile out(file);
    if (!dirError.isEmpty() || !out.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write scan cache %1: %2").arg(file, dirError.isEmpty() ? out.errorString() : dirError);
        return false;
    }
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(head.buf);
    out.write(body.buf);
    if (!out.commit()) {
        if (error)
            *error = QStringLiteral("cannot write scan cache %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

} // namespace certlife
