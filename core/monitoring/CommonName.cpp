// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "monitoring/CommonName.h"

#include <QByteArray>

namespace certlife {

QString commonNameOf(const QString& name)
{
    // Walk the attributes: "TYPE=VALUE" separated by unescaped ',' or '+'.
    qsizetype i = 0;
    while (i < name.size()) {
        const qsizetype eq = name.indexOf(QLatin1Char('='), i);
        if (eq < 0)
            return {};
        const QString type = name.mid(i, eq - i).trimmed();
        QByteArray value; // UTF-8: a \HH escape is one byte of it
        QString run;      // unescaped text not yet in value
        qsizetype j = eq + 1;
        for (; j < name.size(); ++j) {
            const QChar c = name.at(j);
            if (c == QLatin1Char(',') || c == QLatin1Char('+'))
                break;
            if (c != QLatin1Char('\\') || j + 1 == name.size()) {
                run += c;
                continue;
            }
            value += run.toUtf8();
            run.clear();
            const QString pair = name.mid(j + 1, 2);
            const auto isHex = [](QChar h) {
                return h.isDigit() || (h.toLower() >= QLatin1Char('a') && h.toLower() <= QLatin1Char('f'));
            };
            if (pair.size() == 2 && isHex(pair[0]) && isHex(pair[1]) && pair[0].unicode() < 128
                && pair[1].unicode() < 128) {
                value.append(char(pair.toInt(nullptr, 16)));
                j += 2;
            } else {
                run += name.at(j + 1); // \, \+ \" …: the character itself
                j += 1;
            }
        }
        value += run.toUtf8();
        if (type.compare(QLatin1String("CN"), Qt::CaseInsensitive) == 0 || type == QLatin1String("2.5.4.3"))
            return QString::fromUtf8(value);
        i = j + 1;
    }
    return {};
}

} // namespace certlife
