// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/KeyIdentifiers.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace certlife {

namespace {
QByteArray bytesOf(const ASN1_OCTET_STRING* s)
{
    if (!s)
        return {};
    return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s));
}
} // namespace

KeyIdentifiers keyIdentifiersOf(const QByteArray& der)
{
    KeyIdentifiers ids;
    if (der.isEmpty())
        return ids;
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509* x = d2i_X509(nullptr, &p, long(der.size()));
    if (!x)
        return ids;
    ids.subjectKeyId = bytesOf(X509_get0_subject_key_id(x));
    ids.authorityKeyId = bytesOf(X509_get0_authority_key_id(x));
    X509_free(x);
    return ids;
}

} // namespace certlife
