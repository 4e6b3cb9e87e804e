// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/DerExtensions.h"

#include "x509/DerReader.h"
#include "x509/OidNames.h"

namespace certlife::der {

namespace {

// The extensions that matter here, by OID.
enum class ExtensionKind {
    Other, // not decoded by OpenSSL for anything we report: AIA, policies, SCTs, …
    BasicConstraints,
    KeyUsage,
    ExtKeyUsage,
    SubjectAltName,
    SubjectKeyId,
    AuthorityKeyId,
    CrlDistributionPoints,
    TemplateName,
    TemplateInfo,
    Unsupported, // decoded and validated by OpenSSL in ways the fast path does not mirror
};

ExtensionKind kindOf(Span oid)
{
    const quint8* d = oid.data;
    if (oid.size == 3 && d[0] == 0x55 && d[1] == 0x1D) { // 2.5.29.*
        switch (d[2]) {
        case 0x0E: return ExtensionKind::SubjectKeyId;
        case 0x0F: return ExtensionKind::KeyUsage;
        case 0x11: return ExtensionKind::SubjectAltName;
        case 0x13: return ExtensionKind::BasicConstraints;
        case 0x1E: return ExtensionKind::Unsupported; // nameConstraints
        case 0x1F: return ExtensionKind::CrlDistributionPoints;
        case 0x23: return ExtensionKind::AuthorityKeyId;
        case 0x25: return ExtensionKind::ExtKeyUsage;
        default: return ExtensionKind::Other;
        }
    }
    static const quint8 pkix[] = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01}; // 1.3.6.1.5.5.7.1.*
    if (oid.size == 8 && std::memcmp(d, pkix, 7) == 0)                       // proxyCertInfo, RFC 3779 IP and AS blocks
        return d[7] == 0x0E || d[7] == 0x07 || d[7] == 0x08 ? ExtensionKind::Unsupported : ExtensionKind::Other;
    static const quint8 netscapeCertType[] = {0x60, 0x86, 0x48, 0x01, 0x86, 0xF8, 0x42, 0x01, 0x01};
    static const quint8 templateName[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02};
    static const quint8 templateInfo[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x07};
    if (oid.equals(netscapeCertType))
        return ExtensionKind::Unsupported;
    if (oid.equals(templateName))
        return ExtensionKind::TemplateName;
    if (oid.equals(templateInfo))
        return ExtensionKind::TemplateInfo;
    return ExtensionKind::Other;
}

// GeneralName kinds the fast path reports: rfc822Name [1], dNSName [2], URI [6],
// iPAddress [7], all primitive. Others (otherName, directoryName, …) need OpenSSL's
// full decoder to be sure they decode, so they decline.
bool isSimpleGeneralName(quint8 t)
{
    return t == tag::context(1) || t == tag::context(2) || t == tag::context(6) || t == tag::context(7);
}

bool isSimpleGeneralNames(Span content, bool allowEmpty)
{
    Cursor names(content);
    if (names.atEnd() && !allowEmpty)
        return false;
    while (!names.atEnd()) {
        Element name;
        if (!names.next(name) || !isSimpleGeneralName(name.tag))
            return false;
    }
    return true;
}

// A SEQUENCE (or other element) that is the whole extnValue, nothing after it.
bool single(Span value, quint8 expectedTag, Element& out)
{
    Cursor c(value);
    return c.next(expectedTag, out) && c.atEnd();
}

bool isValidBitString(Span content)
{
    return content.size >= 1 && content.data[0] <= 7;
}

// ex_kusage as OpenSSL computes it: the first two octets, the unused bits of the
// last one cleared (c2i_ASN1_BIT_STRING).
quint16 bitStringUsage(Span content)
{
    const int unused = content.data[0];
    const qsizetype n = content.size - 1;
    quint8 b0 = n > 0 ? content.data[1] : 0;
    quint8 b1 = n > 1 ? content.data[2] : 0;
    if (n == 1)
        b0 &= quint8(0xFF << unused);
    if (n == 2)
        b1 &= quint8(0xFF << unused);
    return quint16(b0 | (b1 << 8));
}

bool readBasicConstraints(Span value, Extensions& out)
{
    Element seq, e;
    if (!single(value, tag::Sequence, seq))
        return false;
    Cursor c(seq.content);
    if (c.peekTag() == tag::Boolean) {
        if (!c.next(e) || e.content.size != 1)
            return false;
        out.isCA = e.content.data[0] != 0;
    }
    if (c.peekTag() == tag::Integer) { // pathLenConstraint: negative makes OpenSSL flag the certificate invalid
        if (!c.next(e) || !isValidInteger(e.content) || (e.content.data[0] & 0x80))
            return false;
    }
    out.hasBasicConstraints = true;
    return c.atEnd();
}

bool readAuthorityKeyId(Span value, Extensions& out)
{
    Element seq, keyId;
    if (!single(value, tag::Sequence, seq))
        return false;
    Cursor c(seq.content);
    if (c.peekTag() == tag::context(0)) {
        if (!c.next(keyId))
            return false;
        out.authorityKeyIdHasKeyId = true;
        out.authorityKeyId = keyId.content;
    }
    out.hasAuthorityKeyId = true;
    return c.atEnd(); // authorityCertIssuer/SerialNumber: OpenSSL compares them for self-signed; decline
}

// CRLDistributionPoints: OpenSSL decodes it (and flags the certificate invalid when
// it does not decode or a point has neither a name nor a CRL issuer). Accepted:
// points whose name is a fullName of simple GeneralNames, with optional reasons.
bool isSimpleCrlDistributionPoints(Span value)
{
    Element seq;
    if (!single(value, tag::Sequence, seq))
        return false;
    Cursor points(seq.content);
    while (!points.atEnd()) {
        Element point, dpName, fullName, reasons;
        if (!points.next(tag::Sequence, point))
            return false;
        Cursor fields(point.content);
        if (!fields.next(tag::contextConstructed(0), dpName))
            return false;
        if (!single(dpName.content, tag::contextConstructed(0), fullName)
            || !isSimpleGeneralNames(fullName.content, false))
            return false;
        if (fields.peekTag() == tag::context(1) && (!fields.next(reasons) || !isValidBitString(reasons.content)))
            return false;
        if (!fields.atEnd()) // cRLIssuer
            return false;
    }
    return true;
}

bool isValidOidSequence(Span value, Element& seq)
{
    if (!single(value, tag::Sequence, seq) || seq.content.size == 0)
        return false;
    Cursor oids(seq.content);
    while (!oids.atEnd()) {
        Element oid;
        if (!oids.next(tag::Oid, oid) || !isValidOid(oid.content))
            return false;
    }
    return true;
}

} // namespace

bool readExtensions(Span extensionsContent, Extensions& out, const char** reason)
{
    auto decline = [&](const char* why) {
        *reason = why;
        return false;
    };
    QVarLengthArray<Span, 16> seen;
    Cursor list(extensionsContent);
    while (!list.atEnd()) {
        Element ext, oid, critical, value;
        if (!list.next(tag::Sequence, ext))
            return decline("malformed extension list");
        Cursor fields(ext.content);
        if (!fields.next(tag::Oid, oid) || !isValidOid(oid.content))
            return decline("malformed extension OID");
        if (fields.peekTag() == tag::Boolean && (!fields.next(critical) || critical.content.size != 1))
            return decline("malformed extension criticality");
        if (!fields.next(tag::OctetString, value) || !fields.atEnd())
            return decline("malformed extension value");
        for (const Span& s : seen)
            if (s.equals(oid.content))
                return decline("duplicate extension");
        seen.append(oid.content);

        const Span v = value.content;
        Element inner;
        switch (kindOf(oid.content)) {
        case ExtensionKind::BasicConstraints:
            if (!readBasicConstraints(v, out))
                return decline("basicConstraints not decodable as OpenSSL needs");
            break;
        case ExtensionKind::KeyUsage:
            if (!single(v, tag::BitString, inner) || !isValidBitString(inner.content))
                return decline("malformed keyUsage");
            out.hasKeyUsage = true;
            out.keyUsage = bitStringUsage(inner.content);
            break;
        case ExtensionKind::ExtKeyUsage:
            if (!isValidOidSequence(v, inner))
                return decline("malformed extendedKeyUsage");
            out.extendedKeyUsage = inner.content;
            break;
        case ExtensionKind::SubjectAltName:
            if (!single(v, tag::Sequence, inner) || !isSimpleGeneralNames(inner.content, true))
                return decline("subjectAltName with name types the fast path does not report");
            out.subjectAltNames = inner.content;
            break;
        case ExtensionKind::SubjectKeyId:
            if (!single(v, tag::OctetString, inner))
                return decline("malformed subjectKeyIdentifier");
            out.hasSubjectKeyId = true;
            out.subjectKeyId = inner.content;
            break;
        case ExtensionKind::AuthorityKeyId:
            if (!readAuthorityKeyId(v, out))
                return decline("authorityKeyIdentifier with issuer/serial or malformed");
            break;
        case ExtensionKind::CrlDistributionPoints:
            if (!isSimpleCrlDistributionPoints(v))
                return decline("CRL distribution points the fast path cannot vouch for");
            break;
        case ExtensionKind::TemplateName:
            out.hasTemplateName = true;
            out.templateName = v;
            break;
        case ExtensionKind::TemplateInfo:
            out.hasTemplateInfo = true;
            out.templateInfo = v;
            break;
        case ExtensionKind::Unsupported: return decline("extension OpenSSL validates that the fast path does not");
        case ExtensionKind::Other: break;
        }
    }
    return true;
}

qsizetype countElements(Span content)
{
    Cursor c(content);
    Element e;
    qsizetype n = 0;
    while (c.next(e))
        ++n;
    return n;
}

void appendSubjectAltNames(Span generalNames, QList<SubjectAltName>& out)
{
    out.reserve(out.size() + countElements(generalNames)); // held for long: exactly the space needed
    Cursor names(generalNames);
    Element name;
    while (names.next(name)) {
        SubjectAltName san;
        switch (name.tag & 0x1F) {
        case 1: san.type = SubjectAltName::Type::Email; break;
        case 2: san.type = SubjectAltName::Type::Dns; break;
        case 6: san.type = SubjectAltName::Type::Uri; break;
        default: san.type = SubjectAltName::Type::Ip; break;
        }
        san.value = san.type == SubjectAltName::Type::Ip ? ipAddressText(name.content.view())
                                                         : QString::fromLatin1(name.content.view());
        out.append(std::move(san));
    }
}

bool appendExtendedKeyUsages(Span oids, QList<ExtendedKeyUsage>& out)
{
    // The usual EKUs resolved once; their strings are then shared, not rebuilt.
    struct Known
    {
        QByteArray der;
        ExtendedKeyUsage eku;
    };
    static const QList<Known> known = [] {
        QList<Known> table;
        // Literals: copies share static data, so threads never contend on a reference count.
        for (const QString& oid : {QStringLiteral("1.3.6.1.5.5.7.3.1"), QStringLiteral("1.3.6.1.5.5.7.3.2"),
                                   QStringLiteral("1.3.6.1.5.5.7.3.3"), QStringLiteral("1.3.6.1.5.5.7.3.4"),
                                   QStringLiteral("1.3.6.1.5.5.7.3.8"), QStringLiteral("1.3.6.1.5.5.7.3.9"),
                                   QStringLiteral("1.3.6.1.4.1.311.20.2.2"), QStringLiteral("1.3.6.1.4.1.311.10.3.4"),
                                   QStringLiteral("2.5.29.37.0")})
            table.append({oidToDer(oid), ExtendedKeyUsage{oid, extendedKeyUsageName(oid)}});
        return table;
    }();
    out.reserve(out.size() + countElements(oids));
    Cursor list(oids);
    Element oid;
    while (list.next(oid)) {
        const Known* hit = nullptr;
        for (const Known& k : known) {
            if (oid.content.equals(Span::of(k.der))) {
                hit = &k;
                break;
            }
        }
        if (hit) {
            out.append(hit->eku);
            continue;
        }
        const QString dotted = oidToString(oid.content.view());
        if (dotted.isEmpty() || dotted.size() >= 100) // OpenSSL's reader prints at most 127 characters
            return false;
        out.append({dotted, extendedKeyUsageName(dotted)});
    }
    return true;
}

QString templateName(const Extensions& ext)
{
    if (ext.hasTemplateName) {
        const QString name = templateFromExtension(QLatin1String(kTemplateNameOid), ext.templateName.view());
        if (!name.isEmpty())
            return name;
    }
    if (ext.hasTemplateInfo)
        return templateFromExtension(QLatin1String(kTemplateInfoOid), ext.templateInfo.view());
    return {};
}

} // namespace certlife::der
