// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace certlife {

// The protocols whose STARTTLS the probe speaks before its TLS handshake
// (docs/endpoints.md): the least each protocol needs, nothing more.
enum class StartTls : quint8 { None, Smtp, Imap, Pop3, Ftp, Ldap, Xmpp, Postgres };
QString startTlsName(StartTls protocol);                // "", "smtp", "imap", …
bool parseStartTls(const QString& text, StartTls* out); // "" and "none" are None
QStringList startTlsNames();                            // every name but None's

// One TLS service to probe: HOST:PORT (an IPv6 address in brackets: [::1]:443), the name
// sent as SNI (and checked against the served certificate) and the STARTTLS protocol.
struct Endpoint
{
    QString host;
    quint16 port = 0;
    QString sni; // empty: the host, unless the host is an IP address (no SNI then)
    StartTls startTls = StartTls::None;

    QString hostPort() const; // "host:port", "[::1]:port"
    // The name the service must serve a certificate for: the SNI, else the host.
    QString serviceName() const { return sni.isEmpty() ? host : sni; }
};

// Parses HOST:PORT ("mail.example.org:25", "192.0.2.1:443", "[2001:db8::1]:443"). Returns
// an error naming the text, or an empty string.
QString parseEndpoint(const QString& text, Endpoint* out);

// The location of what an address of an endpoint serves, as stores and events show it:
// "HOST:PORT [ADDRESS]". endpointOfLocation() gives HOST:PORT back (or empty when the
// text is not such a location).
QString endpointLocation(const QString& hostPort, const QString& address);
QString endpointOfLocation(const QString& location);

// Whether text is a literal IPv4 or IPv6 address.
bool isIpAddress(const QString& text);

} // namespace certlife
