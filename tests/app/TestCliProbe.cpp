// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliProcess.h"
#include "EndpointTestSupport.h"
#include "TlsTestServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

const QDateTime kIssued(QDate(2026, 1, 15), QTime(0, 0), Qt::UTC);

} // namespace

class TestCliProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsTheServedChainAsJson();
    void printsTheChainForPeople();
    void speaksSmtpStartTls();
    void failedHandshakeExitsOne();
    void timeoutIsHonoured();
    void usageErrorsExitTwo();
    void helpAnswersQuestions();

private:
    QStringList environment() const
    {
        // The chain-incomplete finding consults the trust store: the tests' root only.
        return m_env->processEnvironment() << QStringLiteral("SSL_CERT_FILE=") + m_trustFile
                                           << QStringLiteral("SSL_CERT_DIR=") + m_env->path(QStringLiteral("none"))
                                           << QStringLiteral("CERTLIFE_NOW=2026-02-01T12:00:00Z");
    }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<EndpointPki> m_pki;
    QString m_trustFile;
};

void TestCliProbe::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_pki = std::make_unique<EndpointPki>();
    m_trustFile = m_env->path(QStringLiteral("trust.pem"));
    QVERIFY(m_pki->writeTrustFile(m_trustFile));
}

void TestCliProbe::printsTheServedChainAsJson()
{
    const GeneratedCert leaf = m_pki->leaf(QStringLiteral("test.example"), kIssued);
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("::1"), TlsTestServer::Mode::Tls, {leaf});
    server.start();

    const CliRun run = runCli({QStringLiteral("probe"), QStringLiteral("[::1]:%1").arg(port), QStringLiteral("--sni"),
                               QStringLiteral("test.example"), QStringLiteral("--json")},
                              environment());
    QCOMPARE(run.code, 0);
    const QList<QJsonObject> lines = jsonLines(run.out);
    QCOMPARE(lines.size(), 2);
    const QJsonObject certificate = lines[0];
    // scan --json's keys first, then the probe's.
    const QStringList keys = certificate.keys();
    for (const char* key :
         {"path",    "index",     "thumbprint", "sha256",        "subject",  "subjectCN", "issuer",
          "serial",  "notBefore", "notAfter",   "sans",          "ekus",     "template",  "keyAlgorithm",
          "keyBits", "isCA",      "selfSigned", "hasPrivateKey", "endpoint", "address",   "chainIndex"})
        QVERIFY2(keys.contains(QLatin1String(key)), key);
    QCOMPARE(certificate[QLatin1String("thumbprint")].toString(), leaf.thumbprint());
    QCOMPARE(certificate[QLatin1String("endpoint")].toString(), QStringLiteral("[::1]:%1").arg(port));
    QCOMPARE(certificate[QLatin1String("address")].toString(), QStringLiteral("::1"));
    QCOMPARE(certificate[QLatin1String("path")].toString(), QStringLiteral("[::1]:%1 [::1]").arg(port));
    QCOMPARE(certificate[QLatin1String("chainIndex")].toInt(), 0);

    const QJsonObject summary = lines[1];
    QCOMPARE(summary[QLatin1String("handshake")].toBool(), true);
    QVERIFY(summary[QLatin1String("error")].isNull());
    QVERIFY(summary[QLatin1String("protocol")].toString().startsWith(QStringLiteral("TLSv1.")));
    QStringList kinds;
    for (const QJsonValue& f : summary[QLatin1String("findings")].toArray())
        kinds << f.toObject()[QLatin1String("kind")].toString();
    // The leaf alone was sent; its intermediate is not in the trust store.
    QCOMPARE(kinds,
             (QStringList{QStringLiteral("chainIncomplete"), QStringLiteral("protocol"), QStringLiteral("cipher")}));
}

void TestCliProbe::printsTheChainForPeople()
{
    const GeneratedCert leaf = m_pki->leaf(QStringLiteral("test.example"), kIssued);
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf));
    server.start();
    const CliRun run = runCli({QStringLiteral("probe"), QStringLiteral("127.0.0.1:%1").arg(port)}, environment());
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(QStringLiteral("127.0.0.1:%1 [127.0.0.1]").arg(port)), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("0  CN=test.example")));
    QVERIFY(run.out.contains(QStringLiteral("1  CN=Endpoint Test Intermediate")));
    QVERIFY(run.out.contains(QStringLiteral("(72 days)"))); // 2026-04-15 from 2026-02-01 12:00
    // No SNI for an address: the certificate is checked against the address itself.
    QVERIFY(run.out.contains(QStringLiteral("name mismatch: the served certificate does not cover 127.0.0.1")));
    QVERIFY(!run.out.contains(QStringLiteral("chain incomplete")));
}

void TestCliProbe::speaksSmtpStartTls()
{
    const GeneratedCert leaf = m_pki->leaf(QStringLiteral("test.example"), kIssued);
    TlsTestServer server;
    const quint16 port =
        server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::SmtpStartTls, m_pki->chainOf(leaf));
    server.start();
    const CliRun run = runCli({QStringLiteral("probe"), QStringLiteral("127.0.0.1:%1").arg(port),
                               QStringLiteral("--starttls"), QStringLiteral("smtp"), QStringLiteral("--sni"),
                               QStringLiteral("test.example"), QStringLiteral("--json")},
                              environment());
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonLines(run.out).value(0)[QLatin1String("thumbprint")].toString(), leaf.thumbprint());
}

void TestCliProbe::failedHandshakeExitsOne()
{
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::CloseAtOnce);
    server.start();
    const CliRun run = runCli(
        {QStringLiteral("probe"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--json")}, environment());
    QCOMPARE(run.code, 1);
    const QList<QJsonObject> lines = jsonLines(run.out);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0][QLatin1String("handshake")].toBool(), false);
    QVERIFY(lines[0][QLatin1String("error")].toString().contains(QStringLiteral("closed the connection")));
    QCOMPARE(lines[0][QLatin1String("findings")].toArray().at(0).toObject()[QLatin1String("kind")].toString(),
             QStringLiteral("handshakeError"));
}

void TestCliProbe::timeoutIsHonoured()
{
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Silent);
    server.start();
    QElapsedTimer timer;
    timer.start();
    const CliRun run = runCli({QStringLiteral("probe"), QStringLiteral("127.0.0.1:%1").arg(port),
                               QStringLiteral("--timeout"), QStringLiteral("0.5")},
                              environment());
    QCOMPARE(run.code, 1);
    QVERIFY2(run.out.contains(QStringLiteral("timeout: no TLS handshake within 500 ms")), qPrintable(run.out));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
}

void TestCliProbe::usageErrorsExitTwo()
{
    QCOMPARE(runCli({QStringLiteral("probe")}, environment()).code, 2);
    QCOMPARE(runCli({QStringLiteral("probe"), QStringLiteral("example.org")}, environment()).code, 2);
    const CliRun badProtocol = runCli({QStringLiteral("probe"), QStringLiteral("example.org:25"),
                                       QStringLiteral("--starttls"), QStringLiteral("http")},
                                      environment());
    QCOMPARE(badProtocol.code, 2);
    QVERIFY(badProtocol.err.contains(QStringLiteral("smtp, imap, pop3, ftp, ldap, xmpp, postgres")));
    QCOMPARE(runCli({QStringLiteral("probe"), QStringLiteral("example.org:443"), QStringLiteral("--timeout"),
                     QStringLiteral("0")},
                    environment())
                 .code,
             2);
}

void TestCliProbe::helpAnswersQuestions()
{
    const CliRun run = runCli({QStringLiteral("probe"), QStringLiteral("--help")}, environment());
    QCOMPARE(run.code, 0);
    for (const char* answer :
         {"STARTTLS", "IPv6", "[2001:db8::1]:443", "Exit status", "chainIndex", "SSL_CERT_FILE", "5 s", "10 s"})
        QVERIFY2(run.out.contains(QLatin1String(answer)), answer);
}

QTEST_GUILESS_MAIN(TestCliProbe)
#include "TestCliProbe.moc"
