// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "endpoints/ProbeFindings.h"

#include "x509/CertificateDecoder.h"

#include <QFile>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace certlife {

QString findingKindName(FindingKind kind)
{
    switch (kind) {
    case FindingKind::HandshakeError: return QStringLiteral("handshakeError");
    case FindingKind::Expired: return QStringLiteral("expired");
    case FindingKind::NameMismatch: return QStringLiteral("nameMismatch");
    case FindingKind::ChainIncomplete: return QStringLiteral("chainIncomplete");
    case FindingKind::SelfSignedLeaf: return QStringLiteral("selfSignedLeaf");
    case FindingKind::Protocol: return QStringLiteral("protocol");
    case FindingKind::Cipher: return QStringLiteral("cipher");
    }
    return {};
}

namespace {

QByteArray derOf(X509* certificate)
{
    unsigned char* der = nullptr;
    const int length = i2d_X509(certificate, &der);
    if (length <= 0)
        return {};
    QByteArray bytes(reinterpret_cast<const char*>(der), length);
    OPENSSL_free(der);
    return bytes;
}

bool inTrustStore(X509_STORE* trust, X509* certificate)
{
    if (!trust)
        return false;
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    X509* issuer = nullptr;
    bool found = false;
    if (ctx && X509_STORE_CTX_init(ctx, trust, certificate, nullptr) == 1)
        found = X509_STORE_CTX_get1_issuer(&issuer, ctx, certificate) == 1;
    X509_free(issuer);
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return found;
}

QString subjectText(X509* certificate)
{
    char buffer[512] = {};
    X509_NAME_oneline(X509_get_subject_name(certificate), buffer, sizeof buffer);
    return QString::fromUtf8(buffer);
}

QString issuerText(X509* certificate)
{
    char buffer[512] = {};
    X509_NAME_oneline(X509_get_issuer_name(certificate), buffer, sizeof buffer);
    return QString::fromUtf8(buffer);
}

// From the leaf up: each issuer must be sent, or be in the trust store (where the chain
// then ends), or the certificate must be self-issued. Empty when complete.
QString missingIssuer(const QList<X509*>& served, X509_STORE* trust)
{
    X509* current = served.first();
    for (int depth = 0; depth < 16; ++depth) {
        if (X509_check_issued(current, current) == X509_V_OK)
            return {};
        X509* next = nullptr;
        for (X509* candidate : served) {
            if (candidate != current && X509_check_issued(candidate, current) == X509_V_OK) {
                next = candidate;
                break;
            }
        }
        if (!next) {
            if (inTrustStore(trust, current))
                return {};
            return QStringLiteral("the issuer \"%1\" of \"%2\" was not sent and is not in the trust store")
                .arg(issuerText(current), subjectText(current));
        }
        current = next;
    }
    return {};
}

} // namespace

QList<Certificate> decodeServedChain(const QList<X509*>& served)
{
    QList<Certificate> chain;
    for (X509* certificate : served) {
        const QByteArray der = derOf(certificate);
        std::optional<Certificate> decoded = decodeCertificateDer(der);
        if (decoded)
            chain.append(std::move(*decoded));
    }
    return chain;
}

static bool x509CoversName(X509* certificate, const QString& name)
{
    const QByteArray nameBytes = name.toUtf8();
    const bool covered = isIpAddress(name)
        ? X509_check_ip_asc(certificate, nameBytes.constData(), 0) == 1
        : X509_check_host(certificate, nameBytes.constData(), size_t(nameBytes.size()), 0, nullptr) == 1;
    ERR_clear_error();
    return covered;
}

bool certificateCoversName(const Certificate& certificate, const QString& name)
{
    if (name.isEmpty() || certificate.der.isEmpty())
        return false;
    const auto* bytes = reinterpret_cast<const unsigned char*>(certificate.der.constData());
    X509* x509 = d2i_X509(nullptr, &bytes, long(certificate.der.size()));
    if (!x509) {
        ERR_clear_error();
        return false;
    }
    const bool covered = x509CoversName(x509, name);
    X509_free(x509);
    return covered;
}

QList<Finding> servedChainFindings(const ProbeResult& result, const QList<X509*>& served, X509_STORE* trust,
                                   qint64 nowSecs)
{
    QList<Finding> findings;
    if (served.isEmpty()) {
        findings.append({FindingKind::ChainIncomplete, QStringLiteral("the server sent no certificate")});
    } else {
        X509* leaf = served.first();
        if (!result.chain.isEmpty() && result.chain.first().notAfterSecs < nowSecs)
            findings.append({FindingKind::Expired,
                             QStringLiteral("the served certificate expired on %1")
                                 .arg(QDateTime::fromSecsSinceEpoch(result.chain.first().notAfterSecs, Qt::UTC)
                                          .toString(Qt::ISODate))});
        const QString name = result.endpoint.serviceName();
        if (!x509CoversName(leaf, name))
            findings.append(
                {FindingKind::NameMismatch, QStringLiteral("the served certificate does not cover %1").arg(name)});
        const QString missing = missingIssuer(served, trust);
        if (!missing.isEmpty())
            findings.append({FindingKind::ChainIncomplete, missing});
        if (!result.chain.isEmpty() && result.chain.first().selfSigned)
            findings.append({FindingKind::SelfSignedLeaf, QStringLiteral("the served certificate is self-signed")});
        ERR_clear_error();
    }
    if (!result.protocol.isEmpty())
        findings.append({FindingKind::Protocol, result.protocol});
    if (!result.cipher.isEmpty())
        findings.append({FindingKind::Cipher, result.cipher});
    return findings;
}

X509_STORE* loadTrustStore(const QString& file)
{
    X509_STORE* store = X509_STORE_new();
    if (!store)
        return store;
    if (file.isEmpty())
        X509_STORE_set_default_paths(store);
    else
        X509_STORE_load_file(store, QFile::encodeName(file).constData());
    ERR_clear_error();
    return store;
}

} // namespace certlife
