// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "endpoints/Endpoint.h"

#include <arpa/inet.h>

namespace certlife {

namespace {

struct NamedProtocol
{
    StartTls protocol;
    const char* name;
};

constexpr NamedProtocol kProtocols[] = {
    {StartTls::Smtp, "smtp"}, {StartTls::Imap, "imap"}, {StartTls::Pop3, "pop3"},         {StartTls::Ftp, "ftp"},
    {StartTls::Ldap, "ldap"}, {StartTls::Xmpp, "xmpp"}, {StartTls::Postgres, "postgres"},
};

} // namespace

QString startTlsName(StartTls protocol)
{
    for (const NamedProtocol& p : kProtocols) {
        if (p.protocol == protocol)
            return QString::fromLatin1(p.name);
    }
    return {};
}

bool parseStartTls(const QString& text, StartTls* out)
{
    const QString name = text.trimmed().toLower();
    if (name.isEmpty() || name == QLatin1String("none")) {
        *out = StartTls::None;
        return true;
    }
    for (const NamedProtocol& p : kProtocols) {
        if (name == QLatin1String(p.name)) {
            *out = p.protocol;
            return true;
        }
    }
    return false;
}

QStringList startTlsNames()
{
    QStringList names;
    for (const NamedProtocol& p : kProtocols)
        names << QString::fromLatin1(p.name);
    return names;
}

bool isIpAddress(const QString& text)
{
    const QByteArray bytes = text.toLatin1();
    unsigned char buffer[sizeof(in6_addr)];
    return ::inet_pton(AF_INET, bytes.constData(), buffer) == 1
        || ::inet_pton(AF_INET6, bytes.constData(), buffer) == 1;
}

QString Endpoint::hostPort() const
{
    const QString shownHost = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return shownHost + QLatin1Char(':') + QString::number(port);
}

QString parseEndpoint(const QString& text, Endpoint* out)
{
    const QString t = text.trimmed();
    QString host;
    QString portText;
    if (t.startsWith(QLatin1Char('['))) {
        const qsizetype close = t.indexOf(QLatin1String("]:"));
        if (close < 0)
            return QStringLiteral("endpoint \"%1\": write an IPv6 address as [ADDRESS]:PORT").arg(text);
        host = t.mid(1, close - 1);
        portText = t.mid(close + 2);
        if (!isIpAddress(host) || !host.contains(QLatin1Char(':')))
            return QStringLiteral("endpoint \"%1\": \"%2\" is not an IPv6 address").arg(text, host);
    } else {
        const qsizetype colon = t.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return QStringLiteral("endpoint \"%1\": expected HOST:PORT").arg(text);
        host = t.left(colon);
        portText = t.mid(colon + 1);
        if (host.contains(QLatin1Char(':')))
            return QStringLiteral("endpoint \"%1\": write an IPv6 address as [ADDRESS]:PORT").arg(text);
    }
    if (host.isEmpty())
        return QStringLiteral("endpoint \"%1\": the host is missing").arg(text);
    for (const QChar c : std::as_const(host)) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('_')
              || c == QLatin1Char(':')))
            return QStringLiteral("endpoint \"%1\": the host contains '%2'").arg(text, QString(c));
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return QStringLiteral("endpoint \"%1\": the port must be 1-65535").arg(text);
    out->host = host.toLower();
    out->port = quint16(port);
    return {};
}

QString endpointLocation(const QString& hostPort, const QString& address)
{
    return hostPort + QStringLiteral(" [") + address + QLatin1Char(']');
}

QString endpointOfLocation(const QString& location)
{
    const qsizetype open = location.lastIndexOf(QLatin1String(" ["));
    if (open <= 0 || !location.endsWith(QLatin1Char(']')))
        return {};
    return location.left(open);
}

} // namespace certlife
