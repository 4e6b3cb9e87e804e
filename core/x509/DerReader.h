// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace certlife::der {

// A bounds-checked reader of one DER TLV at a time. Every method fails closed:
// on malformed input it returns false and leaves the caller's output untouched.
struct Tlv
{
    quint8 tag = 0;
    QByteArrayView value; // content octets
    QByteArrayView whole; // tag + length + content
};

bool readTlv(QByteArrayView& in, Tlv& out);  // consumes one TLV from the front of in
QString oidToString(QByteArrayView content); // dotted form; empty when malformed
QString stringValue(const Tlv& tlv);         // UTF8/Printable/IA5/BMP/T61(latin1)/Universal → QString
QByteArray oidToDer(const QString& dotted);  // content octets; empty when not a valid dotted OID

// A SAN iPAddress as both certificate readers show it: dotted IPv4, RFC 5952 IPv6,
// "#" + upper-case hex for any other length.
QString ipAddressText(QByteArrayView bytes);

// Microsoft certificate template, from the value of extension 1.3.6.1.4.1.311.20.2
// (a string: the name) or 1.3.6.1.4.1.311.21.7 (SEQUENCE { OID, major, minor }).
QString templateFromExtension(const QString& extensionOid, QByteArrayView extensionValue);

inline constexpr char kTemplateNameOid[] = "1.3.6.1.4.1.311.20.2";
inline constexpr char kTemplateInfoOid[] = "1.3.6.1.4.1.311.21.7";

} // namespace certlife::der
