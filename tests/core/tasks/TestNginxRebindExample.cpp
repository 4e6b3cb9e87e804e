// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// packaging/examples/nginx-rebind.sh against a real configuration tree and a stand-in
// nginx binary that records what it is asked to do.

#include "CertFactory.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace certlife::test;

namespace {

QString exampleScript()
{
    return sourcePath(QStringLiteral("packaging/examples/nginx-rebind.sh"));
}

QByteArray read(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestNginxRebindExample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void rebindsTestsAndReloads();
    void secondRunChangesNothingAndOnlyReloads();
    void rejectedConfigurationIsRestored();
    void missingNewCertificateChangesNothing();

private:
    int run(const QStringList& extra = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_site;     // the real file behind sites-enabled/shop.conf
    QString m_nginxLog; // what the stand-in nginx was asked
    QByteArray m_original;
    GeneratedCert m_old;
    GeneratedCert m_new;
    QString m_output;
};

void TestNginxRebindExample::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString root = m_dir->path();
    const auto put = [](const QString& path, const QByteArray& data) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QVERIFY(writeFile(path, data));
    };
    CertSpec spec;
    spec.cn = QStringLiteral("shop.example.org");
    spec.serialHex = "01";
    m_old = makeCertificate(spec);
    spec.serialHex = "02";
    spec.subjectKey = freshKey(KeyType::EcP256); // renewed with a new key
    m_new = makeCertificate(spec);
    spec.cn = QStringLiteral("other.example.org");
    spec.serialHex = "03";
    const GeneratedCert other = makeCertificate(spec);

    put(root + QStringLiteral("/certs/old/fullchain.pem"), m_old.pem());
    put(root + QStringLiteral("/certs/old/privkey.pem"), m_old.key.pkcs8Pem());
    put(root + QStringLiteral("/certs/new/cert.pem"), m_new.pem());
    put(root + QStringLiteral("/certs/new/key.pem"), m_new.key.pkcs8Pem());
    put(root + QStringLiteral("/certs/other.pem"), other.pem());
    put(root + QStringLiteral("/certs/other.key"), other.key.pkcs8Pem());

    const QString nginx = root + QStringLiteral("/etc/nginx");
    put(nginx + QStringLiteral("/nginx.conf"), "events {}\nhttp {\n    include sites-enabled/*;\n}\n");
    // The old certificate by a path relative to the nginx prefix, its key absolute.
    m_original = "server {\n"
                 "    listen 443 ssl;\n"
                 "    server_name shop.example.org;\n"
                 "    ssl_certificate ../../certs/old/fullchain.pem;   # renewed by certbot\n"
                 "    ssl_certificate_key \""
        + root.toUtf8()
        + "/certs/old/privkey.pem\";\n"
          "}\n"
          "server {\n"
          "    server_name other.example.org;\n"
          "    ssl_certificate "
        + root.toUtf8()
        + "/certs/other.pem;\n"
          "    ssl_certificate_key "
        + root.toUtf8()
        + "/certs/other.key;\n"
          "}"; // no final newline (an edited file gets one)
    m_site = nginx + QStringLiteral("/sites-available/shop.conf");
    put(m_site, m_original);
    QDir().mkpath(nginx + QStringLiteral("/sites-enabled"));
    QVERIFY(QFile::link(m_site, nginx + QStringLiteral("/sites-enabled/shop.conf")));

    m_nginxLog = root + QStringLiteral("/nginx.log");
    put(root + QStringLiteral("/bin/nginx"),
        "#!/bin/bash\nprintf '%s\\n' \"$*\" >> '" + m_nginxLog.toUtf8()
            + "'\n"
              "if [[ $1 == -t && -e '"
            + root.toUtf8() + "/nginx-t-fails' ]]; then echo 'nginx: [emerg] test failed' >&2; exit 1; fi\n");
    QFile::setPermissions(root + QStringLiteral("/bin/nginx"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

int TestNginxRebindExample::run(const QStringList& extra)
{
    const QString root = m_dir->path();
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setProcessEnvironment(QProcessEnvironment{});
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/sbin:/usr/bin:/sbin:/bin"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("/bin/bash"),
            QStringList{exampleScript(), QStringLiteral("--conf"), root + QStringLiteral("/etc/nginx/nginx.conf"),
                        QStringLiteral("--nginx"), root + QStringLiteral("/bin/nginx"),
                        QStringLiteral("--signal-reload"), QStringLiteral("--search"),
                        root + QStringLiteral("/certs/new")}
                + extra + QStringList{m_old.thumbprint(), m_new.thumbprint()});
    if (!p.waitForFinished(60000))
        return -1;
    m_output = QString::fromUtf8(p.readAll());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

void TestNginxRebindExample::rebindsTestsAndReloads()
{
    QVERIFY2(QFile::exists(exampleScript()), qPrintable(exampleScript()));
    QCOMPARE(run(), 0);
    const QString root = m_dir->path();
    QByteArray expected = m_original;
    expected.replace("ssl_certificate ../../certs/old/fullchain.pem;",
                     "ssl_certificate " + root.toUtf8() + "/certs/new/cert.pem;");
    expected.replace("ssl_certificate_key \"" + root.toUtf8() + "/certs/old/privkey.pem\";",
                     "ssl_certificate_key " + root.toUtf8() + "/certs/new/key.pem;");
    expected += "\n";
    QCOMPARE(QString::fromUtf8(read(m_site)), QString::fromUtf8(expected));
    QVERIFY(QFileInfo(m_dir->path() + QStringLiteral("/etc/nginx/sites-enabled/shop.conf")).isSymLink());
    const QString conf = root + QStringLiteral("/etc/nginx/nginx.conf");
    QCOMPARE(QString::fromUtf8(read(m_nginxLog)), QStringLiteral("-t -c %1\n-s reload -c %1\n").arg(conf));
    QVERIFY2(m_output.contains(QStringLiteral("nginx reloaded with certificate %1").arg(m_new.thumbprint())),
             qPrintable(m_output));
}

void TestNginxRebindExample::secondRunChangesNothingAndOnlyReloads()
{
    QCOMPARE(run(), 0);
    const QByteArray afterFirst = read(m_site);
    QCOMPARE(run(), 0);
    QCOMPARE(read(m_site), afterFirst);
    QVERIFY2(m_output.contains(QStringLiteral("already points at %1").arg(m_new.thumbprint())), qPrintable(m_output));
    QCOMPARE(read(m_nginxLog).count("-s reload"), 2);
}

void TestNginxRebindExample::rejectedConfigurationIsRestored()
{
    QVERIFY(writeFile(m_dir->path() + QStringLiteral("/nginx-t-fails"), "1"));
    QCOMPARE(run(), 1);
    QCOMPARE(read(m_site), m_original);
    QVERIFY(!read(m_nginxLog).contains("reload"));
    QVERIFY2(m_output.contains(QStringLiteral("nginx: [emerg] test failed")), qPrintable(m_output));
    QVERIFY(m_output.contains(QStringLiteral("restored 1 file(s), nginx not reloaded")));
}

void TestNginxRebindExample::missingNewCertificateChangesNothing()
{
    QVERIFY(QFile::remove(m_dir->path() + QStringLiteral("/certs/new/cert.pem")));
    QCOMPARE(run(), 3);
    QCOMPARE(read(m_site), m_original);
    QVERIFY(!QFile::exists(m_nginxLog));
}

QTEST_GUILESS_MAIN(TestNginxRebindExample)
#include "TestNginxRebindExample.moc"
