// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/ScriptSignature.h"

#include "x509/CertificateParser.h"

#include <QStringList>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h> // before cms.h: it declares PEM_read_bio_CMS with pem.h's macros
#include <openssl/cms.h>
#include <openssl/x509.h>

namespace certlife {

namespace {

struct BioFree
{
    void operator()(BIO* b) const { BIO_free(b); }
};
struct CmsFree
{
    void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
};
struct X509StackFree
{
    void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

QString opensslErrors()
{
    QStringList lines;
    while (const unsigned long err = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(err, buf, sizeof buf);
        lines << QString::fromLatin1(buf);
    }
    return lines.isEmpty() ? QStringLiteral("unknown OpenSSL error") : lines.join(QStringLiteral("; "));
}

BioPtr memoryBio(const QByteArray& data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

CmsPtr readCms(const QByteArray& signature)
{
    if (signature.trimmed().startsWith("-----BEGIN")) {
        BioPtr bio = memoryBio(signature);
        // PEM_read_bio_CMS accepts both "CMS" and "PKCS7" labels.
        return CmsPtr(PEM_read_bio_CMS(bio.get(), nullptr, nullptr, nullptr));
    }
    BioPtr bio = memoryBio(signature);
    return CmsPtr(d2i_CMS_bio(bio.get(), nullptr));
}

} // namespace

QList<QByteArray> certificatesFromPemOrDer(const QByteArray& data, QString* error)
{
    const ParsedFile parsed = parseCertificateData(data);
    QList<QByteArray> ders;
    for (const Certificate& c : parsed.certificates)
        ders << c.der;
    if (ders.isEmpty() && error)
        *error =
            parsed.errors.isEmpty() ? QStringLiteral("no certificate in it") : parsed.errors.join(QStringLiteral("; "));
    return ders;
}

QString verifyDetachedSignature(const QByteArray& signature, const QByteArray& content,
                                const QList<QByteArray>& trustedSigners)
{
    ERR_clear_error();
    if (trustedSigners.isEmpty())
        return QStringLiteral("no trusted signer certificates are configured");
    CmsPtr cms = readCms(signature);
    if (!cms)
        return QStringLiteral("not a CMS/PKCS#7 signature (%1)").arg(opensslErrors());
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return QStringLiteral("not a CMS signed-data structure");
    if (!CMS_is_detached(cms.get()))
        return QStringLiteral("the signature embeds content: a detached signature is required "
                              "(openssl cms -sign -binary, without -nodetach)");
    if (sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms.get())) < 1)
        return QStringLiteral("the signature has no signer");

    X509StackPtr signers(sk_X509_new_null());
    for (const QByteArray& der : trustedSigners) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(der.constData());
        X509* cert = d2i_X509(nullptr, &p, long(der.size()));
        if (cert && !sk_X509_push(signers.get(), cert))
            X509_free(cert);
    }
    BioPtr data = memoryBio(content);
    // NOINTERN: signers are looked up among the trusted certificates only, never in
    // the certificates the signature brings along. NO_SIGNER_CERT_VERIFY: the
    // trusted certificate is the anchor itself, so no chain is built. BINARY: the
    // bytes are verified exactly as they are, without MIME canonicalisation.
    const unsigned int flags = CMS_BINARY | CMS_NOINTERN | CMS_NO_SIGNER_CERT_VERIFY;
    if (CMS_verify(cms.get(), signers.get(), nullptr, data.get(), nullptr, flags) != 1) {
        const unsigned long err = ERR_peek_error();
        if (ERR_GET_LIB(err) == ERR_LIB_CMS && ERR_GET_REASON(err) == CMS_R_SIGNER_CERTIFICATE_NOT_FOUND) {
            ERR_clear_error();
            return QStringLiteral("it is not signed by a trusted signer");
        }
        return QStringLiteral("it does not verify (%1)").arg(opensslErrors());
    }
    return {};
}

} // namespace certlife
