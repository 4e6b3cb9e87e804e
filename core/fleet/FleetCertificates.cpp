// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "fleet/FleetCertificates.h"

#include <QMap>
#include <algorithm>

namespace certlife::fleet {

namespace {

template <size_t N> void digestFromHex(const QString& hex, std::array<quint8, N>& digest)
{
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    if (bytes.size() == qsizetype(N))
        std::copy(bytes.cbegin(), bytes.cend(), digest.begin());
}

QList<SubjectAltName> sansOf(const QStringList& texts)
{
    static const QMap<QString, SubjectAltName::Type> types{{QStringLiteral("DNS"), SubjectAltName::Type::Dns},
                                                           {QStringLiteral("IP"), SubjectAltName::Type::Ip},
                                                           {QStringLiteral("email"), SubjectAltName::Type::Email},
                                                           {QStringLiteral("URI"), SubjectAltName::Type::Uri}};
    QList<SubjectAltName> sans;
    for (const QString& text : texts) {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        const auto type = types.constFind(text.left(colon));
        if (colon > 0 && type != types.cend())
            sans.append({*type, text.mid(colon + 1)});
        else
            sans.append({SubjectAltName::Type::Dns, text});
    }
    return sans;
}

// The last CN= of an RFC 4514 subject (most specific first), as the scanner finds it.
QString commonNameOf(const QString& subject)
{
    for (const QString& part : subject.split(QLatin1Char(','))) {
        const QString rdn = part.trimmed();
        if (rdn.startsWith(QLatin1String("CN="), Qt::CaseInsensitive))
            return rdn.mid(3);
    }
    return {};
}

} // namespace

Certificate certificateOf(const FleetCertificate& c)
{
    Certificate certificate;
    digestFromHex(c.thumbprint, certificate.sha1);
    digestFromHex(c.sha256, certificate.sha256);
    certificate.subject = c.subject;
    certificate.subjectCN = commonNameOf(c.subject);
    certificate.issuer = c.issuer;
    certificate.notBeforeSecs = c.notBefore.toSecsSinceEpoch();
    certificate.notAfterSecs = c.notAfter.toSecsSinceEpoch();
    certificate.sans = sansOf(c.sans);
    const QStringList key = c.key.split(QLatin1Char(' '), Qt::SkipEmptyParts); // "RSA 2048"
    certificate.keyAlgorithm = key.value(0);
    certificate.keyBits = key.value(1).toInt();
    certificate.selfSigned = c.subject == c.issuer;
    return certificate;
}

QString fleetStoreId(const QString& host, const QString& store)
{
    return host + QLatin1Char('/') + store;
}

QString fleetStoreName(const QString& host, const QString& store, Scope scope)
{
    return scope == Scope::User ? QStringLiteral("%1: %2 (User)").arg(host, store)
                                : QStringLiteral("%1: %2").arg(host, store);
}

Scope fleetScopeOf(const FleetCertificate& certificate)
{
    Scope scope = Scope::System;
    parseScope(certificate.channel, &scope);
    return scope;
}

StoreCertificate storeCertificateOf(const FleetCertificateRow& row)
{
    const FleetCertificate& c = row.certificate;
    StoreCertificate entry;
    entry.stored.certificate = certificateOf(c);
    entry.stored.path = c.paths.value(0);
    entry.storeId = fleetStoreId(row.host, c.store);
    entry.scope = fleetScopeOf(c);
    for (const QString& path : c.paths) {
        CertificateLocation location;
        location.path = path;
        entry.locations << location;
    }
    return entry;
}

} // namespace certlife::fleet
