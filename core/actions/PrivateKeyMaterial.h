// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace certlife {

// A private key held only as long as an action needs it (import, export). It is
// never printed, logged or put in an event; the serialised forms are wiped by the
// caller's SecureBytes when done.
class PrivateKey
{
public:
    PrivateKey() = default;
    explicit PrivateKey(EVP_PKEY* owned);
    bool isNull() const { return !m_key; }
    EVP_PKEY* get() const { return m_key.get(); }
    Sha256Digest spkiSha256() const;
    QByteArray toPkcs8Pem() const; // unencrypted PKCS#8: stored 0600 like /etc/ssl/private
    QByteArray toPkcs8Der() const; // the same as DER: what NSS imports (actions/NssWrites.h)

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

// Zeroes its bytes on destruction: for PEM text of keys and passwords. The buffer is
// wiped where it lives, so a QByteArray the caller still holds (sharing it) reads zeros
// afterwards; declare the SecureBytes after the array it guards.
class SecureBytes
{
public:
    SecureBytes() = default;
    explicit SecureBytes(QByteArray b) : m_bytes(std::move(b)) {}
    ~SecureBytes();
    SecureBytes(const SecureBytes&) = delete;
    SecureBytes& operator=(const SecureBytes&) = delete;
    const QByteArray& bytes() const { return m_bytes; }
    bool isEmpty() const { return m_bytes.isEmpty(); }

private:
    QByteArray m_bytes;
};

struct ImportMaterial
{
    QList<Certificate> certificates;
    std::vector<PrivateKey> keys;
    QString error;              // why nothing could be read; empty on success
    bool needsPassword = false; // encrypted (PKCS#12 or key) and the password was missing or wrong

    // The key whose public half matches cert, or a null key.
    PrivateKey keyFor(const Certificate& cert) const;
};

// Reads certificates and private keys (PEM incl. encrypted PKCS#8, DER, PKCS#7,
// PKCS#12) from file content for an import. password may be empty.
ImportMaterial readImportMaterial(QByteArrayView data, const QByteArray& password, bool hasPassword);

enum class Pkcs12Kind { Modern, Legacy }; // AES-256-CBC + PBKDF2 + SHA-256 MAC, or 3DES/RC2 + SHA-1 MAC

// PKCS#12 holding cert and key; empty with *error on failure.
QByteArray makePkcs12(const Certificate& cert, const PrivateKey& key, const QByteArray& password, Pkcs12Kind kind,
                      const QString& friendlyName, QString* error);

} // namespace certlife
