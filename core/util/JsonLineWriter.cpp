// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/JsonLineWriter.h"

#include "util/TerminalText.h"

#include <QDateTime>
#include <QString>

#include <cstring>

namespace certlife {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char32_t kReplacement = 0xFFFD;

void appendCodePointUtf8(char*& p, char32_t c)
{
    if (c < 0x80) {
        *p++ = char(c);
    } else if (c < 0x800) {
        *p++ = char(0xC0 | (c >> 6));
        *p++ = char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *p++ = char(0xE0 | (c >> 12));
        *p++ = char(0x80 | ((c >> 6) & 0x3F));
        *p++ = char(0x80 | (c & 0x3F));
    } else {
        *p++ = char(0xF0 | (c >> 18));
        *p++ = char(0x80 | ((c >> 12) & 0x3F));
        *p++ = char(0x80 | ((c >> 6) & 0x3F));
        *p++ = char(0x80 | (c & 0x3F));
    }
}

void put(char*& p, QByteArrayView bytes)
{
    std::memcpy(p, bytes.data(), size_t(bytes.size()));
    p += bytes.size();
}

constexpr qsizetype kMaxEscape = 6; // \uXXXX: the most one UTF-16 unit or UTF-8 byte becomes

// Decodes one UTF-8 sequence at p (p < end, *p >= 0x80); *length gets the bytes it
// took (1 for an invalid lead or sequence, which decodes to U+FFFD).
char32_t decodeUtf8(const uchar* p, const uchar* end, int* length)
{
    *length = 1;
    const uchar lead = *p;
    int need = 0;
    char32_t c = 0;
    char32_t min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
        c = lead & 0x1F;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        c = lead & 0x0F;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        c = lead & 0x07;
        min = 0x10000;
    } else {
        return kReplacement;
    }
    if (end - p <= need)
        return kReplacement;
    for (int i = 1; i <= need; ++i) {
        if ((p[i] & 0xC0) != 0x80)
            return kReplacement;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return kReplacement;
    *length = need + 1;
    return c;
}

bool isControl(char32_t c)
{
    return c < 0x10000 && isControlCharacter(char16_t(c));
}

} // namespace

char* JsonLineWriter::reserve(qsizetype maxBytes)
{
    const qsizetype at = m_out.size();
    m_out.resize(at + maxBytes); // grows geometrically; shrinking back keeps the capacity
    return m_out.data() + at;
}

void JsonLineWriter::token(char c, bool opens)
{
    char* p = reserve(2);
    if (opens)
        separate(p);
    *p++ = c;
    m_first = opens;
    commit(p);
}

void JsonLineWriter::key(QLatin1StringView name)
{
    char* p = reserve(name.size() + 4);
    separate(p);
    *p++ = '"';
    put(p, QByteArrayView(name.data(), name.size()));
    *p++ = '"';
    *p++ = ':';
    commit(p);
    m_afterKey = true;
}

void JsonLineWriter::endLine()
{
    char* p = reserve(1);
    *p++ = '\n';
    commit(p);
    m_first = true;
    m_afterKey = false;
}

void JsonLineWriter::escapeCodePoint(char*& p, char32_t c)
{
    switch (c) {
    case '"':
        *p++ = '\\';
        *p++ = '"';
        return;
    case '\\':
        *p++ = '\\';
        *p++ = '\\';
        return;
    case '\n':
        *p++ = '\\';
        *p++ = 'n';
        return;
    case '\r':
        *p++ = '\\';
        *p++ = 'r';
        return;
    case '\t':
        *p++ = '\\';
        *p++ = 't';
        return;
    case '\b':
        *p++ = '\\';
        *p++ = 'b';
        return;
    case '\f':
        *p++ = '\\';
        *p++ = 'f';
        return;
    default: break;
    }
    if (isControl(c)) {
        *p++ = '\\';
        *p++ = 'u';
        *p++ = kHex[(c >> 12) & 0xF];
        *p++ = kHex[(c >> 8) & 0xF];
        *p++ = kHex[(c >> 4) & 0xF];
        *p++ = kHex[c & 0xF];
        return;
    }
    appendCodePointUtf8(p, c);
}

void JsonLineWriter::string(QStringView text)
{
    char* p = reserve(3 + kMaxEscape * text.size());
    separate(p);
    *p++ = '"';
    const char16_t* s = text.utf16();
    const char16_t* end = s + text.size();
    while (s < end) {
        // The common case: printable ASCII, copied as it is.
        while (s < end && *s >= 0x20 && *s < 0x7F && *s != u'"' && *s != u'\\')
            *p++ = char(*s++);
        if (s == end)
            break;
        char32_t c = *s++;
        if (QChar::isHighSurrogate(c)) {
            if (s < end && QChar::isLowSurrogate(*s))
                c = QChar::surrogateToUcs4(char16_t(c), *s++);
            else
                c = kReplacement;
        } else if (QChar::isLowSurrogate(c)) {
            c = kReplacement;
        }
        escapeCodePoint(p, c);
    }
    *p++ = '"';
    commit(p);
}

// insideString: `text` is the content of one string (quotes and backslashes are
// escaped). Otherwise it is JSON text whose strings keep their own escapes; only what a
// terminal must not see raw is escaped in them, and nothing but tokens stays outside.
void JsonLineWriter::appendUtf8Safe(char*& out, QByteArrayView text, bool insideString)
{
    const auto* p = reinterpret_cast<const uchar*>(text.data());
    const auto* end = p + text.size();
    bool inString = insideString;
    bool afterBackslash = false; // in spliced JSON: the next byte belongs to an escape
    while (p < end) {
        const uchar* run = p;
        while (p < end && *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\')
            ++p;
        if (p > run) {
            std::memcpy(out, run, size_t(p - run));
            out += p - run;
            afterBackslash = false;
        }
        if (p == end)
            break;
        if (*p < 0x80) {
            const uchar b = *p++;
            if (insideString) {
                escapeCodePoint(out, b);
            } else if (!inString) {
                if (b == '"')
                    inString = true;
                if (b == '"' || (b > 0x20 && b != 0x7F))
                    *out++ = char(b);
                // whitespace and controls between tokens are dropped: one line stays one
            } else if (afterBackslash) {
                *out++ = char(b);
                afterBackslash = false;
            } else if (b == '\\') {
                *out++ = '\\';
                afterBackslash = true;
            } else if (b == '"') {
                *out++ = '"';
                inString = false;
            } else {
                escapeCodePoint(out, b); // a raw control inside a string
            }
            continue;
        }
        int length = 1;
        const char32_t c = decodeUtf8(p, end, &length);
        p += length;
        afterBackslash = false;
        if (!inString)
            continue; // nothing above ASCII belongs between JSON tokens
        if (isControl(c) || c == kReplacement) {
            escapeCodePoint(out, c);
        } else {
            std::memcpy(out, p - length, size_t(length));
            out += length;
        }
    }
}

void JsonLineWriter::utf8String(QByteArrayView text)
{
    char* p = reserve(3 + kMaxEscape * text.size());
    separate(p);
    *p++ = '"';
    appendUtf8Safe(p, text, true);
    *p++ = '"';
    commit(p);
}

void JsonLineWriter::integer(qint64 value)
{
    char buf[24];
    char* end = buf + sizeof buf;
    char* digits = end;
    quint64 v = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--digits = char('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        *--digits = '-';
    char* p = reserve(1 + (end - digits));
    separate(p);
    put(p, QByteArrayView(digits, end - digits));
    commit(p);
}

void JsonLineWriter::boolean(bool value)
{
    char* p = reserve(6);
    separate(p);
    put(p, value ? QByteArrayView("true") : QByteArrayView("false"));
    commit(p);
}

void JsonLineWriter::null()
{
    char* p = reserve(5);
    separate(p);
    put(p, QByteArrayView("null"));
    commit(p);
}

bool formatIsoUtc(qint64 secs, char (&text)[kIsoUtcLength])
{
    qint64 days = secs / 86400;
    qint64 rest = secs % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yoe + era * 400 + (month <= 2);
    if (year < 1 || year > 9999) // Qt writes nothing for years before 1
        return false;
    char* p = text;
    const auto number = [&p](int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            p[i] = char('0' + value % 10);
        p += width;
    };
    number(int(year), 4);
    *p++ = '-';
    number(month, 2);
    *p++ = '-';
    number(day, 2);
    *p++ = 'T';
    number(int(rest / 3600), 2);
    *p++ = ':';
    number(int(rest / 60 % 60), 2);
    *p++ = ':';
    number(int(rest % 60), 2);
    *p++ = 'Z';
    return true;
}

void JsonLineWriter::utcTime(qint64 secs)
{
    char text[kIsoUtcLength];
    if (!formatIsoUtc(secs, text)) {
        const QByteArray qtText = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODate).toUtf8();
        char* p = reserve(3 + qtText.size());
        separate(p);
        *p++ = '"';
        put(p, qtText);
        *p++ = '"';
        commit(p);
        return;
    }
    char* p = reserve(3 + kIsoUtcLength);
    separate(p);
    *p++ = '"';
    put(p, QByteArrayView(text, kIsoUtcLength));
    *p++ = '"';
    commit(p);
}

void JsonLineWriter::objectMembers(QByteArrayView objectText)
{
    const qsizetype open = objectText.indexOf('{');
    const qsizetype close = objectText.lastIndexOf('}');
    if (open < 0 || close <= open)
        return; // not an object: nothing to add
    const QByteArrayView members = objectText.sliced(open + 1, close - open - 1);
    if (members.trimmed().isEmpty())
        return;
    char* p = reserve(1 + kMaxEscape * members.size());
    separate(p);
    appendUtf8Safe(p, members, false);
    commit(p);
}

} // namespace certlife
