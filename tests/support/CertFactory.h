// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace certlife::test {

enum class KeyType {
    EcP256,
    EcP384,
    Rsa2048,
    RsaPss,
    Ed25519,
    Ed448,
    Dsa2048,
    EcP521,
    EcSecp256k1,
    EcBrainpoolP256r1,
    Rsa2047 /* odd modulus size */
};

// A generated private key (shared so one key can sign many certificates).
struct TestKey
{
    std::shared_ptr<EVP_PKEY> pkey;
    KeyType type = KeyType::EcP256;
    QByteArray pkcs8Pem() const;       // -----BEGIN PRIVATE KEY-----
    QByteArray traditionalPem() const; // RSA/EC PRIVATE KEY where the type has one
    QByteArray pkcs8Der() const;
};

// Keys are expensive (RSA especially): key(type) returns one cached key per type,
// freshKey(type) a new one.
TestKey key(KeyType type);
TestKey freshKey(KeyType type);

// One subject (or issuer) attribute with control over its ASN.1 string type.
struct NameEntry
{
    enum class Encoding { Default, Utf8, Printable, Ia5, T61, Bmp, Universal };
    QString field;                         // short name ("CN", "O", "emailAddress", "DC", …) or dotted OID
    QString value;                         // Printable/IA5/T61 take Latin-1, BMP UTF-16, Universal UCS-4
    Encoding encoding = Encoding::Default; // Default: whatever OpenSSL picks for UTF-8 input
    bool sameRdnAsPrevious = false;        // multi-valued RDN
};

struct RawExtension
{
    QString oid;
    QByteArray derValue; // the extnValue content
    bool critical = false;
};

struct CertSpec
{
    QString cn = QStringLiteral("test.example");
    QList<QPair<QString, QString>> extraSubject; // e.g. {"O","Example Ltd"}; added before CN
    bool cnAsBmpString = false;                  // encode the CN as BMPString
    QStringList dns;
    QStringList ips;
    QStringList emails;
    QStringList uris;
    QStringList ekuOids;
    std::optional<quint16> keyUsage; // KuDigitalSignature | … (Certificate.h bits)
    bool isCA = false;
    QDateTime notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    QDateTime notAfter = QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC);
    QByteArray serialHex = "0A1B2C3D"; // big-endian hex
    bool negativeSerial = false;
    QString templateName; // extension 1.3.6.1.4.1.311.20.2 (BMPString)
    QString templateOid;  // extension 1.3.6.1.4.1.311.21.7 …
    int templateMajor = 100, templateMinor = 3;
    KeyType keyType = KeyType::EcP256;
    std::optional<TestKey> subjectKey; // default: key(keyType)

    QList<NameEntry> subjectEntries; // when set: the whole subject in DER order (cn, extraSubject unused)
    QList<NameEntry> issuerEntries;  // self-signed only: an issuer name other than the subject
    int version = 3;                 // 1: an X.509 v1 certificate, no extensions at all
    bool basicConstraints = true;
    bool subjectKeyId = true;
    bool authorityKeyId = true;   // only when signed by an issuer
    bool rsaPssSignature = false; // RSA signer: RSASSA-PSS instead of PKCS#1 v1.5
    QList<RawExtension> extraExtensions;
    QByteArray rawSerial; // INTEGER content octets verbatim (may be non-minimal); overrides serialHex
};

struct GeneratedCert
{
    QByteArray der;
    TestKey key;
    QByteArray pem() const;
    QString thumbprint() const; // SHA-1 upper-case hex
};

// issuer == nullptr: self-signed.
GeneratedCert makeCertificate(const CertSpec& spec, const GeneratedCert* issuer = nullptr);

QByteArray makePkcs7(const QList<GeneratedCert>& certs, bool pem);
// legacy: RC2/3DES with SHA-1 MAC (as OpenSSL 1.x wrote); otherwise OpenSSL 3's AES-256/PBKDF2.
// iterations: of the MAC and of each encryption (0: OpenSSL's default, 2048).
// Hostile iteration counts: Pkcs12Factory.h.
QByteArray makePkcs12(const GeneratedCert& cert, const QByteArray& password, bool legacy,
                      const QList<GeneratedCert>& chain = {}, bool noPassword = false, int iterations = 0);

// What the `openssl` command line prints for a certificate (x509 -noout -<option>):
// used to check our fields against OpenSSL's own reading.
QString opensslField(const QByteArray& der, const QString& option);

bool writeFile(const QString& path, const QByteArray& data);

} // namespace certlife::test
