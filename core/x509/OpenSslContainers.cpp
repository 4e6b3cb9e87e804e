#include "x509/OpenSslContainers.h"

#include "x509/OpenSslCertificateReader.h"

#include <mutex>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

namespace certlife::openssl {

namespace {

bool spkiOfKey(EVP_PKEY* key, Sha256Digest& out)
{
    unsigned char* spki = nullptr;
    const int len = i2d_PUBKEY(key, &spki);
    if (len <= 0)
        return false;
    unsigned int mdLen = 0;
    EVP_Digest(spki, size_t(len), out.data(), &mdLen, EVP_sha256(), nullptr);
    OPENSSL_free(spki);
    return true;
}

void appendX509(X509* x, ParsedFile& out, const QString& where)
{
    QString error;
    if (auto cert = OpenSslCertificateReader::fromX509(x, &error))
        out.certificates.append(*cert);
    else
        out.errors.append(where + QStringLiteral(": ") + error);
}

} // namespace

void ensureLegacyProvider()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Loading any provider explicitly stops OpenSSL loading "default" on its own.
        OSSL_PROVIDER_load(nullptr, "default");
        OSSL_PROVIDER_load(nullptr, "legacy");
    });
}

bool readPkcs7(QByteArrayView der, ParsedFile& out)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    PKCS7* p7 = d2i_PKCS7(nullptr, &p, long(der.size()));
    ERR_clear_error();
    if (!p7) {
        out.errors.append(QStringLiteral("not a readable PKCS#7 structure (truncated or corrupt)"));
        return false;
    }
    STACK_OF(X509)* certs = nullptr;
    const int type = OBJ_obj2nid(p7->type);
    if (type == NID_pkcs7_signed && p7->d.sign)
        certs = p7->d.sign->cert;
    else if (type == NID_pkcs7_signedAndEnveloped && p7->d.signed_and_enveloped)
        certs = p7->d.signed_and_enveloped->cert;
    for (int i = 0; certs && i < sk_X509_num(certs); ++i)
        appendX509(sk_X509_value(certs, i), out, QStringLiteral("PKCS#7 certificate %1").arg(i + 1));
    PKCS7_free(p7);
    return true;
}

bool readPkcs12(QByteArrayView der, const ParseOptions& options, ParsedFile& out)
{
    ensureLegacyProvider();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    PKCS12* p12 = d2i_PKCS12(nullptr, &p, long(der.size()));
    if (!p12) {
        ERR_clear_error();
        out.errors.append(QStringLiteral("not a readable PKCS#12 file (truncated or corrupt)"));
        return false;
    }
    // Candidates: the store's password, else the empty and the absent password
    // (PKCS#12 tells them apart in its MAC).
    QList<const char*> candidates;
    QByteArray pass = options.pkcs12Password;
    if (options.hasPkcs12Password)
        candidates << pass.constData();
    else
        candidates << "" << nullptr;

    // With a MAC, the password that verifies it is the one. Without a MAC nothing
    // tells them apart (and OpenSSL refuses a non-empty password then): try each.
    const bool hasMac = PKCS12_mac_present(p12) == 1;
    QList<const char*> attempts;
    if (hasMac) {
        for (const char* candidate : candidates) {
            if (PKCS12_verify_mac(p12, candidate, candidate ? -1 : 0) == 1) {
                attempts << candidate;
                break;
            }
        }
        if (attempts.isEmpty()) {
            ERR_clear_error();
            PKCS12_free(p12);
            out.errors.append(options.hasPkcs12Password
                                  ? QStringLiteral("wrong PKCS#12 password (the store's password does not open it)")
                                  : QStringLiteral("PKCS#12 file is password-protected and no password is configured for this store"));
            return false;
        }
    } else {
        attempts = candidates;
        if (options.hasPkcs12Password)
            attempts << nullptr << "";
    }

    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    bool parsed = false;
    char reason[256] = "";
    for (const char* attempt : attempts) {
        if (PKCS12_parse(p12, attempt, &key, &cert, &ca) == 1) {
            parsed = true;
            break;
        }
        ERR_error_string_n(ERR_peek_last_error(), reason, sizeof reason);
        ERR_clear_error();
        sk_X509_pop_free(ca, X509_free); // a failed attempt may leave some behind
        ca = nullptr;
    }
    if (!parsed) {
        PKCS12_free(p12);
        out.errors.append(QStringLiteral("PKCS#12 contents cannot be decrypted (%1)").arg(QString::fromLatin1(reason)));
        return false;
    }
    if (key) {
        Sha256Digest spki{};
        if (spkiOfKey(key, spki))
            out.privateKeySpki.append(spki);
        EVP_PKEY_free(key);
    }
    if (cert) {
        appendX509(cert, out, QStringLiteral("PKCS#12 certificate"));
        X509_free(cert);
    }
    for (int i = 0; ca && i < sk_X509_num(ca); ++i)
        appendX509(sk_X509_value(ca, i), out, QStringLiteral("PKCS#12 CA certificate %1").arg(i + 1));
    sk_X509_pop_free(ca, X509_free);
    PKCS12_free(p12);
    return true;
}

bool readPrivateKey(QByteArrayView der, ParsedFile& out)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, long(der.size()));
    ERR_clear_error();
    if (!key)
        return false;
    Sha256Digest spki{};
    if (spkiOfKey(key, spki))
        out.privateKeySpki.append(spki);
    EVP_PKEY_free(key);
    return true;
}

} // namespace certlife::openssl
