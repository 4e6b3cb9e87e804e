// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArrayView>
#include <cstring>

namespace certlife::der {

// Strict DER reading for the fast certificate path. Unlike readTlv (DerReader.h),
// which tolerates what real files contain, this accepts only the canonical DER
// forms: low tag numbers, definite and minimal length encodings, lengths inside
// the enclosing element. Whatever it refuses, the fast path declines and OpenSSL
// (which re-encodes parts of a certificate canonically) decides.
struct Span
{
    const quint8* data = nullptr;
    qsizetype size = 0;

    static Span of(QByteArrayView v) { return {reinterpret_cast<const quint8*>(v.data()), v.size()}; }
    QByteArrayView view() const { return {reinterpret_cast<const char*>(data), size}; }
    bool equals(const Span& o) const
    {
        if (size != o.size)
            return false;
        if (size > 16) // OIDs and key ids are short: a call to memcmp would cost more
            return std::memcmp(data, o.data, size_t(size)) == 0;
        for (qsizetype i = 0; i < size; ++i)
            if (data[i] != o.data[i])
                return false;
        return true;
    }
    template <qsizetype N> bool equals(const quint8 (&bytes)[N]) const
    {
        return size == N && std::memcmp(data, bytes, size_t(N)) == 0;
    }
};

struct Element
{
    quint8 tag = 0;
    Span content;
    Span whole; // identifier + length + content
};

// Common universal and context tags.
namespace tag {
inline constexpr quint8 Boolean = 0x01, Integer = 0x02, BitString = 0x03, OctetString = 0x04, Null = 0x05, Oid = 0x06,
                        Utf8String = 0x0C, PrintableString = 0x13, T61String = 0x14, Ia5String = 0x16, UtcTime = 0x17,
                        GeneralizedTime = 0x18, UniversalString = 0x1C, BmpString = 0x1E, Sequence = 0x30, Set = 0x31;
inline constexpr quint8 context(int n)
{
    return quint8(0x80 | n);
}
inline constexpr quint8 contextConstructed(int n)
{
    return quint8(0xA0 | n);
}
} // namespace tag

class Cursor
{
public:
    Cursor() = default;
    explicit Cursor(Span s) : m_p(s.data), m_end(s.data + s.size) {}

    bool atEnd() const { return m_p == m_end; }
    // Tag of the next element, 0 at the end (0 is never a valid tag here).
    quint8 peekTag() const { return m_p < m_end ? *m_p : 0; }
    const quint8* position() const { return m_p; }

    bool next(Element& out)
    {
        const qsizetype avail = m_end - m_p;
        if (avail < 2)
            return false;
        const quint8 t = m_p[0];
        if ((t & 0x1F) == 0x1F)
            return false;
        qsizetype len = m_p[1];
        qsizetype header = 2;
        if (len & 0x80) {
            const int octets = int(len & 0x7F);
            if (octets == 0 || octets > 3 || avail < 2 + octets || m_p[2] == 0)
                return false; // indefinite, ≥ 16 MiB, or a leading zero octet
            len = 0;
            for (int i = 0; i < octets; ++i)
                len = (len << 8) | m_p[2 + i];
            if (len < 0x80)
                return false; // long form for a short length
            header += octets;
        }
        if (len > avail - header)
            return false;
        out.tag = t;
        out.whole = {m_p, header + len};
        out.content = {m_p + header, len};
        m_p += header + len;
        return true;
    }

    bool next(quint8 expectedTag, Element& out) { return peekTag() == expectedTag && next(out); }

private:
    const quint8* m_p = nullptr;
    const quint8* m_end = nullptr;
};

// OBJECT IDENTIFIER content as OpenSSL's c2i_ASN1_OBJECT accepts it: at least one
// octet, the last without its high bit, no subidentifier starting with 0x80.
inline bool isValidOid(Span content)
{
    if (content.size == 0 || content.size > 4096 || (content.data[content.size - 1] & 0x80))
        return false;
    for (qsizetype i = 0; i < content.size; ++i)
        if (content.data[i] == 0x80 && (i == 0 || !(content.data[i - 1] & 0x80)))
            return false;
    return true;
}

// INTEGER content as OpenSSL 3 accepts it (c2i_ibuf): not empty, and no padding
// octet that the next octet makes redundant.
inline bool isValidInteger(Span content)
{
    if (content.size == 0)
        return false;
    if (content.size == 1)
        return true;
    const quint8 first = content.data[0];
    const bool negative = first & 0x80;
    bool pad = false;
    if (first == 0x00) {
        pad = true;
    } else if (first == 0xFF) {
        for (qsizetype i = 1; i < content.size && !pad; ++i)
            pad = content.data[i] != 0;
    }
    return !(pad && negative == bool(content.data[1] & 0x80));
}

} // namespace certlife::der
