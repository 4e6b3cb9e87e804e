// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/ShellQuote.h"

#include <QRegularExpression>

namespace certlife {

QString shellQuoted(const QString& word)
{
    // ASCII only: a non-ASCII letter is quoted, whatever the admin's locale. A leading
    // '=' is quoted too (zsh expands =name to a command's path).
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:,@%+-][A-Za-z0-9_./:,@%+=-]*$"));
    if (plain.match(word).hasMatch())
        return word;
    return QLatin1Char('\'') + QString(word).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
}

} // namespace certlife
