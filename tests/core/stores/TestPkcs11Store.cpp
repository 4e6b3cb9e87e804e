// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// PKCS#11 tokens as pkcs11 stores: SoftHSM2 tokens made at test time and filled with
// pkcs11-tool, read through the helper process (certlife-pkcs11-list), every
// certificate held to OpenSSL's reading; modules that crash or hang are the store's
// error, never the scanner's end.

#include "CertFactory.h"
#include "SoftHsm.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "lifecycle/LifecycleEngine.h"
#include "stores/Pkcs11Store.h"
#include "util/Clock.h"
#include "x509/CertificateDiff.h"
#include "x509/OpenSslCertificateReader.h"

#include <QElapsedTimer>
#include <QTest>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

namespace {

StoreConfig tokenConfig(const QString& module, const QString& token, const QString& pinFile = {})
{
    StoreConfig c;
    c.id = QStringLiteral("hsm");
    c.kind = StoreKind::Pkcs11;
    c.path = pkcs11StoreUri(Pkcs11Target{module, token});
    c.readOnly = true;
    c.pinFile = pinFile;
    return c;
}

QStringList locations(const StoreScan& scan)
{
    QStringList out;
    for (const StoredCertificate& c : scan.certificates)
        out << c.path + (c.certificate.hasPrivateKey ? QStringLiteral(" +key ") + c.keyPath : QString());
    out.sort();
    return out;
}

const QString kWeb = QStringLiteral("pkcs11:token=T;object=web%20server;id=%01;type=cert");
const QString kWebKey = QStringLiteral("pkcs11:token=T;object=web%20server;id=%01;type=private");
const QString kCa = QStringLiteral("pkcs11:token=T;object=root%20CA;id=%0A%0B;type=cert");

} // namespace

class TestPkcs11Store : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void urisRoundTrip();
    void cutShortOutputIsAnError();
    void objectsMatchOpenSsl();
    void pinFileFindsPrivateKeys();
    void unsafeOrWrongPinIsSaid();
    void tokenLabelSelectsAndAbsentTokenIsMissing();
    void configuredModulesThroughP11Kit();
    void unchangedTokenIsNotDecodedAgain();
    void renewalInsideTheTokenIs1001();
    void crashingModuleIsTheStoresError();
    void hangingModuleTimesOut();

private:
    // Token T: "web server" (id 01) with its private key, "root CA" (id 0a0b) without.
    void fillToken(const QString& token = QStringLiteral("T"));
    QString pinFile(const QString& pin = QString::fromLatin1(SoftHsm::kUserPin), int mode = 0600) const
    {
        const QString file = m_env->path(QStringLiteral("pin-%1-%2").arg(pin).arg(mode, 0, 8));
        return writeFile(file, pin.toUtf8() + "\n") && ::chmod(QFile::encodeName(file).constData(), mode_t(mode)) == 0
            ? file
            : QString();
    }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<SoftHsm> m_hsm;
    GeneratedCert m_web;
    GeneratedCert m_ca;
};

void TestPkcs11Store::initTestCase()
{
    if (!SoftHsm::available())
        QSKIP("softhsm2 and opensc's pkcs11-tool (installed by scripts/setup) are needed");
    QVERIFY2(QFileInfo(pkcs11HelperPath()).isExecutable(), qPrintable(pkcs11HelperPath()));
}

void TestPkcs11Store::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_hsm = std::make_unique<SoftHsm>(m_env->path(QStringLiteral("softhsm")));
}

void TestPkcs11Store::cleanup()
{
    m_hsm.reset();
    m_env.reset();
}

void TestPkcs11Store::fillToken(const QString& token)
{
    QCOMPARE(m_hsm->initToken(token), QString());
    CertSpec web;
    web.cn = QStringLiteral("web.example");
    web.dns = {QStringLiteral("web.example"), QStringLiteral("www.web.example")};
    web.subjectKey = freshKey(KeyType::EcP256);
    m_web = makeCertificate(web);
    m_ca = makeNamedCert(QStringLiteral("Token Root CA"), "5A");
    QVERIFY(writeFile(m_env->path(QStringLiteral("web.der")), m_web.der));
    QVERIFY(writeFile(m_env->path(QStringLiteral("web.key")), m_web.key.pkcs8Pem()));
    QVERIFY(writeFile(m_env->path(QStringLiteral("ca.der")), m_ca.der));
    QCOMPARE(m_hsm->writeObject(token, m_env->path(QStringLiteral("web.der")), QStringLiteral("cert"),
                                QStringLiteral("web server"), QStringLiteral("01")),
             QString());
    QCOMPARE(m_hsm->writeObject(token, m_env->path(QStringLiteral("web.key")), QStringLiteral("privkey"),
                                QStringLiteral("web server"), QStringLiteral("01")),
             QString());
    QCOMPARE(m_hsm->writeObject(token, m_env->path(QStringLiteral("ca.der")), QStringLiteral("cert"),
                                QStringLiteral("root CA"), QStringLiteral("0a0b")),
             QString());
}

void TestPkcs11Store::urisRoundTrip()
{
    const Pkcs11Target target{QStringLiteral("/usr/lib/my module.so"), QStringLiteral("My Token;é")};
    const QString uri = pkcs11StoreUri(target);
    QCOMPARE(uri, QStringLiteral("pkcs11:token=My%20Token%3B%C3%A9?module-path=/usr/lib/my%20module.so"));
    Pkcs11Target parsed;
    QString error;
    QVERIFY(parsePkcs11StoreUri(uri, &parsed, &error));
    QCOMPARE(parsed.modulePath, target.modulePath);
    QCOMPARE(parsed.token, target.token);
    QVERIFY(parsePkcs11StoreUri(QStringLiteral("pkcs11:"), &parsed, &error));
    QVERIFY(parsed.token.isEmpty() && parsed.modulePath.isEmpty());
    QVERIFY(!parsePkcs11StoreUri(QStringLiteral("pkcs11:pin-value=1234"), &parsed, &error));
    QVERIFY(error.contains(QLatin1String("\"pin-value\"")));
    QVERIFY(!error.contains(QLatin1String("1234"))); // a PIN is never echoed
    QVERIFY(!parsePkcs11StoreUri(QStringLiteral("pkcs11:?module-path=lib.so"), &parsed, &error));
    QVERIFY(!parsePkcs11StoreUri(QStringLiteral("/etc/ssl"), &parsed, &error));
    QCOMPARE(pkcs11ObjectUri("T/1", "a b", QByteArray("\x01\xff", 2), "cert"),
             QStringLiteral("pkcs11:token=T%2F1;object=a%20b;id=%01%FF;type=cert"));
}

void TestPkcs11Store::cutShortOutputIsAnError()
{
    const QByteArray complete = "module 4\nsoft\ntoken 1\nT\ncert 0\n\nlabel 1\nL\nid 1\n\x01\nvalue 3\nDER\nkey 3\n"
                                "yes\ndone 0\n\n";
    const Pkcs11Listing listing = parsePkcs11HelperOutput(complete);
    QCOMPARE(listing.error, QString());
    QCOMPARE(listing.objects.size(), 1);
    QCOMPARE(listing.objects.first().label, QByteArray("L"));
    QCOMPARE(listing.objects.first().id, QByteArray("\x01"));
    QCOMPARE(listing.objects.first().privateKey, Pkcs11Object::PrivateKey::Yes);
    for (qsizetype cut = 0; cut < complete.size() - 1; ++cut)
        QVERIFY2(!parsePkcs11HelperOutput(complete.left(cut)).error.isEmpty(), qPrintable(QString::number(cut)));
}

void TestPkcs11Store::objectsMatchOpenSsl()
{
    fillToken();
    const StoreScan scan = scanOnce(tokenConfig(softHsmModule(), QStringLiteral("T")));
    QVERIFY(!scan.storeMissing);
    // Without a login SoftHSM hides its private keys: not known, and said so.
    QCOMPARE(problemText(scan),
             QStringList{tokenConfig(softHsmModule(), QStringLiteral("T")).path
                         + QStringLiteral(": private keys not looked for: the token needs a login "
                                          "and the store has no PIN file")});
    QCOMPARE(locations(scan), (QStringList{kCa, kWeb}));
    for (const StoredCertificate& stored : scan.certificates) {
        QCOMPARE(storedLocation(stored), stored.path);
        const QByteArray& der = stored.path == kWeb ? m_web.der : m_ca.der;
        std::optional<Certificate> reference = OpenSslCertificateReader::fromDer(der);
        QVERIFY(reference);
        QCOMPARE(certificateDifferences(stored.certificate, *reference), QStringList());
    }
    QCOMPARE(scan.filesSeen, 2);
}

void TestPkcs11Store::pinFileFindsPrivateKeys()
{
    fillToken();
    const StoreScan scan = scanOnce(tokenConfig(softHsmModule(), QStringLiteral("T"), pinFile()));
    QVERIFY2(scan.problems.isEmpty(), qPrintable(problemText(scan).join(u'\n')));
    QCOMPARE(locations(scan), (QStringList{kCa, kWeb + QStringLiteral(" +key ") + kWebKey}));
}

void TestPkcs11Store::unsafeOrWrongPinIsSaid()
{
    fillToken();
    // A PIN file others may read is not used (and the token is still listed).
    const QString open = pinFile(QString::fromLatin1(SoftHsm::kUserPin), 0644);
    StoreScan scan = scanOnce(tokenConfig(softHsmModule(), QStringLiteral("T"), open));
    QCOMPARE(scan.certificates.size(), 2);
    QVERIFY2(problemText(scan).first().startsWith(open
                                                  + QStringLiteral(": PIN file not used: others may read or "
                                                                   "change it (mode 0644)")),
             qPrintable(problemText(scan).join(u'\n')));
    QByteArray pin;
    QVERIFY(readPinFile(open, &pin).contains(QLatin1String("chmod 600")));
    const QString link = m_env->path(QStringLiteral("pin-link"));
    QVERIFY(makeSymlink(pinFile(), link));
    QVERIFY(readPinFile(link, &pin).contains(QLatin1String("symbolic link")));

    // A wrong PIN: the certificates, and the login's failure.
    scan = scanOnce(tokenConfig(softHsmModule(), QStringLiteral("T"), pinFile(QStringLiteral("0000"))));
    QCOMPARE(scan.certificates.size(), 2);
    QVERIFY2(problemText(scan).join(u'\n').contains(QLatin1String("login with the PIN file failed (")),
             qPrintable(problemText(scan).join(u'\n')));
    for (const StoredCertificate& c : scan.certificates)
        QVERIFY(!c.certificate.hasPrivateKey);
}

void TestPkcs11Store::tokenLabelSelectsAndAbsentTokenIsMissing()
{
    fillToken();
    QCOMPARE(m_hsm->initToken(QStringLiteral("Other")), QString());
    QVERIFY(writeFile(m_env->path(QStringLiteral("other.der")), makeNamedCert(QStringLiteral("other.example")).der));
    QCOMPARE(m_hsm->writeObject(QStringLiteral("Other"), m_env->path(QStringLiteral("other.der")),
                                QStringLiteral("cert"), QStringLiteral("o"), QStringLiteral("02")),
             QString());

    const StoreScan other = scanOnce(tokenConfig(softHsmModule(), QStringLiteral("Other"), pinFile()));
    QCOMPARE(locations(other), QStringList{QStringLiteral("pkcs11:token=Other;object=o;id=%02;type=cert")});
    const StoreScan every = scanOnce(tokenConfig(softHsmModule(), QString(), pinFile()));
    QCOMPARE(every.certificates.size(), 3);

    const StoreConfig absent = tokenConfig(softHsmModule(), QStringLiteral("pulled out"));
    const StoreScan missing = scanOnce(absent);
    QVERIFY(missing.storeMissing); // like an unmounted disk: what it held is kept
    QCOMPARE(problemText(missing), QStringList{absent.path + QStringLiteral(": token \"pulled out\" is not present")});
}

void TestPkcs11Store::configuredModulesThroughP11Kit()
{
    // Debian's softhsm2 registers its module with p11-kit; SOFTHSM2_CONF (set here) leads it
    // to this test's tokens.
    if (!QFileInfo::exists(QStringLiteral("/usr/share/p11-kit/modules/softhsm2.module")))
        QSKIP("softhsm2 is not a p11-kit module here");
    fillToken(QStringLiteral("T"));
    const StoreScan scan = scanOnce(tokenConfig(QString(), QStringLiteral("T"), pinFile()));
    QVERIFY2(!scan.storeMissing, qPrintable(problemText(scan).join(u'\n')));
    QCOMPARE(locations(scan), (QStringList{kCa, kWeb + QStringLiteral(" +key ") + kWebKey}));
}

void TestPkcs11Store::unchangedTokenIsNotDecodedAgain()
{
    fillToken();
    Scanner scanner(cacheIn(m_env->path(QStringLiteral("cache"))));
    const StoreConfig config = tokenConfig(softHsmModule(), QStringLiteral("T"), pinFile());
    const StoreScan first = scanWith(scanner, config);
    QCOMPARE(first.filesParsed, 2);
    const StoreScan again = scanWith(scanner, config);
    QCOMPARE(again.filesParsed, 0); // the same DER at the same URI: taken from the cache
    QCOMPARE(again.filesFromCache, 2);
    QCOMPARE(locations(again), locations(first));

    // One object replaced: only it is decoded.
    QCOMPARE(m_hsm->deleteObject(QStringLiteral("T"), QStringLiteral("cert"), QStringLiteral("root CA")), QString());
    QVERIFY(
        writeFile(m_env->path(QStringLiteral("ca2.der")), makeNamedCert(QStringLiteral("Token Root CA"), "5B").der));
    QCOMPARE(m_hsm->writeObject(QStringLiteral("T"), m_env->path(QStringLiteral("ca2.der")), QStringLiteral("cert"),
                                QStringLiteral("root CA"), QStringLiteral("0a0b")),
             QString());
    const StoreScan changed = scanWith(scanner, config);
    QCOMPARE(changed.filesParsed, 1);
    QCOMPARE(changed.filesFromCache, 1);
}

void TestPkcs11Store::renewalInsideTheTokenIs1001()
{
    QCOMPARE(m_hsm->initToken(QStringLiteral("T")), QString());
    CertSpec spec;
    spec.cn = QStringLiteral("app.example");
    spec.dns = {QStringLiteral("app.example")};
    spec.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    spec.notAfter = QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC);
    QVERIFY(writeFile(m_env->path(QStringLiteral("old.der")), makeCertificate(spec).der));
    QCOMPARE(m_hsm->writeObject(QStringLiteral("T"), m_env->path(QStringLiteral("old.der")), QStringLiteral("cert"),
                                QStringLiteral("app"), QStringLiteral("01")),
             QString());
    LifecycleEngine engine(std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 20), QTime(0, 0), Qt::UTC)), Policy());
    const StoreConfig config = tokenConfig(softHsmModule(), QStringLiteral("T"), pinFile());
    Scanner scanner;
    QVERIFY(engine.process({scanWith(scanner, config)}, Scope::User).isEmpty()); // the baseline

    QCOMPARE(m_hsm->deleteObject(QStringLiteral("T"), QStringLiteral("cert"), QStringLiteral("app")), QString());
    spec.notBefore = QDateTime(QDate(2026, 3, 15), QTime(0, 0), Qt::UTC);
    spec.notAfter = QDateTime(QDate(2026, 6, 13), QTime(0, 0), Qt::UTC);
    spec.serialHex = "0B";
    QVERIFY(writeFile(m_env->path(QStringLiteral("new.der")), makeCertificate(spec).der));
    QCOMPARE(m_hsm->writeObject(QStringLiteral("T"), m_env->path(QStringLiteral("new.der")), QStringLiteral("cert"),
                                QStringLiteral("app"), QStringLiteral("01")),
             QString());
    const QList<LifecycleEvent> events = engine.process({scanWith(scanner, config)}, Scope::User);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Replace);
    QCOMPARE(events.first().action, Action::Renew);
    QCOMPARE(events.first().storeId, QStringLiteral("hsm"));
    QCOMPARE(events.first().certificate.path, QStringLiteral("pkcs11:token=T;object=app;id=%01;type=cert"));
    QVERIFY(events.first().oldCertificate);
    QVERIFY(events.first().certificate.notAfter > events.first().oldCertificate->notAfter);
}

void TestPkcs11Store::crashingModuleIsTheStoresError()
{
    fillToken();
    LifecycleEngine engine(std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 20), QTime(0, 0), Qt::UTC)), Policy());
    Scanner scanner;
    QVERIFY(
        engine.process({scanWith(scanner, tokenConfig(softHsmModule(), QStringLiteral("T")))}, Scope::User).isEmpty());

    // The same store, its module now one that aborts: the scan comes back (this process
    // lives), says what happened, and the lifecycle keeps what the token held.
    const QString crash = badPkcs11Module(QStringLiteral("crash"));
    QVERIFY2(QFileInfo::exists(crash), qPrintable(crash));
    const StoreConfig config = tokenConfig(crash, QString());
    const StoreScan scan = scanWith(scanner, config);
    QVERIFY(scan.storeMissing);
    QVERIFY(scan.certificates.isEmpty());
    QCOMPARE(problemText(scan),
             QStringList{config.path + QStringLiteral(": PKCS#11 module %1 crashed (signal 6)").arg(crash)});
    QCOMPARE(engine.process({scan}, Scope::User).size(), 0); // nothing removed
}

void TestPkcs11Store::hangingModuleTimesOut()
{
    qputenv("CERTLIFE_PKCS11_TIMEOUT", "2");
    const QString hang = badPkcs11Module(QStringLiteral("hang"));
    QVERIFY2(QFileInfo::exists(hang), qPrintable(hang));
    const StoreConfig config = tokenConfig(hang, QString());
    QElapsedTimer timer;
    timer.start();
    const StoreScan scan = scanOnce(config);
    const qint64 elapsed = timer.elapsed();
    qunsetenv("CERTLIFE_PKCS11_TIMEOUT");
    QVERIFY2(elapsed >= 1900 && elapsed < 10'000, qPrintable(QString::number(elapsed)));
    QVERIFY(scan.storeMissing);
    QCOMPARE(problemText(scan),
             QStringList{config.path + QStringLiteral(": PKCS#11 module %1 did not answer within 2 s").arg(hang)});
}

QTEST_GUILESS_MAIN(TestPkcs11Store)
#include "TestPkcs11Store.moc"
