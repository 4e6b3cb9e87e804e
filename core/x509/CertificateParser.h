// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QByteArrayView>
#include <QList>
#include <QStringList>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace certlife {

enum class ContainerFormat : quint8 { Unknown, Pem, Der, Pkcs7, Pkcs12, PrivateKey, JavaKeyStore };
QString containerFormatName(ContainerFormat f);

// The most key-derivation work one PKCS#12 file may ask for: the sum of its iteration
// counts (MAC, every encrypted part). Real tools write 2,048 (OpenSSL 3) to 600,000 per
// count; a file asking for more is refused unread (docs/x509.md, "PKCS#12").
inline constexpr qint64 kMaxPkcs12Iterations = 10'000'000;

struct ParseOptions
{
    // PKCS#12 password. When unset, the empty and the absent password are tried.
    QByteArray pkcs12Password;
    bool hasPkcs12Password = false;
    // Threads that share the decoding of a large PEM bundle (≥ 1 MiB): 0 picks one
    // per core (at most 4), 1 keeps it on the calling thread. The result is the
    // same either way, in file order.
    int threads = 0;
    // For an import only: the private keys of a PKCS#12 file themselves are appended
    // here too (the caller frees them with EVP_PKEY_free). Scans leave it null.
    std::vector<EVP_PKEY*>* pkcs12Keys = nullptr;
};

// Everything read from one file. Private keys are reduced to the SHA-256 of their
// public half at once: key material never leaves the parser (but for an import's
// ParseOptions::pkcs12Keys).
struct ParsedFile
{
    ContainerFormat format = ContainerFormat::Unknown;
    QList<Certificate> certificates;
    // Beside certificates, where the container names its entries (a keystore's aliases, a
    // PKCS#12 friendly name): entryNames[i] names certificates[i]; shorter (or empty) when
    // the rest have no name.
    QStringList entryNames;
    QList<Sha256Digest> privateKeySpki; // SPKI SHA-256 of each private key found
    int encryptedPrivateKeys = 0;       // keys we could not open (no password)
    bool pkcs12PasswordRefused = false; // a PKCS#12 MAC the password (or its absence) does not open
    QStringList errors;                 // one line per problem, e.g. "PEM block 3: bad base64"

    bool hasErrors() const { return !errors.isEmpty(); }
};

// Reads certificates and keys from a file's content, recognising PEM, DER, PKCS#7
// (PEM or DER), PKCS#12 and Java keystores (JKS, JCEKS: x509/JavaKeyStore.h; the
// PKCS#12 password is the keystore's) by content, never by extension. Never throws; every
// problem becomes an entry in errors and the rest of the file is still read.
ParsedFile parseCertificateData(QByteArrayView data, const ParseOptions& options = {});

// False only when parseCertificateData would surely find no private key in `data` (a PEM
// file without a key or PKCS#12 block, a DER certificate, PKCS#7): a look, not a parse, so
// a scan can learn which files pair keys with certificates before it decodes the rest.
bool mayHoldPrivateKey(QByteArrayView data);

} // namespace certlife
