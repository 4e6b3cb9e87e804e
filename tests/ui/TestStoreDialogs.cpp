// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "dialogs/AddStoreDialog.h"
#include "dialogs/ImportCertificateDialog.h"
#include "stores/StoreCatalog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// The real Add store dialog, typed into as an admin would, over the catalog's own checks.
class TestStoreDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addStoreTakesThePkcs12PasswordFile();
    void addStoreTakesEndpoints();
    void addStoreTakesPkcs11Tokens();
    void addStoreOffersTheUsersNssDatabases();
    void importAsksAnNssStoreForNicknameAndTrust();
};

namespace {

// A home folder as a Firefox and Thunderbird user has it: ~/.pki/nssdb, a Firefox
// profile (relative, in profiles.ini), one without a database yet, and a Thunderbird
// profile elsewhere (absolute). Each database is a cert9.db as NSS leaves it.
QString makeHomeWithDatabases(const TestEnvironment& env)
{
    const QString home = QDir::homePath(); // TestEnvironment's, never the real one
    const auto database = [](const QString& dir) {
        return QDir().mkpath(dir) && writeFile(dir + QStringLiteral("/cert9.db"), "SQLite format 3");
    };
    const QString thunderbird = env.path(QStringLiteral("elsewhere/tb-profile"));
    if (!database(home + QStringLiteral("/.pki/nssdb"))
        || !database(home + QStringLiteral("/.mozilla/firefox/abcd1234.default-release"))
        || !QDir().mkpath(home + QStringLiteral("/.mozilla/firefox/empty.profile")) || !database(thunderbird))
        return {};
    const QByteArray firefoxIni = "[Install4F96D1932A9F858E]\nDefault=abcd1234.default-release\n\n"
                                  "[Profile1]\nName=empty\nIsRelative=1\nPath=empty.profile\n\n"
                                  "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd1234.default-release\n"
                                  "Default=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n";
    const QByteArray thunderbirdIni = "[Profile0]\nName=work mail\nIsRelative=0\nPath=" + thunderbird.toUtf8() + "\n";
    if (!writeFile(home + QStringLiteral("/.mozilla/firefox/profiles.ini"), firefoxIni)
        || !QDir().mkpath(home + QStringLiteral("/.thunderbird"))
        || !writeFile(home + QStringLiteral("/.thunderbird/profiles.ini"), thunderbirdIni))
        return {};
    return home;
}

} // namespace

void TestStoreDialogs::addStoreTakesThePkcs12PasswordFile()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("pfx"));
    QVERIFY(QDir().mkpath(dir));
    AddStoreDialog dialog({Scope::User}, [](const StoreConfig& c) { return StoreCatalog::validate(c, true); });
    auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("path"));
    auto* passwordFile = dialog.findChild<QLineEdit*>(QStringLiteral("pkcs12PasswordFile"));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("problem"));
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(path && passwordFile && problem && ok);

    QTest::keyClicks(path, dir);
    QVERIFY2(ok->isEnabled(), qPrintable(problem->text()));
    QVERIFY(dialog.config().pkcs12PasswordFile.isEmpty()); // optional

    // A password file that does not exist is refused while typing, with its name.
    const QString pass = env.path(QStringLiteral("pfx.pass"));
    QTest::keyClicks(passwordFile, pass);
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problem->text().contains(pass) && problem->text().contains(QStringLiteral("does not exist")),
             qPrintable(problem->text()));

    QVERIFY(writeFile(pass, "secret\n"));
    passwordFile->clear(); // edited again: checked again
    QTest::keyClicks(passwordFile, pass);
    QVERIFY2(ok->isEnabled(), qPrintable(problem->text()));
    const StoreConfig config = dialog.config();
    QCOMPARE(config.id, QStringLiteral("pfx"));
    QCOMPARE(config.path, dir);
    QCOMPARE(config.pkcs12PasswordFile, pass); // the file's name; the password never leaves it
}

void TestStoreDialogs::addStoreTakesEndpoints()
{
    TestEnvironment env;
    AddStoreDialog dialog({Scope::User}, [](const StoreConfig& c) { return StoreCatalog::validate(c, true); });
    auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("kind"));
    auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("path"));
    auto* sni = dialog.findChild<QLineEdit*>(QStringLiteral("sni"));
    auto* startTls = dialog.findChild<QComboBox*>(QStringLiteral("starttls"));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("problem"));
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(kind && path && sni && startTls && problem && ok);
    QVERIFY(!sni->isEnabled()); // files have no server name

    kind->setCurrentIndex(kind->findData(int(StoreKind::TlsEndpoint)));
    QVERIFY(sni->isEnabled() && startTls->isEnabled());
    QTest::keyClicks(path, QStringLiteral("mail.example.org"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("HOST:PORT")), qPrintable(problem->text()));
    QTest::keyClicks(path, QStringLiteral(":25 [2001:db8::1]:25"));
    QVERIFY2(ok->isEnabled(), qPrintable(problem->text()));
    QTest::keyClicks(sni, QStringLiteral("Mail.Example.org"));
    startTls->setCurrentIndex(startTls->findData(QStringLiteral("smtp")));
    const StoreConfig config = dialog.config();
    QCOMPARE(config.kind, StoreKind::TlsEndpoint);
    QCOMPARE(config.id, QStringLiteral("mail.example.org"));
    QCOMPARE(config.path, QStringLiteral("mail.example.org:25 [2001:db8::1]:25"));
    QCOMPARE(config.sni, QStringLiteral("mail.example.org"));
    QCOMPARE(config.startTls, QStringLiteral("smtp"));
}

void TestStoreDialogs::addStoreTakesPkcs11Tokens()
{
    TestEnvironment env;
    AddStoreDialog dialog({Scope::User}, [](const StoreConfig& c) { return StoreCatalog::validate(c, true); });
    auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("kind"));
    auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("path"));
    auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("token"));
    auto* pinFile = dialog.findChild<QLineEdit*>(QStringLiteral("pkcs12PasswordFile"));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("problem"));
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(kind && path && token && pinFile && problem && ok);
    QVERIFY(!token->isEnabled()); // files have no token

    kind->setCurrentIndex(kind->findData(int(StoreKind::Pkcs11)));
    QVERIFY(token->isEnabled());
    // Every token of p11-kit's modules: nothing else needed.
    QVERIFY2(ok->isEnabled(), qPrintable(problem->text()));
    QCOMPARE(dialog.config().path, QStringLiteral("pkcs11:"));
    QCOMPARE(dialog.config().id, QStringLiteral("pkcs11"));

    const QString module = env.path(QStringLiteral("module.so"));
    QTest::keyClicks(path, module);
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("is not a file")), qPrintable(problem->text()));
    QVERIFY(writeFile(module, "not really a module"));
    path->clear();
    QTest::keyClicks(path, module);
    QVERIFY2(ok->isEnabled(), qPrintable(problem->text()));
    QTest::keyClicks(token, QStringLiteral("web"));

    // A PIN file others may read is refused while typing.
    const QString pin = env.path(QStringLiteral("hsm.pin"));
    QVERIFY(writeFile(pin, "1234\n"));
    QVERIFY(QFile::setPermissions(pin, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    QTest::keyClicks(pinFile, pin);
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problem->text().contains(QStringLiteral("others may read")), qPrintable(problem->text()));
    QVERIFY(QFile::setPermissions(pin, QFile::ReadOwner | QFile::WriteOwner));
    pinFile->clear();
    QTest::keyClicks(pinFile, pin);
    QVERIFY2(ok->isEnabled(), qPrintable(problem->text()));

    const StoreConfig config = dialog.config();
    QCOMPARE(config.kind, StoreKind::Pkcs11);
    QCOMPARE(config.id, QStringLiteral("web"));
    QCOMPARE(config.path, QStringLiteral("pkcs11:token=web?module-path=") + module);
    QCOMPARE(config.pinFile, pin); // the file's name; the PIN never leaves it
    QVERIFY(config.readOnly);
}

// The user's NSS databases are offered ready to add: choosing the Firefox profile fills
// in the kind, the path and an id, and the store can be added as it is.
void TestStoreDialogs::addStoreOffersTheUsersNssDatabases()
{
    TestEnvironment env;
    const QString home = makeHomeWithDatabases(env);
    QVERIFY(!home.isEmpty());
    AddStoreDialog dialog({Scope::User}, [](const StoreConfig& c) { return StoreCatalog::validate(c, true); });
    auto* found = dialog.findChild<QComboBox*>(QStringLiteral("nssSuggestions"));
    QVERIFY(found);
    QVERIFY(found->isEnabled());
    QStringList offered;
    for (int i = 1; i < found->count(); ++i)
        offered << found->itemText(i);
    QCOMPARE(
        offered,
        QStringList(
            {QStringLiteral("~/.pki/nssdb — %1/.pki/nssdb").arg(home),
             QStringLiteral("Firefox profile default-release — %1/.mozilla/firefox/abcd1234.default-release").arg(home),
             QStringLiteral("Thunderbird profile work mail — %1")
                 .arg(env.path(QStringLiteral("elsewhere/tb-profile")))}));

    found->setCurrentIndex(2);
    Q_EMIT found->activated(2);
    const StoreConfig config = dialog.config();
    QCOMPARE(config.kind, StoreKind::Nss);
    QCOMPARE(config.path, home + QStringLiteral("/.mozilla/firefox/abcd1234.default-release"));
    QCOMPARE(config.id, QStringLiteral("firefox-default-release"));
    QCOMPARE(config.displayName, QStringLiteral("Firefox profile default-release"));
    QVERIFY(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestStoreDialogs::importAsksAnNssStoreForNicknameAndTrust()
{
    // A directory store takes files: no nickname, no trust. An NSS database takes both,
    // checked as certlifectl import --nickname --trust checks them.
    const QList<StoreChoice> stores{{QStringLiteral("user/My"), QStringLiteral("My (User)"), false},
                                    {QStringLiteral("user/browser"), QStringLiteral("Firefox (User)"), true}};
    ImportCertificateDialog dialog({QStringLiteral("/tmp/corp-root.pem")}, stores, QStringLiteral("user/My"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* nickname = dialog.findChild<QLineEdit*>(QStringLiteral("importNickname"));
    auto* trust = dialog.findChild<QComboBox*>(QStringLiteral("importTrust"));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("importProblem"));
    auto* store = dialog.findChild<QComboBox*>(QStringLiteral("importStore"));
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(nickname && trust && problem && store && ok);
    QVERIFY(!nickname->isVisible());
    QVERIFY(!trust->isVisible());
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.answer().nssNickname, QString());

    store->setCurrentIndex(1);
    QVERIFY(nickname->isVisible());
    QVERIFY(trust->isVisible());
    QTest::keyClicks(nickname, QStringLiteral("Corp Root"));
    trust->setCurrentText(QStringLiteral("C,,"));
    QVERIFY(ok->isEnabled());
    ImportAnswer answer = dialog.answer();
    QCOMPARE(answer.storeKey, QStringLiteral("user/browser"));
    QCOMPARE(answer.nssNickname, QStringLiteral("Corp Root"));
    QCOMPARE(answer.nssTrust, QStringLiteral("C,,"));
    if (const QString dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR"); !dir.isEmpty()) { // to look at it
        QTest::qWait(100);
        QVERIFY(dialog.grab().toImage().save(QDir(dir).filePath(QStringLiteral("import-nss-dialog.png"))));
    }

    // Flags certutil would refuse: said at once, and Import waits.
    trust->setCurrentText(QStringLiteral("X,,"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("X,,")), qPrintable(problem->text()));
    trust->setCurrentText(QStringLiteral("P,,"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!problem->isVisible());

    // A hostile nickname (a line break would split every listing of it) is refused too.
    nickname->setText(QStringLiteral("evil\nnickname"));
    QVERIFY(!ok->isEnabled());
    nickname->setText(QStringLiteral("Corp Root"));
    QVERIFY(ok->isEnabled());

    // Several files: one nickname cannot name them all; each keeps its name.
    auto* files = dialog.findChild<QListWidget*>(QStringLiteral("importFiles"));
    files->addItem(QStringLiteral("/tmp/partner.pem"));
    QVERIFY(!nickname->isEnabled());
    answer = dialog.answer();
    QCOMPARE(answer.files.size(), 2);
    QCOMPARE(answer.nssNickname, QString());
    QCOMPARE(answer.nssTrust, QStringLiteral("P,,"));

    // Back to the directory store: nothing NSS goes with the answer.
    store->setCurrentIndex(0);
    QVERIFY(!trust->isVisible());
    QCOMPARE(dialog.answer().nssTrust, QString());
}

QTEST_MAIN(TestStoreDialogs)
#include "TestStoreDialogs.moc"
