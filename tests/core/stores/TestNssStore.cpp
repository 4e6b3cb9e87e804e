// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// NSS databases as nss stores: made by certutil and pk12util at test time, read through
// the helper certlife-nss-read, every certificate held to OpenSSL's reading of the
// certificate put in and every nickname and trust flag to certutil's own listing.

#include "CertFactory.h"
#include "NssTools.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "actions/CertificateActions.h"
#include "lifecycle/LifecycleEngine.h"
#include "stores/NssStore.h"
#include "stores/StoreCatalog.h"
#include "util/Clock.h"
#include "x509/CertificateDiff.h"
#include "x509/OpenSslCertificateReader.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <fcntl.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

namespace {

ActionContext testContext()
{
    ActionContext context;
    context.clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
    return context;
}

StoreConfig nssConfig(const QString& dir, const QString& passwordFile = {})
{
    StoreConfig c;
    c.id = QStringLiteral("nss");
    c.kind = StoreKind::Nss;
    c.path = dir;
    c.readOnly = true;
    c.pkcs12PasswordFile = passwordFile;
    return c;
}

const StoredCertificate* byEntry(const StoreScan& scan, const QString& nickname)
{
    for (const StoredCertificate& c : scan.certificates)
        if (c.entry == nickname)
            return &c;
    return nullptr;
}

// Flips every 97th byte of the file from `from` on; or cuts it to `from` bytes.
bool damage(const QString& file, qint64 from, bool truncate)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    if (truncate)
        return f.resize(from);
    QByteArray data = f.readAll();
    for (qint64 i = from; i < data.size(); i += 97)
        data[i] = char(data[i] ^ 0xFF);
    return f.seek(0) && f.write(data) == data.size();
}

} // namespace

class TestNssStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void certificatesMatchOpenSslAndCertutil();
    void passwordProtectedKeyDatabase();
    void notAnNssDirectoryIsAClearError();
    void damagedDatabaseIsAStoreErrorNotADeletion();
    void unchangedDatabaseIsNotReadAgain();
    void renewalInsideTheDatabaseIs1001();
    void helperOutputIsCheckedBeforeUse();
    void importExportAndDeleteGoThroughNss();
    void hostileNicknamesAreRefusedOrCleaned();
    void writeWhileAnotherProgramWritesFailsCleanly();
    void databaseOfAnotherUserIsNotWritten();
};

void TestNssStore::initTestCase()
{
    if (const QString missing = nssToolsMissing(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    QVERIFY2(QFileInfo(nssHelperPath()).isExecutable(), qPrintable(nssHelperPath()));
}

void TestNssStore::certificatesMatchOpenSslAndCertutil()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QCOMPARE(newNssDatabase(db), QString());

    CertSpec caSpec;
    caSpec.cn = QStringLiteral("Test Root CA");
    caSpec.isCA = true;
    caSpec.keyType = KeyType::EcP256;
    caSpec.serialHex = "5A";
    const GeneratedCert ca = makeCertificate(caSpec);
    CertSpec serverSpec;
    serverSpec.cn = QStringLiteral("app.example");
    serverSpec.dns = {QStringLiteral("app.example"), QStringLiteral("www.app.example")};
    serverSpec.ips = {QStringLiteral("192.0.2.7")};
    serverSpec.ekuOids = {QStringLiteral("1.3.6.1.5.5.7.3.1")};
    serverSpec.keyType = KeyType::Rsa2048;
    serverSpec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Exämple Ltd")}};
    const GeneratedCert server = makeCertificate(serverSpec, &ca);
    const GeneratedCert peer = makeNamedCert(QStringLiteral("peer.example"), "77");

    QVERIFY(writeFile(env.path(QStringLiteral("ca.pem")), ca.pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("peer.der")), peer.der));
    QVERIFY(writeFile(env.path(QStringLiteral("server.p12")), makePkcs12(server, "secret", false)));
    QCOMPARE(addNssCertificate(db, QStringLiteral("Root CA é"), QStringLiteral("CT,C,C"),
                               env.path(QStringLiteral("ca.pem"))),
             QString());
    QCOMPARE(addNssCertificate(db, QStringLiteral("peer"), QStringLiteral("P,,"), env.path(QStringLiteral("peer.der"))),
             QString());
    QCOMPARE(importNssPkcs12(db, env.path(QStringLiteral("server.p12")), QStringLiteral("secret")), QString());

    const StoreScan scan = scanOnce(nssConfig(db));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(u'\n')));
    QCOMPARE(scan.certificates.size(), 3);
    const QMap<QString, QString> listing = certutilListing(db);
    QCOMPARE(listing.size(), 3);
    for (const StoredCertificate& stored : scan.certificates) {
        QVERIFY2(listing.contains(stored.entry), qPrintable(stored.entry));
        QCOMPARE(stored.trust, listing.value(stored.entry)); // as certutil -L shows them
        QCOMPARE(stored.path, db);
        QCOMPARE(storedLocation(stored), QStringLiteral("nss:%1 %2").arg(db, stored.entry));
        const QByteArray der = stored.entry == QStringLiteral("Root CA é") ? ca.der
            : stored.entry == QLatin1String("peer")                        ? peer.der
                                                                           : server.der;
        std::optional<Certificate> reference = OpenSslCertificateReader::fromDer(der);
        QVERIFY(reference);
        reference->hasPrivateKey = der == server.der; // from the key database, not the DER
        const QStringList differences = certificateDifferences(stored.certificate, *reference);
        QVERIFY2(differences.isEmpty(), qPrintable(stored.entry + QStringLiteral(": ") + differences.join(u'\n')));
    }
    QCOMPARE(byEntry(scan, QStringLiteral("Root CA é"))->trust, QStringLiteral("CT,C,C"));
    QCOMPARE(byEntry(scan, QStringLiteral("peer"))->trust, QStringLiteral("P,,"));
    const auto withKey = std::find_if(scan.certificates.cbegin(), scan.certificates.cend(),
                                      [](const StoredCertificate& c) { return c.certificate.hasPrivateKey; });
    QVERIFY(withKey != scan.certificates.cend());
    QCOMPARE(withKey->certificate.sha256Hex(), OpenSslCertificateReader::fromDer(server.der)->sha256Hex());
    QCOMPARE(withKey->trust, QStringLiteral("u,u,u"));
    QCOMPARE(withKey->keyPath, db);
    QCOMPARE(std::count_if(scan.certificates.cbegin(), scan.certificates.cend(),
                           [](const StoredCertificate& c) { return c.certificate.hasPrivateKey; }),
             1);
}

void TestNssStore::passwordProtectedKeyDatabase()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QDir().mkpath(db);
    const QString password = env.path(QStringLiteral("db.pass"));
    QVERIFY(writeFile(password, "s3cret\n"));
    QCOMPARE(runNssTool(QStringLiteral("certutil"),
                        {QStringLiteral("-N"), QStringLiteral("-d"), nssSqlDb(db), QStringLiteral("-f"), password}),
             QString());
    const GeneratedCert server = makeNamedCert(QStringLiteral("locked.example"), "31");
    QVERIFY(writeFile(env.path(QStringLiteral("server.p12")), makePkcs12(server, "p12pass", false)));
    QCOMPARE(
        runNssTool(QStringLiteral("pk12util"),
                   {QStringLiteral("-i"), env.path(QStringLiteral("server.p12")), QStringLiteral("-d"), nssSqlDb(db),
                    QStringLiteral("-W"), QStringLiteral("p12pass"), QStringLiteral("-k"), password}),
        QString());

    // Without the password the certificate is listed; the key is not looked for, and the
    // scan says so.
    Scanner scanner(cacheIn(env.path(QStringLiteral("cache"))));
    const StoreScan locked = scanWith(scanner, nssConfig(db));
    QCOMPARE(locked.certificates.size(), 1);
    QVERIFY(!locked.certificates.first().certificate.hasPrivateKey);
    QCOMPARE(problemText(locked).join(u'\n'), QStringLiteral("%1: %2").arg(db, QLatin1String(kNssKeysNeedPassword)));

    // A wrong password: said, never cached. The right one: the key is found.
    const QString wrong = env.path(QStringLiteral("wrong.pass"));
    QVERIFY(writeFile(wrong, "nope\n"));
    const StoreScan wrongScan = scanWith(scanner, nssConfig(db, wrong));
    QCOMPARE(wrongScan.filesParsed, 1); // the result without a password is not reused now
    QCOMPARE(problemText(wrongScan).join(u'\n'), QStringLiteral("%1: %2").arg(db, QLatin1String(kNssWrongPassword)));
    QCOMPARE(scanWith(scanner, nssConfig(db, wrong)).filesParsed, 1);
    const StoreScan open = scanWith(scanner, nssConfig(db, password));
    QCOMPARE(open.filesParsed, 1);
    QVERIFY2(open.problems.isEmpty(), qPrintable(problemText(open).join(u'\n')));
    QVERIFY(open.certificates.first().certificate.hasPrivateKey);
    QCOMPARE(open.certificates.first().trust, QStringLiteral("u,u,u"));
    QCOMPARE(scanWith(scanner, nssConfig(db, password)).filesFromCache, 1);
}

void TestNssStore::notAnNssDirectoryIsAClearError()
{
    TestEnvironment env;
    const QString plain = env.path(QStringLiteral("plain"));
    QDir().mkpath(plain);
    QVERIFY(writeFile(plain + QStringLiteral("/cert.pem"), makeNamedCert(QStringLiteral("a.example")).pem()));
    StoreScan scan = scanOnce(nssConfig(plain));
    QVERIFY(scan.certificates.isEmpty());
    QVERIFY(!scan.storeMissing);
    QCOMPARE(problemText(scan),
             QStringList{QStringLiteral("%1: is not an NSS database: it has no cert9.db").arg(plain)});

    QVERIFY(writeFile(plain + QStringLiteral("/cert8.db"), "old dbm"));
    scan = scanOnce(nssConfig(plain));
    QVERIFY(problemText(scan).first().contains(QLatin1String("old dbm format (cert8.db)")));

    scan = scanOnce(nssConfig(plain + QStringLiteral("/cert.pem")));
    QVERIFY(problemText(scan).first().contains(QLatin1String("is not an NSS database: an NSS store is the directory")));

    scan = scanOnce(nssConfig(env.path(QStringLiteral("gone"))));
    QVERIFY(scan.storeMissing);

    // Adding such a store is refused with the reason.
    const QString error = StoreCatalog::validate(nssConfig(plain), true);
    QVERIFY2(error.contains(QLatin1String("is not an NSS database: it has no cert9.db")), qPrintable(error));
}

void TestNssStore::damagedDatabaseIsAStoreErrorNotADeletion()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QCOMPARE(newNssDatabase(db), QString());
    for (int i = 0; i < 40; ++i) {
        const QString file = env.path(QStringLiteral("c%1.der").arg(i));
        QVERIFY(
            writeFile(file, makeNamedCert(QStringLiteral("host%1.example").arg(i), QByteArray::number(100 + i)).der));
        QCOMPARE(addNssCertificate(db, QStringLiteral("host %1").arg(i), QStringLiteral(",,"), file), QString());
    }
    LifecycleEngine engine(std::make_shared<FixedClock>(QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC)), Policy());
    Scanner scanner;
    const StoreScan baseline = scanWith(scanner, nssConfig(db));
    QCOMPARE(baseline.certificates.size(), 40);
    QVERIFY(engine.process({baseline}, Scope::User).isEmpty());

    const QString certDb = db + QStringLiteral("/cert9.db");
    QFile original(certDb);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray good = original.readAll();
    original.close();
    const qint64 size = good.size();
    for (const auto& [from, truncate] : {std::pair{size / 2, true}, std::pair{qint64(100), true},
                                         std::pair{size / 3, false}, std::pair{qint64(0), false}}) {
        QVERIFY(writeFile(certDb, good));
        QVERIFY(damage(certDb, from, truncate));
        const StoreScan scan = scanWith(scanner, nssConfig(db));
        QVERIFY2(scan.certificates.isEmpty(), qPrintable(QString::number(scan.certificates.size())));
        QCOMPARE(scan.problems.size(), 1);
        QCOMPARE(scan.problems.first().path, db);
        QVERIFY2(scan.problems.first().error.contains(QLatin1String("NSS database")),
                 qPrintable(scan.problems.first().error));
        // What the store held is kept, not reported as 40 deletions.
        const QList<LifecycleEvent> events = engine.process({scan}, Scope::User);
        QVERIFY2(events.isEmpty(), qPrintable(events.isEmpty() ? QString() : events.first().message));
    }
    QVERIFY(writeFile(certDb, good));
    QCOMPARE(scanWith(scanner, nssConfig(db)).certificates.size(), 40);
}

void TestNssStore::unchangedDatabaseIsNotReadAgain()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QCOMPARE(newNssDatabase(db), QString());
    QVERIFY(writeFile(env.path(QStringLiteral("a.der")), makeNamedCert(QStringLiteral("a.example"), "0A").der));
    QCOMPARE(addNssCertificate(db, QStringLiteral("a"), QStringLiteral(",,"), env.path(QStringLiteral("a.der"))),
             QString());

    // Every read of the database is a helper run: count them through the file it reads.
    Scanner scanner(cacheIn(env.path(QStringLiteral("cache"))));
    const StoreScan first = scanWith(scanner, nssConfig(db));
    QCOMPARE(first.filesParsed, 1);
    QCOMPARE(first.certificates.size(), 1);
    for (int i = 0; i < 3; ++i) {
        const StoreScan again = scanWith(scanner, nssConfig(db));
        QCOMPARE(again.filesParsed, 0); // recognised by the stamps: no helper, nothing decoded
        QCOMPARE(again.filesFromCache, 1);
        QCOMPARE(again.certificates.first().entry, QStringLiteral("a"));
        QCOMPARE(again.certificates.first().trust, QStringLiteral(",,"));
        QCOMPARE(again.certificates.first().certificate.sha256Hex(),
                 first.certificates.first().certificate.sha256Hex());
    }
    // A fresh Scanner on the same cache directory: from the cache file too.
    Scanner later(cacheIn(env.path(QStringLiteral("cache"))));
    QCOMPARE(scanWith(later, nssConfig(db)).filesFromCache, 1);

    // Any change of the key database, or a write-ahead log appearing, is read again.
    QVERIFY(writeFile(env.path(QStringLiteral("b.der")), makeNamedCert(QStringLiteral("b.example"), "0B").der));
    QCOMPARE(addNssCertificate(db, QStringLiteral("b"), QStringLiteral("C,,"), env.path(QStringLiteral("b.der"))),
             QString());
    const StoreScan changed = scanWith(later, nssConfig(db));
    QCOMPARE(changed.filesParsed, 1);
    QCOMPARE(changed.certificates.size(), 2);
    QVERIFY(writeFile(db + QStringLiteral("/key4.db-wal"), ""));
    QCOMPARE(scanWith(later, nssConfig(db)).filesParsed, 1);
    QCOMPARE(scanWith(later, nssConfig(db)).filesParsed, 0);
}

void TestNssStore::renewalInsideTheDatabaseIs1001()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QCOMPARE(newNssDatabase(db), QString());
    CertSpec spec;
    spec.cn = QStringLiteral("app.example");
    spec.dns = {spec.cn};
    spec.serialHex = "01";
    spec.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    spec.notAfter = QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC);
    QVERIFY(writeFile(env.path(QStringLiteral("old.der")), makeCertificate(spec).der));
    QCOMPARE(addNssCertificate(db, QStringLiteral("app"), QStringLiteral(",,"), env.path(QStringLiteral("old.der"))),
             QString());
    LifecycleEngine engine(std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 20), QTime(0, 0), Qt::UTC)), Policy());
    Scanner scanner;
    QVERIFY(engine.process({scanWith(scanner, nssConfig(db))}, Scope::User).isEmpty()); // the baseline

    QCOMPARE(runNssTool(QStringLiteral("certutil"),
                        {QStringLiteral("-D"), QStringLiteral("-d"), nssSqlDb(db), QStringLiteral("-n"),
                         QStringLiteral("app")}),
             QString());
    spec.serialHex = "02";
    spec.notBefore = QDateTime(QDate(2026, 3, 15), QTime(0, 0), Qt::UTC);
    spec.notAfter = QDateTime(QDate(2026, 6, 15), QTime(0, 0), Qt::UTC);
    QVERIFY(writeFile(env.path(QStringLiteral("new.der")), makeCertificate(spec).der));
    QCOMPARE(addNssCertificate(db, QStringLiteral("app"), QStringLiteral(",,"), env.path(QStringLiteral("new.der"))),
             QString());
    const QList<LifecycleEvent> events = engine.process({scanWith(scanner, nssConfig(db))}, Scope::User);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Replace);
    QCOMPARE(events.first().action, Action::Renew);
    QCOMPARE(events.first().storeId, QStringLiteral("nss"));
    QCOMPARE(events.first().certificate.path, db);
    QVERIFY(events.first().oldCertificate);
    QVERIFY(events.first().certificate.notAfter > events.first().oldCertificate->notAfter);
}

void TestNssStore::helperOutputIsCheckedBeforeUse()
{
    NssHelperOutput out;
    QString error;
    const QByteArray good = QByteArray("CERTLIFE-NSS 1\nK nopassword\nC 1 5 3 0\nnCT,,CDER") + "P 2\nhiEND 1\n";
    QVERIFY2(parseNssHelperOutput(good, &out, &error), qPrintable(error));
    QCOMPARE(out.entries.size(), 1);
    QCOMPARE(out.entries.first().nickname, QByteArray("n"));
    QCOMPARE(out.entries.first().trust, QByteArray("CT,,C"));
    QCOMPARE(out.entries.first().der, QByteArray("DER"));
    QCOMPARE(out.problems, QStringList{QStringLiteral("hi")});
    QVERIFY(out.keysNeedPassword);
    // Cut off, lying about lengths, a wrong count, trailing bytes, no header: refused.
    for (const QByteArray& bad :
         {good.left(good.size() - 3), QByteArray("CERTLIFE-NSS 1\nC 1 5 999999 0\nx"),
          QByteArray("CERTLIFE-NSS 1\nC 1 5 -3 0\nnCT,,C"), QByteArray("CERTLIFE-NSS 1\nEND 2\n"),
          QByteArray("CERTLIFE-NSS 1\nEND 0\nmore"), QByteArray("C 1 5 3 0\nnCT,,CDEREND 1\n"),
          QByteArray("CERTLIFE-NSS 1\nX\nEND 0\n")}) {
        NssHelperOutput ignored;
        QVERIFY2(!parseNssHelperOutput(bad, &ignored, &error), bad.constData());
    }
}

// The admin's import, PKCS#12 export and delete on an NSS store, each checked with
// NSS's own tools: nickname, trust flags, the key in key4.db (in a database with a
// password), the key given out again, and gone with its certificate.
void TestNssStore::importExportAndDeleteGoThroughNss()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QDir().mkpath(db);
    const QString password = env.path(QStringLiteral("db.pass"));
    QVERIFY(writeFile(password, "s3cret\n"));
    QCOMPARE(runNssTool(QStringLiteral("certutil"),
                        {QStringLiteral("-N"), QStringLiteral("-d"), nssSqlDb(db), QStringLiteral("-f"), password}),
             QString());
    StoreConfig config = nssConfig(db, password);
    config.readOnly = false;
    const ActionContext context = testContext();

    CertSpec caSpec;
    caSpec.cn = QStringLiteral("Corp Root");
    caSpec.isCA = true;
    caSpec.serialHex = "A1";
    caSpec.subjectKey = freshKey(KeyType::EcP256); // NSS pairs a key with every certificate of its public key
    const GeneratedCert ca = makeCertificate(caSpec);
    const GeneratedCert server = makeNamedCert(QStringLiteral("web.example"), "A2", freshKey(KeyType::EcP256));
    QVERIFY(writeFile(env.path(QStringLiteral("ca.pem")), ca.pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("web.p12")), makePkcs12(server, "p12pass", false)));

    ImportRequest root;
    root.sourcePath = env.path(QStringLiteral("ca.pem"));
    root.nssNickname = QStringLiteral("Corp Root");
    root.nssTrust = QStringLiteral("C,,");
    ActionResult imported = CertificateActions::importFile(root, config, scanOnce(config), context);
    QVERIFY2(imported.ok(), qPrintable(imported.error));
    QCOMPARE(imported.events.size(), 1);
    QCOMPARE(imported.events.first().id, EventId::New);
    QCOMPARE(imported.events.first().certificate.path, db);
    QCOMPARE(imported.addedEntries, QStringList{QStringLiteral("nss:%1 Corp Root").arg(db)});

    ImportRequest web;
    web.sourcePath = env.path(QStringLiteral("web.p12"));
    web.password = "p12pass";
    web.hasPassword = true;
    web.nssNickname = QStringLiteral("Web server");
    imported = CertificateActions::importFile(web, config, scanOnce(config), context);
    QVERIFY2(imported.ok(), qPrintable(imported.error));
    const QMap<QString, QString> listing = certutilListing(db);
    QCOMPARE(listing.value(QStringLiteral("Corp Root")), QStringLiteral("C,,"));
    QVERIFY(listing.contains(QStringLiteral("Web server"))); // certutil -L shows no "u" without a login
    QCOMPARE(certutilKeyCount(db, password), 1);
    // The same certificate again is refused, and so is another subject under a taken name.
    imported = CertificateActions::importFile(root, config, scanOnce(config), context);
    QVERIFY2(imported.error.contains(QLatin1String("already holds")), qPrintable(imported.error));
    QVERIFY(
        writeFile(env.path(QStringLiteral("other.pem")), makeNamedCert(QStringLiteral("other.example"), "A3").pem()));
    ImportRequest clash;
    clash.sourcePath = env.path(QStringLiteral("other.pem"));
    clash.nssNickname = QStringLiteral("Web server");
    imported = CertificateActions::importFile(clash, config, scanOnce(config), context);
    QVERIFY2(imported.error.contains(QLatin1String("belongs to a certificate of another subject")),
             qPrintable(imported.error));
    QCOMPARE(certutilListing(db).size(), 2);

    // Our scan reads what NSS wrote.
    const StoreScan scan = scanOnce(config);
    const StoredCertificate* stored = byEntry(scan, QStringLiteral("Web server"));
    QVERIFY(stored);
    QVERIFY(stored->certificate.hasPrivateKey); // its key in key4.db, paired by NSS's id
    QCOMPARE(stored->trust, QStringLiteral("u,u,u"));

    // PKCS#12 export: the key comes out of NSS and pairs with the certificate.
    ExportRequest exportRequest;
    exportRequest.format = ExportFormat::Pkcs12;
    exportRequest.outputPath = env.path(QStringLiteral("out.p12"));
    exportRequest.password = "exported";
    const ActionResult exported = CertificateActions::exportCertificate(*stored, config, exportRequest, context);
    QVERIFY2(exported.ok(), qPrintable(exported.error));
    QCOMPARE(exported.events.size(), 1);
    QCOMPARE(exported.events.first().id, EventId::Exported);
    QFile p12(exportRequest.outputPath);
    QVERIFY(p12.open(QIODevice::ReadOnly));
    const ImportMaterial material = readImportMaterial(p12.readAll(), "exported", true);
    QVERIFY2(material.error.isEmpty(), qPrintable(material.error));
    QVERIFY(!material.keyFor(stored->certificate).isNull());

    // Delete with its key (no other certificate uses it): both leave the database.
    const RemovalPlan plan = CertificateActions::planRemoval(*stored, config, scan, RemovalScope::everywhere());
    QVERIFY2(plan.ok(), qPrintable(plan.error));
    QCOMPARE(plan.files,
             QStringList({QStringLiteral("nss:%1 Web server").arg(db),
                          QStringLiteral("nss:%1 Web server (private key)").arg(db)}));
    const ActionResult deleted =
        CertificateActions::deleteCertificate(*stored, config, scan, RemovalScope::everywhere(), context);
    QVERIFY2(deleted.ok(), qPrintable(deleted.error));
    QCOMPARE(deleted.removedEntries, plan.files);
    QCOMPARE(deleted.events.size(), 1);
    QCOMPARE(deleted.events.first().id, EventId::Deleted);
    QCOMPARE(certutilListing(db).keys(), QStringList{QStringLiteral("Corp Root")});
    QCOMPARE(certutilKeyCount(db, password), 0);
    // Deleting it again (the scan is now stale) changes nothing and says why.
    const ActionResult again =
        CertificateActions::deleteCertificate(*stored, config, scan, RemovalScope::everywhere(), context);
    QVERIFY2(again.error.contains(QLatin1String("no longer holds this certificate")), qPrintable(again.error));

    // A read-only NSS store is refused before NSS is started.
    config.readOnly = true;
    imported = CertificateActions::importFile(clash, config, scanOnce(config), context);
    QVERIFY2(imported.error.contains(QLatin1String("read-only")), qPrintable(imported.error));
}

// Nicknames are hostile input too: a line break or a NUL in one would forge lines in
// every listing of the database (certutil -L, our scan's output).
void TestNssStore::hostileNicknamesAreRefusedOrCleaned()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QCOMPARE(newNssDatabase(db), QString());
    StoreConfig config = nssConfig(db);
    config.readOnly = false;
    QVERIFY(writeFile(env.path(QStringLiteral("a.pem")), makeNamedCert(QStringLiteral("a.example"), "B1").pem()));
    for (const QString& nickname :
         {QStringLiteral("line\nbreak"), QStringLiteral("nul") + QChar(0) + QStringLiteral("byte"),
          QStringLiteral("esc\x1b[2J"), QStringLiteral("rtl\u202Eevil"), QString(300, QLatin1Char('n'))}) {
        ImportRequest request;
        request.sourcePath = env.path(QStringLiteral("a.pem"));
        request.nssNickname = nickname;
        const ActionResult result = CertificateActions::importFile(request, config, scanOnce(config), testContext());
        QVERIFY2(!result.ok(), qPrintable(nickname));
        QVERIFY2(result.error.contains(QLatin1String("nickname")), qPrintable(result.error));
    }
    ImportRequest badTrust;
    badTrust.sourcePath = env.path(QStringLiteral("a.pem"));
    badTrust.nssTrust = QStringLiteral("C,,\nX");
    QVERIFY(CertificateActions::importFile(badTrust, config, scanOnce(config), testContext())
                .error.contains(QLatin1String("trust flags")));
    QVERIFY(certutilListing(db).isEmpty());

    // Without --nickname the name comes from the certificate, its control characters dropped.
    CertSpec spec;
    spec.cn = QStringLiteral("evil\ncn\x07");
    spec.serialHex = "B2";
    QVERIFY(writeFile(env.path(QStringLiteral("evil.pem")), makeCertificate(spec).pem()));
    ImportRequest evil;
    evil.sourcePath = env.path(QStringLiteral("evil.pem"));
    const ActionResult result = CertificateActions::importFile(evil, config, scanOnce(config), testContext());
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(certutilListing(db).keys(), QStringList{QStringLiteral("evilcn")});
}

// SQLite (and so NSS) locks a database file while it changes it. A program in the
// middle of a change (a browser saving a certificate) holds those locks: an import then
// fails at once, naming the program, and leaves the database as it was.
void TestNssStore::writeWhileAnotherProgramWritesFailsCleanly()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QCOMPARE(newNssDatabase(db), QString());
    StoreConfig config = nssConfig(db);
    config.readOnly = false;
    QVERIFY(writeFile(env.path(QStringLiteral("a.pem")), makeNamedCert(QStringLiteral("a.example"), "C1").pem()));
    ImportRequest request;
    request.sourcePath = env.path(QStringLiteral("a.pem"));

    // The locks SQLite takes for a write: RESERVED, then PENDING (bytes 1 GiB + 1 and 1 GiB).
    const int fd = ::open(QFile::encodeName(db + QStringLiteral("/cert9.db")).constData(), O_RDWR | O_CLOEXEC);
    QVERIFY(fd >= 0);
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0x40000000;
    lock.l_len = 2;
    QCOMPARE(::fcntl(fd, F_SETLK, &lock), 0);
    QElapsedTimer timer;
    timer.start();
    const ActionResult locked = CertificateActions::importFile(request, config, scanOnce(config), testContext());
    QVERIFY2(locked.error.contains(QStringLiteral("is in use: TestNssStore (pid %1) is writing to cert9.db")
                                       .arg(QCoreApplication::applicationPid())),
             qPrintable(locked.error));
    QVERIFY(locked.events.isEmpty());
    QVERIFY2(timer.elapsed() < 20'000, "it said so at once, not after SQLite's retries");
    ::close(fd); // the lock goes with the process's descriptor
    QVERIFY(certutilListing(db).isEmpty());

    const ActionResult free = CertificateActions::importFile(request, config, scanOnce(config), testContext());
    QVERIFY2(free.ok(), qPrintable(free.error));
    QCOMPARE(certutilListing(db).size(), 1);
}

// Threat model: another local user. Certlife writes a private key only into a database
// of its own user, never through another user's symbolic link (she could point it at
// her own database and collect the key).
void TestNssStore::databaseOfAnotherUserIsNotWritten()
{
    if (::geteuid() != 0)
        QSKIP("giving a link or a directory to another user needs root");
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("nssdb"));
    QCOMPARE(newNssDatabase(db), QString());
    QVERIFY(writeFile(env.path(QStringLiteral("a.pem")), makeNamedCert(QStringLiteral("a.example"), "D1").pem()));
    ImportRequest request;
    request.sourcePath = env.path(QStringLiteral("a.pem"));
    const uid_t nobody = 65534;

    const QString link = env.path(QStringLiteral("link"));
    QVERIFY(makeSymlink(db, link));
    QCOMPARE(::lchown(QFile::encodeName(link).constData(), nobody, nobody), 0);
    StoreConfig viaLink = nssConfig(link);
    viaLink.readOnly = false;
    ActionResult result = CertificateActions::importFile(request, viaLink, scanOnce(viaLink), testContext());
    QVERIFY2(result.error.contains(QStringLiteral("%1 is a symbolic link owned by another user (uid 65534)").arg(link)),
             qPrintable(result.error));

    QCOMPARE(::chown(QFile::encodeName(db).constData(), nobody, nobody), 0);
    StoreConfig theirs = nssConfig(db);
    theirs.readOnly = false;
    result = CertificateActions::importFile(request, theirs, scanOnce(theirs), testContext());
    QVERIFY2(result.error.contains(QLatin1String("belongs to another user (uid 65534)")), qPrintable(result.error));
    QCOMPARE(::chown(QFile::encodeName(db).constData(), 0, 0), 0);
    QVERIFY(certutilListing(db).isEmpty());
}

QTEST_GUILESS_MAIN(TestNssStore)
#include "TestNssStore.moc"
