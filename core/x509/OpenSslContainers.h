// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/CertificateParser.h"

typedef struct x509_st X509;

namespace certlife::openssl {

// Makes the legacy provider (RC2, 3DES: older PKCS#12 files) available beside the
// default one. Idempotent and thread-safe.
void ensureLegacyProvider();

// Each appends what it read to `out` and returns false (with out.errors filled) on failure.
bool readPkcs7(QByteArrayView der, ParsedFile& out);
// PKCS#12 (Pkcs12Reader.cpp): refused unread when its iteration counts add up to more
// than kMaxPkcs12Iterations.
bool readPkcs12(QByteArrayView der, const ParseOptions& options, ParsedFile& out);
// A private key (PKCS#8, PKCS#1 RSA, SEC1 EC, DSA) in DER: records only its SPKI hash.
bool readPrivateKey(QByteArrayView der, ParsedFile& out);

// Shared by the readers: the SHA-256 of a key's SubjectPublicKeyInfo, and a certificate
// appended to out.certificates (or, unreadable, an error saying `where`).
bool spkiOfKey(EVP_PKEY* key, Sha256Digest& out);
void appendX509(X509* x, ParsedFile& out, const QString& where);

} // namespace certlife::openssl
