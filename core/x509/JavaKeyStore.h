// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/CertificateParser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

namespace certlife {

// Java's own keystore formats, read from the format (there is no maintained C or C++
// library): JKS (magic 0xFEEDFEED) and JCEKS (0xCECECECE), versions 1 and 2. The
// layout, all big-endian: magic, version, entry count; per entry a tag (1 private
// key, 2 trusted certificate, 3 secret key: JCEKS only), the alias (Java's modified
// UTF-8 with a 16-bit length), a creation time in ms; a private key's encrypted key
// and its certificate chain, a trusted certificate, or a secret key as a serialized
// Java object (skipped, and said so). Certificates carry their type ("X.509") from
// version 2 on. Last, a SHA-1 over the password as UTF-16BE, "Mighty Aphrodite" and
// everything before it. Every length is checked against what is left of the input
// before anything is read or allocated (docs/stores.md, "Java keystores").
enum class KeyStoreIntegrity : quint8 { Verified, NotVerified, Failed };

struct KeyStoreEntry
{
    enum class Kind : quint8 { PrivateKey = 1, TrustedCertificate = 2, SecretKey = 3 };
    Kind kind = Kind::TrustedCertificate;
    QString alias;
    qint64 createdMs = 0;
    QList<QByteArray> certificates; // DER; a private key's chain, its own certificate first
};

struct KeyStoreContents
{
    bool jceks = false;
    quint32 version = 0;
    QList<KeyStoreEntry> entries;
    KeyStoreIntegrity integrity = KeyStoreIntegrity::NotVerified;
    QString error; // empty when the whole keystore was read (and, with a password, verified)
};

// The text a keystore read without a password carries among its file's errors, so that
// the scan result says so and the scan cache can tell it from a real error.
inline constexpr char kKeyStoreIntegrityNotVerified[] =
    "keystore integrity not verified: no keystore password is configured";
// The error of a keystore its password does not open: it depends on the password, not
// only on the file, so the scan cache does not keep it.
inline constexpr char kKeyStoreIntegrityFailed[] =
    "keystore integrity check failed: the password is wrong or the keystore was tampered with";

bool looksLikeJavaKeyStore(QByteArrayView data);

// Reads a JKS or JCEKS keystore. With a password, the integrity digest is checked and
// a keystore that fails it gives no entries (as keytool refuses it): a wrong password
// and a tampered file look the same. Without one, the entries are listed unverified.
KeyStoreContents readJavaKeyStore(QByteArrayView data, const std::optional<QByteArray>& passwordUtf8);

// parseCertificateData's part: the keystore's certificates with their aliases as entry
// names (a private key's own certificate marked hasPrivateKey), its problems as errors.
void parseJavaKeyStore(QByteArrayView data, const ParseOptions& options, ParsedFile& out);

} // namespace certlife
