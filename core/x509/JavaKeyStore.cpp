// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/JavaKeyStore.h"

#include "x509/CertificateDecoder.h"

#include <QHash>
#include <cstring>
#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace certlife {

namespace {

constexpr quint32 kJksMagic = 0xFEEDFEED;
constexpr quint32 kJceksMagic = 0xCECECECE;
constexpr qsizetype kDigestSize = 20;
constexpr int kMaxObjectDepth = 32;     // nesting of a serialized Java object
constexpr int kMaxObjectHandles = 4096; // a sealed secret key uses a dozen

// Big-endian reading of a byte range; any read past the end sets `failed` once and
// returns zeros, so callers check failed() at the points where it matters.
class Input
{
public:
    explicit Input(QByteArrayView data) : m_data(data) {}

    qsizetype offset() const { return m_pos; }
    qsizetype left() const { return m_data.size() - m_pos; }
    bool failed() const { return !m_why.isEmpty(); }
    QString why() const { return m_why; }
    void fail(const QString& why)
    {
        if (m_why.isEmpty())
            m_why = why;
        m_pos = m_data.size();
    }

    bool has(qsizetype n, const char* what)
    {
        if (failed())
            return false;
        if (n < 0 || n > left()) {
            fail(QStringLiteral("truncated at byte %1: %2 needs %3 bytes, %4 left")
                     .arg(m_pos)
                     .arg(QLatin1String(what))
                     .arg(n)
                     .arg(left()));
            return false;
        }
        return true;
    }
    quint64 unsignedBE(int bytes, const char* what)
    {
        if (!has(bytes, what))
            return 0;
        quint64 v = 0;
        for (int i = 0; i < bytes; ++i)
            v = (v << 8) | quint8(m_data[m_pos + i]);
        m_pos += bytes;
        return v;
    }
    quint8 u8(const char* what) { return quint8(unsignedBE(1, what)); }
    quint16 u16(const char* what) { return quint16(unsignedBE(2, what)); }
    quint32 u32(const char* what) { return quint32(unsignedBE(4, what)); }
    qint64 i64(const char* what) { return qint64(unsignedBE(8, what)); }
    QByteArrayView bytes(qsizetype n, const char* what)
    {
        if (!has(n, what))
            return {};
        const QByteArrayView out = m_data.sliced(m_pos, n);
        m_pos += n;
        return out;
    }
    bool skip(qsizetype n, const char* what) { return !bytes(n, what).isNull() || n == 0; }

    // Java's DataOutput.writeUTF: a 16-bit length, then modified UTF-8 (NUL as C0 80,
    // characters beyond the BMP as two 3-byte surrogates).
    QString modifiedUtf8(const char* what)
    {
        const quint16 length = u16(what);
        const QByteArrayView b = bytes(length, what);
        if (failed())
            return {};
        QString out;
        out.reserve(length);
        for (qsizetype i = 0; i < b.size();) {
            const quint8 c = quint8(b[i]);
            if (c < 0x80) {
                out.append(QChar(c));
                i += 1;
            } else if ((c & 0xE0) == 0xC0 && i + 1 < b.size() && (quint8(b[i + 1]) & 0xC0) == 0x80) {
                out.append(QChar(char16_t(((c & 0x1F) << 6) | (quint8(b[i + 1]) & 0x3F))));
                i += 2;
            } else if ((c & 0xF0) == 0xE0 && i + 2 < b.size() && (quint8(b[i + 1]) & 0xC0) == 0x80
                       && (quint8(b[i + 2]) & 0xC0) == 0x80) {
                out.append(
                    QChar(char16_t(((c & 0x0F) << 12) | ((quint8(b[i + 1]) & 0x3F) << 6) | (quint8(b[i + 2]) & 0x3F))));
                i += 3;
            } else {
                fail(QStringLiteral("%1 is not valid modified UTF-8 (byte %2 of it)").arg(QLatin1String(what)).arg(i));
                return {};
            }
        }
        return out;
    }

private:
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    QString m_why;
};

// Skips one serialized Java object (java.io.ObjectOutputStream's grammar): what JCEKS
// writes for a secret key. Only its length matters; class descriptors are remembered
// by handle because an object's fields are laid out by them.
class JavaObjectSkipper
{
public:
    explicit JavaObjectSkipper(Input& in) : m_in(in) {}

    bool skipStream()
    {
        if (m_in.u16("serialized object magic") != 0xACED || m_in.u16("serialized object version") != 5) {
            m_in.fail(QStringLiteral("secret key is not a serialized Java object"));
            return false;
        }
        return content(0) && !m_in.failed();
    }

private:
    struct ClassDesc
    {
        QString name;
        quint8 flags = 0;
        QList<QPair<char, bool>> fields; // type code, and whether it is an object
        int super = -1;                  // handle, -1 for none
    };
    enum Tag : quint8 {
        Null = 0x70,
        Reference = 0x71,
        ClassDescTag = 0x72,
        Object = 0x73,
        String = 0x74,
        Array = 0x75,
        Class = 0x76,
        BlockData = 0x77,
        EndBlockData = 0x78,
        Reset = 0x79,
        BlockDataLong = 0x7A,
        Exception = 0x7B,
        LongString = 0x7C,
        ProxyClassDesc = 0x7D,
        Enum = 0x7E
    };
    enum Flag : quint8 { WriteMethod = 0x01, Serializable = 0x02, Externalizable = 0x04, BlockDataMode = 0x08 };

    bool fail(const QString& why)
    {
        m_in.fail(QStringLiteral("secret key object: ") + why);
        return false;
    }
    int newHandle()
    {
        if (m_handles.size() >= kMaxObjectHandles)
            return -1;
        m_handles.append(ClassDesc());
        return int(m_handles.size() - 1);
    }
    static qsizetype primitiveSize(char code)
    {
        switch (code) {
        case 'B':
        case 'Z': return 1;
        case 'C':
        case 'S': return 2;
        case 'I':
        case 'F': return 4;
        case 'J':
        case 'D': return 8;
        default: return -1;
        }
    }

    // content: an object or block data.
    bool content(int depth)
    {
        if (depth > kMaxObjectDepth)
            return fail(QStringLiteral("nested too deeply"));
        const quint8 tag = m_in.u8("object tag");
        if (m_in.failed())
            return false;
        switch (tag) {
        case BlockData: return m_in.skip(m_in.u8("block length"), "block data");
        case BlockDataLong: return m_in.skip(qsizetype(m_in.u32("block length")), "block data");
        default: return object(tag, depth, nullptr);
        }
    }

    // One object after its tag; `classHandle` receives a class descriptor's handle.
    bool object(quint8 tag, int depth, int* classHandle)
    {
        if (depth > kMaxObjectDepth)
            return fail(QStringLiteral("nested too deeply"));
        if (classHandle)
            *classHandle = -1;
        switch (tag) {
        case Null: return true;
        case Reference: {
            const quint32 handle = m_in.u32("reference") - 0x7E0000u;
            if (m_in.failed() || handle >= quint32(m_handles.size()))
                return fail(QStringLiteral("reference to an unknown object"));
            if (classHandle)
                *classHandle = int(handle);
            return true;
        }
        case ClassDescTag: {
            ClassDesc desc;
            desc.name = m_in.modifiedUtf8("class name");
            m_in.skip(8, "serialVersionUID");
            const int handle = newHandle();
            if (handle < 0)
                return fail(QStringLiteral("too many objects"));
            desc.flags = m_in.u8("class flags");
            const quint16 count = m_in.u16("field count");
            for (int i = 0; i < count && !m_in.failed(); ++i) {
                const char code = char(m_in.u8("field type"));
                m_in.modifiedUtf8("field name");
                const bool isObject = code == 'L' || code == '[';
                if (!isObject && primitiveSize(code) < 0)
                    return fail(QStringLiteral("unknown field type"));
                if (isObject && !object(m_in.u8("field class"), depth + 1, nullptr))
                    return false;
                desc.fields.append({code, isObject});
            }
            if (!annotation(depth) || !classDesc(depth, &desc.super))
                return false;
            m_handles[handle] = desc;
            if (classHandle)
                *classHandle = handle;
            return !m_in.failed();
        }
        case ProxyClassDesc: {
            const int handle = newHandle();
            if (handle < 0)
                return fail(QStringLiteral("too many objects"));
            const quint32 count = m_in.u32("proxy interface count");
            for (quint32 i = 0; i < count && !m_in.failed(); ++i)
                m_in.modifiedUtf8("proxy interface");
            ClassDesc desc;
            if (!annotation(depth) || !classDesc(depth, &desc.super))
                return false;
            m_handles[handle] = desc;
            if (classHandle)
                *classHandle = handle;
            return true;
        }
        case String: newHandle(); return m_in.skip(m_in.u16("string length"), "string");
        case LongString: {
            newHandle();
            const quint64 length = m_in.unsignedBE(8, "string length");
            return length <= quint64(m_in.left()) ? m_in.skip(qsizetype(length), "string") : fail("truncated string");
        }
        case Class: {
            int ignored = -1;
            if (!classDesc(depth, &ignored))
                return false;
            newHandle();
            return true;
        }
        case Enum: {
            int ignored = -1;
            if (!classDesc(depth, &ignored))
                return false;
            newHandle();
            return object(m_in.u8("enum constant"), depth + 1, nullptr);
        }
        case Array: {
            int cls = -1;
            if (!classDesc(depth, &cls) || cls < 0)
                return m_in.failed() ? false : fail(QStringLiteral("array without a class"));
            const QString name = m_handles.at(cls).name;
            newHandle();
            const quint32 length = m_in.u32("array length");
            if (m_in.failed() || name.size() < 2 || name.at(0) != QLatin1Char('['))
                return m_in.failed() ? false : fail(QStringLiteral("array of a class that is not an array"));
            const qsizetype size = primitiveSize(char(name.at(1).unicode()));
            if (size > 0) // bounded: a length beyond the input fails here
                return qint64(length) <= m_in.left() / size ? m_in.skip(qsizetype(length) * size, "array")
                                                            : fail(QStringLiteral("array longer than the input"));
            for (quint32 i = 0; i < length && !m_in.failed(); ++i) // each element takes at least one byte
                if (!object(m_in.u8("array element"), depth + 1, nullptr))
                    return false;
            return !m_in.failed();
        }
        case Object: {
            int cls = -1;
            if (!classDesc(depth, &cls) || cls < 0)
                return m_in.failed() ? false : fail(QStringLiteral("object without a class"));
            newHandle();
            return classData(cls, depth);
        }
        case Reset: // would renumber the descriptors being read; a sealed key never has one
            return fail(QStringLiteral("stream reset inside an object"));
        default: return fail(QStringLiteral("unsupported tag 0x%1").arg(tag, 2, 16, QLatin1Char('0')));
        }
    }

    bool classDesc(int depth, int* handle)
    {
        const quint8 tag = m_in.u8("class descriptor");
        if (tag != Null && tag != Reference && tag != ClassDescTag && tag != ProxyClassDesc)
            return m_in.failed() ? false : fail(QStringLiteral("class descriptor expected"));
        return object(tag, depth + 1, handle);
    }

    bool annotation(int depth)
    {
        for (;;) {
            if (m_in.failed())
                return false;
            const quint8 tag = m_in.u8("annotation");
            if (tag == EndBlockData)
                return true;
            if (tag == BlockData) {
                m_in.skip(m_in.u8("block length"), "block data");
            } else if (tag == BlockDataLong) {
                m_in.skip(qsizetype(m_in.u32("block length")), "block data");
            } else if (!object(tag, depth + 1, nullptr)) {
                return false;
            }
        }
    }

    // The field values of every class from the top of the hierarchy down.
    bool classData(int cls, int depth)
    {
        // Copies, taken before any field is read: reading adds handles.
        QList<int> seen;
        QList<ClassDesc> chain;
        for (int c = cls; c >= 0; c = m_handles.at(c).super) {
            if (seen.contains(c) || seen.size() > kMaxObjectDepth)
                return fail(QStringLiteral("class hierarchy loops"));
            seen.append(c);
            chain.prepend(m_handles.at(c));
        }
        for (const ClassDesc& desc : std::as_const(chain)) {
            if (desc.flags & Externalizable) {
                if (!(desc.flags & BlockDataMode))
                    return fail(QStringLiteral("old-style externalizable class %1").arg(desc.name));
                if (!annotation(depth))
                    return false;
                continue;
            }
            for (const auto& [code, isObject] : desc.fields) {
                if (isObject ? !object(m_in.u8("field value"), depth + 1, nullptr)
                             : !m_in.skip(primitiveSize(code), "field value"))
                    return false;
            }
            if ((desc.flags & WriteMethod) && !annotation(depth))
                return false;
        }
        return !m_in.failed();
    }

    Input& m_in;
    QList<ClassDesc> m_handles;
};

bool readCertificate(Input& in, quint32 version, QList<QByteArray>& into)
{
    if (version == 2) {
        const QString type = in.modifiedUtf8("certificate type");
        if (!in.failed() && type != QLatin1String("X.509")) {
            in.fail(QStringLiteral("certificate of type \"%1\", not X.509").arg(type));
            return false;
        }
    }
    const quint32 length = in.u32("certificate length");
    const QByteArrayView der = in.bytes(qsizetype(length), "certificate");
    if (in.failed())
        return false;
    into.append(der.toByteArray());
    return true;
}

bool readEntry(Input& in, const KeyStoreContents& ks, KeyStoreEntry& entry)
{
    const quint32 tag = in.u32("entry tag");
    entry.alias = in.modifiedUtf8("alias");
    entry.createdMs = in.i64("creation time");
    if (in.failed())
        return false;
    switch (tag) {
    case 1: {
        entry.kind = KeyStoreEntry::Kind::PrivateKey;
        in.skip(qsizetype(in.u32("private key length")), "private key"); // encrypted: not ours to open
        const quint32 chain = in.u32("chain length");
        for (quint32 i = 0; i < chain && !in.failed(); ++i) // each certificate checks its own length
            readCertificate(in, ks.version, entry.certificates);
        return !in.failed();
    }
    case 2:
        entry.kind = KeyStoreEntry::Kind::TrustedCertificate;
        return readCertificate(in, ks.version, entry.certificates);
    case 3:
        if (!ks.jceks)
            break;
        entry.kind = KeyStoreEntry::Kind::SecretKey;
        return JavaObjectSkipper(in).skipStream();
    default: break;
    }
    in.fail(QStringLiteral("entry \"%1\" has an unknown tag %2").arg(entry.alias).arg(tag));
    return false;
}

QByteArray utf16BigEndian(const QByteArray& utf8)
{
    const QString text = QString::fromUtf8(utf8);
    QByteArray out(text.size() * 2, Qt::Uninitialized);
    for (qsizetype i = 0; i < text.size(); ++i) {
        out[2 * i] = char(text.at(i).unicode() >> 8);
        out[2 * i + 1] = char(text.at(i).unicode() & 0xFF);
    }
    return out;
}

bool digestMatches(QByteArrayView content, QByteArrayView stored, const QByteArray& passwordUtf8)
{
    QByteArray password = utf16BigEndian(passwordUtf8);
    static constexpr char kWhitener[] = "Mighty Aphrodite";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr) == 1
        && EVP_DigestUpdate(ctx, password.constData(), size_t(password.size())) == 1
        && EVP_DigestUpdate(ctx, kWhitener, sizeof kWhitener - 1) == 1
        && EVP_DigestUpdate(ctx, content.data(), size_t(content.size())) == 1
        && EVP_DigestFinal_ex(ctx, digest, &size) == 1;
    EVP_MD_CTX_free(ctx);
    OPENSSL_cleanse(password.data(), size_t(password.size()));
    return ok && size == kDigestSize && CRYPTO_memcmp(digest, stored.data(), kDigestSize) == 0;
}

} // namespace

bool looksLikeJavaKeyStore(QByteArrayView data)
{
    if (data.size() < 4)
        return false;
    Input in(data);
    const quint32 magic = in.u32("magic");
    return magic == kJksMagic || magic == kJceksMagic;
}

KeyStoreContents readJavaKeyStore(QByteArrayView data, const std::optional<QByteArray>& passwordUtf8)
{
    KeyStoreContents ks;
    Input in(data);
    const quint32 magic = in.u32("magic");
    ks.jceks = magic == kJceksMagic;
    if (!in.failed() && magic != kJksMagic && magic != kJceksMagic) {
        ks.error = QStringLiteral("not a Java keystore");
        return ks;
    }
    ks.version = in.u32("version");
    if (!in.failed() && ks.version != 1 && ks.version != 2) {
        ks.error = QStringLiteral("keystore version %1 is not 1 or 2").arg(ks.version);
        return ks;
    }
    const quint32 count = in.u32("entry count");
    // Entries are not reserved by the count the file claims: each is read or fails.
    QList<KeyStoreEntry> entries;
    for (quint32 i = 0; i < count && !in.failed(); ++i) {
        KeyStoreEntry entry;
        if (readEntry(in, ks, entry))
            entries.append(std::move(entry));
    }
    const qsizetype contentEnd = in.offset();
    const QByteArrayView stored = in.bytes(kDigestSize, "integrity digest");
    if (in.failed()) {
        ks.error = QStringLiteral("corrupt keystore: ") + in.why();
        ks.integrity = KeyStoreIntegrity::Failed;
        return ks;
    }
    if (in.left() != 0) {
        ks.error = QStringLiteral("corrupt keystore: %1 bytes after the integrity digest").arg(in.left());
        ks.integrity = KeyStoreIntegrity::Failed;
        return ks;
    }
    if (passwordUtf8) {
        if (!digestMatches(data.first(contentEnd), stored, *passwordUtf8)) {
            ks.integrity = KeyStoreIntegrity::Failed;
            ks.error = QLatin1String(kKeyStoreIntegrityFailed);
            return ks;
        }
        ks.integrity = KeyStoreIntegrity::Verified;
    }
    ks.entries = std::move(entries);
    return ks;
}

void parseJavaKeyStore(QByteArrayView data, const ParseOptions& options, ParsedFile& out)
{
    out.format = ContainerFormat::JavaKeyStore;
    const std::optional<QByteArray> password =
        options.hasPkcs12Password ? std::optional<QByteArray>(options.pkcs12Password) : std::nullopt;
    const KeyStoreContents ks = readJavaKeyStore(data, password);
    if (!ks.error.isEmpty()) {
        out.errors.append(ks.error);
        return;
    }
    if (ks.integrity == KeyStoreIntegrity::NotVerified)
        out.errors.append(QLatin1String(kKeyStoreIntegrityNotVerified));
    QStringList skipped;
    for (const KeyStoreEntry& entry : ks.entries) {
        if (entry.kind == KeyStoreEntry::Kind::SecretKey) {
            skipped << entry.alias;
            continue;
        }
        for (qsizetype i = 0; i < entry.certificates.size(); ++i) {
            QString error;
            std::optional<Certificate> cert = decodeCertificateDer(entry.certificates.at(i), &error);
            if (!cert) {
                out.errors.append(
                    QStringLiteral("entry \"%1\" certificate %2: %3").arg(entry.alias).arg(i + 1).arg(error));
                continue;
            }
            cert->hasPrivateKey = entry.kind == KeyStoreEntry::Kind::PrivateKey && i == 0;
            out.certificates.append(std::move(*cert));
            out.entryNames.resize(out.certificates.size() - 1);
            out.entryNames.append(entry.alias);
        }
    }
    if (!skipped.isEmpty())
        out.errors.append(QStringLiteral("secret-key entries skipped (they hold no certificate): ")
                          + skipped.join(u", "));
}

} // namespace certlife
