// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

namespace certlife {

// A certificate's key identifiers (RFC 5280 4.2.1.1, 4.2.1.2): its own key's (subject
// key identifier) and its issuer's key's (the keyIdentifier of the authority key
// identifier). Two roots of one DN (a re-keyed CA) differ by their SKI, and a leaf's
// AKI says which of them signed it. Read on demand from the DER (the parsed Certificate
// does not keep them); empty when absent or the DER cannot be read.
struct KeyIdentifiers
{
    QByteArray subjectKeyId;
    QByteArray authorityKeyId;
};
KeyIdentifiers keyIdentifiersOf(const QByteArray& der);

} // namespace certlife
