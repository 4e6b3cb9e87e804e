// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "actions/CertificateActions.h"
#include "stores/Scanner.h"
#include "stores/Store.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QTest>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace certlife;
using namespace certlife::test;

// What the CLI and the console rely on before acting: the removal plan shown for
// confirmation, refusals decided before any file is written, "a password is needed"
// told apart from other import errors, and secrets wiped where they live.
class TestCertificateActionPlans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void removalPlanNamesTheFilesThatGo();
    void removalOfALinkTargetAloneIsRefused();
    void removalFromAFileStoreIsRefused();
    void moveOutOfABundleRewritesIt();
    void importTellsWhenAPasswordIsNeeded_data();
    void importTellsWhenAPasswordIsNeeded();
    void secureBytesWipesTheSharedBuffer();

private:
    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static StoreConfig directoryStore(const TestEnvironment& env, const QString& id)
    {
        StoreConfig s;
        s.id = id;
        s.kind = StoreKind::Directory;
        s.scope = Scope::User;
        s.path = env.path(QStringLiteral("stores/") + id);
        QDir().mkpath(s.path);
        return s;
    }
    // The real scanner: keys paired with certificates as the CLI sees them.
    static StoreScan scan(const StoreConfig& config)
    {
        Scanner scanner;
        return QCoro::waitFor(scanner.scan(certlife::makeStore(config)));
    }
    static GeneratedCert cert(const QString& cn, std::optional<TestKey> key = std::nullopt)
    {
        CertSpec spec;
        spec.cn = cn;
        spec.dns = {cn};
        spec.subjectKey = key ? *key : freshKey(KeyType::EcP256);
        return makeCertificate(spec);
    }
    static ActionContext fixedContext()
    {
        ActionContext context;
        context.clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
        return context;
    }
    static QByteArray encryptedKeyPem(const TestKey& key, const char* password)
    {
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PKCS8PrivateKey(bio, key.pkey.get(), EVP_aes_256_cbc(), password, int(strlen(password)), nullptr,
                                      nullptr);
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio, &data);
        QByteArray out(data, int(len));
        BIO_free(bio);
        return out;
    }
};

void TestCertificateActionPlans::removalPlanNamesTheFilesThatGo()
{
    TestEnvironment env;
    const StoreConfig store = directoryStore(env, QStringLiteral("My"));
    const TestKey shared = freshKey(KeyType::EcP256);
    const GeneratedCert one = cert(QStringLiteral("one.example"), shared);
    const GeneratedCert two = cert(QStringLiteral("two.example"), shared);
    const GeneratedCert alone = cert(QStringLiteral("alone.example"));
    QVERIFY(writeFile(store.path + "/one.pem", one.pem()));
    QVERIFY(writeFile(store.path + "/two.pem", two.pem()));
    QVERIFY(writeFile(store.path + "/shared.key", shared.pkcs8Pem()));
    QVERIFY(writeFile(store.path + "/alone.pem", alone.pem()));
    QVERIFY(writeFile(store.path + "/alone.key", alone.key.pkcs8Pem()));
    const StoreScan content = scan(store);

    RemovalPlan plan = CertificateActions::planRemoval(*findCertificate(content, one.thumbprint()), store, content,
                                                       RemovalScope::everywhere());
    QVERIFY2(plan.ok(), qPrintable(plan.error));
    QCOMPARE(plan.files, QStringList{store.path + "/one.pem"}); // two.pem still uses the key
    plan = CertificateActions::planRemoval(*findCertificate(content, alone.thumbprint()), store, content,
                                           RemovalScope::everywhere());
    QCOMPARE(plan.files, QStringList({store.path + "/alone.pem", store.path + "/alone.key"}));
    // Planning changes nothing.
    QCOMPARE(QDir(store.path).entryList(QDir::Files).size(), 5);
}

void TestCertificateActionPlans::removalOfALinkTargetAloneIsRefused()
{
    TestEnvironment env;
    StoreConfig store = directoryStore(env, QStringLiteral("le"));
    store.recursive = true;
    const GeneratedCert c = cert(QStringLiteral("le.example"));
    QVERIFY(writeFile(store.path + "/archive/cert1.pem", c.pem()));
    QDir().mkpath(store.path + "/live");
    QVERIFY(QFile::link(store.path + "/archive/cert1.pem", store.path + "/live/cert.pem"));
    const StoreScan content = scan(store);
    QCOMPARE(content.certificates.size(), 2);

    // Removing archive/cert1.pem alone would leave live/cert.pem a dangling link.
    const ActionResult r =
        CertificateActions::deleteCertificate(*findCertificate(content, c.thumbprint()), store, content,
                                              RemovalScope::at(store.path + "/archive/cert1.pem"), fixedContext());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(store.path + "/live/cert.pem") && r.error.contains(QStringLiteral("links to")),
             qPrintable(r.error));
    QVERIFY(r.events.isEmpty());
    QVERIFY(QFile::exists(store.path + "/live/cert.pem") && QFile::exists(store.path + "/archive/cert1.pem"));
    // A path the store does not hold it at is refused, naming the paths it does.
    const RemovalPlan plan = CertificateActions::planRemoval(*findCertificate(content, c.thumbprint()), store, content,
                                                             RemovalScope::at(store.path + "/elsewhere.pem"));
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error.contains(store.path + "/live/cert.pem"), qPrintable(plan.error));
}

void TestCertificateActionPlans::removalFromAFileStoreIsRefused()
{
    TestEnvironment env;
    const GeneratedCert c = cert(QStringLiteral("file.example"));
    const QString path = env.path(QStringLiteral("ca.pem"));
    QVERIFY(writeFile(path, c.pem()));
    StoreConfig store;
    store.id = QStringLiteral("ca-file");
    store.kind = StoreKind::File;
    store.path = path;
    const StoreScan content = scan(store);
    QCOMPARE(content.certificates.size(), 1);
    const RemovalPlan plan =
        CertificateActions::planRemoval(content.certificates.first(), store, content, RemovalScope::everywhere());
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error.contains(QStringLiteral("store ca-file is a file store")), qPrintable(plan.error));
    QVERIFY(QFile::exists(path));
}

void TestCertificateActionPlans::moveOutOfABundleRewritesIt()
{
    TestEnvironment env;
    const StoreConfig source = directoryStore(env, QStringLiteral("A"));
    const StoreConfig target = directoryStore(env, QStringLiteral("B"));
    const GeneratedCert a = cert(QStringLiteral("a.example"));
    const GeneratedCert b = cert(QStringLiteral("b.example"));
    QVERIFY(writeFile(source.path + "/bundle.pem", a.pem() + b.pem()));
    const StoreScan content = scan(source);
    const ActionResult r = CertificateActions::copyCertificate(*findCertificate(content, a.thumbprint()), source,
                                                               content, target, scan(target), true, fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.rewrittenFiles, QStringList{source.path + "/bundle.pem"});
    QCOMPARE(readFile(source.path + "/bundle.pem"), b.pem()); // the other certificate kept, byte for byte
    const StoreScan moved = scan(target);
    QCOMPARE(moved.certificates.size(), 1);
    QCOMPARE(moved.certificates.first().certificate.thumbprint(), a.thumbprint());
    QCOMPARE(r.events.size(), 2); // 1004 in the source, 1006 in the target
}

void TestCertificateActionPlans::importTellsWhenAPasswordIsNeeded_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("password"); // given to the import; "-": none
    QTest::addColumn<bool>("needsPassword");
    QTest::addColumn<QString>("error");
    QTest::newRow("pkcs12, none") << "p12" << QByteArray("-") << true << "password-protected";
    QTest::newRow("pkcs12, wrong") << "p12" << QByteArray("nope") << true << "password does not open";
    QTest::newRow("pkcs12, right") << "p12" << QByteArray("right") << false << "";
    QTest::newRow("encrypted key, none") << "pem" << QByteArray("-") << true << "password is needed";
    QTest::newRow("encrypted key, wrong") << "pem" << QByteArray("nope") << true << "wrong password";
    QTest::newRow("encrypted key, right") << "pem" << QByteArray("right") << false << "";
    QTest::newRow("not a certificate") << "junk" << QByteArray("-") << false << "";
}

void TestCertificateActionPlans::importTellsWhenAPasswordIsNeeded()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, password);
    QFETCH(bool, needsPassword);
    QFETCH(QString, error);
    TestEnvironment env;
    const StoreConfig store = directoryStore(env, QStringLiteral("My"));
    const GeneratedCert c = cert(QStringLiteral("locked.example"));
    const QString source = env.path(QStringLiteral("in/file"));
    const QByteArray content = kind == QLatin1String("p12") ? makePkcs12(c, "right", false)
        : kind == QLatin1String("pem")                      ? c.pem() + encryptedKeyPem(c.key, "right")
                                                            : QByteArray("hello");
    QVERIFY(writeFile(source, content));
    ImportRequest request;
    request.sourcePath = source;
    request.hasPassword = password != "-";
    request.password = request.hasPassword ? password : QByteArray();
    const ActionResult r = CertificateActions::importFile(request, store, {}, fixedContext());
    QCOMPARE(r.needsPassword, needsPassword);
    if (kind == QLatin1String("junk")) {
        QVERIFY(!r.ok());
        return;
    }
    if (error.isEmpty()) {
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.writtenFiles.size(), 2); // certificate and key
        return;
    }
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith(source) && r.error.contains(error), qPrintable(r.error));
    QVERIFY(QDir(store.path).isEmpty());
}

void TestCertificateActionPlans::secureBytesWipesTheSharedBuffer()
{
    QByteArray secret("correct horse battery staple");
    secret.detach();
    const QByteArray shared = secret; // the caller keeps a reference to the same buffer
    {
        const SecureBytes wipe(secret);
    }
    QCOMPARE(shared, QByteArray(28, '\0'));
    QCOMPARE(secret, QByteArray(28, '\0'));
    // Raw data it does not own is left alone (writing it could crash).
    static const char literal[] = "literal";
    const QByteArray raw = QByteArray::fromRawData(literal, 7);
    {
        const SecureBytes wipe(raw);
    }
    QCOMPARE(QByteArray(literal), QByteArray("literal"));
}

QTEST_GUILESS_MAIN(TestCertificateActionPlans)
#include "TestCertificateActionPlans.moc"
