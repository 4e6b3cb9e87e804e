// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "endpoints/StartTlsDialogue.h"

#include <QTest>

using namespace certlife;

namespace {

using Status = StartTlsDialogue::Status;

// Plays a server: each step is what it says and what the probe must have sent by then.
struct Exchange
{
    QByteArray server;
    QByteArray expectedSend;
    Status expectedStatus;
};

void play(StartTls protocol, const QByteArray& expectedOpening, const QList<Exchange>& steps,
          const QString& expectedError = {})
{
    StartTlsDialogue dialogue(protocol, QStringLiteral("mail.example.org"));
    QCOMPARE(dialogue.opening(), expectedOpening);
    QByteArray received;
    for (const Exchange& step : steps) {
        // Byte by byte: a reply split anywhere is still understood.
        QByteArray sent;
        Status status = Status::NeedMore;
        for (char c : step.server) {
            received.append(c);
            status = dialogue.feed(received, sent);
            if (status != Status::NeedMore)
                break;
        }
        QCOMPARE(sent, step.expectedSend);
        QCOMPARE(status, step.expectedStatus);
    }
    QCOMPARE(dialogue.error(), expectedError);
}

} // namespace

class TestStartTlsDialogue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smtp();
    void smtpRefused();
    void imap();
    void pop3();
    void pop3Refused();
    void ftp();
    void postgres();
    void postgresRefused();
    void ldap();
    void ldapRefused();
    void xmpp();
    void xmppWithoutStartTls();
    void endlessReplyIsRefused();
};

void TestStartTlsDialogue::smtp()
{
    play(StartTls::Smtp, {},
         {{"220-mail.example.org ESMTP\r\n220 ready\r\n", "EHLO certlife.invalid\r\n", Status::NeedMore},
          {"250-mail.example.org\r\n250-SIZE 1000\r\n250 STARTTLS\r\n", "STARTTLS\r\n", Status::NeedMore},
          {"220 2.0.0 go ahead\r\n", {}, Status::Ready}});
}

void TestStartTlsDialogue::smtpRefused()
{
    play(StartTls::Smtp, {},
         {{"220 ready\r\n", "EHLO certlife.invalid\r\n", Status::NeedMore},
          {"250 mail.example.org\r\n", "STARTTLS\r\n", Status::NeedMore},
          {"454 4.7.0 TLS not available\r\n", {}, Status::Failed}},
         QStringLiteral("STARTTLS (smtp): refused: \"454 4.7.0 TLS not available\""));
}

void TestStartTlsDialogue::imap()
{
    play(StartTls::Imap, {},
         {{"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", "c1 STARTTLS\r\n", Status::NeedMore},
          {"* NOTE something\r\nc1 OK Begin TLS negotiation now\r\n", {}, Status::Ready}});
}

void TestStartTlsDialogue::pop3()
{
    play(StartTls::Pop3, {},
         {{"+OK POP3 ready\r\n", "STLS\r\n", Status::NeedMore}, {"+OK Begin TLS\r\n", {}, Status::Ready}});
}

void TestStartTlsDialogue::pop3Refused()
{
    play(StartTls::Pop3, {},
         {{"+OK POP3 ready\r\n", "STLS\r\n", Status::NeedMore}, {"-ERR not supported\r\n", {}, Status::Failed}},
         QStringLiteral("STARTTLS (pop3): refused: \"-ERR not supported\""));
}

void TestStartTlsDialogue::ftp()
{
    play(StartTls::Ftp, {},
         {{"220-Welcome\r\n220 FTP ready\r\n", "AUTH TLS\r\n", Status::NeedMore},
          {"234 AUTH TLS successful\r\n", {}, Status::Ready}});
}

void TestStartTlsDialogue::postgres()
{
    play(StartTls::Postgres, QByteArray("\x00\x00\x00\x08\x04\xd2\x16\x2f", 8), {{"S", {}, Status::Ready}});
}

void TestStartTlsDialogue::postgresRefused()
{
    play(StartTls::Postgres, QByteArray("\x00\x00\x00\x08\x04\xd2\x16\x2f", 8), {{"N", {}, Status::Failed}},
         QStringLiteral("STARTTLS (postgres): the server does not accept SSL"));
}

void TestStartTlsDialogue::ldap()
{
    const QByteArray oid("1.3.6.1.4.1.1466.20037");
    const QByteArray request = QByteArray("\x30\x1d\x02\x01\x01\x77\x18\x80\x16", 9) + oid;
    // LDAPMessage { messageID 1, ExtendedResponse { success, "", "", responseName } }
    const QByteArray response =
        QByteArray("\x30\x24\x02\x01\x01\x78\x1f\x0a\x01\x00\x04\x00\x04\x00\x8a\x16", 16) + oid;
    play(StartTls::Ldap, request, {{response, {}, Status::Ready}});
}

void TestStartTlsDialogue::ldapRefused()
{
    const QByteArray response("\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x02\x04\x00\x04\x00", 14); // protocolError
    play(StartTls::Ldap, QByteArray("\x30\x1d\x02\x01\x01\x77\x18\x80\x16", 9) + "1.3.6.1.4.1.1466.20037",
         {{response, {}, Status::Failed}}, QStringLiteral("STARTTLS (ldap): refused with resultCode 2"));
}

void TestStartTlsDialogue::xmpp()
{
    StartTlsDialogue dialogue(StartTls::Xmpp, QStringLiteral("chat.example.org"));
    QVERIFY(dialogue.opening().contains("to='chat.example.org'"));
    QByteArray received("<?xml version='1.0'?><stream:stream from='chat.example.org' id='1' version='1.0'>"
                        "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                        "</stream:features>");
    QByteArray sent;
    QCOMPARE(dialogue.feed(received, sent), Status::NeedMore);
    QCOMPARE(sent, QByteArray("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"));
    received += "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    QCOMPARE(dialogue.feed(received, sent), Status::Ready);
}

void TestStartTlsDialogue::xmppWithoutStartTls()
{
    StartTlsDialogue dialogue(StartTls::Xmpp, QStringLiteral("chat.example.org"));
    QByteArray received("<stream:stream version='1.0'><stream:features><bind/></stream:features>");
    QByteArray sent;
    QCOMPARE(dialogue.feed(received, sent), Status::Failed);
    QCOMPARE(dialogue.error(), QStringLiteral("STARTTLS (xmpp): the server does not offer STARTTLS"));
}

void TestStartTlsDialogue::endlessReplyIsRefused()
{
    StartTlsDialogue dialogue(StartTls::Smtp, QStringLiteral("mail.example.org"));
    QByteArray received(70 * 1024, 'x');
    QByteArray sent;
    QCOMPARE(dialogue.feed(received, sent), Status::Failed);
}

QTEST_GUILESS_MAIN(TestStartTlsDialogue)
#include "TestStartTlsDialogue.moc"
