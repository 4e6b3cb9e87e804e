// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Java keystores (JKS, JCEKS, PKCS#12) as keystore stores: made by keytool at test time,
// read by the scanner, every certificate held to OpenSSL's reading of keytool's export.

#include "CertFactory.h"
#include "KeyTool.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "lifecycle/LifecycleEngine.h"
#include "util/Clock.h"
#include "x509/CertificateDiff.h"
#include "x509/JavaKeyStore.h"
#include "x509/OpenSslCertificateReader.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

const QString kPassword = QStringLiteral("changeit");

StoreConfig keystoreConfig(const QString& file, const QString& passwordFile = {})
{
    StoreConfig c;
    c.id = QStringLiteral("ks");
    c.kind = StoreKind::KeyStore;
    c.path = file;
    c.readOnly = true;
    c.pkcs12PasswordFile = passwordFile;
    return c;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList entries(const StoreScan& scan)
{
    QStringList out;
    for (const StoredCertificate& c : scan.certificates)
        out << c.entry + (c.certificate.hasPrivateKey ? QStringLiteral("+key") : QString());
    out.sort();
    return out;
}

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jksEntriesMatchOpenSsl();
    void jceksSecretKeyIsSkipped();
    void pkcs12KeystoreHasAliases();
    void withoutPasswordIntegrityIsNotVerified();
    void wrongPasswordGivesNoEntries();
    void truncatedOrFlippedKeystoreIsAnError();
    void hostileLengthsAreRefusedUnread();
    void debianCacertsShape();
    void unchangedKeystoreComesFromTheCache();
    void renewalInsideTheKeystoreIs1001();

private:
    QString passwordFile(const TestEnvironment& env, const QString& password = kPassword) const
    {
        const QString file = env.path(QStringLiteral("password-") + password);
        return writeFile(file, password.toUtf8() + "\n") ? file : QString();
    }
};

void TestKeyStore::initTestCase()
{
    if (keytoolProgram().isEmpty())
        QSKIP("keytool (a JDK, installed by scripts/setup) is not on PATH");
}

void TestKeyStore::jksEntriesMatchOpenSsl()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("server.jks"));
    QCOMPARE(keytoolKeyPair(
                 ks, QStringLiteral("JKS"), QStringLiteral("tomcat"), QStringLiteral("CN=app.example,O=Test"),
                 {QStringLiteral("-keyalg"), QStringLiteral("RSA"), QStringLiteral("-keysize"), QStringLiteral("2048"),
                  QStringLiteral("-ext"), QStringLiteral("san=dns:app.example,dns:www.app.example")}),
             QString());
    const GeneratedCert ca = makeNamedCert(QStringLiteral("Test Root CA"), "5A");
    QVERIFY(writeFile(env.path(QStringLiteral("ca.pem")), ca.pem()));
    QCOMPARE(keytoolTrust(ks, QStringLiteral("JKS"), QStringLiteral("root ca é"), env.path(QStringLiteral("ca.pem"))),
             QString());
    QCOMPARE(runKeytool({QStringLiteral("-exportcert"), QStringLiteral("-alias"), QStringLiteral("tomcat"),
                         QStringLiteral("-keystore"), ks, QStringLiteral("-storepass"), kPassword,
                         QStringLiteral("-file"), env.path(QStringLiteral("tomcat.der"))}),
             QString());

    const StoreScan scan = scanOnce(keystoreConfig(ks, passwordFile(env)));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(u'\n')));
    QCOMPARE(entries(scan), (QStringList{QStringLiteral("root ca é"), QStringLiteral("tomcat+key")}));
    for (const StoredCertificate& stored : scan.certificates) {
        QCOMPARE(stored.path, ks);
        QCOMPARE(storedLocation(stored), QStringLiteral("keystore:%1 %2").arg(ks, stored.entry));
        const QByteArray der =
            stored.entry == QLatin1String("tomcat") ? readAll(env.path(QStringLiteral("tomcat.der"))) : ca.der;
        std::optional<Certificate> reference = OpenSslCertificateReader::fromDer(der);
        QVERIFY(reference);
        reference->hasPrivateKey = stored.entry == QLatin1String("tomcat"); // the keystore's, not the DER's
        QCOMPARE(certificateDifferences(stored.certificate, *reference), QStringList());
    }
    const auto tomcat = std::find_if(scan.certificates.cbegin(), scan.certificates.cend(),
                                     [](const StoredCertificate& c) { return c.entry == QLatin1String("tomcat"); });
    QCOMPARE(tomcat->certificate.dnsNames(),
             (QStringList{QStringLiteral("app.example"), QStringLiteral("www.app.example")}));
    QCOMPARE(tomcat->keyPath, ks);

    const KeyStoreContents contents = readJavaKeyStore(readAll(ks), kPassword.toUtf8());
    QCOMPARE(contents.integrity, KeyStoreIntegrity::Verified);
    QVERIFY(!contents.jceks);
    QCOMPARE(contents.version, 2u);
}

void TestKeyStore::jceksSecretKeyIsSkipped()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("app.jceks"));
    const QString type = QStringLiteral("JCEKS");
    // The secret key first: the entries after it are only reachable by skipping it whole.
    QCOMPARE(runKeytool({QStringLiteral("-genseckey"), QStringLiteral("-alias"), QStringLiteral("aes"),
                         QStringLiteral("-keyalg"), QStringLiteral("AES"), QStringLiteral("-keysize"),
                         QStringLiteral("128"), QStringLiteral("-keystore"), ks, QStringLiteral("-storetype"), type,
                         QStringLiteral("-storepass"), kPassword, QStringLiteral("-keypass"), kPassword}),
             QString());
    QCOMPARE(keytoolKeyPair(ks, type, QStringLiteral("signer"), QStringLiteral("CN=signer.example"),
                            {QStringLiteral("-keyalg"), QStringLiteral("EC")}),
             QString());
    const GeneratedCert ca = makeNamedCert(QStringLiteral("JCEKS CA"), "5B");
    QVERIFY(writeFile(env.path(QStringLiteral("ca.pem")), ca.pem()));
    QCOMPARE(keytoolTrust(ks, type, QStringLiteral("ca"), env.path(QStringLiteral("ca.pem"))), QString());

    const StoreScan scan = scanOnce(keystoreConfig(ks, passwordFile(env)));
    QCOMPARE(entries(scan), (QStringList{QStringLiteral("ca"), QStringLiteral("signer+key")}));
    QCOMPARE(problemText(scan),
             QStringList{ks + QStringLiteral(": secret-key entries skipped (they hold no certificate): aes")});
    const KeyStoreContents contents = readJavaKeyStore(readAll(ks), kPassword.toUtf8());
    QVERIFY(contents.jceks);
    QCOMPARE(contents.entries.size(), 3);
    QCOMPARE(contents.integrity, KeyStoreIntegrity::Verified);
}

void TestKeyStore::pkcs12KeystoreHasAliases()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("app.p12"));
    QCOMPARE(keytoolKeyPair(ks, QStringLiteral("PKCS12"), QStringLiteral("web"), QStringLiteral("CN=web.example"),
                            {QStringLiteral("-keyalg"), QStringLiteral("EC")}),
             QString());
    const StoreScan scan = scanOnce(keystoreConfig(ks, passwordFile(env)));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(u'\n')));
    QCOMPARE(entries(scan), QStringList{QStringLiteral("web+key")});
    QCOMPARE(scan.certificates.first().certificate.subjectCN, QStringLiteral("web.example"));
}

void TestKeyStore::withoutPasswordIntegrityIsNotVerified()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("a.jks"));
    QCOMPARE(keytoolKeyPair(ks, QStringLiteral("JKS"), QStringLiteral("a"), QStringLiteral("CN=a.example")), QString());
    const StoreScan scan = scanOnce(keystoreConfig(ks));
    QCOMPARE(entries(scan), QStringList{QStringLiteral("a+key")});
    QCOMPARE(problemText(scan), QStringList{ks + QStringLiteral(": ") + QLatin1String(kKeyStoreIntegrityNotVerified)});
    QCOMPARE(readJavaKeyStore(readAll(ks), std::nullopt).integrity, KeyStoreIntegrity::NotVerified);
}

void TestKeyStore::wrongPasswordGivesNoEntries()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("a.jks"));
    QCOMPARE(keytoolKeyPair(ks, QStringLiteral("JKS"), QStringLiteral("a"), QStringLiteral("CN=a.example")), QString());
    const StoreScan scan = scanOnce(keystoreConfig(ks, passwordFile(env, QStringLiteral("wrong"))));
    QVERIFY(scan.certificates.isEmpty());
    QCOMPARE(problemText(scan), QStringList{ks + QStringLiteral(": ") + QLatin1String(kKeyStoreIntegrityFailed)});
    QCOMPARE(scan.problems.first().path, ks);
}

void TestKeyStore::truncatedOrFlippedKeystoreIsAnError()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("a.jks"));
    QCOMPARE(keytoolKeyPair(ks, QStringLiteral("JKS"), QStringLiteral("a"), QStringLiteral("CN=a.example")), QString());
    const QByteArray good = readAll(ks);
    QVERIFY(good.size() > 100);
    const QByteArray password = kPassword.toUtf8();

    for (qsizetype size = 4; size < good.size(); ++size) { // every truncation (4 bytes: the magic is kept)
        const KeyStoreContents cut = readJavaKeyStore(QByteArrayView(good).first(size), password);
        QVERIFY2(cut.entries.isEmpty() && !cut.error.isEmpty(), qPrintable(QString::number(size)));
    }
    const KeyStoreContents cut = readJavaKeyStore(QByteArrayView(good).first(good.size() / 2), std::nullopt);
    QVERIFY2(cut.error.startsWith(QLatin1String("corrupt keystore: truncated at byte")), qPrintable(cut.error));

    for (qsizetype i = 0; i < good.size(); ++i) { // every flipped byte: refused, with a reason
        QByteArray bad = good;
        bad[i] = char(bad[i] ^ 0x5A);
        const KeyStoreContents flipped = readJavaKeyStore(bad, password);
        QVERIFY2(flipped.entries.isEmpty() && !flipped.error.isEmpty(), qPrintable(QString::number(i)));
    }
    // Through the scanner: one problem naming the file.
    QVERIFY(writeFile(ks, good.first(good.size() - 30)));
    const StoreScan scan = scanOnce(keystoreConfig(ks, passwordFile(env)));
    QVERIFY(scan.certificates.isEmpty());
    QCOMPARE(scan.problems.size(), 1);
    QVERIFY2(scan.problems.first().error.contains(QLatin1String("truncated")), qPrintable(scan.problems.first().error));
}

void TestKeyStore::hostileLengthsAreRefusedUnread()
{
    // magic, version 2, 2^32-1 entries: a trusted entry claiming a 4 GiB certificate.
    QByteArray ks = QByteArray::fromHex("FEEDFEED"
                                        "00000002"
                                        "FFFFFFFF"
                                        "00000002"
                                        "0001"
                                        "61"
                                        "0000000000000000"
                                        "0005"
                                        "582E353039"
                                        "FFFFFFF0");
    ks += QByteArray(64, 'x');
    KeyStoreContents contents = readJavaKeyStore(ks, std::nullopt);
    QVERIFY(contents.entries.isEmpty());
    QVERIFY2(contents.error.contains(QLatin1String("certificate needs 4294967280 bytes")), qPrintable(contents.error));

    // A private key with a chain of 2^32-1 certificates: the second runs into the digest.
    ks = QByteArray::fromHex("FEEDFEED"
                             "00000002"
                             "00000001"
                             "00000001"
                             "0001"
                             "61"
                             "0000000000000000"
                             "00000000"
                             "FFFFFFFF"
                             "0005"
                             "582E353039"
                             "00000000");
    ks += QByteArray(20, '\0');
    contents = readJavaKeyStore(ks, std::nullopt);
    QVERIFY(contents.entries.isEmpty());
    QVERIFY2(contents.error.startsWith(QLatin1String("corrupt keystore")), qPrintable(contents.error));

    // A certificate type other than X.509, an unknown tag, a bad version.
    QVERIFY(readJavaKeyStore(QByteArray::fromHex("FEEDFEED00000003000000000000000000000000000000000000000000000000"),
                             std::nullopt)
                .error.contains(QLatin1String("version 3")));
    ks = QByteArray::fromHex("FEEDFEED"
                             "00000002"
                             "00000001"
                             "00000009"
                             "0001"
                             "61"
                             "0000000000000000");
    ks += QByteArray(20, '\0');
    QVERIFY(readJavaKeyStore(ks, std::nullopt).error.contains(QLatin1String("unknown tag 9")));
    // A secret key entry in a JKS (only JCEKS has them) and a serialized object that lies.
    ks = QByteArray::fromHex("CECECECE"
                             "00000002"
                             "00000001"
                             "00000003"
                             "0001"
                             "61"
                             "0000000000000000"
                             "ACED0005"
                             "75"
                             "70"
                             "7FFFFFFF");
    ks += QByteArray(20, '\0');
    QVERIFY(!readJavaKeyStore(ks, std::nullopt).error.isEmpty());
}

void TestKeyStore::debianCacertsShape()
{
    // Debian's /etc/ssl/certs/java/cacerts: a JKS of trusted entries only, aliases
    // "debian:NAME.pem", password "changeit". Made here, never copied from the system.
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("cacerts"));
    QStringList expected;
    for (int i = 0; i < 5; ++i) {
        CertSpec spec;
        spec.cn = QStringLiteral("Test Root %1").arg(i);
        spec.isCA = true;
        spec.serialHex = QByteArray::number(0x70 + i, 16);
        const GeneratedCert ca = makeCertificate(spec);
        const QString pem = env.path(QStringLiteral("root-%1.pem").arg(i));
        QVERIFY(writeFile(pem, ca.pem()));
        const QString alias = QStringLiteral("debian:test_root_%1.pem").arg(i);
        QCOMPARE(keytoolTrust(ks, QStringLiteral("JKS"), alias, pem), QString());
        expected << alias;
    }
    const StoreScan scan = scanOnce(keystoreConfig(ks, passwordFile(env)));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(u'\n')));
    QCOMPARE(entries(scan), expected);
    for (const StoredCertificate& c : scan.certificates) {
        QVERIFY(c.certificate.isCA);
        QVERIFY(!c.certificate.hasPrivateKey);
    }
}

void TestKeyStore::unchangedKeystoreComesFromTheCache()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("a.jks"));
    QCOMPARE(keytoolKeyPair(ks, QStringLiteral("JKS"), QStringLiteral("a"), QStringLiteral("CN=a.example")), QString());
    Scanner scanner(cacheIn(env.path(QStringLiteral("cache"))));
    const StoreScan first = scanWith(scanner, keystoreConfig(ks));
    QCOMPARE(first.filesParsed, 1);
    const StoreScan again = scanWith(scanner, keystoreConfig(ks));
    QCOMPARE(again.filesParsed, 0); // recognised by its file stamp: nothing decoded
    QCOMPARE(again.filesFromCache, 1);
    QCOMPARE(entries(again), entries(first));
    QCOMPARE(problemText(again), problemText(first));

    // Given a password, the keystore listed unverified is read again. A wrong password's
    // failure is never kept (it depends on the password): the right one is tried next time.
    const QString wrong = passwordFile(env, QStringLiteral("wrong"));
    QCOMPARE(scanWith(scanner, keystoreConfig(ks, wrong)).filesParsed, 1);
    QCOMPARE(scanWith(scanner, keystoreConfig(ks, wrong)).filesParsed, 1);
    const StoreScan verified = scanWith(scanner, keystoreConfig(ks, passwordFile(env)));
    QCOMPARE(verified.filesParsed, 1);
    QVERIFY(verified.problems.isEmpty());
    QCOMPARE(scanWith(scanner, keystoreConfig(ks, passwordFile(env))).filesFromCache, 1);
}

void TestKeyStore::renewalInsideTheKeystoreIs1001()
{
    TestEnvironment env;
    const QString ks = env.path(QStringLiteral("app.jks"));
    const QStringList first{QStringLiteral("-keyalg"),    QStringLiteral("EC"),
                            QStringLiteral("-startdate"), QStringLiteral("2026/01/01 00:00:00"),
                            QStringLiteral("-validity"),  QStringLiteral("90"),
                            QStringLiteral("-ext"),       QStringLiteral("san=dns:app.example")};
    QCOMPARE(keytoolKeyPair(ks, QStringLiteral("JKS"), QStringLiteral("app"), QStringLiteral("CN=app.example"), first),
             QString());
    LifecycleEngine engine(std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 20), QTime(0, 0), Qt::UTC)), Policy());
    const StoreConfig config = keystoreConfig(ks, passwordFile(env));
    Scanner scanner;
    QVERIFY(engine.process({scanWith(scanner, config)}, Scope::User).isEmpty()); // the baseline

    QCOMPARE(runKeytool({QStringLiteral("-delete"), QStringLiteral("-alias"), QStringLiteral("app"),
                         QStringLiteral("-keystore"), ks, QStringLiteral("-storepass"), kPassword}),
             QString());
    QStringList renewed = first;
    renewed[3] = QStringLiteral("2026/03/15 00:00:00");
    QCOMPARE(
        keytoolKeyPair(ks, QStringLiteral("JKS"), QStringLiteral("app"), QStringLiteral("CN=app.example"), renewed),
        QString());
    const QList<LifecycleEvent> events = engine.process({scanWith(scanner, config)}, Scope::User);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Replace);
    QCOMPARE(events.first().action, Action::Renew);
    QCOMPARE(events.first().storeId, QStringLiteral("ks"));
    QCOMPARE(events.first().certificate.path, ks);
    QVERIFY(events.first().oldCertificate);
    QVERIFY(events.first().certificate.notAfter > events.first().oldCertificate->notAfter);
}

QTEST_GUILESS_MAIN(TestKeyStore)
#include "TestKeyStore.moc"
