// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/PemReader.h"

#include <array>
#include <cstring>
#include <openssl/crypto.h>

namespace certlife {

namespace {

constexpr QByteArrayView kBegin("-----BEGIN ");
constexpr QByteArrayView kEnd("-----END ");
constexpr QByteArrayView kDashes("-----");

constexpr quint8 kWhitespace = 64, kPad = 65, kInvalid = 255;

constexpr std::array<quint8, 256> makeBase64Table()
{
    std::array<quint8, 256> t{};
    for (auto& v : t)
        v = kInvalid;
    for (int i = 0; i < 26; ++i) {
        t[size_t('A' + i)] = quint8(i);
        t[size_t('a' + i)] = quint8(26 + i);
    }
    for (int i = 0; i < 10; ++i)
        t[size_t('0' + i)] = quint8(52 + i);
    t[size_t('+')] = 62;
    t[size_t('/')] = 63;
    t[size_t('=')] = kPad;
    for (char c : {' ', '\n', '\r', '\t'})
        t[size_t(quint8(c))] = kWhitespace;
    return t;
}
constexpr std::array<quint8, 256> kBase64 = makeBase64Table();

// Strict base64 decoding that skips whitespace; false on any other character,
// misplaced padding or a length that is not a whole number of quads. PEM lines are
// whole quads, so the common case decodes four characters at a time.
bool decodeBase64(QByteArrayView text, QByteArray& out)
{
    out.resize(text.size() * 3 / 4 + 3);
    auto* o = reinterpret_cast<quint8*>(out.data());
    const auto* p = reinterpret_cast<const quint8*>(text.data());
    const quint8* const end = p + text.size();
    quint32 acc = 0;
    int inQuad = 0, padInQuad = 0, pad = 0;
    while (p < end) {
        if (inQuad == 0 && pad == 0) {
            while (end - p >= 4) {
                const quint32 a = kBase64[p[0]], b = kBase64[p[1]], c = kBase64[p[2]], d = kBase64[p[3]];
                if ((a | b | c | d) >= 64)
                    break;
                const quint32 v = a << 18 | b << 12 | c << 6 | d;
                o[0] = quint8(v >> 16);
                o[1] = quint8(v >> 8);
                o[2] = quint8(v);
                o += 3;
                p += 4;
            }
            if (p == end)
                break;
        }
        const quint8 v = kBase64[*p++];
        if (v == kWhitespace)
            continue;
        if (v == kInvalid)
            return false;
        if (v == kPad) {
            ++pad;
            ++padInQuad;
        } else {
            if (pad)
                return false; // data after padding
            acc = (acc << 6) | v;
        }
        if (++inQuad == 4) {
            if (padInQuad > 2)
                return false;
            acc <<= 6 * padInQuad;
            const int bytes = 3 - padInQuad;
            for (int i = 0; i < bytes; ++i)
                *o++ = quint8(acc >> (16 - 8 * i));
            acc = 0;
            inQuad = padInQuad = 0;
        }
    }
    if (inQuad != 0 || pad > 2)
        return false;
    out.truncate(reinterpret_cast<char*>(o) - out.constData());
    return true;
}

// memmem: glibc's is vectorised; QByteArrayView::indexOf hashes for longer needles.
qsizetype find(QByteArrayView data, QByteArrayView needle, qsizetype from)
{
    if (from < 0 || from >= data.size())
        return -1;
    const void* hit = memmem(data.data() + from, size_t(data.size() - from), needle.data(), size_t(needle.size()));
    return hit ? static_cast<const char*>(hit) - data.data() : -1;
}

// RFC 1421 headers (legacy encrypted keys) end at the first blank line.
QByteArrayView skipHeaders(QByteArrayView body, bool& encrypted)
{
    encrypted = body.indexOf("ENCRYPTED") >= 0;
    qsizetype blank = body.indexOf("\n\n");
    qsizetype skip = 2;
    if (blank < 0) {
        blank = body.indexOf("\r\n\r\n");
        skip = 4;
    }
    return blank >= 0 ? body.sliced(blank + skip) : body;
}

// Where the END line of a block with this label starts, or -1 when another BEGIN
// comes first (the block was cut off) or there is none.
qsizetype findEnd(QByteArrayView data, qsizetype bodyStart, QByteArrayView label)
{
    auto isOurEnd = [&](qsizetype at) {
        const QByteArrayView rest = data.sliced(at);
        return rest.startsWith(kEnd) && rest.sliced(kEnd.size()).startsWith(label)
            && rest.sliced(kEnd.size() + label.size()).startsWith(kDashes);
    };
    // Base64 has no '-': the first dashes after the body are normally our END line.
    const qsizetype dashes = find(data, kDashes, bodyStart);
    if (dashes < 0)
        return -1;
    if (isOurEnd(dashes))
        return dashes;
    // Unusual text: find our END line anywhere after, refusing it if a BEGIN comes first.
    for (qsizetype at = find(data, kEnd, bodyStart); at >= 0; at = find(data, kEnd, at + 1)) {
        if (!isOurEnd(at))
            continue;
        const qsizetype nextBegin = find(data, kBegin, bodyStart);
        return nextBegin >= 0 && nextBegin < at ? -1 : at;
    }
    return -1;
}

} // namespace

bool looksLikePem(QByteArrayView data)
{
    return find(data, kBegin, 0) >= 0;
}

bool nextPemBlock(QByteArrayView data, qsizetype& pos, PemBlockSpan& out)
{
    const qsizetype begin = find(data, kBegin, pos);
    if (begin < 0)
        return false;
    out = {};
    const qsizetype labelStart = begin + kBegin.size();
    const qsizetype labelEnd = find(data, kDashes, labelStart);
    const qsizetype eol = data.indexOf('\n', labelStart);
    if (labelEnd < 0 || (eol >= 0 && eol < labelEnd) || labelEnd - labelStart > 64) {
        out.problem = PemBlockSpan::Problem::MalformedBegin;
        pos = labelStart;
        return true;
    }
    out.labelStart = labelStart;
    out.labelSize = labelEnd - labelStart;
    const qsizetype bodyStart = labelEnd + kDashes.size();
    const qsizetype end = findEnd(data, bodyStart, data.sliced(labelStart, out.labelSize));
    if (end < 0) {
        out.problem = PemBlockSpan::Problem::NoEnd;
        pos = bodyStart;
        return true;
    }
    out.bodyStart = bodyStart;
    out.bodySize = end - bodyStart;
    pos = end + kEnd.size() + out.labelSize + kDashes.size();
    return true;
}

PemBlockView decodePemBlock(QByteArrayView data, const PemBlockSpan& span, QByteArray& buffer)
{
    PemBlockView block;
    if (span.problem == PemBlockSpan::Problem::MalformedBegin) {
        block.error = QStringLiteral("malformed BEGIN line");
        return block;
    }
    block.label = data.sliced(span.labelStart, span.labelSize);
    if (span.problem == PemBlockSpan::Problem::NoEnd) {
        block.error = QStringLiteral("BEGIN %1 without END (truncated?)").arg(QString::fromLatin1(block.label));
        return block;
    }
    const QByteArrayView body = data.sliced(span.bodyStart, span.bodySize);
    bool decoded = decodeBase64(body, buffer);
    if (!decoded && body.indexOf(':') >= 0) // base64 has no ':': RFC 1421 headers
        decoded = decodeBase64(skipHeaders(body, block.encryptedHeaders), buffer);
    if (decoded && !buffer.isEmpty())
        block.der = buffer;
    else
        block.error = QStringLiteral("%1 block has invalid base64").arg(QString::fromLatin1(block.label));
    return block;
}

void forEachPemBlock(QByteArrayView data, const std::function<void(const PemBlockView&)>& onBlock)
{
    QByteArray buffer; // reused for every block, wiped after each
    qsizetype pos = 0;
    PemBlockSpan span;
    while (nextPemBlock(data, pos, span)) {
        onBlock(decodePemBlock(data, span, buffer));
        OPENSSL_cleanse(buffer.data(), size_t(buffer.size()));
    }
}

QList<PemBlock> readPemBlocks(QByteArrayView data)
{
    QList<PemBlock> blocks;
    forEachPemBlock(data, [&](const PemBlockView& b) {
        blocks.append({b.label.toByteArray(), b.der.toByteArray(), b.error, b.encryptedHeaders});
    });
    return blocks;
}

} // namespace certlife
