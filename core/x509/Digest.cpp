// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The low-level SHA*_Init/Update/Final functions are deprecated in OpenSSL 3 in
// favour of EVP, which fetches the implementation on each call; they remain the
// fastest path to the same assembly code, which is what fingerprinting needs.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "x509/Digest.h"

#include <openssl/sha.h>

namespace certlife {

void sha1Of(QByteArrayView data, Sha1Digest& out)
{
    SHA_CTX ctx;
    SHA1_Init(&ctx);
    SHA1_Update(&ctx, data.data(), size_t(data.size()));
    SHA1_Final(out.data(), &ctx);
}

void sha256Of(QByteArrayView data, Sha256Digest& out)
{
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data.data(), size_t(data.size()));
    SHA256_Final(out.data(), &ctx);
}

} // namespace certlife
