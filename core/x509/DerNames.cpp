// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/DerNames.h"

#include <QByteArray>
#include <QList>
#include <array>
#include <openssl/objects.h>

namespace certlife::der {

namespace {

// Short names of attribute types, taken from OpenSSL's own object table once so
// that they are OpenSSL's by construction. 2.5.4.N (content 55 04 N) is indexed
// directly; the few others commonly seen in certificates are listed.
struct AttributeTable
{
    std::array<const char*, 128> x500{}; // 2.5.4.N
    struct Other
    {
        QByteArray oid;
        const char* shortName;
    };
    QList<Other> others;
    Span commonName;

    AttributeTable()
    {
        for (int n = 0; n < 128; ++n) {
            const QByteArray dotted = "2.5.4." + QByteArray::number(n);
            const int nid = OBJ_txt2nid(dotted.constData());
            x500[size_t(n)] = nid != NID_undef ? OBJ_nid2sn(nid) : nullptr;
        }
        static const char* const otherOids[] = {
            "1.2.840.113549.1.9.1",       // emailAddress
            "0.9.2342.19200300.100.1.25", // DC
            "0.9.2342.19200300.100.1.1",  // UID
            "1.3.6.1.4.1.311.60.2.1.1",   // jurisdictionL
            "1.3.6.1.4.1.311.60.2.1.2",   // jurisdictionST
            "1.3.6.1.4.1.311.60.2.1.3",   // jurisdictionC
            "1.2.840.113549.1.9.2",       // unstructuredName
            "1.2.840.113549.1.9.8",       // unstructuredAddress
        };
        for (const char* dotted : otherOids) {
            ASN1_OBJECT* obj = OBJ_txt2obj(dotted, 1);
            const int nid = obj ? OBJ_obj2nid(obj) : NID_undef;
            if (nid != NID_undef)
                others.append({QByteArray(reinterpret_cast<const char*>(OBJ_get0_data(obj)), int(OBJ_length(obj))),
                               OBJ_nid2sn(nid)});
            ASN1_OBJECT_free(obj);
        }
    }

    const char* shortName(Span oid) const
    {
        if (oid.size == 3 && oid.data[0] == 0x55 && oid.data[1] == 0x04)
            return oid.data[2] < 128 ? x500[oid.data[2]] : nullptr;
        for (const Other& o : others)
            if (oid.equals(Span::of(o.oid)))
                return o.shortName;
        return nullptr;
    }
};

const AttributeTable& attributeTable()
{
    static const AttributeTable table;
    return table;
}

bool isSurrogate(quint32 c)
{
    return c >= 0xD800 && c <= 0xDFFF;
}

// Strict UTF-8 (RFC 3629), as OpenSSL's UTF8_getc plus is_unicode_valid accept it.
bool isValidUtf8(Span s)
{
    const quint8* p = s.data;
    const quint8* end = p + s.size;
    while (p < end) {
        const quint8 b = *p;
        if (b < 0x80) {
            ++p;
            continue;
        }
        int extra;
        quint32 c, min;
        if ((b & 0xE0) == 0xC0) {
            extra = 1;
            c = b & 0x1F;
            min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            extra = 2;
            c = b & 0x0F;
            min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            extra = 3;
            c = b & 0x07;
            min = 0x10000;
        } else
            return false;
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || isSurrogate(c))
            return false;
        p += extra + 1;
    }
    return true;
}

// Width in octets of one character of a string type: 0 for UTF-8, -1 when unsupported.
int charWidth(quint8 stringTag)
{
    switch (stringTag) {
    case tag::Utf8String: return 0;
    case tag::PrintableString:
    case tag::Ia5String:
    case tag::T61String: return 1; // OpenSSL reads T61String as Latin-1
    case tag::BmpString: return 2;
    case tag::UniversalString: return 4;
    default: return -1;
    }
}

bool isValidString(quint8 stringTag, Span v)
{
    const int width = charWidth(stringTag);
    if (width == 0)
        return isValidUtf8(v);
    if (width == 1)
        return true;
    if (width < 0 || v.size % width != 0)
        return false;
    for (qsizetype i = 0; i < v.size; i += width) {
        quint32 c = 0;
        for (int k = 0; k < width; ++k)
            c = (c << 8) | v.data[i + k];
        if (c > 0x10FFFF || isSurrogate(c))
            return false;
    }
    return true;
}

using Bytes = QVarLengthArray<char, 256>;

void appendUtf8(Bytes& out, quint32 c)
{
    if (c < 0x80) {
        out.append(char(c));
    } else if (c < 0x800) {
        out.append(char(0xC0 | (c >> 6)));
        out.append(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.append(char(0xE0 | (c >> 12)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    } else {
        out.append(char(0xF0 | (c >> 18)));
        out.append(char(0x80 | ((c >> 12) & 0x3F)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    }
}

// Calls f(codeUnit, isFirst, isLast) the way OpenSSL's do_buf walks a string:
// UTF8String octet by octet, the others by character.
template <typename F> void forEachUnit(quint8 stringTag, Span v, F&& f)
{
    const int width = std::max(1, charWidth(stringTag));
    for (qsizetype i = 0; i < v.size; i += width) {
        quint32 c = 0;
        for (int k = 0; k < width; ++k)
            c = (c << 8) | v.data[i + k];
        const bool last = i + width == v.size;
        f(c, i == 0 && !last, last); // do_buf: "last" overrides "first" for one-character strings
    }
}

// do_esc_char() with ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL (no ESC_MSB).
void appendEscaped(Bytes& out, quint8 c, bool first, bool last)
{
    static const char hex[] = "0123456789ABCDEF";
    if (c >= 0x80) {
        out.append(char(c));
        return;
    }
    switch (c) {
    case '"':
    case '+':
    case ',':
    case ';':
    case '<':
    case '>':
    case '\\':
        out.append('\\');
        out.append(char(c));
        return;
    case '#':
        if (first)
            out.append('\\');
        out.append('#');
        return;
    case ' ':
        if (first || last)
            out.append('\\');
        out.append(' ');
        return;
    default: break;
    }
    if (c < 0x20 || c == 0x7F) {
        out.append('\\');
        out.append(hex[c >> 4]);
        out.append(hex[c & 0xF]);
        return;
    }
    out.append(char(c));
}

void appendValue(Bytes& out, const NameAttribute& a)
{
    if (a.valueTag == tag::Utf8String) { // printed octet by octet, no conversion
        forEachUnit(a.valueTag, a.value,
                    [&](quint32 c, bool first, bool last) { appendEscaped(out, quint8(c), first, last); });
        return;
    }
    forEachUnit(a.valueTag, a.value, [&](quint32 c, bool first, bool last) {
        if (c < 0x80)
            appendEscaped(out, quint8(c), first, last);
        else
            appendUtf8(out, c); // every octet ≥ 0x80: never escaped without ESC_MSB
    });
}

void valueToUtf8(const NameAttribute& a, Bytes& out)
{
    if (a.valueTag == tag::Utf8String) {
        out.append(reinterpret_cast<const char*>(a.value.data), a.value.size);
        return;
    }
    forEachUnit(a.valueTag, a.value, [&](quint32 c, bool, bool) { appendUtf8(out, c); });
}

// asn1_string_canon(): UTF-8, leading/trailing white space dropped, inner runs
// collapsed to one space, ASCII lower-cased.
void canonicalValue(const NameAttribute& a, Bytes& out)
{
    Bytes utf8;
    valueToUtf8(a, utf8);
    auto isSpace = [](char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); };
    qsizetype from = 0, to = utf8.size();
    while (from < to && isSpace(utf8[from]))
        ++from;
    while (to > from && isSpace(utf8[to - 1]))
        --to;
    for (qsizetype i = from; i < to;) {
        const char ch = utf8[i];
        if (quint8(ch) >= 0x80) {
            out.append(ch);
            ++i;
        } else if (isSpace(ch)) {
            out.append(' ');
            while (i < to && isSpace(utf8[i]))
                ++i;
        } else {
            out.append(ch >= 'A' && ch <= 'Z' ? char(ch + 32) : ch);
            ++i;
        }
    }
}

} // namespace

bool readName(Span nameContent, NameAttributes& out)
{
    const AttributeTable& table = attributeTable();
    Cursor rdns(nameContent);
    int rdn = 0;
    while (!rdns.atEnd()) {
        Element set;
        if (!rdns.next(tag::Set, set) || set.content.size == 0)
            return false;
        Cursor atvs(set.content);
        while (!atvs.atEnd()) {
            Element atv, oid, value;
            if (!atvs.next(tag::Sequence, atv))
                return false;
            Cursor fields(atv.content);
            if (!fields.next(tag::Oid, oid) || !fields.next(value) || !fields.atEnd())
                return false;
            NameAttribute a;
            a.shortName = table.shortName(oid.content);
            if (!a.shortName || !isValidString(value.tag, value.content) || out.size() >= 64)
                return false;
            a.oid = oid.content;
            a.valueTag = value.tag;
            a.value = value.content;
            a.rdn = rdn;
            a.isCommonName = oid.content.size == 3 && oid.content.data[0] == 0x55 && oid.content.data[1] == 0x04
                && oid.content.data[2] == 0x03;
            out.append(a);
        }
        ++rdn;
    }
    return true;
}

QString formatName(const NameAttributes& attrs)
{
    Bytes out;
    for (qsizetype i = attrs.size() - 1; i >= 0; --i) {
        const NameAttribute& a = attrs[i];
        if (i != attrs.size() - 1)
            out.append(attrs[i + 1].rdn == a.rdn ? '+' : ',');
        out.append(a.shortName, qsizetype(std::strlen(a.shortName)));
        out.append('=');
        appendValue(out, a);
    }
    return QString::fromUtf8(out.constData(), out.size());
}

QString lastCommonName(const NameAttributes& attrs)
{
    for (qsizetype i = attrs.size() - 1; i >= 0; --i) {
        const NameAttribute& a = attrs[i];
        if (!a.isCommonName)
            continue;
        if (charWidth(a.valueTag) == 1)
            return QString::fromLatin1(a.value.view());
        if (a.valueTag == tag::Utf8String)
            return QString::fromUtf8(a.value.view());
        Bytes utf8;
        valueToUtf8(a, utf8);
        return QString::fromUtf8(utf8.constData(), utf8.size());
    }
    return {};
}

NameMatch compareNames(Span rawA, const NameAttributes& a, Span rawB, const NameAttributes& b)
{
    if (rawA.equals(rawB))
        return NameMatch::Same;
    if (a.size() != b.size())
        return NameMatch::Different;
    bool multiValued = false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].rdn != b[i].rdn)
            return NameMatch::Different;
        if (i > 0 && a[i].rdn == a[i - 1].rdn)
            multiValued = true;
    }
    if (multiValued) // canonical encodings sort each RDN's values: leave it to OpenSSL
        return NameMatch::Unsure;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!a[i].oid.equals(b[i].oid))
            return NameMatch::Different;
        Bytes ca, cb;
        canonicalValue(a[i], ca);
        canonicalValue(b[i], cb);
        if (ca.size() != cb.size() || std::memcmp(ca.constData(), cb.constData(), size_t(ca.size())) != 0)
            return NameMatch::Different;
    }
    return NameMatch::Same;
}

} // namespace certlife::der
