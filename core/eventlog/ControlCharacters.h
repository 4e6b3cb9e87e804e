#pragma once

#include <QString>

namespace certlife::eventlog {

// Characters that must not reach a terminal or a line-oriented log as they are:
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators. Certificate
// fields are hostile input (a subject may carry a newline or an escape sequence).
inline bool isControlCharacter(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

} // namespace certlife::eventlog
