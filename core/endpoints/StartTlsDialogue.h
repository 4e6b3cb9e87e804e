// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/Endpoint.h"

#include <QByteArray>

namespace certlife {

// The plain-text exchange before a STARTTLS protocol's TLS handshake, without I/O: the
// probe feeds it what the server sent and sends what it asks for. Each protocol does
// the least its RFC needs to reach TLS (docs/endpoints.md lists the exchanges).
class StartTlsDialogue
{
public:
    enum class Status : quint8 { NeedMore, Ready, Failed };

    StartTlsDialogue(StartTls protocol, QString serviceName);

    // What to send before the server says anything (LDAP, XMPP, PostgreSQL speak first).
    QByteArray opening();
    // Consumes the server's bytes from `received` (what is not yet a whole reply stays),
    // appends what to send to `send`. Ready: start the TLS handshake now; Failed: error().
    Status feed(QByteArray& received, QByteArray& send);
    const QString& error() const { return m_error; }

private:
    Status fail(const QString& why);
    Status feedSmtpLike(QByteArray& received, QByteArray& send, const char* greetingCode);
    Status feedLine(QByteArray& received, QByteArray& send);
    Status feedLdap(QByteArray& received);
    Status feedXmpp(QByteArray& received, QByteArray& send);
    Status feedPostgres(QByteArray& received);

    StartTls m_protocol;
    QString m_serviceName;
    int m_step = 0;
    QString m_error;
};

} // namespace certlife
