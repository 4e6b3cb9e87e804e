// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EndpointTestSupport.h"
#include "TestEnvironment.h"
#include "TlsTestServer.h"
#include "endpoints/TlsProbe.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

const QDateTime kNow(QDate(2026, 2, 1), QTime(12, 0), Qt::UTC);
const QDateTime kIssued(QDate(2026, 1, 15), QTime(0, 0), Qt::UTC);

Endpoint endpointAt(const QString& hostPort, const QString& sni = QStringLiteral("test.example"),
                    StartTls startTls = StartTls::None)
{
    Endpoint e;
    const QString error = parseEndpoint(hostPort, &e);
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
    e.sni = sni;
    e.startTls = startTls;
    return e;
}

QString loopback(quint16 port)
{
    return QStringLiteral("127.0.0.1:%1").arg(port);
}

bool hasFinding(const ProbeResult& r, FindingKind kind)
{
    return std::any_of(r.findings.cbegin(), r.findings.cend(), [kind](const Finding& f) { return f.kind == kind; });
}

} // namespace

class TestTlsProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void parsesEndpoints();
    void recordsTheServedChainOverIpv4AndIpv6();
    void probesEveryAddressOfAName();
    void seesTheRenewedCertificateOnceTheServerSwitches();
    void speaksSmtpStartTls();
    void silentServerTimesOutOnTime();
    void serverClosingAtOnceIsAHandshakeError();
    void refusedConnectionIsAHandshakeError();
    void unresolvableNameIsAHandshakeError();
    void incompleteChainIsAFinding();
    void expiredMismatchedSelfSignedLeafIsReported();
    void hangingEndpointsDoNotDelayTheOthers();

private:
    ProbeOptions options() const
    {
        ProbeOptions o;
        o.trustedCertificates = m_trustFile;
        o.clock = std::make_shared<FixedClock>(kNow);
        return o;
    }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<EndpointPki> m_pki;
    QString m_trustFile;
};

void TestTlsProbe::init()
{
    m_env = std::make_unique<TestEnvironment>();
    if (!m_pki)
        m_pki = std::make_unique<EndpointPki>();
    m_trustFile = m_env->path(QStringLiteral("trust.pem"));
    QVERIFY(m_pki->writeTrustFile(m_trustFile));
}

void TestTlsProbe::parsesEndpoints()
{
    Endpoint e;
    QVERIFY(parseEndpoint(QStringLiteral("Mail.Example.org:25"), &e).isEmpty());
    QCOMPARE(e.host, QStringLiteral("mail.example.org"));
    QCOMPARE(e.port, quint16(25));
    QVERIFY(parseEndpoint(QStringLiteral("[2001:db8::1]:443"), &e).isEmpty());
    QCOMPARE(e.host, QStringLiteral("2001:db8::1"));
    QCOMPARE(e.hostPort(), QStringLiteral("[2001:db8::1]:443"));
    QVERIFY(parseEndpoint(QStringLiteral("2001:db8::1:443"), &e).contains(QStringLiteral("[ADDRESS]:PORT")));
    QVERIFY(parseEndpoint(QStringLiteral("example.org"), &e).contains(QStringLiteral("HOST:PORT")));
    QVERIFY(parseEndpoint(QStringLiteral("example.org:0"), &e).contains(QStringLiteral("1-65535")));
    QVERIFY(parseEndpoint(QStringLiteral("exa mple.org:443"), &e).contains(QStringLiteral("contains")));
    QCOMPARE(endpointOfLocation(endpointLocation(QStringLiteral("[::1]:443"), QStringLiteral("::1"))),
             QStringLiteral("[::1]:443"));
    StartTls p;
    QVERIFY(parseStartTls(QStringLiteral("SMTP"), &p));
    QCOMPARE(p, StartTls::Smtp);
    QVERIFY(!parseStartTls(QStringLiteral("http"), &p));
}

void TestTlsProbe::recordsTheServedChainOverIpv4AndIpv6()
{
    const GeneratedCert leaf = m_pki->leaf(QStringLiteral("test.example"), kIssued);
    TlsTestServer server;
    const quint16 v4 = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf));
    const quint16 v6 = server.listen(QStringLiteral("::1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf));
    QVERIFY(v4 && v6);
    server.start();

    const QList<ProbeResult> results =
        probeEndpointsBlocking({endpointAt(loopback(v4)), endpointAt(QStringLiteral("[::1]:%1").arg(v6))}, options());
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0].address, QStringLiteral("127.0.0.1"));
    QCOMPARE(results[1].address, QStringLiteral("::1"));
    QCOMPARE(results[1].location(), QStringLiteral("[::1]:%1 [::1]").arg(v6));
    for (const ProbeResult& r : results) {
        QVERIFY2(r.handshakeSucceeded(), qPrintable(r.error));
        QCOMPARE(r.chain.size(), 2);
        QCOMPARE(r.chain[0].thumbprint(), leaf.thumbprint());
        QCOMPARE(r.chain[1].thumbprint(), m_pki->intermediate.thumbprint());
        QVERIFY(r.protocol.startsWith(QStringLiteral("TLSv1.")));
        QVERIFY(!r.cipher.isEmpty());
        QVERIFY(hasFinding(r, FindingKind::Protocol));
        QVERIFY(hasFinding(r, FindingKind::Cipher));
        QVERIFY(!hasFinding(r, FindingKind::NameMismatch));
        QVERIFY(!hasFinding(r, FindingKind::ChainIncomplete));
        QVERIFY(!hasFinding(r, FindingKind::Expired));
        QVERIFY(!hasFinding(r, FindingKind::SelfSignedLeaf));
    }
    QTRY_COMPARE(server.handshakes(v4), 1); // the server finishes after the client
    QTRY_COMPARE(server.handshakes(v6), 1);
}

void TestTlsProbe::probesEveryAddressOfAName()
{
    const GeneratedCert current = m_pki->leaf(QStringLiteral("test.example"), kIssued, "02");
    const GeneratedCert stale = m_pki->leaf(QStringLiteral("test.example"), kIssued.addDays(-60), "01");
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(current));
    QVERIFY(port);
    QCOMPARE(server.listen(QStringLiteral("::1"), TlsTestServer::Mode::Tls, m_pki->chainOf(stale), port), port);
    server.start();

    ProbeOptions o = options();
    o.resolve = [](const QString& host, quint16 p, QString* error) -> QList<ResolvedAddress> {
        if (host != QLatin1String("balanced.test")) {
            *error = QStringLiteral("unknown");
            return {};
        }
        return {resolvedAddress(QStringLiteral("127.0.0.1"), p), resolvedAddress(QStringLiteral("::1"), p)};
    };
    const QList<ProbeResult> results =
        probeEndpointsBlocking({endpointAt(QStringLiteral("balanced.test:%1").arg(port))}, o);
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0].location(), QStringLiteral("balanced.test:%1 [127.0.0.1]").arg(port));
    QCOMPARE(results[1].location(), QStringLiteral("balanced.test:%1 [::1]").arg(port));
    QCOMPARE(results[0].chain.value(0).thumbprint(), current.thumbprint());
    QCOMPARE(results[1].chain.value(0).thumbprint(), stale.thumbprint());
}

void TestTlsProbe::seesTheRenewedCertificateOnceTheServerSwitches()
{
    const GeneratedCert old = m_pki->leaf(QStringLiteral("test.example"), kIssued.addDays(-60), "01");
    const GeneratedCert renewed = m_pki->leaf(QStringLiteral("test.example"), kIssued, "02");
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(old));
    server.start();

    const QList<ProbeResult> before = probeEndpointsBlocking({endpointAt(loopback(port))}, options());
    QCOMPARE(before.value(0).chain.value(0).thumbprint(), old.thumbprint());
    server.serve(port, m_pki->chainOf(renewed));
    const QList<ProbeResult> after = probeEndpointsBlocking({endpointAt(loopback(port))}, options());
    QCOMPARE(after.value(0).chain.value(0).thumbprint(), renewed.thumbprint());
}

void TestTlsProbe::speaksSmtpStartTls()
{
    const GeneratedCert leaf = m_pki->leaf(QStringLiteral("test.example"), kIssued);
    TlsTestServer server;
    const quint16 port =
        server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::SmtpStartTls, m_pki->chainOf(leaf));
    const quint16 plain = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf));
    server.start();

    const QList<ProbeResult> results =
        probeEndpointsBlocking({endpointAt(loopback(port), QStringLiteral("test.example"), StartTls::Smtp)}, options());
    QVERIFY2(results.value(0).handshakeSucceeded(), qPrintable(results.value(0).error));
    QCOMPARE(results[0].chain.value(0).thumbprint(), leaf.thumbprint());

    // Plain SMTP without STARTTLS: the TLS port does not greet, the dialogue fails on time.
    ProbeOptions quick = options();
    quick.handshakeTimeoutMs = 300;
    const QList<ProbeResult> wrong =
        probeEndpointsBlocking({endpointAt(loopback(plain), QStringLiteral("test.example"), StartTls::Smtp)}, quick);
    QCOMPARE(wrong.value(0).failure, ProbeFailure::HandshakeTimeout);
    QVERIFY2(wrong[0].error.contains(QStringLiteral("STARTTLS (smtp) not finished")), qPrintable(wrong[0].error));
    QVERIFY(hasFinding(wrong[0], FindingKind::HandshakeError));
}

void TestTlsProbe::silentServerTimesOutOnTime()
{
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Silent);
    server.start();
    ProbeOptions o = options();
    o.handshakeTimeoutMs = 400;
    QElapsedTimer timer;
    timer.start();
    const QList<ProbeResult> results = probeEndpointsBlocking({endpointAt(loopback(port))}, o);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(results.value(0).failure, ProbeFailure::HandshakeTimeout);
    QCOMPARE(results[0].error, QStringLiteral("timeout: no TLS handshake within 400 ms"));
    QVERIFY2(elapsed >= 400 && elapsed < 1400, qPrintable(QString::number(elapsed)));
    QCOMPARE(server.accepted(port), 1);
}

void TestTlsProbe::serverClosingAtOnceIsAHandshakeError()
{
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::CloseAtOnce);
    server.start();
    const QList<ProbeResult> results = probeEndpointsBlocking({endpointAt(loopback(port))}, options());
    QVERIFY2(results.value(0).failure == ProbeFailure::Closed, qPrintable(results.value(0).error));
    QVERIFY2(results[0].error.contains(QStringLiteral("closed the connection")), qPrintable(results[0].error));
    QVERIFY(results[0].chain.isEmpty());
}

void TestTlsProbe::refusedConnectionIsAHandshakeError()
{
    const QList<ProbeResult> results = probeEndpointsBlocking({endpointAt(loopback(closedPort()))}, options());
    QCOMPARE(results.value(0).failure, ProbeFailure::Refused);
    QCOMPARE(results[0].error, QStringLiteral("connection refused"));
    QCOMPARE(results[0].findings.value(0).kind, FindingKind::HandshakeError);
}

void TestTlsProbe::unresolvableNameIsAHandshakeError()
{
    ProbeOptions o = options();
    o.resolve = [](const QString& host, quint16, QString* error) {
        *error = QStringLiteral("cannot resolve %1: Name or service not known").arg(host);
        return QList<ResolvedAddress>();
    };
    const QList<ProbeResult> results = probeEndpointsBlocking({endpointAt(QStringLiteral("nowhere.test:443"))}, o);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results[0].failure, ProbeFailure::Resolve);
    QVERIFY(results[0].address.isEmpty());
    QCOMPARE(results[0].location(), QStringLiteral("nowhere.test:443"));
}

void TestTlsProbe::incompleteChainIsAFinding()
{
    const GeneratedCert leaf = m_pki->leaf(QStringLiteral("test.example"), kIssued);
    TlsTestServer server;
    const quint16 leafOnly = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, {leaf});
    const quint16 complete = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf));
    server.start();
    const QList<ProbeResult> results =
        probeEndpointsBlocking({endpointAt(loopback(leafOnly)), endpointAt(loopback(complete))}, options());
    QVERIFY(results.value(0).handshakeSucceeded()); // served, not verified: the chain is still recorded
    QCOMPARE(results[0].chain.size(), 1);
    QVERIFY(hasFinding(results[0], FindingKind::ChainIncomplete));
    QVERIFY(!hasFinding(results.value(1), FindingKind::ChainIncomplete));

    // With the intermediate in the trust store, sending the leaf alone is complete.
    const QString withIntermediate = m_env->path(QStringLiteral("trust2.pem"));
    QVERIFY(writeFile(withIntermediate, m_pki->root.pem() + m_pki->intermediate.pem()));
    ProbeOptions o = options();
    o.trustedCertificates = withIntermediate;
    const QList<ProbeResult> again = probeEndpointsBlocking({endpointAt(loopback(leafOnly))}, o);
    QVERIFY(!hasFinding(again.value(0), FindingKind::ChainIncomplete));
}

void TestTlsProbe::expiredMismatchedSelfSignedLeafIsReported()
{
    CertSpec spec;
    spec.cn = QStringLiteral("other.example");
    spec.dns = {QStringLiteral("other.example")};
    spec.notBefore = kNow.addDays(-100);
    spec.notAfter = kNow.addDays(-1);
    const GeneratedCert selfSigned = makeCertificate(spec);
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("::1"), TlsTestServer::Mode::Tls, {selfSigned});
    server.start();
    const QList<ProbeResult> results =
        probeEndpointsBlocking({endpointAt(QStringLiteral("[::1]:%1").arg(port))}, options());
    const ProbeResult& r = results.value(0);
    QVERIFY2(r.handshakeSucceeded(), qPrintable(r.error));
    QVERIFY(hasFinding(r, FindingKind::Expired));
    QVERIFY(hasFinding(r, FindingKind::NameMismatch));
    QVERIFY(hasFinding(r, FindingKind::SelfSignedLeaf));
    QVERIFY(!hasFinding(r, FindingKind::ChainIncomplete)); // a self-signed certificate is its own chain
}

void TestTlsProbe::hangingEndpointsDoNotDelayTheOthers()
{
    const GeneratedCert leaf = m_pki->leaf(QStringLiteral("test.example"), kIssued);
    TlsTestServer server;
    QList<Endpoint> endpoints;
    for (int i = 0; i < 10; ++i)
        endpoints << endpointAt(loopback(server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Silent)));
    for (int i = 0; i < 40; ++i)
        endpoints << endpointAt(
            loopback(server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf))));
    server.start();
    ProbeOptions o = options();
    o.handshakeTimeoutMs = 500;
    QElapsedTimer timer;
    timer.start();
    const QList<ProbeResult> results = probeEndpointsBlocking(endpoints, o);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(results.size(), 50);
    for (int i = 0; i < 50; ++i)
        QCOMPARE(results[i].handshakeSucceeded(), i >= 10);
    QVERIFY2(elapsed < 1500, qPrintable(QString::number(elapsed)));
}

QTEST_GUILESS_MAIN(TestTlsProbe)
#include "TestTlsProbe.moc"
