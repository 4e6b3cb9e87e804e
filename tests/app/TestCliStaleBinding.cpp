// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/tasks/TaskFixture.h"
#include "CliProcess.h"
#include "EndpointTestSupport.h"
#include "TestEnvironment.h"
#include "TlsTestServer.h"
#include "util/Paths.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The renewal that was never deployed (issue 16 item 2): certbot renewed the file, the
// service still serves the old certificate. Each pass is its own `watch --once` process
// (an agent restart every time) with its own CERTLIFE_NOW, against a real TLS server.
class TestCliStaleBinding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void renewalNeverDeployedIsReportedAndRebound();
    void servedCertificatesGetTheirLifecycleEvents();

private:
    static QString my() { return Paths::defaultMyStore(Scope::User); }
    QStringList environment(const QString& now) const
    {
        return m_env->processEnvironment() << QStringLiteral("SSL_CERT_FILE=") + m_trustFile
                                           << QStringLiteral("SSL_CERT_DIR=") + m_env->path(QStringLiteral("none"))
                                           << QStringLiteral("CERTLIFE_NOW=") + now;
    }
    CliRun run(const QStringList& args, const QString& now = QStringLiteral("2026-03-02T00:00:00Z")) const
    {
        return runCli(args, environment(now));
    }
    // One agent pass at `now`: the events it logged, as `events --json` shows them.
    QList<QJsonObject> pass(const QString& now)
    {
        const CliRun r = run({"watch", "--once", "--json", "--scope", "user", "--no-journal"}, now);
        if (r.code != 0)
            qWarning() << r.code << r.err;
        const QList<QJsonObject> all = jsonLines(run({"events", "--json", "--channel", "user"}).out);
        QList<QJsonObject> added;
        for (const QJsonObject& e : all)
            if (e[QLatin1String("recordId")].toInteger() > m_lastRecord)
                added << e;
        for (const QJsonObject& e : added)
            m_lastRecord = qMax(m_lastRecord, e[QLatin1String("recordId")].toInteger());
        return added;
    }
    static QList<int> ids(const QList<QJsonObject>& events)
    {
        QList<int> out;
        for (const QJsonObject& e : events)
            out << e[QLatin1String("eventId")].toInt();
        std::sort(out.begin(), out.end());
        return out;
    }
    static QJsonObject only(const QList<QJsonObject>& events, int id)
    {
        for (const QJsonObject& e : events)
            if (e[QLatin1String("eventId")].toInt() == id)
                return e;
        return {};
    }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<EndpointPki> m_pki;
    QString m_trustFile;
    qint64 m_lastRecord = 0;
};

void TestCliStaleBinding::init()
{
    m_env = std::make_unique<TestEnvironment>();
    if (!m_pki)
        m_pki = std::make_unique<EndpointPki>();
    m_trustFile = m_env->path(QStringLiteral("trust.pem"));
    QVERIFY(m_pki->writeTrustFile(m_trustFile));
    m_lastRecord = 0;
}

void TestCliStaleBinding::renewalNeverDeployedIsReportedAndRebound()
{
    const GeneratedCert old =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 1, 1), QTime(), Qt::UTC), "01");
    const GeneratedCert renewed =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 3, 1), QTime(), Qt::UTC), "02");
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, m_pki->chainOf(old));
    server.start();
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(port);
    const QString location = endpoint + QStringLiteral(" [127.0.0.1]");
    QCOMPARE(
        run({"store", "add", "--id", "web", "--endpoint", endpoint, "--sni", "test.example", "--scope", "user"}).code,
        0);
    QVERIFY(writeFile(my() + QStringLiteral("/test.pem"), old.pem()));

    // The admin's rebind script: writes its arguments to a file.
    ScriptDir scripts;
    QVERIFY2(scripts.problem().isEmpty(), qPrintable(scripts.problem()));
    const QString argsFile = scripts.filePath(QStringLiteral("rebound"));
    const QString script =
        scripts.write(QStringLiteral("rebind.sh"),
                      "#!/bin/sh\nprintf '%s|%s|%s\\n' \"$1\" \"$2\" \"$3\" >> '" + argsFile.toUtf8() + "'\n");
    const CliRun task = run({"task", "new", "--type", "stale", "--command", script, "--name", "rebind", "--channel",
                             "User", "--arg", "{Endpoint}", "--arg", "{OldCertHash}", "--arg", "{NewCertHash}"});
    QVERIFY2(task.code == 0, qPrintable(task.err));
    const auto runs = [&] {
        QFile f(argsFile);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                                           : QStringList();
    };

    QCOMPARE(ids(pass(QStringLiteral("2026-03-02T00:00:00Z"))), QList<int>()); // the baseline: both current
    // certbot renews the file; the service is not reloaded.
    QVERIFY(writeFile(my() + QStringLiteral("/test.pem"), renewed.pem()));
    // The file's renewal, and the old certificate archived (it is still served: in a store of the scope).
    QCOMPARE(ids(pass(QStringLiteral("2026-03-02T01:00:00Z"))), (QList<int>{1001, 1005}));
    QCOMPARE(ids(pass(QStringLiteral("2026-03-02T01:30:00Z"))), QList<int>()); // within the grace (1 h)
    QCOMPARE(ids(pass(QStringLiteral("2026-03-02T01:59:59Z"))), QList<int>());
    QVERIFY(runs().isEmpty());

    const QList<QJsonObject> stale = pass(QStringLiteral("2026-03-02T02:00:00Z"));
    QCOMPARE(ids(stale), QList<int>{1101});
    const QJsonObject e = only(stale, 1101);
    QCOMPARE(e[QLatin1String("name")].toString(), QStringLiteral("StaleBinding"));
    QCOMPARE(e[QLatin1String("level")].toString(), QStringLiteral("Warning"));
    QCOMPARE(e[QLatin1String("store")].toString(), QStringLiteral("web"));
    const QJsonObject newer = e[QLatin1String("certificate")].toObject();
    const QJsonObject served = e[QLatin1String("oldCertificate")].toObject();
    QCOMPARE(newer[QLatin1String("thumbprint")].toString(), renewed.thumbprint());
    QCOMPARE(newer[QLatin1String("path")].toString(), my() + QStringLiteral("/test.pem"));
    QCOMPARE(served[QLatin1String("thumbprint")].toString(), old.thumbprint());
    QCOMPARE(served[QLatin1String("path")].toString(), location);
    const QString message = e[QLatin1String("message")].toString();
    for (const QString& part : {location, old.thumbprint(), renewed.thumbprint(), QStringLiteral("CN=test.example")})
        QVERIFY2(message.contains(part), qPrintable(message));
    // The Stale task ran once, with the endpoint and both hashes.
    QCOMPARE(runs(),
             QStringList{endpoint + QLatin1Char('|') + old.thumbprint() + QLatin1Char('|') + renewed.thumbprint()});

    // One 1101 per stale period: the next passes are quiet until RenotifyInterval (24 h).
    QCOMPARE(ids(pass(QStringLiteral("2026-03-02T03:00:00Z"))), QList<int>());
    QCOMPARE(ids(pass(QStringLiteral("2026-03-03T01:59:00Z"))), QList<int>());
    QCOMPARE(ids(pass(QStringLiteral("2026-03-03T02:00:00Z"))), QList<int>{1101}); // re-notified like 1003
    QCOMPARE(runs().size(), 2);

    // The service is reloaded: it serves the renewal (a 1001 in the endpoint store) and
    // the binding is current again.
    server.serve(port, m_pki->chainOf(renewed));
    const QList<QJsonObject> current = pass(QStringLiteral("2026-03-03T03:00:00Z"));
    QCOMPARE(ids(current), (QList<int>{1001, 1102}));
    const QJsonObject c = only(current, 1102);
    QCOMPARE(c[QLatin1String("level")].toString(), QStringLiteral("Information"));
    QCOMPARE(c[QLatin1String("certificate")].toObject()[QLatin1String("thumbprint")].toString(), renewed.thumbprint());
    QCOMPARE(c[QLatin1String("certificate")].toObject()[QLatin1String("path")].toString(), location);
    QCOMPARE(c[QLatin1String("oldCertificate")].toObject()[QLatin1String("thumbprint")].toString(), old.thumbprint());

    // Quiet afterwards.
    QCOMPARE(ids(pass(QStringLiteral("2026-03-03T05:00:00Z"))), QList<int>());
    QCOMPARE(ids(pass(QStringLiteral("2026-03-05T05:00:00Z"))), QList<int>());
    QCOMPARE(runs().size(), 2);
}

// What an endpoint serves gets the events of a file: 1006 when it serves a certificate
// first, 1003 as it nears its expiry, 1002 once expired.
void TestCliStaleBinding::servedCertificatesGetTheirLifecycleEvents()
{
    const GeneratedCert first =
        m_pki->leaf(QStringLiteral("test.example"), QDateTime(QDate(2026, 1, 1), QTime(), Qt::UTC), "01");
    const GeneratedCert other =
        m_pki->leaf(QStringLiteral("other.example"), QDateTime(QDate(2026, 1, 10), QTime(), Qt::UTC), "03");
    TlsTestServer server;
    const quint16 port = server.listen(QStringLiteral("127.0.0.1"), TlsTestServer::Mode::Tls, {first});
    server.start();
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(port);
    QCOMPARE(run({"store", "add", "--id", "web", "--endpoint", endpoint, "--scope", "user"}).code, 0);
    QCOMPARE(ids(pass(QStringLiteral("2026-02-01T00:00:00Z"))), QList<int>()); // the baseline

    server.serve(port, {other}); // unrelated: the old one left, the new one is new
    const QList<QJsonObject> swapped = pass(QStringLiteral("2026-02-01T01:00:00Z"));
    QCOMPARE(ids(swapped), (QList<int>{1004, 1006}));
    QCOMPARE(only(swapped, 1006)[QLatin1String("certificate")].toObject()[QLatin1String("thumbprint")].toString(),
             other.thumbprint());
    QCOMPARE(only(swapped, 1006)[QLatin1String("certificate")].toObject()[QLatin1String("path")].toString(),
             endpoint + QStringLiteral(" [127.0.0.1]"));

    // 90 days from 2026-01-10: 10 % is 9 days, so 2026-04-01 is within the window.
    const QList<QJsonObject> closing = pass(QStringLiteral("2026-04-01T00:00:00Z"));
    QCOMPARE(ids(closing), QList<int>{1003});
    QCOMPARE(only(closing, 1003)[QLatin1String("certificate")].toObject()[QLatin1String("thumbprint")].toString(),
             other.thumbprint());
    const QList<QJsonObject> expired = pass(QStringLiteral("2026-04-11T00:00:00Z"));
    QCOMPARE(ids(expired), QList<int>{1002});
    QCOMPARE(ids(pass(QStringLiteral("2026-04-11T01:00:00Z"))), QList<int>());
}

QTEST_GUILESS_MAIN(TestCliStaleBinding)
#include "TestCliStaleBinding.moc"
