// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "endpoints/StartTlsDialogue.h"

#include "util/TerminalText.h"

namespace certlife {

namespace {

constexpr qsizetype kMaxReply = 64 * 1024;

// One whole reply of a protocol whose replies are CODE-text lines ending with CODE text
// (SMTP, RFC 5321 4.2; FTP, RFC 959 4.2): the last line's code and the reply's length.
bool takeCodedReply(QByteArray& received, QByteArray* code, QByteArray* text)
{
    qsizetype start = 0;
    while (true) {
        const qsizetype end = received.indexOf('\n', start);
        if (end < 0)
            return false;
        const QByteArray line = received.mid(start, end - start).trimmed();
        start = end + 1;
        if (line.size() >= 3 && (line.size() == 3 || line.at(3) == ' ')) {
            *code = line.left(3);
            *text = line;
            received.remove(0, start);
            return true;
        }
    }
}

bool takeLine(QByteArray& received, QByteArray* line)
{
    const qsizetype end = received.indexOf('\n');
    if (end < 0)
        return false;
    *line = received.left(end).trimmed();
    received.remove(0, end + 1);
    return true;
}

QString shown(const QByteArray& reply)
{
    return QStringLiteral("\"%1\"").arg(escapeControlCharacters(QString::fromUtf8(reply.left(200))));
}

// RFC 4511 4.14.1: ExtendedRequest { requestName 1.3.6.1.4.1.1466.20037 }, message id 1.
QByteArray ldapStartTlsRequest()
{
    const QByteArray oid("1.3.6.1.4.1.1466.20037");
    QByteArray request;
    request.append(char(0x80)).append(char(oid.size())).append(oid); // [0] requestName
    QByteArray op;
    op.append(char(0x77)).append(char(request.size())).append(request); // [APPLICATION 23]
    QByteArray body;
    body.append(char(0x02)).append(char(0x01)).append(char(0x01)).append(op); // messageID 1
    QByteArray message;
    message.append(char(0x30)).append(char(body.size())).append(body);
    return message;
}

// A BER length at data[*pos]; -1 when incomplete or too long to be a StartTLS reply.
qsizetype berLength(const QByteArray& data, qsizetype* pos)
{
    if (*pos >= data.size())
        return -1;
    const auto first = quint8(data.at(*pos));
    ++*pos;
    if (first < 0x80)
        return first;
    const int octets = first & 0x7f;
    if (octets == 0 || octets > 3 || *pos + octets > data.size())
        return -1;
    qsizetype length = 0;
    for (int i = 0; i < octets; ++i)
        length = (length << 8) | quint8(data.at((*pos)++));
    return length;
}

} // namespace

StartTlsDialogue::StartTlsDialogue(StartTls protocol, QString serviceName)
    : m_protocol(protocol), m_serviceName(std::move(serviceName))
{}

QByteArray StartTlsDialogue::opening()
{
    switch (m_protocol) {
    case StartTls::Ldap: return ldapStartTlsRequest();
    case StartTls::Xmpp: // RFC 6120 4.2
        return QByteArrayLiteral("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                                 "xmlns:stream='http://etherx.jabber.org/streams' to='")
            + m_serviceName.toUtf8() + QByteArrayLiteral("' version='1.0'>");
    case StartTls::Postgres: // SSLRequest: length 8, code 80877103
        return QByteArray("\x00\x00\x00\x08\x04\xd2\x16\x2f", 8);
    default: return {};
    }
}

StartTlsDialogue::Status StartTlsDialogue::fail(const QString& why)
{
    m_error = QStringLiteral("STARTTLS (%1): %2").arg(startTlsName(m_protocol), why);
    return Status::Failed;
}

StartTlsDialogue::Status StartTlsDialogue::feed(QByteArray& received, QByteArray& send)
{
    if (received.size() > kMaxReply)
        return fail(QStringLiteral("the server's reply is longer than 64 KiB"));
    switch (m_protocol) {
    case StartTls::None: return Status::Ready;
    case StartTls::Smtp: return feedSmtpLike(received, send, "220");
    case StartTls::Ftp: return feedSmtpLike(received, send, "220");
    case StartTls::Imap:
    case StartTls::Pop3: return feedLine(received, send);
    case StartTls::Ldap: return feedLdap(received);
    case StartTls::Xmpp: return feedXmpp(received, send);
    case StartTls::Postgres: return feedPostgres(received);
    }
    return fail(QStringLiteral("unknown protocol"));
}

// SMTP (RFC 3207): greeting 220, EHLO → 250, STARTTLS → 220.
// FTP (RFC 4217): greeting 220, AUTH TLS → 234.
StartTlsDialogue::Status StartTlsDialogue::feedSmtpLike(QByteArray& received, QByteArray& send,
                                                        const char* greetingCode)
{
    const bool smtp = m_protocol == StartTls::Smtp;
    QByteArray code;
    QByteArray text;
    while (takeCodedReply(received, &code, &text)) {
        switch (m_step) {
        case 0:
            if (code != greetingCode)
                return fail(QStringLiteral("greeting %1").arg(shown(text)));
            send += smtp ? QByteArrayLiteral("EHLO certlife.invalid\r\n") : QByteArrayLiteral("AUTH TLS\r\n");
            m_step = smtp ? 1 : 2;
            break;
        case 1:
            if (code != "250")
                return fail(QStringLiteral("EHLO answered %1").arg(shown(text)));
            send += QByteArrayLiteral("STARTTLS\r\n");
            m_step = 2;
            break;
        default:
            if (code != (smtp ? "220" : "234"))
                return fail(QStringLiteral("refused: %1").arg(shown(text)));
            return Status::Ready;
        }
    }
    return Status::NeedMore;
}

// IMAP (RFC 9051 6.2.1): greeting "* OK", "c1 STARTTLS" → "c1 OK".
// POP3 (RFC 2595 4): greeting "+OK", "STLS" → "+OK".
StartTlsDialogue::Status StartTlsDialogue::feedLine(QByteArray& received, QByteArray& send)
{
    const bool imap = m_protocol == StartTls::Imap;
    QByteArray line;
    while (takeLine(received, &line)) {
        if (m_step == 0) {
            const bool greeted = imap ? line.startsWith("* OK") : line.startsWith("+OK");
            if (!greeted)
                return fail(QStringLiteral("greeting %1").arg(shown(line)));
            send += imap ? QByteArrayLiteral("c1 STARTTLS\r\n") : QByteArrayLiteral("STLS\r\n");
            m_step = 1;
            continue;
        }
        if (imap && line.startsWith("* ")) // an untagged line before the tagged answer
            continue;
        if (imap ? line.startsWith("c1 OK") : line.startsWith("+OK"))
            return Status::Ready;
        return fail(QStringLiteral("refused: %1").arg(shown(line)));
    }
    return Status::NeedMore;
}

// LDAP (RFC 4511 4.14.2): the ExtendedResponse's resultCode must be success (0).
StartTlsDialogue::Status StartTlsDialogue::feedLdap(QByteArray& received)
{
    if (received.size() < 2)
        return Status::NeedMore;
    if (quint8(received.at(0)) != 0x30)
        return fail(QStringLiteral("the answer is not an LDAP message"));
    qsizetype pos = 1;
    const qsizetype length = berLength(received, &pos);
    if (length < 0 || pos + length > received.size())
        return received.size() > 16 && length < 0 ? fail(QStringLiteral("a malformed LDAP message")) : Status::NeedMore;
    // messageID INTEGER, then [APPLICATION 24] ExtendedResponse { resultCode ENUMERATED, … }
    if (pos + 2 > received.size() || received.at(pos) != 0x02)
        return fail(QStringLiteral("a malformed LDAP message"));
    pos += 2 + quint8(received.at(pos + 1));
    if (pos >= received.size() || quint8(received.at(pos)) != 0x78)
        return fail(QStringLiteral("the answer is not an ExtendedResponse"));
    ++pos;
    if (berLength(received, &pos) < 0 || pos + 3 > received.size() || received.at(pos) != 0x0a)
        return fail(QStringLiteral("a malformed ExtendedResponse"));
    const int resultCode = quint8(received.at(pos + 2));
    if (resultCode != 0)
        return fail(QStringLiteral("refused with resultCode %1").arg(resultCode));
    received.clear();
    return Status::Ready;
}

// XMPP (RFC 6120 5.4.2): the stream's features, <starttls/>, then <proceed/>.
StartTlsDialogue::Status StartTlsDialogue::feedXmpp(QByteArray& received, QByteArray& send)
{
    if (m_step == 0) {
        if (received.contains("<stream:error") || received.contains("</stream:stream>"))
            return fail(QStringLiteral("the server closed the stream"));
        const qsizetype end = received.indexOf("</stream:features>");
        if (end < 0)
            return Status::NeedMore;
        if (!received.left(end).contains("starttls"))
            return fail(QStringLiteral("the server does not offer STARTTLS"));
        received.remove(0, end + qsizetype(qstrlen("</stream:features>")));
        send += QByteArrayLiteral("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        m_step = 1;
    }
    if (received.contains("<failure"))
        return fail(QStringLiteral("refused: <failure/>"));
    const qsizetype proceed = received.indexOf("<proceed");
    if (proceed < 0)
        return Status::NeedMore;
    const qsizetype close = received.indexOf('>', proceed);
    if (close < 0)
        return Status::NeedMore;
    received.remove(0, close + 1);
    return Status::Ready;
}

// PostgreSQL (protocol 3, "SSLSessionEncryption"): one byte, 'S' yes, 'N' no.
StartTlsDialogue::Status StartTlsDialogue::feedPostgres(QByteArray& received)
{
    if (received.isEmpty())
        return Status::NeedMore;
    const char answer = received.at(0);
    received.remove(0, 1);
    if (answer == 'S')
        return Status::Ready;
    if (answer == 'N')
        return fail(QStringLiteral("the server does not accept SSL"));
    return fail(QStringLiteral("unexpected answer to SSLRequest"));
}

} // namespace certlife
