// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// packaging/examples end to end: certbot renews a lineage, its deploy hook
// (certbot-deploy-hook.sh) calls `certlifectl switch --old-file --new-file`, which runs
// the registered Replace task certbot-reload.sh, which reloads the service through a
// stand-in systemctl. Everything in temporary directories; only systemctl is faked.

#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "util/Paths.h"

#include <QDir>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCertbotExample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void renewalRunsTheReloadTask();
    void firstIssueSwitchesNothing();
    void reloadRefusesAFileThatChangedAgain();

private:
    CliResult runHook(const QString& lineage) const;
    void renew(const QByteArray& pem, int n) const;

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ScriptDir> m_scripts;
    QString m_letsencrypt;
    QString m_lineage;
    QString m_reloaded; // what the stand-in systemctl was asked
    GeneratedCert m_first;
    GeneratedCert m_second;
};

void TestCertbotExample::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_scripts = std::make_unique<ScriptDir>();
    QVERIFY2(m_scripts->problem().isEmpty(), qPrintable(m_scripts->problem()));

    // certbot's layout: live/NAME/cert.pem -> ../../archive/NAME/certN.pem
    m_letsencrypt = m_env->path(QStringLiteral("etc/letsencrypt"));
    m_lineage = m_letsencrypt + QStringLiteral("/live/shop.example.org");
    QVERIFY(QDir().mkpath(m_lineage));
    QVERIFY(QDir().mkpath(m_letsencrypt + QStringLiteral("/archive/shop.example.org")));
    CertSpec spec;
    spec.cn = QStringLiteral("shop.example.org");
    spec.dns = {QStringLiteral("shop.example.org"), QStringLiteral("www.shop.example.org")};
    spec.serialHex = "01";
    m_first = makeCertificate(spec);
    spec.serialHex = "02";
    spec.notBefore = QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC);
    spec.notAfter = QDateTime(QDate(2026, 5, 30), QTime(0, 0), Qt::UTC);
    m_second = makeCertificate(spec);
    renew(m_first.pem(), 1);
    QVERIFY(writeFile(Paths::policyFile(Scope::System),
                      QStringLiteral("[Policy]\nAdditionalStores=%1\n").arg(m_letsencrypt).toUtf8()));

    // The examples, installed as an admin would: root's, 0755, in a root-only directory.
    const auto install = [&](const QString& name) {
        return m_scripts->write(name, readAllOf(sourcePath(QStringLiteral("packaging/examples/") + name)), 0755);
    };
    const QString reload = install(QStringLiteral("certbot-reload.sh"));
    install(QStringLiteral("certbot-deploy-hook.sh"));
    m_reloaded = m_scripts->filePath(QStringLiteral("reloaded"));
    const QString systemctl = m_scripts->write(
        QStringLiteral("systemctl"), "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + QFile::encodeName(m_reloaded) + "'\n");
    const CliResult task = runCertlifectl(binaryPath(QStringLiteral("certlifectl")), {"task",      "new",
                                                                                      "--type",    "Replace",
                                                                                      "--channel", "System",
                                                                                      "--name",    "certbot-reload",
                                                                                      "--command", reload,
                                                                                      "--arg",     "--systemctl",
                                                                                      "--arg",     systemctl,
                                                                                      "--arg",     "--service",
                                                                                      "--arg",     "nginx.service",
                                                                                      "--arg",     "--service",
                                                                                      "--arg",     "postfix.service",
                                                                                      "--arg",     "{NewCertPath}"},
                                          m_env->processEnvironment());
    QVERIFY2(task.exitCode == 0, qPrintable(task.err));
    // The agent has seen the first certificate (switch archives the old one in its snapshot).
    const CliResult pass = runCertlifectl(
        binaryPath(QStringLiteral("certlifectl")), {"watch", "--once", "--scope", "system", "--no-journal"},
        m_env->processEnvironment() << QStringLiteral("CERTLIFE_NOW=2026-02-01T00:00:00Z"));
    QVERIFY2(pass.exitCode == 0, qPrintable(pass.err));
}

void TestCertbotExample::renew(const QByteArray& pem, int n) const
{
    const QString archived = QStringLiteral("cert%1.pem").arg(n);
    QVERIFY(writeFile(m_letsencrypt + QStringLiteral("/archive/shop.example.org/") + archived, pem));
    const QString link = m_lineage + QStringLiteral("/cert.pem");
    QFile::remove(link);
    QVERIFY(QFile::link(QStringLiteral("../../archive/shop.example.org/") + archived, link));
}

CliResult TestCertbotExample::runHook(const QString& lineage) const
{
    // As certbot runs a deploy hook: its environment, RENEWED_LINEAGE and RENEWED_DOMAINS.
    QProcess p;
    p.setEnvironment(m_env->processEnvironment()
                     << QStringLiteral("RENEWED_LINEAGE=") + lineage
                     << QStringLiteral("RENEWED_DOMAINS=shop.example.org www.shop.example.org")
                     << QStringLiteral("CERTLIFECTL=") + binaryPath(QStringLiteral("certlifectl"))
                     << QStringLiteral("CERTLIFE_SWITCH_OPTIONS=--channel system")
                     << QStringLiteral("CERTLIFE_NOW=2026-03-02T04:00:00Z"));
    p.start(m_scripts->filePath(QStringLiteral("certbot-deploy-hook.sh")), {});
    CliResult r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestCertbotExample::renewalRunsTheReloadTask()
{
    renew(m_second.pem(), 2);
    const CliResult r = runHook(m_lineage);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QString newPath = m_lineage + QStringLiteral("/cert.pem");
    const QString oldPath = m_letsencrypt + QStringLiteral("/archive/shop.example.org/cert1.pem");
    QVERIFY2(r.out.contains(QStringLiteral("task certbot-reload (event record ")), qPrintable(r.out));
    QVERIFY2(
        r.out.contains(
            QStringLiteral("  | reloaded nginx.service for %1 (shop.example.org www.shop.example.org)\n").arg(newPath)),
        qPrintable(r.out));
    QCOMPARE(readAllOf(m_reloaded),
             QByteArray("reload-or-restart -- nginx.service\nreload-or-restart -- postfix.service\n"));

    EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
    QVERIFY(log.openReadOnly());
    EventQuery q;
    q.ids = {EventId::Replace};
    const QList<LifecycleEvent> replaces = log.query(q);
    QCOMPARE(replaces.size(), 1);
    QCOMPARE(replaces[0].certificate.thumbprint, m_second.thumbprint());
    QCOMPARE(replaces[0].certificate.path, newPath);
    QCOMPARE(replaces[0].oldCertificate->thumbprint, m_first.thumbprint());
    QCOMPARE(replaces[0].oldCertificate->path, oldPath);
    q.ids = {EventId::Archived};
    QCOMPARE(log.query(q).value(0).certificate.thumbprint, m_first.thumbprint()); // switch archived the old one
}

void TestCertbotExample::firstIssueSwitchesNothing()
{
    const CliResult r = runHook(m_lineage); // still cert1.pem
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("has no previous certificate (first issue): nothing to switch")),
             qPrintable(r.out));
    QVERIFY(!QFile::exists(m_reloaded));
    QCOMPARE(runHook(m_env->path(QStringLiteral("nowhere"))).exitCode, 2);
}

void TestCertbotExample::reloadRefusesAFileThatChangedAgain()
{
    // The task gets the path; the file must still hold the certificate the event names.
    renew(m_second.pem(), 2);
    const QString script = m_scripts->filePath(QStringLiteral("certbot-reload.sh"));
    QProcess p;
    p.setEnvironment({QStringLiteral("PATH=/usr/sbin:/usr/bin:/sbin:/bin"),
                      QStringLiteral("CERTLIFE_NEW_CERT_PATH=") + m_lineage + QStringLiteral("/cert.pem"),
                      QStringLiteral("CERTLIFE_NEW_CERT_HASH=") + m_first.thumbprint()});
    p.start(script,
            {QStringLiteral("--systemctl"), m_scripts->filePath(QStringLiteral("systemctl")),
             QStringLiteral("--service"), QStringLiteral("nginx.service")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 3);
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("not reloading")));
    QVERIFY(!QFile::exists(m_reloaded));
}

QTEST_GUILESS_MAIN(TestCertbotExample)
#include "TestCertbotExample.moc"
