// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/JsonLineWriter.h"

#include "util/TerminalText.h"

#include <QDateTime>
#include <QString>

namespace certlife {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char32_t kReplacement = 0xFFFD;

void appendCodePointUtf8(QByteArray& out, char32_t c)
{
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

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
        need = 1; c = lead & 0x1F; min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2; c = lead & 0x0F; min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3; c = lead & 0x07; min = 0x10000;
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

void JsonLineWriter::key(QLatin1StringView name)
{
    separate();
    m_out += '"';
    m_out += name;
    m_out += "\":";
    m_afterKey = true;
}

void JsonLineWriter::escapeCodePoint(char32_t c)
{
    switch (c) {
    case '"': m_out += "\\\""; return;
    case '\\': m_out += "\\\\"; return;
    case '\n': m_out += "\\n"; return;
    case '\r': m_out += "\\r"; return;
    case '\t': m_out += "\\t"; return;
    case '\b': m_out += "\\b"; return;
    case '\f': m_out += "\\f"; return;
    default: break;
    }
    if (isControl(c)) {
        const char buf[6] = {'\\', 'u', kHex[(c >> 12) & 0xF], kHex[(c >> 8) & 0xF], kHex[(c >> 4) & 0xF], kHex[c & 0xF]};
        m_out.append(buf, 6);
        return;
    }
    appendCodePointUtf8(m_out, c);
}

void JsonLineWriter::string(QStringView text)
{
    scalarStart();
    m_out.reserve(m_out.size() + text.size() + 2);
    m_out += '"';
    const char16_t* p = text.utf16();
    const char16_t* end = p + text.size();
    while (p < end) {
        // The common case: a run of printable ASCII, copied as it is.
        const char16_t* run = p;
        while (p < end && *p >= 0x20 && *p < 0x7F && *p != u'"' && *p != u'\\')
            ++p;
        if (p > run) {
            const qsizetype n = p - run;
            const qsizetype at = m_out.size();
            m_out.resize(at + n);
            char* dst = m_out.data() + at;
            for (qsizetype i = 0; i < n; ++i)
                dst[i] = char(run[i]);
        }
        if (p == end)
            break;
        char32_t c = *p++;
        if (QChar::isHighSurrogate(c)) {
            if (p < end && QChar::isLowSurrogate(*p))
                c = QChar::surrogateToUcs4(char16_t(c), *p++);
            else
                c = kReplacement;
        } else if (QChar::isLowSurrogate(c)) {
            c = kReplacement;
        }
        escapeCodePoint(c);
    }
    m_out += '"';
}

// insideString: `text` is the content of one string (quotes and backslashes are
// escaped). Otherwise it is JSON text whose strings keep their own escapes; only what a
// terminal must not see raw is escaped in them, and nothing but tokens stays outside.
void JsonLineWriter::appendUtf8Safe(QByteArrayView text, bool insideString)
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
            m_out.append(reinterpret_cast<const char*>(run), p - run);
            afterBackslash = false;
        }
        if (p == end)
            break;
        if (*p < 0x80) {
            const uchar b = *p++;
            if (insideString) {
                escapeCodePoint(b);
            } else if (!inString) {
                if (b == '"')
                    inString = true;
                if (b == '"' || (b > 0x20 && b != 0x7F))
                    m_out += char(b);
                // whitespace and controls between tokens are dropped: one line stays one
            } else if (afterBackslash) {
                m_out += char(b);
                afterBackslash = false;
            } else if (b == '\\') {
                m_out += '\\';
                afterBackslash = true;
            } else if (b == '"') {
                m_out += '"';
                inString = false;
            } else {
                escapeCodePoint(b); // a raw control inside a string
            }
            continue;
        }
        int length = 1;
        const char32_t c = decodeUtf8(p, end, &length);
        p += length;
        afterBackslash = false;
        if (!inString)
            continue; // nothing above ASCII belongs between JSON tokens
        if (isControl(c) || c == kReplacement)
            escapeCodePoint(c);
        else
            m_out.append(reinterpret_cast<const char*>(p - length), length);
    }
}

void JsonLineWriter::utf8String(QByteArrayView text)
{
    scalarStart();
    m_out.reserve(m_out.size() + text.size() + 2);
    m_out += '"';
    appendUtf8Safe(text, true);
    m_out += '"';
}

void JsonLineWriter::integer(qint64 value)
{
    scalarStart();
    char buf[24];
    char* end = buf + sizeof buf;
    char* p = end;
    quint64 v = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--p = char('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        *--p = '-';
    m_out.append(p, end - p);
}

void JsonLineWriter::boolean(bool value)
{
    scalarStart();
    m_out += value ? "true" : "false";
}

void JsonLineWriter::null()
{
    scalarStart();
    m_out += "null";
}

void JsonLineWriter::utcTime(qint64 secs)
{
    scalarStart();
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
    if (year < 1 || year > 9999) { // Qt writes nothing for years before 1
        m_out += '"';
        m_out += QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODate).toUtf8();
        m_out += '"';
        return;
    }
    char buf[22];
    const auto put = [&buf](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            buf[at + i] = char('0' + value % 10);
    };
    buf[0] = '"';
    put(1, int(year), 4);
    buf[5] = '-';
    put(6, month, 2);
    buf[8] = '-';
    put(9, day, 2);
    buf[11] = 'T';
    put(12, int(rest / 3600), 2);
    buf[14] = ':';
    put(15, int(rest / 60 % 60), 2);
    buf[17] = ':';
    put(18, int(rest % 60), 2);
    buf[20] = 'Z';
    buf[21] = '"';
    m_out.append(buf, 22);
}

void JsonLineWriter::objectMembers(QByteArrayView objectText)
{
    const qsizetype open = objectText.indexOf('{');
    const qsizetype close = objectText.lastIndexOf('}');
    if (open < 0 || close <= open + 1)
        return; // not an object, or an empty one: nothing to add
    separate();
    appendUtf8Safe(objectText.sliced(open + 1, close - open - 1), false);
}

} // namespace certlife
