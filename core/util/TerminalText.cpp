// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/TerminalText.h"

namespace certlife {

QString escapeControlCharacters(const QString& text, LineBreaks lineBreaks)
{
    const auto escaped = [lineBreaks](char16_t c) {
        return isControlCharacter(c) && !(lineBreaks == LineBreaks::Keep && (c == u'\n' || c == u'\t'));
    };
    qsizetype first = 0;
    while (first < text.size() && !escaped(text.at(first).unicode()))
        ++first;
    if (first == text.size())
        return text; // the common case: nothing to escape, no copy
    QString out = text.left(first);
    out.reserve(text.size() + 16);
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!escaped(c))
            out += QChar(c);
        else if (c < 0x20)
            out += QStringLiteral("\\x") + QString::number(c, 16).toUpper().rightJustified(2, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u") + QString::number(c, 16).toUpper().rightJustified(4, QLatin1Char('0'));
    }
    return out;
}

} // namespace certlife
