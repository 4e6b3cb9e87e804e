// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "dialogs/AddStoreDialog.h"
#include "stores/StoreCatalog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
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
};

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

QTEST_MAIN(TestStoreDialogs)
#include "TestStoreDialogs.moc"
