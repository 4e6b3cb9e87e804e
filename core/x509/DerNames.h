// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/DerCursor.h"

#include <QString>
#include <QVarLengthArray>

namespace certlife::der {

// One AttributeTypeAndValue of a DER Name, as the fast path reads it.
struct NameAttribute
{
    const char* shortName = nullptr; // OpenSSL's short name of the attribute type ("CN", "emailAddress", …)
    Span oid;                        // content octets of the attribute type
    quint8 valueTag = 0;             // UTF8String, PrintableString, IA5String, T61String, BMPString, UniversalString
    Span value;                      // content octets of the value
    int rdn = 0;                     // index of the RDN (SET) it belongs to
    bool isCommonName = false;
};
using NameAttributes = QVarLengthArray<NameAttribute, 12>;

// Reads a Name (the content of its SEQUENCE). Returns false, and the fast path
// declines, for anything OpenSSL might render differently from formatName():
// attribute types OpenSSL has no short name for, value types other than the six
// above, strings OpenSSL would reject or alter (invalid UTF-8, BMP surrogates, odd
// lengths), empty RDNs, or more than 64 attributes.
bool readName(Span nameContent, NameAttributes& out);

// Exactly what OpenSslCertificateReader::nameToString prints for the same name:
// X509_NAME_print_ex with XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB — most specific
// RDN first, "," between RDNs and "+" inside one, RFC 2253 escapes, UTF-8 kept.
QString formatName(const NameAttributes& attrs);

// The last CN in encoding order converted to UTF-8 as ASN1_STRING_to_UTF8 does;
// empty when the name has none.
QString lastCommonName(const NameAttributes& attrs);

// Whether OpenSSL's X509_NAME_cmp() would call two names equal: it compares
// canonical encodings (strings as UTF-8, ASCII lower-cased, white space trimmed
// and collapsed, each RDN's values sorted). Unsure when the order of values inside
// a multi-valued RDN would decide.
enum class NameMatch { Different, Same, Unsure };
NameMatch compareNames(Span rawA, const NameAttributes& a, Span rawB, const NameAttributes& b);

} // namespace certlife::der
