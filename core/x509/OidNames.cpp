// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/OidNames.h"

#include <QHash>
#include <openssl/objects.h>

namespace certlife {

QString extendedKeyUsageName(const QString& oid)
{
    static const QHash<QString, QString> known = {
        {QStringLiteral("1.3.6.1.5.5.7.3.1"), QStringLiteral("TLS Web Server Authentication")},
        {QStringLiteral("1.3.6.1.5.5.7.3.2"), QStringLiteral("TLS Web Client Authentication")},
        {QStringLiteral("1.3.6.1.5.5.7.3.3"), QStringLiteral("Code Signing")},
        {QStringLiteral("1.3.6.1.5.5.7.3.4"), QStringLiteral("E-mail Protection")},
        {QStringLiteral("1.3.6.1.5.5.7.3.5"), QStringLiteral("IPSec End System")},
        {QStringLiteral("1.3.6.1.5.5.7.3.6"), QStringLiteral("IPSec Tunnel")},
        {QStringLiteral("1.3.6.1.5.5.7.3.7"), QStringLiteral("IPSec User")},
        {QStringLiteral("1.3.6.1.5.5.7.3.8"), QStringLiteral("Time Stamping")},
        {QStringLiteral("1.3.6.1.5.5.7.3.9"), QStringLiteral("OCSP Signing")},
        {QStringLiteral("1.3.6.1.5.5.7.3.17"), QStringLiteral("ipsec Internet Key Exchange")},
        {QStringLiteral("2.5.29.37.0"), QStringLiteral("Any Extended Key Usage")},
        {QStringLiteral("1.3.6.1.4.1.311.20.2.2"), QStringLiteral("Microsoft Smartcard Login")},
        {QStringLiteral("1.3.6.1.4.1.311.10.3.3"), QStringLiteral("Microsoft Server Gated Crypto")},
        {QStringLiteral("1.3.6.1.4.1.311.10.3.4"), QStringLiteral("Microsoft Encrypted File System")},
        {QStringLiteral("1.3.6.1.4.1.311.2.1.21"), QStringLiteral("Microsoft Individual Code Signing")},
        {QStringLiteral("1.3.6.1.4.1.311.2.1.22"), QStringLiteral("Microsoft Commercial Code Signing")},
        {QStringLiteral("2.16.840.1.113730.4.1"), QStringLiteral("Netscape Server Gated Crypto")},
        {QStringLiteral("1.3.6.1.5.2.3.4"), QStringLiteral("PKINITClientAuth")},
        {QStringLiteral("1.3.6.1.5.2.3.5"), QStringLiteral("Signing KDC Response")},
    };
    const auto it = known.constFind(oid);
    if (it != known.constEnd())
        return *it;
    // Rare OIDs: ask OpenSSL's object table (read-only lookups are thread-safe).
    const QByteArray ascii = oid.toLatin1();
    const int nid = OBJ_txt2nid(ascii.constData());
    if (nid != NID_undef) {
        if (const char* ln = OBJ_nid2ln(nid); ln && QLatin1String(ln) != oid)
            return QString::fromUtf8(ln);
    }
    return oid;
}

} // namespace certlife
