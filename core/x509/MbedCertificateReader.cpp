// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/MbedCertificateReader.h"

#include "x509/DerExtensions.h"
#include "x509/DerNames.h"
#include "x509/Digest.h"

#include <mbedtls/x509_crt.h>

namespace certlife {

namespace {

using der::Cursor;
using der::Element;
using der::Span;
namespace tag = der::tag;

constexpr quint8 kRsaEncryption[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};
constexpr quint8 kEcPublicKey[] = {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01};
constexpr quint8 kNull[] = {0x05, 0x00};

struct MbedCertificate
{
    mbedtls_x509_crt crt;
    MbedCertificate() { mbedtls_x509_crt_init(&crt); }
    ~MbedCertificate() { mbedtls_x509_crt_free(&crt); }
    MbedCertificate(const MbedCertificate&) = delete;
    MbedCertificate& operator=(const MbedCertificate&) = delete;
};

// mbedTLS refuses certificates with critical extensions it does not know; ours are
// checked by der::readExtensions instead, so let it pass every one.
int acceptExtension(void*, const mbedtls_x509_crt*, const mbedtls_x509_buf*, int, const unsigned char*,
                    const unsigned char*)
{
    return 0;
}

// Which key type a signature algorithm belongs to, for OpenSSL's self-signed test
// (check_sig_alg_match: the signature algorithm must fit the certificate's own key).
enum class SignatureFamily { Rsa, Ecdsa, Unknown };

SignatureFamily signatureFamily(Span oid)
{
    static const quint8 pkcs1[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01};
    static const quint8 ecdsa[] = {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04};
    if (oid.size == 9 && std::memcmp(oid.data, pkcs1, 8) == 0) {
        switch (oid.data[8]) {
        case 0x04:
        case 0x05:
        case 0x0A:
        case 0x0B:
        case 0x0C:
        case 0x0D:
        case 0x0E: // md5…sha224, PSS
            return SignatureFamily::Rsa;
        default: return SignatureFamily::Unknown;
        }
    }
    if (oid.size >= 7 && std::memcmp(oid.data, ecdsa, 6) == 0) {
        if (oid.size == 7 && oid.data[6] == 0x01) // ecdsa-with-SHA1
            return SignatureFamily::Ecdsa;
        if (oid.size == 8 && oid.data[6] == 0x03 && oid.data[7] >= 1 && oid.data[7] <= 4) // SHA-224…512
            return SignatureFamily::Ecdsa;
    }
    return SignatureFamily::Unknown;
}

// AlgorithmIdentifier as OpenSSL re-encodes it unchanged: OID, then nothing, NULL,
// or a SEQUENCE (kept verbatim).
bool isCanonicalAlgorithm(Span content, Span* oidOut)
{
    Cursor c(content);
    Element oid, params;
    if (!c.next(tag::Oid, oid) || !der::isValidOid(oid.content))
        return false;
    if (!c.atEnd()) {
        if (!c.next(params) || !(params.whole.equals(kNull) || params.tag == tag::Sequence))
            return false;
    }
    *oidOut = oid.content;
    return c.atEnd();
}

bool isLeapYear(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ, nothing looser: the
// forms every reader agrees on.
bool readTime(Cursor& c, qint64& secs)
{
    Element t;
    if (!c.next(t))
        return false;
    const bool utc = t.tag == tag::UtcTime;
    if (!(utc && t.content.size == 13) && !(t.tag == tag::GeneralizedTime && t.content.size == 15))
        return false;
    const quint8* p = t.content.data;
    const qsizetype digits = t.content.size - 1;
    if (p[digits] != 'Z')
        return false;
    for (qsizetype i = 0; i < digits; ++i)
        if (p[i] < '0' || p[i] > '9')
            return false;
    auto two = [&](int at) { return (p[at] - '0') * 10 + (p[at + 1] - '0'); };
    int year, at;
    if (utc) {
        year = two(0);
        year += year < 50 ? 2000 : 1900;
        at = 2;
    } else {
        year = two(0) * 100 + two(2);
        at = 4;
    }
    const int month = two(at), day = two(at + 2), hour = two(at + 4), minute = two(at + 6), second = two(at + 8);
    static const int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
        return false;
    if (day > monthDays[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0))
        return false;
    secs = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return true;
}

// OpenSSL's text of a serial number: upper-case hex of the magnitude as c2i_ibuf
// stores it (padding octet dropped, two's complement undone), "-" when negative.
QString serialText(Span content)
{
    const quint8* p = content.data;
    qsizetype n = content.size;
    const bool negative = p[0] & 0x80;
    QVarLengthArray<quint8, 32> magnitude;
    if (n == 1) {
        magnitude.append(negative ? quint8((p[0] ^ 0xFF) + 1) : p[0]);
    } else {
        bool pad = p[0] == 0x00;
        if (p[0] == 0xFF)
            for (qsizetype i = 1; i < n && !pad; ++i)
                pad = p[i] != 0;
        if (pad) {
            ++p;
            --n;
        }
        magnitude.resize(n);
        unsigned carry = negative ? 1 : 0;
        const quint8 flip = negative ? 0xFF : 0x00;
        for (qsizetype i = n - 1; i >= 0; --i) {
            carry += quint8(p[i] ^ flip);
            magnitude[i] = quint8(carry);
            carry >>= 8;
        }
    }
    QString hex = toHexUpper(magnitude.constData(), int(magnitude.size()));
    return negative ? QLatin1Char('-') + hex : hex;
}

enum class KeyKind { Rsa, Ec };

// SubjectPublicKeyInfo in exactly the form OpenSSL re-encodes (its SHA-256 pairs keys
// with certificates), with an RSA or named-curve EC key that both libraries load.
bool readKey(const Element& spki, const mbedtls_x509_crt& crt, KeyKind& kind, int& bits)
{
    Cursor c(spki.content);
    Element alg, key, oid, params;
    if (!c.next(tag::Sequence, alg) || !c.next(tag::BitString, key) || !c.atEnd())
        return false;
    if (key.content.size < 2 || key.content.data[0] != 0)
        return false;
    Cursor a(alg.content);
    if (!a.next(tag::Oid, oid) || !a.next(params) || !a.atEnd())
        return false;
    const mbedtls_pk_type_t type = mbedtls_pk_get_type(&crt.pk);
    if (oid.content.equals(kRsaEncryption)) {
        if (!params.whole.equals(kNull) || type != MBEDTLS_PK_RSA)
            return false;
        Cursor k(Span{key.content.data + 1, key.content.size - 1});
        Element rsa, modulus, exponent;
        if (!k.next(tag::Sequence, rsa) || !k.atEnd())
            return false;
        Cursor r(rsa.content);
        if (!r.next(tag::Integer, modulus) || !r.next(tag::Integer, exponent) || !r.atEnd())
            return false;
        for (const Element* e : {&modulus, &exponent})
            if (!der::isValidInteger(e->content) || (e->content.data[0] & 0x80))
                return false;
        const quint8* m = modulus.content.data;
        qsizetype len = modulus.content.size;
        if (m[0] == 0) {
            ++m;
            --len;
        }
        if (len == 0)
            return false;
        kind = KeyKind::Rsa;
        bits = int(len - 1) * 8;
        for (quint8 top = m[0]; top; top >>= 1)
            ++bits;
        return true;
    }
    if (oid.content.equals(kEcPublicKey)) {
        if (params.tag != tag::Oid || type != MBEDTLS_PK_ECKEY)
            return false;
        const mbedtls_ecp_group_id group = mbedtls_pk_ec(crt.pk)->grp.id;
        if (group == MBEDTLS_ECP_DP_NONE || group == MBEDTLS_ECP_DP_CURVE25519 || group == MBEDTLS_ECP_DP_CURVE448)
            return false;
        kind = KeyKind::Ec;
        bits = int(mbedtls_pk_ec(crt.pk)->grp.nbits); // order bits, as EVP_PKEY_get_bits
        return true;
    }
    return false;
}

struct Tbs
{
    Span serial;
    Span signatureOid;
    Element issuer, subject, spki;
    der::NameAttributes issuerAttributes, subjectAttributes;
    qint64 notBefore = 0, notAfter = 0;
    bool hasExtensions = false;
    Span extensions; // content of the Extensions SEQUENCE
};

bool readTbs(Span content, Tbs& t, const char** reason)
{
    auto decline = [&](const char* why) {
        *reason = why;
        return false;
    };
    Cursor c(content);
    Element e;
    if (c.peekTag() == tag::contextConstructed(0)) {
        static const quint8 v2[] = {0x02, 0x01, 0x01}, v3[] = {0x02, 0x01, 0x02};
        if (!c.next(e) || !(e.content.equals(v2) || e.content.equals(v3)))
            return decline("unusual version encoding");
    }
    if (!c.next(tag::Integer, e) || !der::isValidInteger(e.content))
        return decline("serial number not a DER INTEGER");
    t.serial = e.content;
    if (!c.next(tag::Sequence, e) || !isCanonicalAlgorithm(e.content, &t.signatureOid))
        return decline("unusual signature algorithm encoding");
    if (!c.next(tag::Sequence, t.issuer) || !der::readName(t.issuer.content, t.issuerAttributes))
        return decline("issuer name with attributes or strings the fast path does not format");
    Element validity;
    if (!c.next(tag::Sequence, validity))
        return decline("malformed validity");
    Cursor v(validity.content);
    if (!readTime(v, t.notBefore) || !readTime(v, t.notAfter) || !v.atEnd())
        return decline("validity not in strict UTCTime/GeneralizedTime form");
    if (!c.next(tag::Sequence, t.subject) || !der::readName(t.subject.content, t.subjectAttributes))
        return decline("subject name with attributes or strings the fast path does not format");
    if (!c.next(tag::Sequence, t.spki))
        return decline("malformed public key");
    if (c.peekTag() == tag::contextConstructed(3)) {
        Element wrapper, list;
        if (!c.next(wrapper))
            return decline("malformed extensions");
        Cursor w(wrapper.content);
        if (!w.next(tag::Sequence, list) || !w.atEnd())
            return decline("malformed extensions");
        t.hasExtensions = true;
        t.extensions = list.content;
    }
    if (!c.atEnd()) // unique identifiers or trailing data
        return decline("unique identifiers or unexpected TBS fields");
    return true;
}

// Leaf certificates of a bundle usually share their issuer: format it once per
// thread and share the string (fewer allocations, less memory per certificate).
QString issuerText(const Tbs& t)
{
    struct Cache
    {
        QByteArray raw;
        QString text;
    };
    thread_local Cache cache;
    const Span raw = t.issuer.content;
    if (!cache.raw.isEmpty() && raw.equals(Span::of(cache.raw)))
        return cache.text;
    cache.text = der::formatName(t.issuerAttributes);
    cache.raw = raw.view().toByteArray();
    return cache.text;
}

} // namespace

std::optional<Certificate> MbedCertificateReader::fromDer(QByteArrayView input, const char** declineReason)
{
    const char* reason = nullptr;
    auto decline = [&](const char* why) -> std::optional<Certificate> {
        if (declineReason)
            *declineReason = why;
        return std::nullopt;
    };

    // Outer structure: the parts OpenSSL re-encodes rather than keeps must already be DER.
    Cursor top(Span::of(input));
    Element cert, tbsElement, signatureAlgorithm, signature;
    if (!top.next(tag::Sequence, cert))
        return decline("not a DER SEQUENCE");
    Cursor parts(cert.content);
    if (!parts.next(tag::Sequence, tbsElement) || !parts.next(tag::Sequence, signatureAlgorithm)
        || !parts.next(tag::BitString, signature) || !parts.atEnd())
        return decline("not a DER certificate structure");
    Span outerSignatureOid;
    if (!isCanonicalAlgorithm(signatureAlgorithm.content, &outerSignatureOid))
        return decline("unusual signature algorithm encoding");
    if (signature.content.size < 1 || signature.content.data[0] != 0)
        return decline("signature with unused bits");

    MbedCertificate mbed;
    if (mbedtls_x509_crt_parse_der_with_ext_cb(&mbed.crt, cert.whole.data, size_t(cert.whole.size), 0, acceptExtension,
                                               nullptr)
        != 0)
        return decline("mbedTLS refuses it");

    Tbs t;
    if (!readTbs(tbsElement.content, t, &reason))
        return decline(reason);
    KeyKind keyKind;
    int keyBits = 0;
    if (!readKey(t.spki, mbed.crt, keyKind, keyBits))
        return decline("key type or encoding the fast path does not handle");
    der::Extensions ext;
    if (t.hasExtensions && !der::readExtensions(t.extensions, ext, &reason))
        return decline(reason);

    // OpenSSL's EXFLAG_SS: names equal as X509_NAME_cmp sees them, AKID (if any)
    // matching the SKID, and a signature algorithm that fits the certificate's key.
    bool selfSigned = false;
    switch (der::compareNames(t.issuer.content, t.issuerAttributes, t.subject.content, t.subjectAttributes)) {
    case der::NameMatch::Unsure: return decline("self-issued test depends on multi-valued RDN order");
    case der::NameMatch::Different: break;
    case der::NameMatch::Same: {
        const SignatureFamily family = signatureFamily(t.signatureOid);
        if (family == SignatureFamily::Unknown)
            return decline("self-issued with an unusual signature algorithm");
        const bool keyIdsAgree =
            !(ext.authorityKeyIdHasKeyId && ext.hasSubjectKeyId && !ext.authorityKeyId.equals(ext.subjectKeyId));
        const bool algorithmFits = (keyKind == KeyKind::Rsa && family == SignatureFamily::Rsa)
            || (keyKind == KeyKind::Ec && family == SignatureFamily::Ecdsa);
        selfSigned = keyIdsAgree && algorithmFits;
        break;
    }
    }

    Certificate c;
    if (ext.extendedKeyUsage.size > 0) {
        if (!der::appendExtendedKeyUsages(ext.extendedKeyUsage, c.ekus))
            return decline("extended key usage OID too long");
    }
    c.der = cert.whole.view().toByteArray();
    sha1Of(c.der, c.sha1);
    sha256Of(c.der, c.sha256);
    sha256Of(t.spki.whole.view(), c.spkiSha256);

    c.issuer = issuerText(t);
    c.subject = t.subject.content.equals(t.issuer.content) ? c.issuer : der::formatName(t.subjectAttributes);
    c.subjectCN = der::lastCommonName(t.subjectAttributes);
    c.serialHex = serialText(t.serial);
    c.notBeforeSecs = t.notBefore;
    c.notAfterSecs = t.notAfter;

    if (ext.subjectAltNames.size > 0)
        der::appendSubjectAltNames(ext.subjectAltNames, c.sans);
    c.hasKeyUsage = ext.hasKeyUsage;
    c.keyUsage = ext.keyUsage;
    c.keyAlgorithm = keyKind == KeyKind::Rsa ? QStringLiteral("RSA") : QStringLiteral("EC");
    c.keyBits = keyBits;
    c.isCA = ext.isCA;
    c.selfSigned = selfSigned;
    c.templateName = der::templateName(ext);
    return c;
}

} // namespace certlife
