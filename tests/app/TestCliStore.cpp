// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "CliProcess.h"
#include "SoftHsm.h"
#include "TestEnvironment.h"
#include "util/Paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// `certlifectl store list|add|remove` as an admin runs them.
class TestCliStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addListRemove();
    void addErrorsNameTheValue_data();
    void addErrorsNameTheValue();
    void addsAKeystoreReadOnly();
    void addsPkcs11TokensAndSurvivesABadModule();
    void removeRefusesBuiltInAndAsksForScopeWhenAmbiguous();
    void systemScopeWithoutPermissionSaysSo();
    void helpForEverySubcommand_data();
    void helpForEverySubcommand();

private:
    using Result = CliRun;
    static Result run(const QStringList& args, bool unprivileged = false) { return runCli(args, {}, unprivileged); }
    static QList<QJsonObject> listJson()
    {
        QList<QJsonObject> out;
        const Result r = run({QStringLiteral("store"), QStringLiteral("list"), QStringLiteral("--json")});
        for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out.append(QJsonDocument::fromJson(line.toUtf8()).object());
        return out;
    }
    static std::optional<QJsonObject> listed(const QString& id, const QString& scope)
    {
        for (const QJsonObject& o : listJson())
            if (o.value("id").toString() == id && o.value("scope").toString() == scope)
                return o;
        return std::nullopt;
    }
};

void TestCliStore::addListRemove()
{
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("le/live"))));
    QVERIFY(writeFile(env.path(QStringLiteral("bundle.crt")), makeCertificate({}).pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("pfx.pass")), "secret\n"));

    const Result add = run({"store", "add", "--id", "letsencrypt", "--path", env.path("le/live"), "--name",
                            "Let's Encrypt", "--recursive", "--read-only", "--scope", "user", "--pkcs12-password-file",
                            env.path("pfx.pass"), "--max-file-size", "2M"});
    QCOMPARE(add.code, 0);
    QVERIFY2(add.out.contains(QStringLiteral("Added user store \"letsencrypt\"")), qPrintable(add.out));
    QCOMPARE(run({"store", "add", "--id", "bundle", "--path", env.path("bundle.crt"), "--scope", "system"}).code, 0);

    const auto le = listed(QStringLiteral("letsencrypt"), QStringLiteral("user"));
    QVERIFY(le);
    QCOMPARE(le->value("name").toString(), QStringLiteral("Let's Encrypt"));
    QCOMPARE(le->value("kind").toString(), QStringLiteral("directory"));
    QCOMPARE(le->value("path").toString(), env.path(QStringLiteral("le/live")));
    QCOMPARE(le->value("recursive").toBool(), true);
    QCOMPARE(le->value("readOnly").toBool(), true);
    QCOMPARE(le->value("origin").toString(), QStringLiteral("configured"));
    QCOMPARE(le->value("pkcs12PasswordFile").toString(), env.path(QStringLiteral("pfx.pass")));
    QCOMPARE(le->value("maxFileSize").toInteger(), 2 * 1024 * 1024);
    QCOMPARE(le->value("exists").toBool(), true);
    QCOMPARE(listed(QStringLiteral("bundle"), QStringLiteral("system"))->value("kind").toString(),
             QStringLiteral("file"));
    QCOMPARE(listed(QStringLiteral("ssl-certs"), QStringLiteral("system"))->value("origin").toString(),
             QStringLiteral("built-in"));
    QFile conf(Paths::storesFile(Scope::User));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    const QByteArray ini = conf.readAll();
    QVERIFY(ini.contains("pkcs12PasswordFile=")); // the file is named, its content never copied
    QVERIFY(!ini.contains("secret"));

    const Result table = run({QStringLiteral("store"), QStringLiteral("list")});
    QCOMPARE(table.code, 0);
    QVERIFY(table.out.startsWith(QStringLiteral("ID ")));
    QVERIFY2(table.out.contains(QRegularExpression(QStringLiteral("letsencrypt +user +directory +configured +ro,rec +")
                                                   + QRegularExpression::escape(env.path("le/live")))),
             qPrintable(table.out));

    const Result remove = run({QStringLiteral("store"), QStringLiteral("remove"), QStringLiteral("letsencrypt")});
    QCOMPARE(remove.code, 0);
    QVERIFY(remove.out.contains(QStringLiteral("Removed user store \"letsencrypt\"")));
    QVERIFY(!listed(QStringLiteral("letsencrypt"), QStringLiteral("user")));
    QVERIFY(listed(QStringLiteral("bundle"), QStringLiteral("system")));
    QVERIFY(QDir(env.path(QStringLiteral("le/live"))).exists());
}

void TestCliStore::addErrorsNameTheValue_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("no id") << QStringList{"--path", "@dir"} << 2
                           << "needs --id and one of --path, --keystore, --nss, --pkcs11 and --endpoint";
    QTest::newRow("path and keystore") << QStringList{"--id", "x", "--path", "@dir", "--keystore", "@file.pem"} << 2
                                       << "needs --id and one of --path, --keystore, --nss, --pkcs11 and --endpoint";
    QTest::newRow("path and endpoint") << QStringList{"--id", "x", "--path", "@dir", "--endpoint", "localhost:443"} << 2
                                       << "needs --id and one of --path, --keystore, --nss, --pkcs11 and --endpoint";
    QTest::newRow("keystore password alone")
        << QStringList{"--id", "x", "--path", "@dir", "--keystore-password-file", "@file.pem"} << 2
        << "--keystore-password-file goes with --keystore";
    QTest::newRow("keystore directory") << QStringList{"--id", "x", "--keystore", "@dir"} << 1
                                        << "is not a regular file";
    QTest::newRow("nss password alone") << QStringList{"--id",     "x", "--path", "@dir", "--nss-password-file",
                                                       "@file.pem"}
                                        << 2 << "--nss-password-file goes with --nss";
    QTest::newRow("nss without cert9.db")
        << QStringList{"--id", "x", "--nss", "@dir"} << 1 << "is not an NSS database: it has no cert9.db";
    QTest::newRow("nss file") << QStringList{"--id", "x", "--nss", "@file.pem"} << 1
                              << "is not an NSS database: give the directory holding cert9.db";
    QTest::newRow("bad id") << QStringList{"--id", "a/b", "--path", "@dir"} << 2 << "store id \"a/b\" is not valid";
    QTest::newRow("duplicate") << QStringList{"--id", "taken", "--path", "@dir"} << 1
                               << "id \"taken\" already exists in the user scope";
    QTest::newRow("missing path") << QStringList{"--id", "x", "--path", "@nowhere"} << 1 << "nowhere\" does not exist";
    QTest::newRow("recursive file") << QStringList{"--id", "x", "--path", "@file.pem", "--recursive"} << 1
                                    << "only directory stores can be recursive";
    QTest::newRow("bad scope") << QStringList{"--id", "x", "--path", "@dir", "--scope", "root"} << 2 << "not \"root\"";
    QTest::newRow("bad size") << QStringList{"--id", "x", "--path", "@dir", "--max-file-size", "-5"} << 2 << "\"-5\"";
    QTest::newRow("module alone") << QStringList{"--id", "x", "--path", "@dir", "--module", "@file.pem"} << 2
                                  << "--module applies to --pkcs11 stores only";
    QTest::newRow("pkcs11 recursive") << QStringList{"--id", "x", "--pkcs11", "--recursive"} << 2
                                      << "--recursive applies to --path stores only";
    QTest::newRow("pkcs11 missing module")
        << QStringList{"--id", "x", "--pkcs11", "--module", "@nowhere.so"} << 1 << "nowhere.so\" is not a file";
    QTest::newRow("PIN file others read") << QStringList{"--id", "x", "--pkcs11", "--pin-file", "@open.pin"} << 1
                                          << "open.pin\": others may read or change it (mode 0644)";
}

void TestCliStore::addErrorsNameTheValue()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, stderrHas);
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("dir"))));
    QVERIFY(writeFile(env.path(QStringLiteral("file.pem")), makeCertificate({}).pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("open.pin")), "1234\n"));
    QVERIFY(QFile::setPermissions(env.path(QStringLiteral("open.pin")),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(run({"store", "add", "--id", "taken", "--path", env.path("dir"), "--scope", "user"}).code, 0);
    for (QString& a : args)
        if (a.startsWith(QLatin1Char('@')))
            a = env.path(a.mid(1));
    if (!args.contains(QStringLiteral("--scope")))
        args << QStringLiteral("--scope") << QStringLiteral("user");
    const Result r = run(QStringList{"store", "add"} + args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(stderrHas), qPrintable(r.err));
    QCOMPARE(listJson().size(), 4); // the three built-in stores and "taken"
}

void TestCliStore::addsAKeystoreReadOnly()
{
    TestEnvironment env;
    QVERIFY(writeFile(env.path(QStringLiteral("app.jks")), QByteArray::fromHex("FEEDFEED0000000200000000")));
    QVERIFY(writeFile(env.path(QStringLiteral("ks.pass")), "changeit\n"));
    const Result add = run({"store", "add", "--id", "tomcat", "--keystore", env.path("app.jks"),
                            "--keystore-password-file", env.path("ks.pass"), "--scope", "user"});
    QCOMPARE(add.code, 0);
    QVERIFY2(add.out.contains(QStringLiteral("(keystore %1)").arg(env.path("app.jks"))), qPrintable(add.out));
    const std::optional<QJsonObject> store = listed(QStringLiteral("tomcat"), QStringLiteral("user"));
    QVERIFY(store);
    QCOMPARE(store->value("kind").toString(), QStringLiteral("keystore"));
    QCOMPARE(store->value("readOnly").toBool(), true); // Certlife never writes a keystore
    QCOMPARE(store->value("pkcs12PasswordFile").toString(), env.path("ks.pass"));
}

void TestCliStore::addsPkcs11TokensAndSurvivesABadModule()
{
    if (!SoftHsm::available())
        QSKIP("softhsm2 and opensc's pkcs11-tool (installed by scripts/setup) are needed");
    TestEnvironment env;
    SoftHsm hsm(env.path(QStringLiteral("softhsm")));
    QCOMPARE(hsm.initToken(QStringLiteral("web")), QString());
    const GeneratedCert cert = makeCertificate({});
    QVERIFY(writeFile(env.path(QStringLiteral("cert.der")), cert.der));
    QCOMPARE(hsm.writeObject(QStringLiteral("web"), env.path(QStringLiteral("cert.der")), QStringLiteral("cert"),
                             QStringLiteral("tls"), QStringLiteral("01")),
             QString());
    QVERIFY(writeFile(env.path(QStringLiteral("hsm.pin")), QByteArray(SoftHsm::kUserPin) + "\n"));
    QVERIFY(QFile::setPermissions(env.path(QStringLiteral("hsm.pin")), QFile::ReadOwner | QFile::WriteOwner));

    const Result add = run({"store", "add", "--id", "hsm", "--pkcs11", "--module", softHsmModule(), "--token", "web",
                            "--pin-file", env.path("hsm.pin"), "--scope", "user"});
    QCOMPARE(add.code, 0);
    const QString uri = QStringLiteral("pkcs11:token=web?module-path=") + softHsmModule();
    QVERIFY2(add.out.contains(QStringLiteral("(pkcs11 %1)").arg(uri)), qPrintable(add.out));
    const std::optional<QJsonObject> store = listed(QStringLiteral("hsm"), QStringLiteral("user"));
    QVERIFY(store);
    QCOMPARE(store->value("kind").toString(), QStringLiteral("pkcs11"));
    QCOMPARE(store->value("path").toString(), uri);
    QCOMPARE(store->value("readOnly").toBool(), true); // Certlife never writes a token
    QCOMPARE(store->value("pinFile").toString(), env.path("hsm.pin"));
    QCOMPARE(store->value("exists").toBool(), true);
    QFile conf(Paths::storesFile(Scope::User));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    QVERIFY(!conf.readAll().contains(SoftHsm::kUserPin)); // only the file's name

    const Result scan = run({"scan", "--store", "hsm", "--json"});
    QVERIFY2(scan.out.contains(QStringLiteral("pkcs11:token=web;object=tls;id=%01;type=cert")),
             qPrintable(scan.out + scan.err));

    // A module that aborts: certlifectl lives and says so.
    QCOMPARE(run({"store", "add", "--id", "bad", "--pkcs11", "--module", badPkcs11Module(QStringLiteral("crash")),
                  "--scope", "user"})
                 .code,
             0);
    const Result bad = run({"scan", "--store", "bad"});
    QVERIFY(bad.code >= 0);
    QVERIFY2((bad.out + bad.err).contains(QStringLiteral("crashed (signal 6)")), qPrintable(bad.out + bad.err));

    // The agent's pass over a token, a module that aborts and one that hangs: it ends,
    // within the helper's time limit, with the token's certificate and two problems.
    QCOMPARE(run({"store", "add", "--id", "stuck", "--pkcs11", "--module", badPkcs11Module(QStringLiteral("hang")),
                  "--scope", "user"})
                 .code,
             0);
    QElapsedTimer timer;
    timer.start();
    const Result pass = runCli({"watch", "--once", "--scope", "user", "--no-journal", "--no-tasks", "--json"},
                               {QStringLiteral("CERTLIFE_PKCS11_TIMEOUT=2")});
    QVERIFY2(timer.elapsed() < 30'000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(pass.code, 0);
    const QJsonObject summary = QJsonDocument::fromJson(pass.out.toUtf8()).object();
    QCOMPARE(summary.value("certificates").toInt(), 1);
    QCOMPARE(summary.value("problems").toInt(), 2);
}

void TestCliStore::removeRefusesBuiltInAndAsksForScopeWhenAmbiguous()
{
    TestEnvironment env;
    const Result builtIn = run({"store", "remove", "ssl-certs"});
    QCOMPARE(builtIn.code, 1);
    QVERIFY(builtIn.err.contains(QStringLiteral("\"ssl-certs\" is built in and cannot be removed")));

    QVERIFY(QDir().mkpath(env.path(QStringLiteral("dir"))));
    QCOMPARE(run({"store", "add", "--id", "twice", "--path", env.path("dir"), "--scope", "user"}).code, 0);
    QCOMPARE(run({"store", "add", "--id", "twice", "--path", env.path("dir"), "--scope", "system"}).code, 0);
    const Result ambiguous = run({"store", "remove", "twice"});
    QCOMPARE(ambiguous.code, 2);
    QVERIFY(ambiguous.err.contains(QStringLiteral("--scope")));
    QCOMPARE(run({"store", "remove", "twice", "--scope", "system"}).code, 0);
    QVERIFY(listed(QStringLiteral("twice"), QStringLiteral("user")));
    QVERIFY(!listed(QStringLiteral("twice"), QStringLiteral("system")));

    const Result unknown = run({"store", "remove", "ghost"});
    QCOMPARE(unknown.code, 1);
    QVERIFY(unknown.err.contains(QStringLiteral("no store \"ghost\"")));
    QCOMPARE(run({"store", "remove"}).code, 2);
    QCOMPARE(run({"store", "frobnicate"}).code, 2);
    QCOMPARE(run({"store"}).code, 2);
}

void TestCliStore::systemScopeWithoutPermissionSaysSo()
{
    if (::geteuid() != 0)
        QSKIP("needs root to run certlifectl as another user");
    TestEnvironment env;
    // Let "nobody" reach the directories, as on a real system where /etc/certlife is
    // root's but readable.
    QVERIFY(QFile::setPermissions(
        env.root(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("srv"))));
    QVERIFY(QFile::setPermissions(env.path(QStringLiteral("srv")),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther
                                      | QFile::ExeOther));
    const Result r = run({"store", "add", "--id", "srv", "--path", env.path("srv"), "--scope", "system"}, true);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QStringLiteral("Permission denied"))
                 && r.err.contains(QStringLiteral("only be changed by root")),
             qPrintable(r.err));
    QVERIFY(!listed(QStringLiteral("srv"), QStringLiteral("system")));
}

void TestCliStore::helpForEverySubcommand_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("store") << QStringList{"store", "--help"} << QStringList{"list", "add", "remove", "Example"};
    QTest::newRow("list") << QStringList{"store", "list", "--help"} << QStringList{"--json", "--scope", "Example"};
    QTest::newRow("add") << QStringList{"store", "add", "--help"} << QStringList{"--id",
                                                                                 "--path",
                                                                                 "--name",
                                                                                 "--recursive",
                                                                                 "--read-only",
                                                                                 "--scope",
                                                                                 "--pkcs12-password-file",
                                                                                 "--max-file-size",
                                                                                 "needs root",
                                                                                 "Examples"};
    QTest::newRow("remove") << QStringList{"store", "remove", "--help"}
                            << QStringList{"ID", "--scope", "Example", "not touched"};
}

void TestCliStore::helpForEverySubcommand()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, mentions);
    TestEnvironment env;
    const Result r = run(args);
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("Usage: certlifectl store")));
    for (const QString& m : mentions)
        QVERIFY2(r.out.contains(m), qPrintable(m + QStringLiteral(" missing from:\n") + r.out));
}

QTEST_GUILESS_MAIN(TestCliStore)
#include "TestCliStore.moc"
