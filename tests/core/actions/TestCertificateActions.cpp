// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "actions/CertificateActions.h"
#include "stores/Scanner.h"
#include "stores/Store.h"
#include "x509/CertificateParser.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

namespace {

const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

int fileMode(const QString& path)
{
    struct stat st
    {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return int(st.st_mode & 07777);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// What a directory store would report: every file parsed, keys paired by SPKI.
StoreScan scanDirectory(const StoreConfig& store)
{
    StoreScan scan;
    scan.storeId = store.id;
    scan.scope = store.scope;
    QHash<QByteArray, QString> keyFiles;
    const QStringList names = QDir(store.path).entryList(QDir::Files, QDir::Name);
    for (const QString& name : names) {
        const QString path = QDir(store.path).filePath(name);
        const ParsedFile parsed = parseCertificateData(readAll(path));
        for (const auto& spki : parsed.privateKeySpki)
            keyFiles.insert(QByteArray(reinterpret_cast<const char*>(spki.data()), int(spki.size())), path);
        int index = 0;
        for (const auto& c : parsed.certificates)
            scan.certificates.append({c, path, index++, {}});
    }
    for (auto& sc : scan.certificates) {
        const QByteArray spki(reinterpret_cast<const char*>(sc.certificate.spkiSha256.data()), 32);
        sc.keyPath = keyFiles.value(spki);
        sc.certificate.hasPrivateKey = !sc.keyPath.isEmpty();
    }
    return scan;
}

StoreConfig makeStore(const TestEnvironment& env, const QString& id, bool readOnly = false)
{
    StoreConfig s;
    s.id = id;
    s.displayName = id;
    s.kind = StoreKind::Directory;
    s.scope = Scope::User;
    s.path = env.path(QStringLiteral("stores/") + id);
    s.readOnly = readOnly;
    QDir().mkpath(s.path);
    return s;
}

GeneratedCert makeServerCert(const QString& cn, KeyType type = KeyType::EcP256)
{
    CertSpec spec;
    spec.cn = cn;
    spec.dns = {cn};
    spec.ekuOids = {QStringLiteral("serverAuth")};
    spec.subjectKey = freshKey(type);
    return makeCertificate(spec);
}

ActionContext fixedContext()
{
    ActionContext ctx;
    ctx.clock = std::make_shared<FixedClock>(kNow);
    return ctx;
}

} // namespace

class TestCertificateActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importPemWithKeyWritesSafeFilesAndEvent();
    void importPkcs12_data();
    void importPkcs12();
    void importRefusals_data();
    void importRefusals();
    void importHostileNameStaysInStore();
    void exportPemAndDerRecordNoEvent();
    void exportPkcs12ReadableByOpenSsl_data();
    void exportPkcs12ReadableByOpenSsl();
    void keyInAPasswordProtectedPkcs12IsExportedAndCopied_data();
    void keyInAPasswordProtectedPkcs12IsExportedAndCopied();
    void failedExportLeavesNothing();
    void copyAndMoveBetweenStores();
    void deleteKeepsSharedKey();
    void deleteRemovesUnusedKey();
    void deleteRefusesBundleAndReadOnly();
    void deleteRefusesACertificateRenewedSinceTheScan();
    void replaceRecordsReplaceAndArchive();
    void findCertificateByThumbprintOrSha256();
};

void TestCertificateActions::importPemWithKeyWritesSafeFilesAndEvent()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("www.example.org"));
    const QString source = env.path(QStringLiteral("in/site.pem"));
    QVERIFY(writeFile(source, cert.pem() + cert.key.pkcs8Pem()));

    ImportRequest req;
    req.sourcePath = source;
    const ActionResult r = CertificateActions::importFile(req, store, StoreScan{}, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.writtenFiles.size(), 2);
    const QString stem = store.path + QStringLiteral("/www.example.org-") + cert.thumbprint().left(8);
    QCOMPARE(r.writtenFiles, QStringList({stem + QStringLiteral(".pem"), stem + QStringLiteral(".key")}));
    QCOMPARE(fileMode(stem + QStringLiteral(".pem")), 0644);
    QCOMPARE(fileMode(stem + QStringLiteral(".key")), 0600);
    QCOMPARE(parseCertificateData(readAll(stem + QStringLiteral(".pem"))).certificates.value(0).thumbprint(),
             cert.thumbprint());
    const ParsedFile key = parseCertificateData(readAll(stem + QStringLiteral(".key")));
    QCOMPARE(key.privateKeySpki.size(), 1);

    QCOMPARE(r.events.size(), 1);
    const LifecycleEvent& e = r.events.first();
    QCOMPARE(e.id, EventId::New);
    QCOMPARE(e.action, QStringLiteral("import"));
    QCOMPARE(e.storeId, QStringLiteral("My"));
    QCOMPARE(e.channel, Scope::User);
    QCOMPARE(e.time, kNow);
    QCOMPARE(e.certificate.thumbprint, cert.thumbprint());
    QCOMPARE(e.certificate.path, stem + QStringLiteral(".pem"));
    QVERIFY(!e.account.isEmpty());
    QVERIFY(e.process.contains(QStringLiteral("TestCertificateActions")));
    // No key material in what is recorded.
    QVERIFY(!QJsonDocument(e.toJson()).toJson().contains("PRIVATE"));
}

void TestCertificateActions::importPkcs12_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::newRow("aes-256 pbkdf2") << false;
    QTest::newRow("legacy 3des/rc2") << true;
}

void TestCertificateActions::importPkcs12()
{
    QFETCH(bool, legacy);
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("p12.example"), KeyType::Rsa2048);
    const QString source = env.path(QStringLiteral("in/site.p12"));
    QVERIFY(writeFile(source, makePkcs12(cert, "pa55", legacy)));

    ImportRequest req;
    req.sourcePath = source;
    req.password = "wrong";
    req.hasPassword = true;
    ActionResult r = CertificateActions::importFile(req, store, StoreScan{}, fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("password")), qPrintable(r.error));
    QVERIFY(QDir(store.path).isEmpty());
    QVERIFY(r.events.isEmpty());

    req.password = "pa55";
    r = CertificateActions::importFile(req, store, StoreScan{}, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.writtenFiles.size(), 2);
    const StoreScan after = scanDirectory(store);
    QCOMPARE(after.certificates.size(), 1);
    QVERIFY(after.certificates.first().certificate.hasPrivateKey);
}

void TestCertificateActions::importRefusals_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<bool>("alreadyThere");
    QTest::addColumn<QString>("expected");
    QTest::newRow("read-only store") << true << false << "read-only";
    QTest::newRow("duplicate") << false << true << "already holds";
}

void TestCertificateActions::importRefusals()
{
    QFETCH(bool, readOnly);
    QFETCH(bool, alreadyThere);
    QFETCH(QString, expected);
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"), readOnly);
    const GeneratedCert cert = makeServerCert(QStringLiteral("dup.example"));
    const QString existing = store.path + QStringLiteral("/existing.pem");
    if (alreadyThere)
        QVERIFY(writeFile(existing, cert.pem()));
    const QString source = env.path(QStringLiteral("in/c.pem"));
    QVERIFY(writeFile(source, cert.pem()));
    ImportRequest req;
    req.sourcePath = source;
    const QStringList before = QDir(store.path).entryList(QDir::Files);
    const ActionResult r = CertificateActions::importFile(req, store, scanDirectory(store), fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    QCOMPARE(QDir(store.path).entryList(QDir::Files), before);
    QVERIFY(r.events.isEmpty());
}

void TestCertificateActions::importHostileNameStaysInStore()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("../../x;$(touch y)"));
    const QString source = env.path(QStringLiteral("in/c.pem"));
    QVERIFY(writeFile(source, cert.pem()));
    ImportRequest req;
    req.sourcePath = source;
    const ActionResult r = CertificateActions::importFile(req, store, StoreScan{}, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.writtenFiles.size(), 1);
    QCOMPARE(QFileInfo(r.writtenFiles.first()).absolutePath(), QFileInfo(store.path).absoluteFilePath());
    QCOMPARE(QDir(store.path).entryList(QDir::Files).size(), 1);
    QVERIFY(!QFile::exists(env.path(QStringLiteral("stores/x"))));
}

void TestCertificateActions::exportPemAndDerRecordNoEvent()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("e.example"));
    QVERIFY(writeFile(store.path + QStringLiteral("/e.pem"), cert.pem()));
    const StoreScan scan = scanDirectory(store);

    ExportRequest req;
    req.outputPath = env.path(QStringLiteral("out.der"));
    req.format = ExportFormat::Der;
    ActionResult r = CertificateActions::exportCertificate(scan.certificates.first(), store, req, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(readAll(req.outputPath), cert.der);
    QVERIFY(r.events.isEmpty());

    req.outputPath = env.path(QStringLiteral("out.pem"));
    req.format = ExportFormat::Pem;
    r = CertificateActions::exportCertificate(scan.certificates.first(), store, req, fixedContext());
    QVERIFY(r.ok());
    QCOMPARE(parseCertificateData(readAll(req.outputPath)).certificates.value(0).thumbprint(), cert.thumbprint());
    QVERIFY(r.events.isEmpty());

    // An existing file is not overwritten unless asked.
    r = CertificateActions::exportCertificate(scan.certificates.first(), store, req, fixedContext());
    QVERIFY(!r.ok());
    QVERIFY(r.error.contains(QStringLiteral("already exists")));
}

void TestCertificateActions::exportPkcs12ReadableByOpenSsl_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("modern") << int(Pkcs12Kind::Modern);
    QTest::newRow("legacy") << int(Pkcs12Kind::Legacy);
}

void TestCertificateActions::exportPkcs12ReadableByOpenSsl()
{
    QFETCH(int, kind);
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("pfx.example"));
    QVERIFY(writeFile(store.path + QStringLiteral("/pfx.pem"), cert.pem()));
    QVERIFY(writeFile(store.path + QStringLiteral("/pfx.key"), cert.key.pkcs8Pem()));
    const StoreScan scan = scanDirectory(store);
    QVERIFY(!scan.certificates.first().keyPath.isEmpty());

    ExportRequest req;
    req.format = ExportFormat::Pkcs12;
    req.outputPath = env.path(QStringLiteral("out.p12"));
    req.password = "ex-port";
    req.pkcs12Kind = Pkcs12Kind(kind);
    const ActionResult r = CertificateActions::exportCertificate(scan.certificates.first(), store, req, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(fileMode(req.outputPath), 0600);
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().id, EventId::Exported);
    QCOMPARE(r.events.first().action, QStringLiteral("export"));
    QCOMPARE(r.events.first().certificate.thumbprint, cert.thumbprint());

    QProcess openssl;
    QStringList args{QStringLiteral("pkcs12"),  QStringLiteral("-in"),          req.outputPath,
                     QStringLiteral("-passin"), QStringLiteral("pass:ex-port"), QStringLiteral("-nodes")};
    if (Pkcs12Kind(kind) == Pkcs12Kind::Legacy)
        args << QStringLiteral("-legacy");
    openssl.start(QStringLiteral("openssl"), args);
    QVERIFY(openssl.waitForFinished(20000));
    QCOMPARE(openssl.exitCode(), 0);
    const QByteArray out = openssl.readAllStandardOutput();
    const ParsedFile back = parseCertificateData(out);
    QCOMPARE(back.certificates.value(0).thumbprint(), cert.thumbprint());
    QCOMPARE(back.privateKeySpki.size(), 1);
    QVERIFY(back.certificates.value(0).hasPrivateKey);

    // The integrity MAC is there, with the digest of the kind.
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("pkcs12"), QStringLiteral("-in"), req.outputPath, QStringLiteral("-passin"),
                   QStringLiteral("pass:ex-port"), QStringLiteral("-info"), QStringLiteral("-noout")});
    QVERIFY(openssl.waitForFinished(20000));
    const QString info = QString::fromUtf8(openssl.readAllStandardError() + openssl.readAllStandardOutput());
    QVERIFY2(info.contains(Pkcs12Kind(kind) == Pkcs12Kind::Legacy ? QStringLiteral("MAC: sha1")
                                                                  : QStringLiteral("MAC: sha256")),
             qPrintable(info));

    // The wrong password does not open it.
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("pkcs12"), QStringLiteral("-in"), req.outputPath, QStringLiteral("-passin"),
                   QStringLiteral("pass:nope"), QStringLiteral("-nodes")});
    QVERIFY(openssl.waitForFinished(20000));
    QVERIFY(openssl.exitCode() != 0);
}

void TestCertificateActions::keyInAPasswordProtectedPkcs12IsExportedAndCopied_data()
{
    QTest::addColumn<bool>("legacy");
    QTest::addColumn<QByteArray>("passwordFile"); // what the store's password file holds
    QTest::addColumn<QString>("refusal");         // empty: the key is found
    QTest::newRow("modern, password file") << false << QByteArray("vault pass\n") << QString();
    QTest::newRow("legacy, CRLF password file") << true << QByteArray("vault pass\r\n") << QString();
    QTest::newRow("no password file") << false << QByteArray() << QStringLiteral("no private key");
}

void TestCertificateActions::keyInAPasswordProtectedPkcs12IsExportedAndCopied()
{
    QFETCH(bool, legacy);
    QFETCH(QByteArray, passwordFile);
    QFETCH(QString, refusal);
    // A store of .pfx files opened with its password file (store add --pkcs12-password-file):
    // the scanner finds the key inside the PKCS#12 file, and export and copy must find it
    // there too, with the same password.
    TestEnvironment env;
    StoreConfig pfx = makeStore(env, QStringLiteral("pfx"));
    if (!passwordFile.isEmpty()) {
        pfx.pkcs12PasswordFile = env.path(QStringLiteral("pfx.pass"));
        QVERIFY(writeFile(pfx.pkcs12PasswordFile, passwordFile));
    }
    const GeneratedCert cert = makeServerCert(QStringLiteral("vault.example"));
    QVERIFY(writeFile(pfx.path + QStringLiteral("/vault.pfx"), makePkcs12(cert, "vault pass", legacy)));
    Scanner scanner;
    const StoreScan scan = QCoro::waitFor(scanner.scan(certlife::makeStore(pfx)));
    if (!refusal.isEmpty()) { // without the password the file cannot even be listed
        QVERIFY(scan.certificates.isEmpty());
        QCOMPARE(scan.problems.size(), 1);
        return;
    }
    QCOMPARE(scan.certificates.size(), 1);
    const StoredCertificate& stored = scan.certificates.first();
    QCOMPARE(stored.keyPath, pfx.path + QStringLiteral("/vault.pfx"));

    ExportRequest req;
    req.format = ExportFormat::Pkcs12;
    req.outputPath = env.path(QStringLiteral("out.p12"));
    req.password = "new pass";
    ActionResult r = CertificateActions::exportCertificate(stored, pfx, req, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("pkcs12"), QStringLiteral("-in"), req.outputPath, QStringLiteral("-passin"),
                   QStringLiteral("pass:new pass"), QStringLiteral("-nodes")});
    QVERIFY(openssl.waitForFinished(20000));
    QCOMPARE(openssl.exitCode(), 0);
    const ParsedFile back = parseCertificateData(openssl.readAllStandardOutput());
    QCOMPARE(back.certificates.value(0).thumbprint(), cert.thumbprint());
    QCOMPARE(back.privateKeySpki.size(), 1);

    // Copied into a directory store, the certificate keeps its key (NAME.key beside it).
    const StoreConfig web = makeStore(env, QStringLiteral("web"));
    r = CertificateActions::copyCertificate(stored, pfx, scan, web, scanDirectory(web), false, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    const StoreScan copied = scanDirectory(web);
    QCOMPARE(copied.certificates.size(), 1);
    QVERIFY(copied.certificates.first().certificate.hasPrivateKey);

    // A password file that went away is said, not turned into "no key".
    QVERIFY(QFile::remove(pfx.pkcs12PasswordFile));
    req.overwrite = true;
    r = CertificateActions::exportCertificate(stored, pfx, req, fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("password file")), qPrintable(r.error));
}

void TestCertificateActions::failedExportLeavesNothing()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("nokey.example"));
    QVERIFY(writeFile(store.path + QStringLiteral("/nokey.pem"), cert.pem()));
    const StoreScan scan = scanDirectory(store);

    ExportRequest req;
    req.format = ExportFormat::Pkcs12;
    req.password = "pw";
    req.outputPath = env.path(QStringLiteral("nokey.p12"));
    ActionResult r = CertificateActions::exportCertificate(scan.certificates.first(), store, req, fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("no private key")), qPrintable(r.error));
    QVERIFY(!QFile::exists(req.outputPath));
    QVERIFY(r.events.isEmpty());

    req.format = ExportFormat::Pem;
    req.outputPath = env.path(QStringLiteral("missing-dir/out.pem"));
    r = CertificateActions::exportCertificate(scan.certificates.first(), store, req, fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(env.path(QStringLiteral("missing-dir"))), qPrintable(r.error));
    QVERIFY(!QFile::exists(req.outputPath));
    QVERIFY(r.events.isEmpty());
}

void TestCertificateActions::copyAndMoveBetweenStores()
{
    TestEnvironment env;
    const StoreConfig a = makeStore(env, QStringLiteral("A"));
    const StoreConfig b = makeStore(env, QStringLiteral("B"));
    const StoreConfig c = makeStore(env, QStringLiteral("C"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("mv.example"));
    QVERIFY(writeFile(a.path + QStringLiteral("/mv.pem"), cert.pem()));
    QVERIFY(writeFile(a.path + QStringLiteral("/mv.key"), cert.key.pkcs8Pem()));

    StoreScan scanA = scanDirectory(a);
    ActionResult r = CertificateActions::copyCertificate(scanA.certificates.first(), a, scanA, b, scanDirectory(b),
                                                         false, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().id, EventId::New);
    QCOMPARE(r.events.first().action, QStringLiteral("MoveOrCopy"));
    QCOMPARE(r.events.first().storeId, QStringLiteral("B"));
    QVERIFY(QFile::exists(a.path + QStringLiteral("/mv.pem")));
    QVERIFY(scanDirectory(b).certificates.first().certificate.hasPrivateKey);

    scanA = scanDirectory(a);
    r = CertificateActions::copyCertificate(scanA.certificates.first(), a, scanA, c, scanDirectory(c), true,
                                            fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.events.size(), 2);
    QCOMPARE(r.events[0].id, EventId::Deleted);
    QCOMPARE(r.events[0].storeId, QStringLiteral("A"));
    QCOMPARE(r.events[1].id, EventId::New);
    QCOMPARE(r.events[1].storeId, QStringLiteral("C"));
    QVERIFY(!QFile::exists(a.path + QStringLiteral("/mv.pem")));
    QVERIFY(!QFile::exists(a.path + QStringLiteral("/mv.key")));
    QCOMPARE(scanDirectory(c).certificates.size(), 1);
}

void TestCertificateActions::deleteKeepsSharedKey()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const TestKey shared = freshKey(KeyType::EcP256);
    CertSpec s1;
    s1.cn = QStringLiteral("one.example");
    s1.subjectKey = shared;
    CertSpec s2 = s1;
    s2.cn = QStringLiteral("two.example");
    const GeneratedCert one = makeCertificate(s1);
    const GeneratedCert two = makeCertificate(s2);
    QVERIFY(writeFile(store.path + QStringLiteral("/one.pem"), one.pem()));
    QVERIFY(writeFile(store.path + QStringLiteral("/two.pem"), two.pem()));
    QVERIFY(writeFile(store.path + QStringLiteral("/shared.key"), shared.pkcs8Pem()));
    const StoreScan scan = scanDirectory(store);
    const StoredCertificate* target = findCertificate(scan, one.thumbprint());
    QVERIFY(target);

    const ActionResult r =
        CertificateActions::deleteCertificate(*target, store, scan, RemovalScope::everywhere(), fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.removedFiles, QStringList{store.path + QStringLiteral("/one.pem")});
    QVERIFY(QFile::exists(store.path + QStringLiteral("/shared.key")));
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().id, EventId::Deleted);
    QCOMPARE(r.events.first().action, QStringLiteral("delete"));
}

void TestCertificateActions::deleteRemovesUnusedKey()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("gone.example"));
    QVERIFY(writeFile(store.path + QStringLiteral("/gone.pem"), cert.pem()));
    QVERIFY(writeFile(store.path + QStringLiteral("/gone.key"), cert.key.pkcs8Pem()));
    const StoreScan scan = scanDirectory(store);
    const ActionResult r = CertificateActions::deleteCertificate(scan.certificates.first(), store, scan,
                                                                 RemovalScope::everywhere(), fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(QDir(store.path).isEmpty());
}

void TestCertificateActions::deleteRefusesACertificateRenewedSinceTheScan()
{
    // The admin confirms the deletion of what the scan showed; meanwhile a renewal wrote
    // a new certificate and key in place. Neither may go, and nothing is recorded.
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert old = makeServerCert(QStringLiteral("renewed.example"));
    QVERIFY(writeFile(store.path + QStringLiteral("/renewed.pem"), old.pem()));
    QVERIFY(writeFile(store.path + QStringLiteral("/renewed.key"), old.key.pkcs8Pem()));
    const StoreScan scan = scanDirectory(store);
    const GeneratedCert renewed = makeServerCert(QStringLiteral("renewed.example"));
    QVERIFY(writeFile(store.path + QStringLiteral("/renewed.pem"), renewed.pem()));
    QVERIFY(writeFile(store.path + QStringLiteral("/renewed.key"), renewed.key.pkcs8Pem()));
    const ActionResult r = CertificateActions::deleteCertificate(scan.certificates.first(), store, scan,
                                                                 RemovalScope::everywhere(), fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(store.path + QStringLiteral("/renewed.pem"))
                 && r.error.contains(QStringLiteral("changed")),
             qPrintable(r.error));
    QVERIFY(r.events.isEmpty());
    QVERIFY(r.removedFiles.isEmpty());
    QFile kept(store.path + QStringLiteral("/renewed.pem"));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), renewed.pem());
    QVERIFY(QFile::exists(store.path + QStringLiteral("/renewed.key")));
}

void TestCertificateActions::deleteRefusesBundleAndReadOnly()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert a = makeServerCert(QStringLiteral("a.example"));
    const GeneratedCert b = makeServerCert(QStringLiteral("b.example"));
    // A PKCS#7 bundle is not rewritten (PEM bundles are, CertificateRemoval tests).
    const QByteArray p7 = makePkcs7({a, b}, false);
    QVERIFY(writeFile(store.path + QStringLiteral("/bundle.p7b"), p7));
    const StoreScan scan = scanDirectory(store);
    QCOMPARE(scan.certificates.size(), 2);
    ActionResult r = CertificateActions::deleteCertificate(scan.certificates.first(), store, scan,
                                                           RemovalScope::everywhere(), fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("holds 2 certificates and is not a PEM file")), qPrintable(r.error));
    QFile kept(store.path + QStringLiteral("/bundle.p7b"));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), p7);

    StoreConfig ro = store;
    ro.readOnly = true;
    r = CertificateActions::deleteCertificate(scan.certificates.first(), ro, scan, RemovalScope::everywhere(),
                                              fixedContext());
    QVERIFY(!r.ok());
    QVERIFY(r.error.contains(QStringLiteral("read-only")));
    QVERIFY(r.events.isEmpty());
}

void TestCertificateActions::replaceRecordsReplaceAndArchive()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert oldCert = makeServerCert(QStringLiteral("svc.example"));
    CertSpec renewed;
    renewed.cn = QStringLiteral("svc.example");
    renewed.dns = {QStringLiteral("svc.example")};
    renewed.notAfter = renewed.notAfter.addDays(90);
    const GeneratedCert newCert = makeCertificate(renewed);
    QVERIFY(writeFile(store.path + QStringLiteral("/old.pem"), oldCert.pem()));
    QVERIFY(writeFile(store.path + QStringLiteral("/new.pem"), newCert.pem()));
    const StoreScan scan = scanDirectory(store);
    const ActionResult r =
        CertificateActions::replaceCertificate(*findCertificate(scan, oldCert.thumbprint()), store,
                                               *findCertificate(scan, newCert.thumbprint()), store, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.events.size(), 2);
    QCOMPARE(r.events[0].id, EventId::Replace);
    QCOMPARE(r.events[0].action, QStringLiteral("replace"));
    QCOMPARE(r.events[0].certificate.thumbprint, newCert.thumbprint());
    QVERIFY(r.events[0].oldCertificate);
    QCOMPARE(r.events[0].oldCertificate->thumbprint, oldCert.thumbprint());
    QCOMPARE(r.events[1].id, EventId::Archived);
    QCOMPARE(r.events[1].certificate.thumbprint, oldCert.thumbprint());
    QCOMPARE(QDir(store.path).entryList(QDir::Files).size(), 2); // nothing changed on disk

    // The renewal landed in another store: 1001 where the new certificate is (where the
    // Replace tasks will look for it), 1005 where the old one stays.
    const StoreConfig web = makeStore(env, QStringLiteral("web"));
    QVERIFY(writeFile(web.path + QStringLiteral("/new.pem"), newCert.pem()));
    const StoreScan webScan = scanDirectory(web);
    const ActionResult across =
        CertificateActions::replaceCertificate(*findCertificate(scan, oldCert.thumbprint()), store,
                                               *findCertificate(webScan, newCert.thumbprint()), web, fixedContext());
    QVERIFY2(across.ok(), qPrintable(across.error));
    QCOMPARE(across.events.size(), 2);
    QCOMPARE(across.events[0].storeId, QStringLiteral("web"));
    QCOMPARE(across.events[0].certificate.path, web.path + QStringLiteral("/new.pem"));
    QCOMPARE(across.events[1].storeId, QStringLiteral("My"));
}

void TestCertificateActions::findCertificateByThumbprintOrSha256()
{
    TestEnvironment env;
    const StoreConfig store = makeStore(env, QStringLiteral("My"));
    const GeneratedCert cert = makeServerCert(QStringLiteral("find.example"));
    QVERIFY(writeFile(store.path + QStringLiteral("/f.pem"), cert.pem()));
    const StoreScan scan = scanDirectory(store);
    QVERIFY(findCertificate(scan, cert.thumbprint()));
    QVERIFY(findCertificate(scan, cert.thumbprint().toLower()));
    QString colons = cert.thumbprint();
    for (int i = 38; i > 0; i -= 2)
        colons.insert(i, QLatin1Char(':'));
    QVERIFY(findCertificate(scan, colons));
    QVERIFY(findCertificate(scan, scan.certificates.first().certificate.sha256Hex()));
    QVERIFY(!findCertificate(scan, cert.thumbprint().left(10)));
    QVERIFY(!findCertificate(scan, QString(40, QLatin1Char('0'))));
}

QTEST_GUILESS_MAIN(TestCertificateActions)
#include "TestCertificateActions.moc"
