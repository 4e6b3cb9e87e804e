// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "monitoring/PrometheusText.h"

#include "util/TerminalText.h"

#include <QLocale>
#include <QSet>
#include <cmath>

namespace certlife {

namespace {

QString escaped(const QString& text, bool quotes)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\': out += QLatin1String("\\\\"); break;
        case '\n': out += QLatin1String("\\n"); break;
        case '"':
            if (quotes)
                out += QLatin1String("\\\"");
            else
                out += c;
            break;
        default: out += isControlCharacter(c.unicode()) ? QChar(0xFFFD) : c;
        }
    }
    return out;
}

QString formatValue(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (v == std::floor(v) && std::fabs(v) < 9e15)
        return QString::number(qint64(v));
    return QString::number(v, 'g', QLocale::FloatingPointShortest); // 0.036, not 0.035999999999999997
}

} // namespace

QString escapeLabelValue(const QString& value)
{
    return escaped(value, true);
}
QString escapeHelp(const QString& help)
{
    return escaped(help, false);
}

QByteArray renderExposition(const QList<MetricFamily>& families)
{
    QString out;
    for (const MetricFamily& family : families) {
        if (family.samples.isEmpty())
            continue;
        out += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n").arg(family.name, escapeHelp(family.help), family.type);
        QSet<QString> seen;
        for (const MetricSample& sample : family.samples) {
            QString labels;
            for (const auto& [name, value] : sample.labels) {
                if (!labels.isEmpty())
                    labels += QLatin1Char(',');
                labels += name + QStringLiteral("=\"") + escapeLabelValue(value) + QLatin1Char('"');
            }
            if (seen.contains(labels))
                continue;
            seen.insert(labels);
            out += family.name;
            if (!labels.isEmpty())
                out += QLatin1Char('{') + labels + QLatin1Char('}');
            out += QLatin1Char(' ') + formatValue(sample.value) + QLatin1Char('\n');
        }
    }
    return out.toUtf8();
}

} // namespace certlife
