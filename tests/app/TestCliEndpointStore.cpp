// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliProcess.h"
#include "EndpointTestSupport.h"
#include "TlsTestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// Endpoint stores from the command line: added, listed, scanned, and watched by the agent
// through the same snapshots and events as files.
class TestCliEndpointStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void addsListsAndRejects();
    void scanProbesTheStore();
    void agentLogsTheRenewalAnEndpointServes();
    void unreachableEndpointKeepsWhatItServed();

private:
    QStringList environment(const char* now = "2026-02-01T12:00:00Z") const
    {
        return m_env->processEnvironment() << QStringLiteral("SSL_CERT_FILE=") + m_trustFile
                                           << QStringLiteral("SSL_CERT_DIR=") + m_env->path(QStringLiteral("none"))
                                           << QStringLiteral("CERTLIFE_NOW=") + QLatin1String(now);
    }
    CliRun run(const QStringList& args, const char* now = "2026-02-01T12:00:00Z") const
    {
        return runCli(args, environment(now));
    }
    QJsonObject pass(const char* now) const
    {
        const CliRun r = run({"watch", "--once", "--json", "--scope", "user", "--no-journal"}, now);
        if (r.code != 0)
            qWarning() << r.code << r.err;
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }
    QList<QJsonObject> events() const { return jsonLines(run({"events", "--json", "--channel", "user"}).out); }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<EndpointPki> m_pki;
    QString m_trustFile;
};

void TestCliEndpointStore::init()
{
    m_env = std::make_unique<TestEnvironment>();
    if (!m_pki)
        m_pki = std::make_unique<EndpointPki>();
    m_trustFile = m_env->path(QStringLiteral("trust.pem"));
    QVERIFY(m_pki->writeTrustFile(m_trustFile));
}

void TestCliEndpointStore::addsListsAndRejects()
{
    const CliRun added = run({"store", "add", "--id", "web", "--endpoint", "www.example.org:443", "--endpoint",
                              "[2001:db8::1]:443", "--sni", "WWW.example.org", "--scope", "user"});
    QCOMPARE(added.code, 0);
    QVERIFY2(added.out.contains(QStringLiteral("(tls www.example.org:443 [2001:db8::1]:443)")), qPrintable(added.out));
    QCOMPARE(run({"store", "add", "--id", "mail", "--endpoint", "mail.example.org:25", "--starttls", "smtp", "--scope",
                  "user"})
                 .code,
             0);
    QMap<QString, QJsonObject> stores;
    for (const QJsonObject& o : jsonLines(run({"store", "list", "--json", "--scope", "user"}).out))
        stores.insert(o[QLatin1String("id")].toString(), o);
    QCOMPARE(stores[QStringLiteral("web")][QLatin1String("kind")].toString(), QStringLiteral("tls"));
    QCOMPARE(stores[QStringLiteral("web")][QLatin1String("path")].toString(),
             QStringLiteral("www.example.org:443 [2001:db8::1]:443"));
    QCOMPARE(stores[QStringLiteral("mail")][QLatin1String("kind")].toString(), QStringLiteral("tls"));
    QFile conf(m_env->path(QStringLiteral("home/.config/certlife/stores.conf")));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    const QByteArray text = conf.readAll();
    QVERIFY2(text.contains("sni=www.example.org"), text.constData());
    QVERIFY(text.contains("starttls=smtp"));

    const CliRun badEndpoint = run({"store", "add", "--id", "x", "--endpoint", "example.org", "--scope", "user"});
    QCOMPARE(badEndpoint.code, 2);
    QVERIFY(badEndpoint.err.contains(QStringLiteral("expected HOST:PORT")));
    QCOMPARE(run({"store", "add", "--id", "x", "--endpoint", "example.org:443", "--recursive", "--scope", "user"}).code,
             2);
    QCOMPARE(run({"store", "add", "--id", "x", "--path", m_env->root(), "--sni", "a.example", "--scope", "user"}).code,
             2);
    QCOMPARE(
        run({"store", "add", "--id", "x", "--endpoint", "a.example:25", "--starttls", "http", "--scope", "user"}).code,
        2);
    QCOMPARE(
        run({"store", "add", "--id", "x", "--endpoint", "a.example:25", "--path", m_env->root(), "--scope", "user"})
            .code,
        2);
}

void TestCliEndpointStore::scanProbesTheStore()
{
    const GeneratedCert leaf =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 1, 15), QTime(), Qt::UTC));
    TlsTestServer server;
    const quint16 v4 = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf));
    const quint16 v6 = server.listen(QStringLiteral("::1"), TlsTestServer::Mode::Tls, m_pki->chainOf(leaf));
    server.start();
    const QString e4 = QStringLiteral("127.0.0.1:%1").arg(v4);
    const QString e6 = QStringLiteral("[::1]:%1").arg(v6);
    QCOMPARE(runCli({"store", "add", "--id", "web", "--endpoint", e4, "--endpoint", e6, "--sni", "test.example",
                     "--scope", "user"},
                    environment())
                 .code,
             0);
    const CliRun scan = run({"scan", "--store", "web", "--json"});
    QCOMPARE(scan.code, 0);
    const QList<QJsonObject> lines = jsonLines(scan.out);
    QCOMPARE(lines.size(), 4); // leaf and intermediate, at each address
    QCOMPARE(lines[0][QLatin1String("path")].toString(), e4 + QStringLiteral(" [127.0.0.1]"));
    QCOMPARE(lines[0][QLatin1String("thumbprint")].toString(), leaf.thumbprint());
    QCOMPARE(lines[1][QLatin1String("index")].toInt(), 1);
    QCOMPARE(lines[1][QLatin1String("thumbprint")].toString(), m_pki->intermediate.thumbprint());
    QCOMPARE(lines[2][QLatin1String("path")].toString(), e6 + QStringLiteral(" [::1]"));
}

void TestCliEndpointStore::agentLogsTheRenewalAnEndpointServes()
{
    const GeneratedCert old =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 1, 1), QTime(), Qt::UTC), "01");
    const GeneratedCert renewed =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 3, 1), QTime(), Qt::UTC), "02");
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, {old});
    server.start();
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(port);
    QCOMPARE(
        run({"store", "add", "--id", "web", "--endpoint", endpoint, "--sni", "test.example", "--scope", "user"}).code,
        0);

    QCOMPARE(pass("2026-03-02T00:00:00Z")[QLatin1String("events")].toInt(), 0); // the baseline
    server.serve(port, {renewed});
    QCOMPARE(pass("2026-03-02T01:00:00Z")[QLatin1String("events")].toInt(), 1);
    const QList<QJsonObject> logged = events();
    QCOMPARE(logged.size(), 1);
    QCOMPARE(logged[0][QLatin1String("eventId")].toInt(), 1001);
    QCOMPARE(logged[0][QLatin1String("action")].toString(), QStringLiteral("renew"));
    QCOMPARE(logged[0][QLatin1String("store")].toString(), QStringLiteral("web"));
    const QJsonObject certificate = logged[0][QLatin1String("certificate")].toObject();
    QCOMPARE(certificate[QLatin1String("thumbprint")].toString(), renewed.thumbprint());
    QCOMPARE(certificate[QLatin1String("path")].toString(), endpoint + QStringLiteral(" [127.0.0.1]"));
    QCOMPARE(logged[0][QLatin1String("oldCertificate")].toObject()[QLatin1String("thumbprint")].toString(),
             old.thumbprint());
    QCOMPARE(pass("2026-03-02T02:00:00Z")[QLatin1String("events")].toInt(), 0);
}

void TestCliEndpointStore::unreachableEndpointKeepsWhatItServed()
{
    const GeneratedCert leaf =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 1, 1), QTime(), Qt::UTC));
    QString endpoint;
    {
        TlsTestServer server;
        const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, {leaf});
        server.start();
        endpoint = QStringLiteral("127.0.0.1:%1").arg(port);
        QCOMPARE(run({"store", "add", "--id", "web", "--endpoint", endpoint, "--scope", "user"}).code, 0);
        QCOMPARE(pass("2026-02-01T00:00:00Z")[QLatin1String("certificates")].toInt(), 1);
    }
    // The server is gone: refused is not "removed" (no 1004), and the store says why.
    const QJsonObject down = pass("2026-02-01T01:00:00Z");
    QCOMPARE(down[QLatin1String("events")].toInt(), 0);
    const CliRun scan = run({"scan", "--store", "web", "--json"});
    QCOMPARE(scan.code, 3);
    QVERIFY2(scan.out.contains(QStringLiteral("connection refused")), qPrintable(scan.out));
}

QTEST_GUILESS_MAIN(TestCliEndpointStore)
#include "TestCliEndpointStore.moc"
