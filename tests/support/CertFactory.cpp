// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryFile>
#include <map>
#include <mutex>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdexcept>

namespace certlife::test {

namespace {

QByteArray bioToBytes(BIO* bio)
{
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, len);
    BIO_free(bio);
    return out;
}

void check(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(std::string("CertFactory: ") + what);
}

EVP_PKEY* generate(KeyType type)
{
    switch (type) {
    case KeyType::EcP256: return EVP_EC_gen("P-256");
    case KeyType::EcP384: return EVP_EC_gen("P-384");
    case KeyType::Rsa2048: return EVP_RSA_gen(2048);
    case KeyType::EcP521: return EVP_EC_gen("P-521");
    case KeyType::EcSecp256k1: return EVP_EC_gen("secp256k1");
    case KeyType::EcBrainpoolP256r1: return EVP_EC_gen("brainpoolP256r1");
    case KeyType::Rsa2047: return EVP_RSA_gen(2047);
    case KeyType::Ed25519: return EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    case KeyType::Ed448: return EVP_PKEY_Q_keygen(nullptr, nullptr, "ED448");
    case KeyType::RsaPss: { // EVP_PKEY_Q_keygen takes a size only for "RSA"
        EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA-PSS", nullptr);
        EVP_PKEY* key = nullptr;
        if (ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1)
            EVP_PKEY_keygen(ctx, &key);
        EVP_PKEY_CTX_free(ctx);
        return key;
    }
    case KeyType::Dsa2048: {
        EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr);
        EVP_PKEY* params = nullptr;
        EVP_PKEY_paramgen_init(pctx);
        EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx, 2048);
        EVP_PKEY_paramgen(pctx, &params);
        EVP_PKEY_CTX_free(pctx);
        EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new(params, nullptr);
        EVP_PKEY* key = nullptr;
        EVP_PKEY_keygen_init(kctx);
        EVP_PKEY_keygen(kctx, &key);
        EVP_PKEY_CTX_free(kctx);
        EVP_PKEY_free(params);
        return key;
    }
    }
    return nullptr;
}

void addExt(X509* cert, X509* issuer, int nid, const QString& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    const QByteArray v = value.toUtf8();
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, v.constData());
    check(ext, "extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

void addRawExt(X509* cert, const char* oid, const QByteArray& derValue, bool critical = false)
{
    ASN1_OBJECT* obj = OBJ_txt2obj(oid, 1);
    ASN1_OCTET_STRING* os = ASN1_OCTET_STRING_new();
    ASN1_OCTET_STRING_set(os, reinterpret_cast<const unsigned char*>(derValue.constData()), int(derValue.size()));
    X509_EXTENSION* ext = X509_EXTENSION_create_by_OBJ(nullptr, obj, critical ? 1 : 0, os);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(os);
    ASN1_OBJECT_free(obj);
}

QByteArray derTlv(quint8 tag, const QByteArray& content)
{
    QByteArray out(1, char(tag));
    const qsizetype n = content.size();
    if (n < 0x80) {
        out.append(char(n));
    } else if (n < 0x100) {
        out.append(char(0x81)).append(char(n));
    } else {
        out.append(char(0x82)).append(char(n >> 8)).append(char(n & 0xFF));
    }
    return out + content;
}

QByteArray derOid(const QString& dotted)
{
    ASN1_OBJECT* obj = OBJ_txt2obj(dotted.toLatin1().constData(), 1);
    const int len = i2d_ASN1_OBJECT(obj, nullptr);
    QByteArray out(len, Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    i2d_ASN1_OBJECT(obj, &p);
    ASN1_OBJECT_free(obj);
    return out;
}

QByteArray derInt(int v)
{
    QByteArray c;
    if (v >= 0x80)
        c.append(char(v >> 8));
    c.append(char(v & 0xFF));
    if (v >= 0x80 && (quint8(c[0]) & 0x80))
        c.prepend('\0');
    return derTlv(0x02, c);
}

QByteArray toDer(X509* x)
{
    const int len = i2d_X509(x, nullptr);
    QByteArray out(len, Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    i2d_X509(x, &p);
    return out;
}

X509* fromDer(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    return d2i_X509(nullptr, &p, long(der.size()));
}

QByteArray encodeValue(const NameEntry& e, int& type)
{
    using E = NameEntry::Encoding;
    QByteArray bytes;
    switch (e.encoding) {
    case E::Default: type = MBSTRING_UTF8; return e.value.toUtf8();
    case E::Utf8: type = V_ASN1_UTF8STRING; return e.value.toUtf8();
    case E::Printable: type = V_ASN1_PRINTABLESTRING; return e.value.toLatin1();
    case E::Ia5: type = V_ASN1_IA5STRING; return e.value.toLatin1();
    case E::T61: type = V_ASN1_T61STRING; return e.value.toLatin1();
    case E::Bmp:
        type = V_ASN1_BMPSTRING;
        for (QChar ch : e.value)
            bytes.append(char(ch.unicode() >> 8)).append(char(ch.unicode() & 0xFF));
        return bytes;
    case E::Universal:
        type = V_ASN1_UNIVERSALSTRING;
        for (char32_t c : e.value.toUcs4())
            bytes.append(char(c >> 24))
                .append(char((c >> 16) & 0xFF))
                .append(char((c >> 8) & 0xFF))
                .append(char(c & 0xFF));
        return bytes;
    }
    return bytes;
}

X509_NAME* makeName(const QList<NameEntry>& entries)
{
    X509_NAME* name = X509_NAME_new();
    for (const NameEntry& e : entries) {
        int type = MBSTRING_UTF8;
        const QByteArray bytes = encodeValue(e, type);
        check(X509_NAME_add_entry_by_txt(name, e.field.toLatin1().constData(), type,
                                         reinterpret_cast<const unsigned char*>(bytes.constData()), int(bytes.size()),
                                         -1, e.sameRdnAsPrevious ? -1 : 0)
                  == 1,
              "name entry");
    }
    return name;
}

X509_NAME* subjectName(const CertSpec& spec)
{
    if (!spec.subjectEntries.isEmpty())
        return makeName(spec.subjectEntries);
    X509_NAME* name = X509_NAME_new();
    for (const auto& [field, value] : spec.extraSubject) {
        const QByteArray v = value.toUtf8();
        X509_NAME_add_entry_by_txt(name, field.toLatin1().constData(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(v.constData()), -1, -1, 0);
    }
    if (spec.cn.isEmpty())
        return name;
    if (spec.cnAsBmpString) {
        QByteArray bmp;
        for (QChar ch : spec.cn)
            bmp.append(char(ch.unicode() >> 8)).append(char(ch.unicode() & 0xFF));
        X509_NAME_add_entry_by_NID(name, NID_commonName, V_ASN1_BMPSTRING,
                                   reinterpret_cast<const unsigned char*>(bmp.constData()), int(bmp.size()), -1, 0);
    } else {
        const QByteArray v = spec.cn.toUtf8();
        X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(v.constData()), -1, -1, 0);
    }
    return name;
}

} // namespace

QByteArray TestKey::pkcs8Pem() const
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bioToBytes(bio);
}

QByteArray TestKey::traditionalPem() const
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey_traditional(bio, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bioToBytes(bio);
}

QByteArray TestKey::pkcs8Der() const
{
    BIO* bio = BIO_new(BIO_s_mem());
    i2d_PKCS8PrivateKey_bio(bio, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return bioToBytes(bio);
}

TestKey freshKey(KeyType type)
{
    EVP_PKEY* k = generate(type);
    check(k, "key generation");
    return TestKey{std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free), type};
}

TestKey key(KeyType type)
{
    static std::mutex mutex;
    static std::map<KeyType, TestKey> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(type);
    if (it == cache.end())
        it = cache.emplace(type, freshKey(type)).first;
    return it->second;
}

namespace {
void addExtensions(X509* x, X509* ctxIssuer, const CertSpec& spec, bool hasIssuer);
void sign(X509* x, EVP_PKEY* signer, bool rsaPss);
} // namespace

GeneratedCert makeCertificate(const CertSpec& spec, const GeneratedCert* issuer)
{
    const TestKey subjectKey = spec.subjectKey ? *spec.subjectKey : key(spec.keyType);
    X509* x = X509_new();
    X509_set_version(x, spec.version - 1);

    ASN1_INTEGER* serial = nullptr;
    if (!spec.rawSerial.isEmpty()) { // verbatim content: i2c emits it unchanged when the first octet is < 0x80
        serial = ASN1_INTEGER_new();
        ASN1_STRING_set(serial, spec.rawSerial.constData(), int(spec.rawSerial.size()));
    } else {
        BIGNUM* bn = nullptr;
        BN_hex2bn(&bn, spec.serialHex.constData());
        if (spec.negativeSerial)
            BN_set_negative(bn, 1);
        serial = BN_to_ASN1_INTEGER(bn, nullptr);
        BN_free(bn);
    }
    X509_set_serialNumber(x, serial);
    ASN1_INTEGER_free(serial);

    ASN1_TIME_set(X509_getm_notBefore(x), time_t(spec.notBefore.toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(x), time_t(spec.notAfter.toSecsSinceEpoch()));

    X509_NAME* name = subjectName(spec);
    check(X509_set_subject_name(x, name) == 1, "subject name OpenSSL cannot encode");

    X509* issuerX509 = issuer ? fromDer(issuer->der) : nullptr;
    if (issuerX509) {
        X509_set_issuer_name(x, X509_get_subject_name(issuerX509));
    } else if (!spec.issuerEntries.isEmpty()) {
        X509_NAME* issuerName = makeName(spec.issuerEntries);
        check(X509_set_issuer_name(x, issuerName) == 1, "issuer name OpenSSL cannot encode");
        X509_NAME_free(issuerName);
    } else {
        X509_set_issuer_name(x, name);
    }
    X509_NAME_free(name);
    X509_set_pubkey(x, subjectKey.pkey.get());

    X509* ctxIssuer = issuerX509 ? issuerX509 : x;
    if (spec.version >= 3)
        addExtensions(x, ctxIssuer, spec, issuerX509 != nullptr);

    EVP_PKEY* signer = issuer ? issuer->key.pkey.get() : subjectKey.pkey.get();
    sign(x, signer, spec.rsaPssSignature);

    GeneratedCert out{toDer(x), subjectKey};
    X509_free(x);
    X509_free(issuerX509);
    return out;
}

namespace {

void addExtensions(X509* x, X509* ctxIssuer, const CertSpec& spec, bool hasIssuer)
{
    if (spec.basicConstraints)
        addExt(x, ctxIssuer, NID_basic_constraints,
               spec.isCA ? QStringLiteral("critical,CA:TRUE") : QStringLiteral("CA:FALSE"));
    if (spec.subjectKeyId)
        addExt(x, ctxIssuer, NID_subject_key_identifier, QStringLiteral("hash"));
    if (hasIssuer && spec.authorityKeyId)
        addExt(x, ctxIssuer, NID_authority_key_identifier, QStringLiteral("keyid:always"));
    QStringList san;
    for (const auto& d : spec.dns)
        san << QStringLiteral("DNS:") + d;
    for (const auto& i : spec.ips)
        san << QStringLiteral("IP:") + i;
    for (const auto& e : spec.emails)
        san << QStringLiteral("email:") + e;
    for (const auto& u : spec.uris)
        san << QStringLiteral("URI:") + u;
    if (!san.isEmpty())
        addExt(x, ctxIssuer, NID_subject_alt_name, san.join(QLatin1Char(',')));
    if (!spec.ekuOids.isEmpty())
        addExt(x, ctxIssuer, NID_ext_key_usage, spec.ekuOids.join(QLatin1Char(',')));
    if (spec.keyUsage) {
        static const std::pair<quint16, const char*> bits[] = {
            {0x0080, "digitalSignature"}, {0x0040, "nonRepudiation"}, {0x0020, "keyEncipherment"},
            {0x0010, "dataEncipherment"}, {0x0008, "keyAgreement"},   {0x0004, "keyCertSign"},
            {0x0002, "cRLSign"},          {0x0001, "encipherOnly"},   {0x8000, "decipherOnly"}};
        QStringList names;
        for (const auto& [bit, n] : bits)
            if (*spec.keyUsage & bit)
                names << QLatin1String(n);
        addExt(x, ctxIssuer, NID_key_usage, QStringLiteral("critical,") + names.join(QLatin1Char(',')));
    }
    if (!spec.templateName.isEmpty()) {
        QByteArray bmp;
        for (QChar ch : spec.templateName)
            bmp.append(char(ch.unicode() >> 8)).append(char(ch.unicode() & 0xFF));
        addRawExt(x, "1.3.6.1.4.1.311.20.2", derTlv(0x1E, bmp));
    }
    if (!spec.templateOid.isEmpty()) {
        addRawExt(x, "1.3.6.1.4.1.311.21.7",
                  derTlv(0x30, derOid(spec.templateOid) + derInt(spec.templateMajor) + derInt(spec.templateMinor)));
    }
    for (const RawExtension& e : spec.extraExtensions)
        addRawExt(x, e.oid.toLatin1().constData(), e.derValue, e.critical);
}

void sign(X509* x, EVP_PKEY* signer, bool rsaPss)
{
    const int signerType = EVP_PKEY_get_base_id(signer);
    if (rsaPss && signerType == EVP_PKEY_RSA) {
        EVP_MD_CTX* mctx = EVP_MD_CTX_new();
        EVP_PKEY_CTX* pctx = nullptr;
        check(EVP_DigestSignInit(mctx, &pctx, EVP_sha256(), nullptr, signer) == 1, "PSS init");
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
        check(X509_sign_ctx(x, mctx) > 0, "PSS signing");
        EVP_MD_CTX_free(mctx);
        return;
    }
    const bool noDigest = signerType == EVP_PKEY_ED25519 || signerType == EVP_PKEY_ED448;
    check(X509_sign(x, signer, noDigest ? nullptr : EVP_sha256()) > 0, "signing");
}

} // namespace

QByteArray GeneratedCert::pem() const
{
    X509* x = fromDer(der);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, x);
    X509_free(x);
    return bioToBytes(bio);
}

QString GeneratedCert::thumbprint() const
{
    return QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex().toUpper());
}

QByteArray makePkcs7(const QList<GeneratedCert>& certs, bool pem)
{
    STACK_OF(X509)* stack = sk_X509_new_null();
    for (const auto& c : certs)
        sk_X509_push(stack, fromDer(c.der));
    PKCS7* p7 = PKCS7_new();
    PKCS7_set_type(p7, NID_pkcs7_signed);
    PKCS7_content_new(p7, NID_pkcs7_data);
    for (int i = 0; i < sk_X509_num(stack); ++i)
        PKCS7_add_certificate(p7, sk_X509_value(stack, i));
    BIO* bio = BIO_new(BIO_s_mem());
    if (pem)
        PEM_write_bio_PKCS7(bio, p7);
    else
        i2d_PKCS7_bio(bio, p7);
    PKCS7_free(p7);
    sk_X509_pop_free(stack, X509_free);
    return bioToBytes(bio);
}

QByteArray makePkcs12(const GeneratedCert& cert, const QByteArray& password, bool legacy,
                      const QList<GeneratedCert>& chain, bool noPassword, int iterations)
{
    static std::once_flag once;
    std::call_once(once, [] {
        OSSL_PROVIDER_load(nullptr, "default");
        OSSL_PROVIDER_load(nullptr, "legacy");
    });
    X509* x = fromDer(cert.der);
    STACK_OF(X509)* ca = sk_X509_new_null();
    for (const auto& c : chain)
        sk_X509_push(ca, fromDer(c.der));
    const int keyNid = legacy ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : NID_aes_256_cbc;
    const int certNid = legacy ? NID_pbe_WithSHA1And40BitRC2_CBC : NID_aes_256_cbc;
    const char* pass = noPassword ? nullptr : password.constData();
    PKCS12* p12 =
        PKCS12_create_ex(pass, "test", cert.key.pkey.get(), x, ca, noPassword ? -1 : keyNid, noPassword ? -1 : certNid,
                         iterations, noPassword ? -1 : iterations, 0, nullptr, nullptr);
    check(p12, "PKCS12_create");
    if (legacy)
        PKCS12_set_mac(p12, pass, -1, nullptr, 0, iterations > 0 ? iterations : 2048, EVP_sha1());
    BIO* bio = BIO_new(BIO_s_mem());
    i2d_PKCS12_bio(bio, p12);
    PKCS12_free(p12);
    X509_free(x);
    sk_X509_pop_free(ca, X509_free);
    return bioToBytes(bio);
}

QString opensslField(const QByteArray& der, const QString& option)
{
    QProcess p;
    QStringList args{QStringLiteral("x509"), QStringLiteral("-inform"), QStringLiteral("DER"),
                     QStringLiteral("-noout")};
    args += option.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    p.start(QStringLiteral("openssl"), args);
    p.write(der);
    p.closeWriteChannel();
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size();
}

} // namespace certlife::test
