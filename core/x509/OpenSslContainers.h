#pragma once

#include "x509/CertificateParser.h"

namespace certlife::openssl {

// Makes the legacy provider (RC2, 3DES: older PKCS#12 files) available beside the
// default one. Idempotent and thread-safe.
void ensureLegacyProvider();

// Each appends what it read to `out` and returns false (with out.errors filled) on failure.
bool readPkcs7(QByteArrayView der, ParsedFile& out);
bool readPkcs12(QByteArrayView der, const ParseOptions& options, ParsedFile& out);
// A private key (PKCS#8, PKCS#1 RSA, SEC1 EC, DSA) in DER: records only its SPKI hash.
bool readPrivateKey(QByteArrayView der, ParsedFile& out);

} // namespace certlife::openssl
