// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/OpenSslCertificateReader.h"

#include "x509/DerReader.h"
#include "x509/OidNames.h"

#include <QTimeZone>
#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace certlife {

namespace {

template <typename T, void (*F)(T*)> struct Deleter
{
    void operator()(T* p) const { F(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

template <size_t N> void digest(const EVP_MD* md, QByteArrayView data, std::array<quint8, N>& out)
{
    unsigned int len = 0;
    EVP_Digest(data.data(), size_t(data.size()), out.data(), &len, md, nullptr);
}

qint64 asn1TimeToSecs(const ASN1_TIME* t, bool* ok)
{
    struct tm tm
    {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) {
        *ok = false;
        return 0;
    }
    // Year 0000 (GeneralizedTime allows it) has no date: unreadable, as the fast path
    // says, not the epoch an invalid QDateTime would give.
    const QDateTime dt(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                       Qt::UTC);
    *ok = dt.isValid() && tm.tm_year + 1900 >= 1;
    return *ok ? dt.toSecsSinceEpoch() : 0;
}

QString asn1StringToUtf8(const ASN1_STRING* s)
{
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, s);
    if (len < 0)
        return {};
    QString out = QString::fromUtf8(reinterpret_cast<const char*>(utf8), len);
    OPENSSL_free(utf8);
    return out;
}

QString objToOid(const ASN1_OBJECT* obj)
{
    char buf[128];
    const int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
    if (n <= 0 || n >= int(sizeof buf))
        return {};
    return QString::fromLatin1(buf, n);
}

QString serialToHex(const ASN1_INTEGER* serial)
{
    const int len = ASN1_STRING_length(serial);
    const auto* data = ASN1_STRING_get0_data(serial);
    QString hex = len > 0 ? toHexUpper(data, len) : QStringLiteral("00");
    if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER)
        hex.prepend(QLatin1Char('-'));
    return hex;
}

void readSans(X509* x, Certificate& c)
{
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr));
    if (!names)
        return;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, i);
        SubjectAltName san;
        switch (gn->type) {
        case GEN_DNS:
            san.type = SubjectAltName::Type::Dns;
            san.value = QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.dNSName)),
                                            ASN1_STRING_length(gn->d.dNSName));
            break;
        case GEN_EMAIL:
            san.type = SubjectAltName::Type::Email;
            san.value = QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.rfc822Name)),
                                            ASN1_STRING_length(gn->d.rfc822Name));
            break;
        case GEN_URI:
            san.type = SubjectAltName::Type::Uri;
            san.value = QString::fromLatin1(
                reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier)),
                ASN1_STRING_length(gn->d.uniformResourceIdentifier));
            break;
        case GEN_IPADD:
            san.type = SubjectAltName::Type::Ip;
            san.value =
                der::ipAddressText(QByteArrayView(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.iPAddress)),
                                                  ASN1_STRING_length(gn->d.iPAddress)));
            break;
        default: continue;
        }
        c.sans.append(san);
    }
    GENERAL_NAMES_free(names);
}

void readEkus(X509* x, Certificate& c)
{
    auto* ekus = static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(x, NID_ext_key_usage, nullptr, nullptr));
    if (!ekus)
        return;
    for (int i = 0; i < sk_ASN1_OBJECT_num(ekus); ++i) {
        const QString oid = objToOid(sk_ASN1_OBJECT_value(ekus, i));
        if (!oid.isEmpty())
            c.ekus.append({oid, extendedKeyUsageName(oid)});
    }
    sk_ASN1_OBJECT_pop_free(ekus, ASN1_OBJECT_free);
}

void readTemplate(X509* x, Certificate& c)
{
    for (const char* oidText : {der::kTemplateNameOid, der::kTemplateInfoOid}) {
        ASN1_OBJECT* obj = OBJ_txt2obj(oidText, 1);
        const int idx = obj ? X509_get_ext_by_OBJ(x, obj, -1) : -1;
        ASN1_OBJECT_free(obj);
        if (idx < 0)
            continue;
        const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(X509_get_ext(x, idx));
        const QByteArrayView bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                                   ASN1_STRING_length(value));
        c.templateName = der::templateFromExtension(QLatin1String(oidText), bytes);
        if (!c.templateName.isEmpty())
            return;
    }
}

void readKey(X509* x, Certificate& c)
{
    if (EVP_PKEY* pk = X509_get0_pubkey(x)) {
        switch (EVP_PKEY_get_base_id(pk)) {
        case EVP_PKEY_RSA: c.keyAlgorithm = QStringLiteral("RSA"); break;
        case EVP_PKEY_RSA_PSS: c.keyAlgorithm = QStringLiteral("RSA-PSS"); break;
        case EVP_PKEY_EC: c.keyAlgorithm = QStringLiteral("EC"); break;
        case EVP_PKEY_ED25519: c.keyAlgorithm = QStringLiteral("Ed25519"); break;
        case EVP_PKEY_ED448: c.keyAlgorithm = QStringLiteral("Ed448"); break;
        case EVP_PKEY_DSA: c.keyAlgorithm = QStringLiteral("DSA"); break;
        default: break;
        }
        c.keyBits = EVP_PKEY_get_bits(pk);
    }
    if (c.keyAlgorithm.isEmpty()) { // key OpenSSL cannot load: name the algorithm at least
        ASN1_OBJECT* alg = nullptr;
        X509_PUBKEY_get0_param(&alg, nullptr, nullptr, nullptr, X509_get_X509_PUBKEY(x));
        const int nid = alg ? OBJ_obj2nid(alg) : NID_undef;
        c.keyAlgorithm = nid != NID_undef ? QString::fromLatin1(OBJ_nid2sn(nid)) : objToOid(alg);
    }
}

} // namespace

QString OpenSslCertificateReader::nameToString(const void* x509Name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    // RFC 2253/4514 escaping, but UTF-8 kept as characters rather than \XX escapes.
    const unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
    if (X509_NAME_print_ex(bio.get(), static_cast<const X509_NAME*>(x509Name), 0, flags) < 0)
        return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, len);
}

std::optional<Certificate> OpenSslCertificateReader::fromDer(QByteArrayView derBytes, QString* error)
{
    const auto* p = reinterpret_cast<const unsigned char*>(derBytes.data());
    X509Ptr x(d2i_X509(nullptr, &p, long(derBytes.size())));
    if (!x) {
        if (error)
            *error = QStringLiteral("not a valid DER X.509 certificate");
        return std::nullopt;
    }
    auto cert = fromX509(x.get(), error);
    if (cert && p != reinterpret_cast<const unsigned char*>(derBytes.data()) + derBytes.size()) {
        // Trailing bytes: keep only the certificate's own encoding.
        cert->der = QByteArray(derBytes.data(), p - reinterpret_cast<const unsigned char*>(derBytes.data()));
    }
    return cert;
}

std::optional<Certificate> OpenSslCertificateReader::fromX509(X509* x, QString* error)
{
    Certificate c;
    const int len = i2d_X509(x, nullptr);
    if (len <= 0) {
        if (error)
            *error = QStringLiteral("certificate cannot be re-encoded");
        return std::nullopt;
    }
    c.der.resize(len);
    auto* out = reinterpret_cast<unsigned char*>(c.der.data());
    i2d_X509(x, &out);
    digest(EVP_sha1(), c.der, c.sha1);
    digest(EVP_sha256(), c.der, c.sha256);

    unsigned char* spki = nullptr;
    const int spkiLen = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &spki);
    if (spkiLen > 0) {
        digest(EVP_sha256(), QByteArrayView(reinterpret_cast<const char*>(spki), spkiLen), c.spkiSha256);
        OPENSSL_free(spki);
    }

    c.subject = nameToString(X509_get_subject_name(x));
    c.issuer = nameToString(X509_get_issuer_name(x));
    const X509_NAME* subject = X509_get_subject_name(x);
    for (int i = X509_NAME_entry_count(subject) - 1; i >= 0; --i) {
        const X509_NAME_ENTRY* e = X509_NAME_get_entry(subject, i);
        if (OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)) == NID_commonName) {
            c.subjectCN = asn1StringToUtf8(X509_NAME_ENTRY_get_data(e));
            break;
        }
    }
    c.serialHex = serialToHex(X509_get0_serialNumber(x));

    bool okBefore = false, okAfter = false;
    c.notBeforeSecs = asn1TimeToSecs(X509_get0_notBefore(x), &okBefore);
    c.notAfterSecs = asn1TimeToSecs(X509_get0_notAfter(x), &okAfter);
    if (!okBefore || !okAfter) {
        if (error)
            *error = QStringLiteral("certificate has an unreadable validity period");
        return std::nullopt;
    }

    readSans(x, c);
    readEkus(x, c);
    readTemplate(x, c);
    readKey(x, c);

    const uint32_t flags = X509_get_extension_flags(x); // also caches the v3 extensions
    if (flags & EXFLAG_KUSAGE) {
        c.hasKeyUsage = true;
        c.keyUsage = quint16(X509_get_key_usage(x));
    }
    if (auto* bc = static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(x, NID_basic_constraints, nullptr, nullptr))) {
        c.isCA = bc->ca != 0;
        BASIC_CONSTRAINTS_free(bc);
    }
    c.selfSigned = (flags & EXFLAG_SS) != 0;
    return c;
}

} // namespace certlife
