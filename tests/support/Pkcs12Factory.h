// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Hostile PKCS#12 files for the tests: iteration counts that would take hours to use
// honestly, written into the structure without deriving anything (the MAC then no
// longer verifies, which the reader must never get as far as noticing).

#include "CertFactory.h"

namespace certlife::test {

// `p12` (made by makePkcs12 with iterations > 1, so that the MAC names its count) with
// its counts rewritten: mac > 0 the MAC's, pbe > 0 that of every encryption readable
// without the password (the encrypted contents' own, the shrouded keys' in plain parts).
QByteArray withPkcs12Iterations(const QByteArray& p12, qint64 mac, qint64 pbe);

// A PKCS#12 file whose only count of note hides inside its encrypted contents: the
// certificate and a shrouded key with `keyIterations`, encrypted together (AES-256,
// PBKDF2 with 1 iteration) with `password`, MAC with 1 iteration.
QByteArray makePkcs12WithHiddenKeyIterations(const GeneratedCert& cert, const QByteArray& password,
                                             qint64 keyIterations);

} // namespace certlife::test
