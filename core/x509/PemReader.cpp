#include "x509/PemReader.h"

namespace certlife {

namespace {

constexpr QByteArrayView kBegin("-----BEGIN ");
constexpr QByteArrayView kDashes("-----");

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// Strict base64 decoding that skips whitespace; returns false on any other character,
// misplaced padding or a length that is not a whole number of quads.
bool decodeBase64(QByteArrayView text, QByteArray& out)
{
    out.resize(text.size() * 3 / 4 + 3);
    char* o = out.data();
    quint32 acc = 0;
    int bits = 0, pad = 0, count = 0;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            ++pad;
            ++count;
            continue;
        }
        const int v = base64Value(c);
        if (v < 0 || pad)
            return false;
        acc = (acc << 6) | quint32(v);
        bits += 6;
        ++count;
        if (bits >= 8) {
            bits -= 8;
            *o++ = char((acc >> bits) & 0xFF);
        }
    }
    if (count % 4 != 0 || pad > 2)
        return false;
    out.truncate(o - out.constData());
    return true;
}

} // namespace

bool looksLikePem(QByteArrayView data)
{
    return data.indexOf(kBegin) >= 0;
}

QList<PemBlock> readPemBlocks(QByteArrayView data)
{
    QList<PemBlock> blocks;
    qsizetype pos = 0;
    while (true) {
        const qsizetype begin = data.indexOf(kBegin, pos);
        if (begin < 0)
            break;
        const qsizetype labelStart = begin + kBegin.size();
        const qsizetype labelEnd = data.indexOf(kDashes, labelStart);
        const qsizetype eol = data.indexOf('\n', labelStart);
        PemBlock block;
        if (labelEnd < 0 || (eol >= 0 && eol < labelEnd) || labelEnd - labelStart > 64) {
            block.error = QStringLiteral("malformed BEGIN line");
            blocks.append(block);
            pos = labelStart;
            continue;
        }
        block.label = data.sliced(labelStart, labelEnd - labelStart).toByteArray();
        const QByteArray endMarker = "-----END " + block.label + "-----";
        const qsizetype bodyStart = labelEnd + kDashes.size();
        const qsizetype end = data.indexOf(endMarker, bodyStart);
        // Another BEGIN before our END means this block was cut off.
        const qsizetype nextBegin = data.indexOf(kBegin, bodyStart);
        if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
            block.error = QStringLiteral("BEGIN %1 without END (truncated?)").arg(QString::fromLatin1(block.label));
            blocks.append(block);
            pos = bodyStart;
            continue;
        }
        QByteArrayView body = data.sliced(bodyStart, end - bodyStart);
        // RFC 1421 headers (legacy encrypted keys): skip everything up to the blank line.
        if (body.indexOf(':') >= 0) {
            block.encryptedHeaders = body.indexOf("ENCRYPTED") >= 0;
            qsizetype blank = body.indexOf("\n\n");
            qsizetype skip = 2;
            if (blank < 0) {
                blank = body.indexOf("\r\n\r\n");
                skip = 4;
            }
            if (blank >= 0)
                body = body.sliced(blank + skip);
        }
        if (!decodeBase64(body, block.der) || block.der.isEmpty()) {
            block.der.clear();
            block.error = QStringLiteral("%1 block has invalid base64").arg(QString::fromLatin1(block.label));
        }
        blocks.append(block);
        pos = end + endMarker.size();
    }
    return blocks;
}

} // namespace certlife
