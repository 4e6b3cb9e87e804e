// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateText.h"

#include "lifecycle/ExpiryState.h"

#include <QCoreApplication>

namespace certlife {

namespace {
// Splits an RFC 4514 string at unescaped commas.
QStringList splitRdns(const QString& dn)
{
    QStringList parts;
    QString current;
    bool escaped = false;
    for (const QChar c : dn) {
        if (escaped) {
            current += c;
            escaped = false;
        } else if (c == QLatin1Char('\\')) {
            current += c;
            escaped = true;
        } else if (c == QLatin1Char(',')) {
            parts << current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.isEmpty())
        parts << current;
    return parts;
}

QString unescapeValue(const QString& value)
{
    QString out;
    out.reserve(value.size());
    bool escaped = false;
    for (const QChar c : value) {
        if (!escaped && c == QLatin1Char('\\')) {
            escaped = true;
            continue;
        }
        escaped = false;
        out += c;
    }
    return out;
}
} // namespace

QString dnAttribute(const QString& dn, const QString& attribute)
{
    const QString prefix = attribute + QLatin1Char('=');
    for (const QString& rdn : splitRdns(dn)) {
        // multi-valued RDNs join with '+'; look at each value
        for (const QString& ava : rdn.split(QLatin1Char('+'))) {
            const QString trimmed = ava.trimmed();
            if (trimmed.startsWith(prefix, Qt::CaseInsensitive))
                return unescapeValue(trimmed.mid(prefix.size()));
        }
    }
    return {};
}

QString shortDnName(const QString& dn)
{
    QString name = dnAttribute(dn, QStringLiteral("CN"));
    if (name.isEmpty())
        name = dnAttribute(dn, QStringLiteral("O"));
    return name.isEmpty() ? dn : name;
}

QString sanListText(const QStringList& sanStrings)
{
    QStringList out;
    out.reserve(sanStrings.size());
    for (const QString& san : sanStrings)
        out << (san.startsWith(QLatin1String("DNS:")) ? san.mid(4) : san);
    return out.join(QLatin1String(", "));
}

bool sanListTextContains(const Certificate& certificate, const QString& needle)
{
    // A needle with a separator's or a prefix's character may span two names: the text.
    if (needle.contains(QLatin1Char(',')) || needle.contains(QLatin1Char(' ')) || needle.contains(QLatin1Char(':')))
        return sanListText(certificate.sanStrings()).contains(needle, Qt::CaseInsensitive);
    for (const SubjectAltName& san : certificate.sans) {
        if (san.value.contains(needle, Qt::CaseInsensitive))
            return true;
        if (san.type != SubjectAltName::Type::Dns && san.typeName().contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString ekuListText(const QList<ExtendedKeyUsage>& ekus)
{
    QStringList names;
    names.reserve(ekus.size());
    for (const auto& e : ekus)
        names << (e.name.isEmpty() ? e.oid : e.name);
    return names.join(QLatin1String(", "));
}

QString formatUtc(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QLatin1String(" UTC");
}

QString formatUtcCompact(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

QString formatUtcSeconds(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QLatin1String(" UTC");
}

QString formatPercent(double percent)
{
    const int decimals = (percent > 0 && percent < 10) ? 1 : 0;
    return QString::number(percent, 'f', decimals) + QLatin1String(" %");
}

QString remainingText(qint64 remainingSeconds)
{
    return daysLeftText(daysLeftOf(remainingSeconds));
}

} // namespace certlife
