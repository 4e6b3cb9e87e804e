// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QByteArrayView>

namespace certlife {

// SHA-1 and SHA-256 for certificate fingerprints, as fast as this machine allows:
// OpenSSL's SHA-NI/AVX2 code without the per-call algorithm fetch of its one-shot
// and EVP functions (measured: 0.9 µs for both digests of 800 bytes, against 1.6-2.0
// µs for SHA1()/SHA256() and about 4 µs with mbedTLS' portable C).
void sha1Of(QByteArrayView data, Sha1Digest& out);
void sha256Of(QByteArrayView data, Sha256Digest& out);

} // namespace certlife
