// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestCliCertificateActionsFixture.h"

#include "x509/CertificateParser.h"

using namespace certlife;
using namespace certlife::test;

// `certlifectl import` and `certlifectl export`, as an admin and a script run them: the
// files, their modes, the exact event in the log, and that a failure changes nothing.
class TestCliCertificateActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importPemWithKey();
    void importPkcs12_data();
    void importPkcs12();
    void importNeedingAPasswordWithoutTerminalFails();
    void importPromptsForThePasswordOnATerminal();
    void importWithYesNeverPrompts();
    void importIntoReadOnlyStoreChangesNothing();
    void passwordIsNeverAcceptedOnTheCommandLine_data();
    void passwordIsNeverAcceptedOnTheCommandLine();
    void exportPemAndDerRecordNoEvent();
    void exportPkcs12_data();
    void exportPkcs12();
    void exportPkcs12AsksTwiceOnATerminal();
    void exportFindsTheKeyInsideAPasswordProtectedStore();
    void failedExportLeavesNoFileAndNoEvent();
    void unwritableEventLogStopsTheActionBeforeItStarts();
    void thumbprintInSeveralStoresNeedsStore();
    void unknownThumbprintNamesIt();
    void helpExplainsWithExamples_data();
    void helpExplainsWithExamples();
};

void TestCliCertificateActions::importPemWithKey()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("www.example.org"));
    const QString source = f.env().path(QStringLiteral("in/site.pem"));
    QVERIFY(writeFile(source, cert.pem() + cert.key.pkcs8Pem()));

    const ActionRun r = f.run({"import", source, "--store", "My", "--scope", "user"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString stem = ActionFixture::stem(ActionFixture::myStore(), cert, QStringLiteral("www.example.org"));
    QCOMPARE(QDir(ActionFixture::myStore()).entryList(QDir::Files),
             QStringList({QFileInfo(stem).fileName() + ".key", QFileInfo(stem).fileName() + ".pem"}));
    QCOMPARE(ActionFixture::fileMode(stem + ".pem"), 0644);
    QCOMPARE(ActionFixture::fileMode(stem + ".key"), 0600);
    QCOMPARE(parseCertificateData(ActionFixture::readAll(stem + ".pem")).certificates.value(0).thumbprint(),
             cert.thumbprint());
    QCOMPARE(parseCertificateData(ActionFixture::readAll(stem + ".key")).privateKeySpki.size(), 1);
    QVERIFY2(r.out.contains(cert.thumbprint()) && r.out.contains(stem + ".key"), qPrintable(r.out));

    const QList<LifecycleEvent> events = ActionFixture::events();
    QCOMPARE(events.size(), 1);
    const LifecycleEvent& e = events.first();
    QCOMPARE(e.id, EventId::New);
    QCOMPARE(e.action, QStringLiteral("import"));
    QCOMPARE(e.storeId, QStringLiteral("My"));
    QCOMPARE(e.channel, Scope::User);
    QCOMPARE(e.certificate.thumbprint, cert.thumbprint());
    QCOMPARE(e.certificate.path, stem + ".pem");
    QCOMPARE(e.time, parseIsoUtc(QString::fromLatin1(kActionsNow)));
    QCOMPARE(e.account, ActionFixture::currentAccount());
    QVERIFY2(e.process.startsWith(QStringLiteral("certlifectl[")), qPrintable(e.process));
    QVERIFY(r.out.contains(QStringLiteral("as record %1 in the User event log").arg(e.recordId)));
    // Nothing is written twice: the same file again is refused and changes nothing.
    const ActionRun again = f.run({"import", source, "--store", "My", "--scope", "user"});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("already holds")), qPrintable(again.err));
    QCOMPARE(ActionFixture::events().size(), 1);
}

void TestCliCertificateActions::importPkcs12_data()
{
    QTest::addColumn<bool>("fromEnvironment");
    QTest::addColumn<bool>("legacy");
    QTest::newRow("password file, modern") << false << false;
    QTest::newRow("environment variable, legacy") << true << true;
}

void TestCliCertificateActions::importPkcs12()
{
    QFETCH(bool, fromEnvironment);
    QFETCH(bool, legacy);
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("p12.example"));
    const QString source = f.env().path(QStringLiteral("in/site.p12"));
    QVERIFY(writeFile(source, makePkcs12(cert, "s3cret pass", legacy)));
    const QString passFile = f.env().path(QStringLiteral("in/pass.txt"));
    QStringList args{"import", source, "--store", "My", "--scope", "user"};
    QStringList extraEnv;

    // The wrong password first: refused, nothing written, nothing recorded.
    if (fromEnvironment) {
        args << "--password-env"
             << "P12_PASSWORD";
        extraEnv << "P12_PASSWORD=wrong";
    } else {
        QVERIFY(writeFile(passFile, "wrong\n"));
        args << "--password-file" << passFile;
    }
    ActionRun r = f.run(args, extraEnv);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(source) && r.err.contains(QStringLiteral("password does not open")), qPrintable(r.err));
    QVERIFY(QDir(ActionFixture::myStore()).isEmpty());
    QVERIFY(ActionFixture::events().isEmpty());

    if (fromEnvironment)
        extraEnv = {"P12_PASSWORD=s3cret pass"};
    else
        QVERIFY(writeFile(passFile, "s3cret pass\n"));
    r = f.run(args, extraEnv);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString stem = ActionFixture::stem(ActionFixture::myStore(), cert, QStringLiteral("p12.example"));
    QCOMPARE(ActionFixture::fileMode(stem + ".pem"), 0644);
    QCOMPARE(ActionFixture::fileMode(stem + ".key"), 0600);
    const QList<LifecycleEvent> events = ActionFixture::events();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::New);
    QCOMPARE(events.first().action, QStringLiteral("import"));
    QCOMPARE(events.first().certificate.thumbprint, cert.thumbprint());
    QVERIFY(!r.out.contains(QStringLiteral("s3cret")) && !r.err.contains(QStringLiteral("s3cret")));
}

void TestCliCertificateActions::importNeedingAPasswordWithoutTerminalFails()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("locked.example"));
    const QString source = f.env().path(QStringLiteral("in/locked.pfx"));
    QVERIFY(writeFile(source, makePkcs12(cert, "pw", false)));
    const ActionRun r = f.run({"import", source, "--store", "My", "--scope", "user"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(source) && r.err.contains(QStringLiteral("password-protected"))
                 && r.err.contains(QStringLiteral("--password-file")),
             qPrintable(r.err));
    QVERIFY(QDir(ActionFixture::myStore()).isEmpty());
    QVERIFY(ActionFixture::events().isEmpty());
}

void TestCliCertificateActions::importPromptsForThePasswordOnATerminal()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("typed.example"));
    const QString source = f.env().path(QStringLiteral("in/typed.p12"));
    QVERIFY(writeFile(source, makePkcs12(cert, "typed-pw", false)));
    TerminalRun tty(f, {"import", source, "--store", "My", "--scope", "user"});
    QVERIFY2(tty.answerAfter(QStringLiteral("Password for %1:").arg(source), "typed-pw"), qPrintable(tty.screen()));
    const ActionRun r = tty.finish();
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!tty.screen().contains(QStringLiteral("typed-pw")), qPrintable(tty.screen())); // not echoed
    QCOMPARE(ActionFixture::events().size(), 1);
    QVERIFY(
        QFile::exists(ActionFixture::stem(ActionFixture::myStore(), cert, QStringLiteral("typed.example")) + ".key"));
}

void TestCliCertificateActions::importWithYesNeverPrompts()
{
    // A script on a terminal (cron under script(1), an ssh session) must not hang on a prompt.
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("scripted.example"));
    const QString source = f.env().path(QStringLiteral("in/scripted.p12"));
    QVERIFY(writeFile(source, makePkcs12(cert, "pw", false)));
    TerminalRun tty(f, {"import", source, "--store", "My", "--scope", "user", "--yes"});
    const ActionRun r = tty.finish();
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(!tty.screen().contains(QStringLiteral("Password for")), qPrintable(tty.screen()));
    QVERIFY2(r.err.contains(source) && r.err.contains(QStringLiteral("--password-file")), qPrintable(r.err));
    QVERIFY(QDir(ActionFixture::myStore()).isEmpty());
    QVERIFY(ActionFixture::events().isEmpty());
}

void TestCliCertificateActions::importIntoReadOnlyStoreChangesNothing()
{
    ActionFixture f;
    const QString ro = f.addStore(QStringLiteral("archive"), true);
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("ro.example"));
    const QString source = f.env().path(QStringLiteral("in/ro.pem"));
    QVERIFY(writeFile(source, cert.pem()));
    const ActionRun r = f.run({"import", source, "--store", "archive"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("store archive is read-only")), qPrintable(r.err));
    QVERIFY(QDir(ro).isEmpty());
    QVERIFY(ActionFixture::events().isEmpty());
    // An unknown store is named.
    const ActionRun unknown = f.run({"import", source, "--store", "nosuch"});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains(QStringLiteral("no store \"nosuch\"")), qPrintable(unknown.err));
}

void TestCliCertificateActions::passwordIsNeverAcceptedOnTheCommandLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("import --password") << QStringList{"import", "IN", "--store", "My", "--password", "hunter2"};
    QTest::newRow("import --password=") << QStringList{"import", "IN", "--store", "My", "--password=hunter2"};
    QTest::newRow("export --password") << QStringList{"export", "--thumbprint", "THUMB",      "--format", "pkcs12",
                                                      "--out",  "OUT",          "--password", "hunter2"};
    QTest::newRow("export -p") << QStringList{"export", "--thumbprint", "THUMB", "--format", "pkcs12",
                                              "--out",  "OUT",          "-p",    "hunter2"};
}

void TestCliCertificateActions::passwordIsNeverAcceptedOnTheCommandLine()
{
    QFETCH(QStringList, args);
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("argv.example"));
    const QString source = f.env().path(QStringLiteral("in/argv.p12"));
    QVERIFY(writeFile(source, makePkcs12(cert, "hunter2", false)));
    QVERIFY(writeFile(ActionFixture::myStore() + "/argv.pem", cert.pem() + cert.key.pkcs8Pem()));
    const QString out = f.env().path(QStringLiteral("argv-out.p12"));
    args.replaceInStrings(QStringLiteral("IN"), source);
    args.replaceInStrings(QStringLiteral("THUMB"), cert.thumbprint());
    args.replaceInStrings(QStringLiteral("OUT"), out);
    const ActionRun r = f.run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("Unknown option")), qPrintable(r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("hunter2")), qPrintable(r.err));
    QCOMPARE(QDir(ActionFixture::myStore()).entryList(QDir::Files), QStringList{"argv.pem"});
    QVERIFY(!QFile::exists(out));
    QVERIFY(ActionFixture::events().isEmpty());
}

void TestCliCertificateActions::exportPemAndDerRecordNoEvent()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("plain.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/plain.pem", cert.pem() + cert.key.pkcs8Pem()));
    const QString der = f.env().path(QStringLiteral("out/plain.cer"));
    const QString pem = f.env().path(QStringLiteral("out/plain.pem"));
    QDir().mkpath(f.env().path(QStringLiteral("out")));

    ActionRun r = f.run({"export", "--thumbprint", cert.thumbprint().toLower(), "--format", "der", "--out", der});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(ActionFixture::readAll(der), cert.der);
    QCOMPARE(ActionFixture::fileMode(der), 0644);
    // By SHA-256 too, as `openssl x509 -fingerprint -sha256` prints it; PEM is the default.
    const QString sha256 = opensslField(cert.der, QStringLiteral("-fingerprint -sha256")).section(QLatin1Char('='), 1);
    QCOMPARE(sha256.size(), 95);
    r = f.run({"export", "--thumbprint", sha256, "--out", pem});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QByteArray written = ActionFixture::readAll(pem);
    QCOMPARE(parseCertificateData(written).certificates.value(0).thumbprint(), cert.thumbprint());
    QVERIFY(!written.contains("PRIVATE KEY")); // the certificate alone
    QVERIFY(ActionFixture::events().isEmpty());

    // An existing file stays unless --force.
    QVERIFY(writeFile(pem, "keep me"));
    r = f.run({"export", "--thumbprint", cert.thumbprint(), "--out", pem});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(pem) && r.err.contains(QStringLiteral("already exists")), qPrintable(r.err));
    QCOMPARE(ActionFixture::readAll(pem), QByteArray("keep me"));
    r = f.run({"export", "--thumbprint", cert.thumbprint(), "--out", pem, "--force"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(parseCertificateData(ActionFixture::readAll(pem)).certificates.size(), 1);
}

void TestCliCertificateActions::exportPkcs12_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("modern") << false;
    QTest::newRow("legacy") << true;
}

void TestCliCertificateActions::exportPkcs12()
{
    QFETCH(bool, legacy);
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("pfx.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/pfx.pem", cert.pem()));
    QVERIFY(writeFile(ActionFixture::myStore() + "/pfx.key", cert.key.pkcs8Pem()));
    const QString out = f.env().path(QStringLiteral("pfx.p12"));
    QStringList args{"export",  "--thumbprint",   cert.thumbprint(), "--store", "My",
                     "--scope", "user",           "--format",        "pkcs12",  "--out",
                     out,       "--password-env", "EXPORT_PW"};
    if (legacy)
        args << "--legacy";
    const ActionRun r = f.run(args, {"EXPORT_PW=ex-port pw"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(ActionFixture::fileMode(out), 0600);

    QProcess openssl;
    QStringList opensslArgs{"pkcs12", "-in", out, "-passin", "pass:ex-port pw", "-nodes"};
    if (legacy)
        opensslArgs << "-legacy";
    openssl.start(QStringLiteral("openssl"), opensslArgs);
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    const ParsedFile back = parseCertificateData(openssl.readAllStandardOutput());
    QCOMPARE(back.certificates.value(0).thumbprint(), cert.thumbprint());
    QCOMPARE(back.privateKeySpki.size(), 1);
    QVERIFY(back.certificates.value(0).hasPrivateKey);
    // A modern file is not readable as legacy-only would be: the MAC is SHA-256.
    openssl.start(QStringLiteral("openssl"), {"pkcs12", "-in", out, "-passin", "pass:ex-port pw", "-info", "-noout"});
    QVERIFY(openssl.waitForFinished(60000));
    const QString info = QString::fromUtf8(openssl.readAllStandardError() + openssl.readAllStandardOutput());
    QVERIFY2(info.contains(legacy ? QStringLiteral("MAC: sha1") : QStringLiteral("MAC: sha256")), qPrintable(info));

    const QList<LifecycleEvent> events = ActionFixture::events();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Exported);
    QCOMPARE(events.first().action, QStringLiteral("export"));
    QCOMPARE(events.first().storeId, QStringLiteral("My"));
    QCOMPARE(events.first().certificate.thumbprint, cert.thumbprint());
    QCOMPARE(events.first().account, ActionFixture::currentAccount());
    QVERIFY(!events.first().message.contains(QStringLiteral("ex-port")));
}

void TestCliCertificateActions::exportFindsTheKeyInsideAPasswordProtectedStore()
{
    // A store of .pfx files added with --pkcs12-password-file: `export --format pkcs12`
    // takes the key from inside the .pfx, opened with the store's password file.
    ActionFixture f;
    const QString dir = f.env().path(QStringLiteral("stores/pfx"));
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("vault.example"));
    QVERIFY(writeFile(dir + "/vault.pfx", makePkcs12(cert, "store secret", false)));
    QVERIFY(writeFile(f.env().path(QStringLiteral("pfx.pass")), "store secret\n"));
    ActionRun r = f.run({"store", "add", "--id", "pfx", "--path", dir, "--scope", "user", "--pkcs12-password-file",
                         f.env().path(QStringLiteral("pfx.pass"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    const QString out = f.env().path(QStringLiteral("out.p12"));
    r = f.run({"export", "--thumbprint", cert.thumbprint(), "--store", "pfx", "--scope", "user", "--format", "pkcs12",
               "--out", out, "--password-env", "EXPORT_PW"},
              {"EXPORT_PW=new secret"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"), {"pkcs12", "-in", out, "-passin", "pass:new secret", "-nodes"});
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    const ParsedFile back = parseCertificateData(openssl.readAllStandardOutput());
    QCOMPARE(back.certificates.value(0).thumbprint(), cert.thumbprint());
    QCOMPARE(back.privateKeySpki.size(), 1);
    QCOMPARE(ActionFixture::events().size(), 1); // the 1007
}

void TestCliCertificateActions::exportPkcs12AsksTwiceOnATerminal()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("twice.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/twice.pem", cert.pem() + cert.key.pkcs8Pem()));
    const QString out = f.env().path(QStringLiteral("twice.p12"));
    const QStringList args{"export", "--thumbprint", cert.thumbprint(), "--format", "pkcs12", "--out", out};
    {
        TerminalRun tty(f, args); // two different answers: nothing exported
        QVERIFY2(tty.answerAfter(QStringLiteral("Password for"), "first"), qPrintable(tty.screen()));
        QVERIFY2(tty.answerAfter(QStringLiteral("Repeat the password"), "second"), qPrintable(tty.screen()));
        const ActionRun r = tty.finish();
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("do not match")), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
        QVERIFY(ActionFixture::events().isEmpty());
    }
    TerminalRun tty(f, args);
    QVERIFY2(tty.answerAfter(QStringLiteral("Password for"), "same-pw"), qPrintable(tty.screen()));
    QVERIFY2(tty.answerAfter(QStringLiteral("Repeat the password"), "same-pw"), qPrintable(tty.screen()));
    const ActionRun r = tty.finish();
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"), {"pkcs12", "-in", out, "-passin", "pass:same-pw", "-nokeys"});
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    QCOMPARE(ActionFixture::events().size(), 1);
}

void TestCliCertificateActions::failedExportLeavesNoFileAndNoEvent()
{
    ActionFixture f;
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("nokey.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/nokey.pem", cert.pem()));
    const QString passFile = f.env().path(QStringLiteral("pw.txt"));
    QVERIFY(writeFile(passFile, "pw\n"));

    // No private key in the store.
    const QString p12 = f.env().path(QStringLiteral("nokey.p12"));
    ActionRun r = f.run(
        {"export", "--thumbprint", cert.thumbprint(), "--format", "pkcs12", "--out", p12, "--password-file", passFile});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no private key")) && r.err.contains(cert.thumbprint())
                 && r.err.contains(QStringLiteral("My (user)")),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(p12));

    // A directory that does not exist.
    const QString badPath = f.env().path(QStringLiteral("missing-dir/out.pem"));
    r = f.run({"export", "--thumbprint", cert.thumbprint(), "--out", badPath});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(f.env().path(QStringLiteral("missing-dir"))), qPrintable(r.err));
    QVERIFY(!QFile::exists(badPath));
    QVERIFY(ActionFixture::events().isEmpty());
    QVERIFY(!QFile::exists(Paths::eventLogFile(Scope::User))); // not even an empty log
}

void TestCliCertificateActions::unwritableEventLogStopsTheActionBeforeItStarts()
{
    ActionFixture f;
    // Something that is not a database where the User event log belongs.
    QVERIFY(QDir().mkpath(Paths::eventLogFile(Scope::User)));
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("unlogged.example"));
    const QString source = f.env().path(QStringLiteral("in/unlogged.pem"));
    QVERIFY(writeFile(source, cert.pem() + cert.key.pkcs8Pem()));
    ActionRun r = f.run({"import", source, "--store", "My", "--scope", "user"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("nothing was changed")) && r.err.contains(Paths::eventLogFile(Scope::User)),
             qPrintable(r.err));
    QVERIFY(QDir(ActionFixture::myStore()).isEmpty());

    QVERIFY(writeFile(ActionFixture::myStore() + "/stays.pem", cert.pem()));
    r = f.run({"delete", "--thumbprint", cert.thumbprint(), "--yes"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("nothing was changed")), qPrintable(r.err));
    QVERIFY(QFile::exists(ActionFixture::myStore() + "/stays.pem"));
}

void TestCliCertificateActions::thumbprintInSeveralStoresNeedsStore()
{
    ActionFixture f;
    const QString other = f.addStore(QStringLiteral("web"));
    const GeneratedCert cert = ActionFixture::serverCert(QStringLiteral("twin.example"));
    QVERIFY(writeFile(ActionFixture::myStore() + "/twin.pem", cert.pem()));
    QVERIFY(writeFile(other + "/twin.pem", cert.pem()));
    const QString out = f.env().path(QStringLiteral("twin.pem"));
    ActionRun r = f.run({"export", "--thumbprint", cert.thumbprint(), "--out", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("is in 2 stores: My (user), web (user)"))
                 && r.err.contains(QStringLiteral("--store")),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    r = f.run({"export", "--thumbprint", cert.thumbprint(), "--store", "web", "--out", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("from store web (user)")), qPrintable(r.out));
}

void TestCliCertificateActions::unknownThumbprintNamesIt()
{
    ActionFixture f;
    const QString missing = QString(40, QLatin1Char('A'));
    ActionRun r = f.run({"export", "--thumbprint", missing, "--out", f.env().path(QStringLiteral("x.pem"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no certificate %1 in any store").arg(missing)), qPrintable(r.err));
    r = f.run({"delete", "--thumbprint", "not-hex", "--yes"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--thumbprint takes a SHA-1")), qPrintable(r.err));
}

void TestCliCertificateActions::helpExplainsWithExamples_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("import") << "import"
                            << "--password-file";
    QTest::newRow("export") << "export"
                            << "--legacy";
    QTest::newRow("copy") << "copy"
                          << "MoveOrCopy";
    QTest::newRow("move") << "move"
                          << "1004";
    QTest::newRow("delete") << "delete"
                            << "--yes";
}

void TestCliCertificateActions::helpExplainsWithExamples()
{
    QFETCH(QString, command);
    QFETCH(QString, mentions);
    ActionFixture f;
    const ActionRun r = f.run({command, "--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("Usage: certlifectl ") + command), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Examples:\n  certlifectl ") + command), qPrintable(r.out));
    QVERIFY2(r.out.contains(mentions), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral("--password ")), qPrintable(r.out));
    const ActionRun top = f.run({"--help"});
    QVERIFY2(top.out.contains(command), qPrintable(top.out));
}

QTEST_GUILESS_MAIN(TestCliCertificateActions)
#include "TestCliCertificateActions.moc"
