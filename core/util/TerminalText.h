// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife {

// Characters that must not reach a terminal or a line-oriented log as they are:
// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
// bidirectional formatting characters (marks, embeddings, overrides, isolates), which
// can make "moc.elpmaxe" read as "example.com". Certificate fields are hostile input
// (a subject may carry a newline, an escape sequence or a right-to-left override).
inline bool isControlCharacter(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029 || c == 0x061c || c == 0x200e
        || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

enum class LineBreaks {
    Escape, // a field: a newline in it would forge a line of output
    Keep,   // whole output text: its own newlines and tabs stay
};

// The one way text is made safe for a terminal (the CLI's human output, journald
// fields): every control character becomes a visible escape, \xHH below U+0020 (ESC is
// \x1B) and \uHHHH from DEL up (U+202E is \u202E), so nothing moves the cursor,
// retitles the window, clears the screen or reorders what is shown. Everything else,
// backslashes included, is left as it is.
QString escapeControlCharacters(const QString& text, LineBreaks lineBreaks = LineBreaks::Escape);

} // namespace certlife
