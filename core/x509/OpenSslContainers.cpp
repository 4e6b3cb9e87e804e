// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/OpenSslContainers.h"

#include "x509/OpenSslCertificateReader.h"

#include <mutex>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

namespace certlife::openssl {

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

// Loaded once for the life of the process and never unloaded; kept in globals so that
// LeakSanitizer (the fuzzers, the sanitizer run) sees them held, not lost, whatever
// order the libraries' exit handlers run in.
namespace {
OSSL_PROVIDER* g_defaultProvider = nullptr;
OSSL_PROVIDER* g_legacyProvider = nullptr;
} // namespace

void ensureLegacyProvider()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Loading any provider explicitly stops OpenSSL loading "default" on its own.
        g_defaultProvider = OSSL_PROVIDER_load(nullptr, "default");
        g_legacyProvider = OSSL_PROVIDER_load(nullptr, "legacy");
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
