// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/PrivateKeyMaterial.h"

#include "x509/CertificateParser.h"
#include "x509/OpenSslContainers.h"
#include "x509/OpenSslCertificateReader.h"
#include "x509/PemReader.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

namespace certlife {

PrivateKey::PrivateKey(EVP_PKEY* owned) : m_key(owned, EVP_PKEY_free) {}

Sha256Digest PrivateKey::spkiSha256() const
{
    Sha256Digest out{};
    unsigned char* spki = nullptr;
    const int len = m_key ? i2d_PUBKEY(m_key.get(), &spki) : 0;
    if (len > 0) {
        unsigned int mdLen = 0;
        EVP_Digest(spki, size_t(len), out.data(), &mdLen, EVP_sha256(), nullptr);
        OPENSSL_free(spki);
    }
    return out;
}

QByteArray PrivateKey::toPkcs8Pem() const
{
    BIO* bio = BIO_new(BIO_s_secmem());
    if (!bio)
        bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS8PrivateKey(bio, m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, len);
    OPENSSL_cleanse(data, size_t(len));
    BIO_free(bio);
    return out;
}

QByteArray PrivateKey::toPkcs8Der() const
{
    PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(m_key.get());
    if (!info)
        return {};
    unsigned char* der = nullptr;
    const int len = i2d_PKCS8_PRIV_KEY_INFO(info, &der);
    PKCS8_PRIV_KEY_INFO_free(info);
    if (len <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char*>(der), len);
    OPENSSL_clear_free(der, size_t(len));
    return out;
}

SecureBytes::~SecureBytes()
{
    // data() would detach a shared buffer and wipe only the copy: wipe the shared one in
    // place. Raw data (fromRawData, literals) is not ours to write to.
    if (!m_bytes.isEmpty() && m_bytes.data_ptr().isMutable())
        OPENSSL_cleanse(const_cast<char*>(m_bytes.constData()), size_t(m_bytes.size()));
}

PrivateKey ImportMaterial::keyFor(const Certificate& cert) const
{
    for (const auto& k : keys)
        if (k.spkiSha256() == cert.spkiSha256)
            return k;
    return {};
}

namespace {

constexpr int kPkcs12MacIterations = 2048; // PKCS12_DEFAULT_ITER, as `openssl pkcs12` writes

int passwordCallback(char* buf, int size, int, void* userdata)
{
    const auto* pass = static_cast<const QByteArray*>(userdata);
    if (!pass || pass->size() >= size)
        return -1;
    memcpy(buf, pass->constData(), size_t(pass->size()));
    return int(pass->size());
}

void readPemKeys(QByteArrayView data, const QByteArray& password, bool hasPassword, ImportMaterial& out)
{
    // Count the key blocks ourselves, then let OpenSSL read that many: it skips other
    // blocks and decrypts PKCS#8 and legacy (Proc-Type/DEK-Info) keys with the password.
    // The callback never prompts on a terminal: without a password it refuses.
    int keyBlocks = 0;
    for (const PemBlock& block : readPemBlocks(data)) {
        if (block.label.endsWith("PRIVATE KEY") && block.label != "OPENSSH PRIVATE KEY")
            ++keyBlocks;
        if (!block.der.isEmpty())
            OPENSSL_cleanse(const_cast<char*>(block.der.constData()), size_t(block.der.size()));
    }
    BIO* bio = BIO_new_mem_buf(data.data(), int(data.size()));
    QByteArray pass = password;
    for (int i = 0; i < keyBlocks; ++i) {
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, passwordCallback, hasPassword ? &pass : nullptr);
        ERR_clear_error();
        if (!key) {
            out.error = hasPassword ? QStringLiteral("a private key cannot be read: wrong password or corrupt key")
                                    : QStringLiteral("a private key is encrypted or corrupt: a password is needed");
            out.needsPassword = true;
            break;
        }
        out.keys.emplace_back(key);
    }
    OPENSSL_cleanse(pass.data(), size_t(pass.size()));
    BIO_free(bio);
}

} // namespace

ImportMaterial readImportMaterial(QByteArrayView data, const QByteArray& password, bool hasPassword)
{
    ImportMaterial out;
    ParseOptions options;
    options.pkcs12Password = password;
    options.hasPkcs12Password = hasPassword;
    std::vector<EVP_PKEY*> pkcs12Keys; // read with the certificates: one pass over a PKCS#12 file
    options.pkcs12Keys = &pkcs12Keys;
    const ParsedFile parsed = parseCertificateData(data, options);
    out.certificates = parsed.certificates;
    for (EVP_PKEY* key : pkcs12Keys)
        out.keys.emplace_back(key);
    if (parsed.format == ContainerFormat::Pem)
        readPemKeys(data, password, hasPassword, out);
    else if (parsed.format == ContainerFormat::PrivateKey) {
        const auto* p = reinterpret_cast<const unsigned char*>(data.data());
        if (EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, long(data.size())))
            out.keys.emplace_back(key);
        ERR_clear_error();
    }
    if (parsed.format == ContainerFormat::Pkcs12 && out.certificates.isEmpty() && parsed.pkcs12PasswordRefused) {
        out.needsPassword = true;
        out.error = hasPassword ? QStringLiteral("the password does not open this PKCS#12 file")
                                : QStringLiteral("the PKCS#12 file is password-protected: a password is needed");
        return out;
    }
    if (out.certificates.isEmpty()) {
        out.error = !parsed.errors.isEmpty() ? parsed.errors.join(QStringLiteral("; "))
                                             : QStringLiteral("the file holds no certificate");
    } else if (!parsed.errors.isEmpty() && out.error.isEmpty()) {
        out.error = parsed.errors.join(QStringLiteral("; "));
    }
    return out;
}

QByteArray makePkcs12(const Certificate& cert, const PrivateKey& key, const QByteArray& password, Pkcs12Kind kind,
                      const QString& friendlyName, QString* error)
{
    openssl::ensureLegacyProvider();
    const auto* p = reinterpret_cast<const unsigned char*>(cert.der.constData());
    X509* x = d2i_X509(nullptr, &p, long(cert.der.size()));
    if (!x || key.isNull()) {
        X509_free(x);
        if (error)
            *error = key.isNull() ? QStringLiteral("no private key") : QStringLiteral("certificate cannot be encoded");
        return {};
    }
    if (X509_check_private_key(x, key.get()) != 1) {
        ERR_clear_error();
        X509_free(x);
        if (error)
            *error = QStringLiteral("the private key does not match the certificate");
        return {};
    }
    const bool legacy = kind == Pkcs12Kind::Legacy;
    const int keyNid = legacy ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : NID_aes_256_cbc;
    const int certNid = legacy ? NID_pbe_WithSHA1And40BitRC2_CBC : NID_aes_256_cbc;
    const QByteArray name = friendlyName.toUtf8();
    // mac_iter -1 leaves the MAC out; it is then set here with the digest of the kind (the
    // API's own default would be SHA-1 for both). Without a MAC nothing detects tampering.
    PKCS12* p12 = PKCS12_create_ex(password.constData(), name.constData(), key.get(), x, nullptr, keyNid, certNid,
                                   legacy ? 2048 : 0, -1, 0, nullptr, nullptr);
    if (p12
        && PKCS12_set_mac(p12, password.constData(), -1, nullptr, 0, kPkcs12MacIterations,
                          legacy ? EVP_sha1() : EVP_sha256())
            != 1) {
        PKCS12_free(p12);
        p12 = nullptr;
    }
    X509_free(x);
    if (!p12) {
        char buf[256];
        ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
        ERR_clear_error();
        if (error)
            *error = QStringLiteral("PKCS#12 could not be created (%1)").arg(QString::fromLatin1(buf));
        return {};
    }
    unsigned char* der = nullptr;
    const int len = i2d_PKCS12(p12, &der);
    PKCS12_free(p12);
    QByteArray out(reinterpret_cast<const char*>(der), len);
    OPENSSL_free(der);
    return out;
}

} // namespace certlife
