// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace certlife {

// Verifies a detached CMS/PKCS#7 signature (PEM "CMS"/"PKCS7" or DER, as written by
// `openssl cms -sign -binary`, detached unless -nodetach, or `openssl smime -sign
// -binary`) over `content`, the exact bytes that were hashed.
//
// The trusted signers ARE the trust anchors: each SignerInfo must name one of the
// `trustedSigners` certificates (DER) and its signature must verify with that
// certificate's key. Certificates carried inside the signature are ignored, no
// chain to system roots is built and the signer certificates' validity dates are
// not checked (a trusted signer is a pinned key, like the SHA-256 pin).
//
// Returns an empty string when valid, else the reason.
QString verifyDetachedSignature(const QByteArray& signature, const QByteArray& content,
                                const QList<QByteArray>& trustedSigners);

// Reads every certificate of a PEM or DER file's content into DER; *error when none.
QList<QByteArray> certificatesFromPemOrDer(const QByteArray& data, QString* error);

} // namespace certlife
