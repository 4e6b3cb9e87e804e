// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/FileNames.h"

#include "util/TerminalText.h"

namespace certlife {

namespace {

constexpr char16_t kEscapeBase = 0xDC00; // U+DC80..U+DCFF carry the bytes 0x80..0xFF

bool isEscapedByte(char16_t c)
{
    return c >= 0xDC80 && c <= 0xDCFF;
}

// Length of the valid UTF-8 sequence at data[i], or 0 when it is not one.
int validSequenceLength(const unsigned char* data, qsizetype size, qsizetype i, char32_t* codePoint)
{
    const unsigned char b0 = data[i];
    int len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
        *codePoint = b0;
        return 1;
    }
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else
        return 0;
    if (i + len > size)
        return 0;
    for (int k = 1; k < len; ++k) {
        const unsigned char b = data[i + k];
        if ((b & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not valid UTF-8.
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *codePoint = cp;
    return len;
}

void appendUtf8(QByteArray& out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6))).append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12))).append(char(0x80 | ((cp >> 6) & 0x3F))).append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)))
            .append(char(0x80 | ((cp >> 12) & 0x3F)))
            .append(char(0x80 | ((cp >> 6) & 0x3F)))
            .append(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace

QString decodeFileName(QByteArrayView bytes)
{
    QString fast = QString::fromUtf8(bytes);
    if (!fast.contains(QChar(QChar::ReplacementCharacter)))
        return fast; // the common case: valid UTF-8 without U+FFFD

    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const qsizetype size = bytes.size();
    QString out;
    out.reserve(size);
    for (qsizetype i = 0; i < size;) {
        char32_t cp = 0;
        const int len = validSequenceLength(data, size, i, &cp);
        if (len == 0) {
            out.append(QChar(char16_t(kEscapeBase + data[i])));
            ++i;
            continue;
        }
        if (cp >= 0x10000) {
            out.append(QChar(QChar::highSurrogate(cp)));
            out.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            out.append(QChar(char16_t(cp)));
        }
        i += len;
    }
    return out;
}

QByteArray encodeFileName(const QString& name)
{
    bool escaped = false;
    for (QChar c : name)
        escaped = escaped || isEscapedByte(c.unicode());
    if (!escaped)
        return name.toUtf8();

    QByteArray out;
    out.reserve(name.size() * 3);
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < name.size() && QChar::isLowSurrogate(name.at(i + 1).unicode())) {
            appendUtf8(out, QChar::surrogateToUcs4(c, name.at(i + 1).unicode()));
            ++i;
        } else if (isEscapedByte(c)) {
            out.append(char(c - kEscapeBase));
        } else if (QChar::isSurrogate(c)) {
            appendUtf8(out, 0xFFFD); // a lone surrogate we did not produce: not representable
        } else {
            appendUtf8(out, c);
        }
    }
    return out;
}

QString escapedFileName(const QString& name)
{
    QString out;
    out.reserve(name.size());
    const auto hex = [&out](uint v) {
        out += QStringLiteral("\\x") + QString::number(v, 16).rightJustified(2, QLatin1Char('0')).toUpper();
    };
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < name.size() && QChar::isLowSurrogate(name.at(i + 1).unicode())) {
            out.append(name.at(i)).append(name.at(i + 1));
            ++i;
        } else if (isEscapedByte(c)) {
            hex(c - kEscapeBase);
        } else if (c < 0x20 || c == 0x7F || QChar::isSurrogate(c)) {
            hex(c & 0xFF);
        } else if (isControlCharacter(c)) {
            out += escapeControlCharacters(QString(QChar(c))); // C1 controls, bidi formatting: \uHHHH
        } else if (c == u'\\') {
            out += QStringLiteral("\\\\");
        } else {
            out.append(QChar(c));
        }
    }
    return out;
}

} // namespace certlife
