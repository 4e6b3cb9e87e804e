// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/Certificate.h"

namespace certlife {

QString toHexUpper(const quint8* data, int size)
{
    static const char digits[] = "0123456789ABCDEF";
    QString out(size * 2, Qt::Uninitialized);
    QChar* p = out.data();
    for (int i = 0; i < size; ++i) {
        *p++ = QLatin1Char(digits[data[i] >> 4]);
        *p++ = QLatin1Char(digits[data[i] & 0xF]);
    }
    return out;
}

QString SubjectAltName::typeName() const
{
    switch (type) {
    case Type::Dns: return QStringLiteral("DNS");
    case Type::Ip: return QStringLiteral("IP");
    case Type::Email: return QStringLiteral("email");
    case Type::Uri: return QStringLiteral("URI");
    }
    return {};
}

QStringList keyUsageNames(quint16 bits)
{
    static const std::pair<quint16, const char*> names[] = {
        {KuDigitalSignature, "digitalSignature"},
        {KuNonRepudiation, "nonRepudiation"},
        {KuKeyEncipherment, "keyEncipherment"},
        {KuDataEncipherment, "dataEncipherment"},
        {KuKeyAgreement, "keyAgreement"},
        {KuKeyCertSign, "keyCertSign"},
        {KuCrlSign, "cRLSign"},
        {KuEncipherOnly, "encipherOnly"},
        {KuDecipherOnly, "decipherOnly"},
    };
    QStringList out;
    for (const auto& [bit, name] : names)
        if (bits & bit)
            out << QLatin1String(name);
    return out;
}

QStringList Certificate::sanStrings() const
{
    QStringList out;
    out.reserve(sans.size());
    for (const auto& s : sans)
        out << s.toString();
    return out;
}

QStringList Certificate::dnsNames() const
{
    QStringList out;
    for (const auto& s : sans)
        if (s.type == SubjectAltName::Type::Dns)
            out << s.value;
    return out;
}

QString Certificate::pem() const
{
    const QByteArray b64 = der.toBase64();
    QString out = QStringLiteral("-----BEGIN CERTIFICATE-----\n");
    for (qsizetype i = 0; i < b64.size(); i += 64)
        out += QString::fromLatin1(b64.mid(i, 64)) + QLatin1Char('\n');
    out += QStringLiteral("-----END CERTIFICATE-----\n");
    return out;
}

QString Certificate::displayName() const
{
    if (!subjectCN.isEmpty())
        return subjectCN;
    const QStringList dns = dnsNames();
    if (!dns.isEmpty())
        return dns.first();
    return subject;
}

} // namespace certlife
