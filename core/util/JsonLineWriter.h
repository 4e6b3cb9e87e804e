// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace certlife {

// Writes JSON as UTF-8 straight into a byte buffer, for every JSON-lines output
// (`scan --json`, `events --json`, `watch --json-log`): no QJsonObject per line, no
// second pass to serialise it. The text is safe for a terminal and a line-oriented log
// by construction: every control character of util/TerminalText.h (C0, DEL, C1, line
// separators, bidi formatting) is written as its JSON escape, so one line of output is
// one physical line and nothing in a hostile certificate field reaches the terminal raw.
// Text that is not valid UTF-16 (a lone surrogate) or UTF-8 becomes U+FFFD.
//
// The writer tracks commas itself; keys are ASCII literals. It does not check that
// begin and end calls pair up: the callers are a few fixed shapes, each with a test.
// "yyyy-MM-ddTHH:mm:ssZ" for a time in seconds since the epoch, as Qt::ISODate writes a
// UTC time, into text (no NUL); false for a year outside 1..9999, which Qt spells its own
// way. The one formatter of the JSON writers (this one, and eventlog's stored subjects).
constexpr int kIsoUtcLength = 20;
bool formatIsoUtc(qint64 secsSinceEpoch, char (&text)[kIsoUtcLength]);

class JsonLineWriter
{
public:
    // Appends to out; out holds exactly what was written after every call.
    explicit JsonLineWriter(QByteArray& out) : m_out(out) {}

    void beginObject() { token('{', true); }
    void endObject() { token('}', false); }
    void beginArray() { token('[', true); }
    void endArray() { token(']', false); }
    void key(QLatin1StringView name);
    // Ends a line of JSON lines: the next value starts a new top-level one.
    void endLine();

    void string(QStringView text);
    void utf8String(QByteArrayView text); // UTF-8 bytes (as SQLite returns text)
    void integer(qint64 value);
    void boolean(bool value);
    void null();
    // "yyyy-MM-ddTHH:mm:ssZ", as Qt::ISODate writes a UTC time; years outside 1..9999
    // as Qt writes them (X.509 times are 1950..9999).
    void utcTime(qint64 secsSinceEpoch);
    // The members of a JSON object written elsewhere (its text, braces included), added
    // to the object being written; made terminal-safe like everything else.
    void objectMembers(QByteArrayView objectText);

    // key + value in one call, the common case.
    void field(QLatin1StringView name, QStringView text)
    {
        key(name);
        string(text);
    }
    void field(QLatin1StringView name, qint64 value)
    {
        key(name);
        integer(value);
    }
    void fieldBool(QLatin1StringView name, bool value)
    {
        key(name);
        boolean(value);
    }
    void fieldTime(QLatin1StringView name, qint64 secsSinceEpoch)
    {
        key(name);
        utcTime(secsSinceEpoch);
    }

private:
    // Every write reserves room for its worst case (an escape is 6 bytes per UTF-16 unit
    // or UTF-8 byte), writes through a plain pointer and commits what it used: one
    // resize each way per value instead of a QByteArray append per character.
    char* reserve(qsizetype maxBytes);
    void commit(const char* end) { m_out.resize(end - m_out.constData()); }
    // The comma before a value or key, if one is due.
    void separate(char*& p)
    {
        if (!m_first && !m_afterKey)
            *p++ = ',';
        m_first = false;
        m_afterKey = false;
    }
    void token(char c, bool opens);
    static void escapeCodePoint(char*& p, char32_t c);
    void appendUtf8Safe(char*& p, QByteArrayView text, bool insideString);

    QByteArray& m_out;
    bool m_first = true;
    bool m_afterKey = false;
};

} // namespace certlife
