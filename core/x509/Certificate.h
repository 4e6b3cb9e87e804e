// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <array>

namespace certlife {

using Sha1Digest = std::array<quint8, 20>;
using Sha256Digest = std::array<quint8, 32>;

QString toHexUpper(const quint8* data, int size);
template <size_t N> QString toHexUpper(const std::array<quint8, N>& d)
{
    return toHexUpper(d.data(), int(N));
}

struct SubjectAltName
{
    enum class Type : quint8 { Dns, Ip, Email, Uri };
    Type type = Type::Dns;
    QString value;

    QString typeName() const; // "DNS", "IP", "email", "URI"
    QString toString() const { return typeName() + QLatin1Char(':') + value; }
    friend bool operator==(const SubjectAltName&, const SubjectAltName&) = default;
};

struct ExtendedKeyUsage
{
    QString oid;  // dotted, e.g. 1.3.6.1.5.5.7.3.1
    QString name; // readable, e.g. "TLS Web Server Authentication"; the OID when unknown
    friend bool operator==(const ExtendedKeyUsage&, const ExtendedKeyUsage&) = default;
};

// Key usage bits, same values as OpenSSL's X509v3_KU_* and mbedTLS' MBEDTLS_X509_KU_*.
enum KeyUsageBit : quint16 {
    KuDigitalSignature = 0x0080,
    KuNonRepudiation = 0x0040,
    KuKeyEncipherment = 0x0020,
    KuDataEncipherment = 0x0010,
    KuKeyAgreement = 0x0008,
    KuKeyCertSign = 0x0004,
    KuCrlSign = 0x0002,
    KuEncipherOnly = 0x0001,
    KuDecipherOnly = 0x8000,
};
QStringList keyUsageNames(quint16 bits);

// One X.509 certificate, parsed once and then passed by value (QByteArray/QString
// members are implicitly shared). Identity is the SHA-256 of the DER.
struct Certificate
{
    QByteArray der;
    Sha1Digest sha1{}; // thumbprint, as Windows shows it
    Sha256Digest sha256{};
    Sha256Digest spkiSha256{}; // SHA-256 of SubjectPublicKeyInfo: pairs keys with certificates

    QString subject;          // RFC 4514 (most specific RDN first), UTF-8 kept as is
    QString subjectCN;        // last CN of the subject, empty when none
    QString issuer;           // RFC 4514
    QString serialHex;        // upper-case hex of the two's complement content bytes, "-" prefix when negative
    qint64 notBeforeSecs = 0; // seconds since the epoch, UTC
    qint64 notAfterSecs = 0;

    QList<SubjectAltName> sans;
    QList<ExtendedKeyUsage> ekus;
    quint16 keyUsage = 0;
    bool hasKeyUsage = false;

    QString keyAlgorithm; // RSA, RSA-PSS, EC, Ed25519, Ed448, DSA, or the OID
    int keyBits = 0;
    bool isCA = false;
    bool selfSigned = false; // issuer == subject and the signature verifies with its own key
    QString templateName;    // Microsoft template: name (…311.20.2) or "OID v MAJOR.MINOR" (…311.21.7)

    bool hasPrivateKey = false; // set by a store that holds the matching key

    bool isNull() const { return der.isEmpty(); }
    QString thumbprint() const { return toHexUpper(sha1); }
    QString sha256Hex() const { return toHexUpper(sha256); }
    QDateTime notBefore() const { return QDateTime::fromSecsSinceEpoch(notBeforeSecs, Qt::UTC); }
    QDateTime notAfter() const { return QDateTime::fromSecsSinceEpoch(notAfterSecs, Qt::UTC); }
    QStringList sanStrings() const; // "DNS:example.com", …
    QStringList dnsNames() const;   // DNS SANs only
    QString pem() const;            // -----BEGIN CERTIFICATE----- … with 64-column lines
    QString displayName() const;    // CN, else first DNS SAN, else subject

    bool operator==(const Certificate& o) const { return sha256 == o.sha256; }
};

} // namespace certlife

Q_DECLARE_METATYPE(certlife::Certificate)
