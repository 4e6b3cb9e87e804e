// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/CertificateDiff.h"

namespace certlife {

namespace {

QString quoted(const QString& s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}
QString text(const QString& s)
{
    return quoted(s);
}
QString text(const QByteArray& b)
{
    return QString::fromLatin1(b.toHex());
}
QString text(qint64 v)
{
    return QString::number(v);
}
QString text(int v)
{
    return QString::number(v);
}
QString text(quint16 v)
{
    return QStringLiteral("0x%1").arg(v, 4, 16, QLatin1Char('0'));
}
QString text(bool v)
{
    return v ? QStringLiteral("true") : QStringLiteral("false");
}
template <size_t N> QString text(const std::array<quint8, N>& d)
{
    return toHexUpper(d);
}
QString text(const QList<SubjectAltName>& sans)
{
    QStringList out;
    for (const auto& s : sans)
        out << s.toString();
    return QLatin1Char('[') + out.join(QStringLiteral(", ")) + QLatin1Char(']');
}
QString text(const QList<ExtendedKeyUsage>& ekus)
{
    QStringList out;
    for (const auto& e : ekus)
        out << e.oid + QLatin1Char('=') + quoted(e.name);
    return QLatin1Char('[') + out.join(QStringLiteral(", ")) + QLatin1Char(']');
}

template <typename T> void compare(QStringList& out, const char* field, const T& a, const T& b)
{
    if (!(a == b))
        out << QLatin1String(field) + QStringLiteral(": ") + text(a) + QStringLiteral(" != ") + text(b);
}

} // namespace

QStringList certificateDifferences(const Certificate& a, const Certificate& b)
{
    QStringList out;
    compare(out, "der", a.der, b.der);
    compare(out, "sha1", a.sha1, b.sha1);
    compare(out, "sha256", a.sha256, b.sha256);
    compare(out, "spkiSha256", a.spkiSha256, b.spkiSha256);
    compare(out, "subject", a.subject, b.subject);
    compare(out, "subjectCN", a.subjectCN, b.subjectCN);
    compare(out, "issuer", a.issuer, b.issuer);
    compare(out, "serialHex", a.serialHex, b.serialHex);
    compare(out, "notBeforeSecs", a.notBeforeSecs, b.notBeforeSecs);
    compare(out, "notAfterSecs", a.notAfterSecs, b.notAfterSecs);
    compare(out, "sans", a.sans, b.sans);
    compare(out, "ekus", a.ekus, b.ekus);
    compare(out, "keyUsage", a.keyUsage, b.keyUsage);
    compare(out, "hasKeyUsage", a.hasKeyUsage, b.hasKeyUsage);
    compare(out, "keyAlgorithm", a.keyAlgorithm, b.keyAlgorithm);
    compare(out, "keyBits", a.keyBits, b.keyBits);
    compare(out, "isCA", a.isCA, b.isCA);
    compare(out, "selfSigned", a.selfSigned, b.selfSigned);
    compare(out, "templateName", a.templateName, b.templateName);
    compare(out, "hasPrivateKey", a.hasPrivateKey, b.hasPrivateKey);
    return out;
}

} // namespace certlife
