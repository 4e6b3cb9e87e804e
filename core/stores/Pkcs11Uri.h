// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace certlife {

// PKCS#11 URIs (RFC 7512) as Certlife uses them: a pkcs11 store's path names the
// module and token it reads (`pkcs11:token=HSM%201?module-path=/usr/lib/x.so`; plain
// `pkcs11:` is every token of p11-kit's configured modules), and each certificate's
// location names its object (`pkcs11:token=HSM%201;object=web;id=%01;type=cert`).

struct Pkcs11Target
{
    QString modulePath; // empty: p11-kit's configured modules
    QString token;      // empty: every token
};

// The URI of a store reading `target`.
QString pkcs11StoreUri(const Pkcs11Target& target);
// Parses a store's URI; false and *error (naming what is wrong) when it is not one.
bool parsePkcs11StoreUri(const QString& uri, Pkcs11Target* target, QString* error);

// The URI of one object (token and label as the token gives them, UTF-8): `type` is
// "cert" or "private".
QString pkcs11ObjectUri(const QByteArray& token, const QByteArray& label, const QByteArray& id, const char* type);

// RFC 7512's percent-encoding of an attribute value: unreserved characters as they are,
// every other byte of the UTF-8 as %XX. `everyByte` encodes all of them (ids).
QString pkcs11Encode(const QByteArray& value, bool everyByte = false);

} // namespace certlife
