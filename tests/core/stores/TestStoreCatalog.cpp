// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "stores/StoreCatalog.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestStoreCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInStores();
    void addedStoresAreSavedAndReloaded();
    void addRejectsBadValues_data();
    void addRejectsBadValues();
    void removeTakesOutOnlyThatStore();
    void removeRefusesBuiltInAndUnknown();
    void malformedEntriesAreSkippedWithTheReason();
    void runtimeStoresAreNeverSaved();
    void systemFileWritableByOthersIsIgnored();

private:
    static StoreConfig config(const QString& id, const QString& path, Scope scope = Scope::User)
    {
        StoreConfig c;
        c.id = id;
        c.path = path;
        c.scope = scope;
        c.kind = QFileInfo(path).isFile() ? StoreKind::File : StoreKind::Directory;
        return c;
    }
};

void TestStoreCatalog::builtInStores()
{
    TestEnvironment env;
    const QString my = Paths::defaultMyStore(Scope::User);
    QVERIFY(!QFileInfo::exists(my));
    const StoreCatalog catalog = StoreCatalog::load();
    QVERIFY(catalog.loadErrors().isEmpty());

    const auto userMy = catalog.find(Scope::User, QStringLiteral("My"));
    QVERIFY(userMy);
    QCOMPARE(userMy->origin, StoreCatalog::Origin::BuiltIn);
    QCOMPARE(userMy->config.path, my);
    QVERIFY(!userMy->config.readOnly);
    QVERIFY(QFileInfo(my).isDir()); // created on load
    QCOMPARE(QFileInfo(my).permissions()
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());

    const auto sslCerts = catalog.find(Scope::System, QStringLiteral("ssl-certs"));
    QVERIFY(sslCerts);
    QCOMPARE(sslCerts->config.path, Paths::systemCertificatesDir());
    QVERIFY(sslCerts->config.readOnly);
    QCOMPARE(sslCerts->config.kind, StoreKind::Directory);
    // update-ca-certificates' bundle repeats the directory's CAs (TestDirectoryStore).
    QCOMPARE(sslCerts->config.generatedBundles, QStringList{QStringLiteral("ca-certificates.crt")});
    QVERIFY(catalog.find(Scope::System, QStringLiteral("My")));
    QCOMPARE(catalog.stores().size(), 3);
}

void TestStoreCatalog::addedStoresAreSavedAndReloaded()
{
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("web"))));
    QVERIFY(writeFile(env.path(QStringLiteral("bundle.pem")), makeCertificate({}).pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("p12.pass")), "hunter2\n"));

    StoreCatalog catalog = StoreCatalog::load();
    StoreConfig web = config(QStringLiteral("web"), env.path(QStringLiteral("web")));
    web.displayName = QStringLiteral("Web servers, Paris");
    web.recursive = true;
    web.readOnly = true;
    web.pkcs12PasswordFile = env.path(QStringLiteral("p12.pass"));
    web.maxFileSize = 1024 * 1024;
    QCOMPARE(catalog.add(web), QString());
    StoreConfig bundle = config(QStringLiteral("system.bundle"), env.path(QStringLiteral("bundle.pem")), Scope::System);
    QCOMPARE(catalog.add(bundle), QString());
    QVERIFY(catalog.find(Scope::User, QStringLiteral("web")));

    const StoreCatalog reloaded = StoreCatalog::load();
    QVERIFY(reloaded.loadErrors().isEmpty());
    const auto w = reloaded.find(Scope::User, QStringLiteral("web"));
    QVERIFY(w);
    QCOMPARE(w->origin, StoreCatalog::Origin::Configured);
    QCOMPARE(w->config.displayName, web.displayName);
    QCOMPARE(w->config.kind, StoreKind::Directory);
    QCOMPARE(w->config.path, web.path);
    QVERIFY(w->config.recursive);
    QVERIFY(w->config.readOnly);
    QCOMPARE(w->config.pkcs12PasswordFile, web.pkcs12PasswordFile);
    QCOMPARE(w->config.maxFileSize, qint64(1024 * 1024));
    const auto b = reloaded.find(Scope::System, QStringLiteral("system.bundle"));
    QVERIFY(b);
    QCOMPARE(b->config.kind, StoreKind::File);
    QCOMPARE(b->config.maxFileSize, kDefaultMaxFileSize);
    QVERIFY(!reloaded.find(Scope::User, QStringLiteral("system.bundle")));

    // The password file is named, never copied.
    QFile file(Paths::storesFile(Scope::User));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray ini = file.readAll();
    QVERIFY(ini.contains("[web]"));
    QVERIFY(!ini.contains("hunter2"));
    QCOMPARE(QFileInfo(file).permissions() & (QFile::ReadOther | QFile::WriteOther), QFile::Permissions());
}

void TestStoreCatalog::addRejectsBadValues_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("relativePath");
    QTest::addColumn<bool>("recursive");
    QTest::addColumn<QString>("passwordFile");
    QTest::addColumn<QString>("expected");

    QTest::newRow("id with a space") << "my store"
                                     << "dir" << false << ""
                                     << "\"my store\" is not valid";
    QTest::newRow("id with a slash") << "../up"
                                     << "dir" << false << ""
                                     << "\"../up\" is not valid";
    QTest::newRow("empty id") << ""
                              << "dir" << false << ""
                              << "store id is empty";
    QTest::newRow("duplicate id") << "existing"
                                  << "dir" << false << ""
                                  << "a store with id \"existing\" already exists in the user scope";
    QTest::newRow("built-in id") << "My"
                                 << "dir" << false << ""
                                 << "a built-in store with id \"My\" already exists";
    QTest::newRow("missing path") << "new"
                                  << "nowhere" << false << ""
                                  << "nowhere\" does not exist";
    QTest::newRow("recursive file") << "new"
                                    << "file.pem" << true << ""
                                    << "only directory stores can be recursive";
    QTest::newRow("missing password file") << "new"
                                           << "dir" << false << "nope.pass"
                                           << "nope.pass\" does not exist";
}

void TestStoreCatalog::addRejectsBadValues()
{
    QFETCH(QString, id);
    QFETCH(QString, relativePath);
    QFETCH(bool, recursive);
    QFETCH(QString, passwordFile);
    QFETCH(QString, expected);
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("dir"))));
    QVERIFY(writeFile(env.path(QStringLiteral("file.pem")), makeCertificate({}).pem()));
    StoreCatalog catalog = StoreCatalog::load();
    QCOMPARE(catalog.add(config(QStringLiteral("existing"), env.path(QStringLiteral("dir")))), QString());

    StoreConfig c = config(id, env.path(relativePath));
    c.recursive = recursive;
    if (!passwordFile.isEmpty())
        c.pkcs12PasswordFile = env.path(passwordFile);
    const QString error = catalog.add(c);
    QVERIFY2(error.contains(expected), qPrintable(error));
    // Nothing was written for the rejected store.
    QCOMPARE(StoreCatalog::load().stores(Scope::User).size(), 2);
}

void TestStoreCatalog::removeTakesOutOnlyThatStore()
{
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("a"))));
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("b"))));
    StoreCatalog catalog = StoreCatalog::load();
    QCOMPARE(catalog.add(config(QStringLiteral("a"), env.path(QStringLiteral("a")))), QString());
    QCOMPARE(catalog.add(config(QStringLiteral("b"), env.path(QStringLiteral("b")))), QString());
    QCOMPARE(catalog.add(config(QStringLiteral("a"), env.path(QStringLiteral("a")), Scope::System)), QString());

    QCOMPARE(catalog.remove(Scope::User, QStringLiteral("a")), QString());
    QVERIFY(!catalog.find(Scope::User, QStringLiteral("a")));
    const StoreCatalog reloaded = StoreCatalog::load();
    QVERIFY(!reloaded.find(Scope::User, QStringLiteral("a")));
    QVERIFY(reloaded.find(Scope::User, QStringLiteral("b")));
    QVERIFY(reloaded.find(Scope::System, QStringLiteral("a")));
    QVERIFY(QFileInfo(env.path(QStringLiteral("a"))).isDir()); // the store's files are not touched
}

void TestStoreCatalog::removeRefusesBuiltInAndUnknown()
{
    TestEnvironment env;
    StoreCatalog catalog = StoreCatalog::load();
    QCOMPARE(catalog.remove(Scope::User, QStringLiteral("My")),
             QStringLiteral("store \"My\" is built in and cannot be removed"));
    QCOMPARE(catalog.remove(Scope::System, QStringLiteral("web")),
             QStringLiteral("no store with id \"web\" in the system scope"));
    QVERIFY(catalog.find(Scope::User, QStringLiteral("My")));
}

void TestStoreCatalog::malformedEntriesAreSkippedWithTheReason()
{
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("good"))));
    const QString file = Paths::storesFile(Scope::User);
    QVERIFY(writeFile(file,
                      QStringLiteral("[good]\npath=%1\nrecursive=yes\n\n"
                                     "[badkind]\nkind=ldap\npath=/srv\n\n"
                                     "[nopath]\nkind=directory\n\n"
                                     "[badbool]\npath=/srv\nreadOnly=maybe\n\n"
                                     "[relative]\npath=certs\n\n"
                                     "[hsm]\nkind=pkcs11\npath=pkcs11:token=web\npinFile=/etc/certlife/hsm.pin\n\n"
                                     "[pinvalue]\nkind=pkcs11\npath=pkcs11:pin-value=1234\n\n"
                                     "[pinfile]\npath=/srv\npinFile=/etc/certlife/hsm.pin\n\n"
                                     "[My]\npath=/srv\n")
                          .arg(env.path(QStringLiteral("good")))
                          .toUtf8()));
    const StoreCatalog catalog = StoreCatalog::load();
    const auto good = catalog.find(Scope::User, QStringLiteral("good"));
    QVERIFY(good);
    QVERIFY(good->config.recursive);
    // A token store: its URI kept as written, read-only whatever the file says.
    const auto hsm = catalog.find(Scope::User, QStringLiteral("hsm"));
    QVERIFY(hsm);
    QCOMPARE(hsm->config.kind, StoreKind::Pkcs11);
    QCOMPARE(hsm->config.path, QStringLiteral("pkcs11:token=web"));
    QCOMPARE(hsm->config.pinFile, QStringLiteral("/etc/certlife/hsm.pin"));
    QVERIFY(hsm->config.readOnly);
    QCOMPARE(catalog.stores(Scope::User).size(), 3); // good, hsm and the built-in My
    const QString errors = catalog.loadErrors().join(QLatin1Char('\n'));
    QCOMPARE(catalog.loadErrors().size(), 7);
    for (const QString& expected :
         {QStringLiteral("[badkind]: kind \"ldap\" is not directory, file, keystore, nss, pkcs11 or tls"),
          QStringLiteral("[pinvalue]: PKCS#11 URI: attribute \"pin-value\" is not understood"),
          QStringLiteral("[pinfile]: only PKCS#11 stores have a PIN file; \"pinfile\" is a directory store"),
          QStringLiteral("[nopath]: store \"nopath\" has no path"),
          QStringLiteral("[badbool]: readOnly=\"maybe\" is not true or false"),
          QStringLiteral("[relative]: path \"certs\" is not absolute"),
          QStringLiteral("[My]: a built-in store with id \"My\" already exists")})
        QVERIFY2(errors.contains(file + QLatin1Char(' ') + expected), qPrintable(errors));
}

void TestStoreCatalog::runtimeStoresAreNeverSaved()
{
    TestEnvironment env;
    StoreCatalog catalog = StoreCatalog::load();
    StoreConfig extra =
        config(QStringLiteral("policy-extra"), env.path(QStringLiteral("not-yet-there")), Scope::System);
    QCOMPARE(catalog.addRuntimeStore(extra), QString()); // the path may appear later
    QCOMPARE(catalog.find(Scope::System, QStringLiteral("policy-extra"))->origin, StoreCatalog::Origin::Runtime);
    QVERIFY(catalog.addRuntimeStore(extra).contains(QStringLiteral("already exists")));
    QVERIFY(catalog.addRuntimeStore(config(QStringLiteral("bad id"), QStringLiteral("/x")))
                .contains(QStringLiteral("not valid")));
    QVERIFY(catalog.remove(Scope::System, QStringLiteral("policy-extra")).contains(QStringLiteral("policy")));

    QVERIFY(!StoreCatalog::load().find(Scope::System, QStringLiteral("policy-extra")));
    QVERIFY(!QFileInfo::exists(Paths::storesFile(Scope::System)));
    catalog.clearRuntimeStores();
    QVERIFY(!catalog.find(Scope::System, QStringLiteral("policy-extra")));
}

void TestStoreCatalog::systemFileWritableByOthersIsIgnored()
{
    TestEnvironment env;
    QVERIFY(QDir().mkpath(env.path(QStringLiteral("srv"))));
    const QString file = Paths::storesFile(Scope::System);
    QVERIFY(writeFile(file, QStringLiteral("[srv]\npath=%1\n").arg(env.path(QStringLiteral("srv"))).toUtf8()));
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther | QFile::WriteOther));

    const StoreCatalog catalog = StoreCatalog::load();
    QVERIFY(!catalog.find(Scope::System, QStringLiteral("srv")));
    QCOMPARE(catalog.loadErrors().size(), 1);
    QVERIFY2(catalog.loadErrors().first().contains(QStringLiteral("writable by group or others")),
             qPrintable(catalog.loadErrors().first()));
}

QTEST_GUILESS_MAIN(TestStoreCatalog)
#include "TestStoreCatalog.moc"
