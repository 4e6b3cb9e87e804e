// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Delete acts on the certificate as a whole (#13 item 4): in a certbot tree the renewed
// certificate is at live/cert.pem, live/fullchain.pem (links), archive/cert2.pem and
// archive/fullchain2.pem. Every location, or one; bundles rewritten keeping the others.
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "actions/CertificateActions.h"
#include "stores/CertificateLocations.h"
#include "stores/Scanner.h"
#include "stores/Store.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

class TestCertificateRemoval : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyLocationLeavesTheChainInTheBundles();
    void oneLocationLeavesTheOthers();
    void aBundleIsRewrittenKeepingEverythingElse();

private:
    StoreScan scan() const
    {
        Scanner scanner;
        return QCoro::waitFor(scanner.scan(certlife::makeStore(m_store)));
    }
    QString at(const QString& relative) const { return m_store.path + QLatin1Char('/') + relative; }
    static QByteArray readFile(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static ActionContext fixedContext()
    {
        ActionContext context;
        context.clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
        return context;
    }

    std::unique_ptr<TestEnvironment> m_env;
    StoreConfig m_store;
    GeneratedCert m_leaf;
    GeneratedCert m_chain;
};

void TestCertificateRemoval::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_store.id = QStringLiteral("letsencrypt");
    m_store.kind = StoreKind::Directory;
    m_store.scope = Scope::User;
    m_store.recursive = true;
    m_store.path = m_env->path(QStringLiteral("letsencrypt"));
    CertSpec ca;
    ca.cn = QStringLiteral("Test R3");
    ca.isCA = true;
    m_chain = makeCertificate(ca);
    CertSpec leaf;
    leaf.cn = QStringLiteral("shop.example.org");
    leaf.dns = {leaf.cn};
    leaf.subjectKey = freshKey(KeyType::EcP256); // its own, not the factory's shared one
    m_leaf = makeCertificate(leaf);
    QVERIFY(QDir().mkpath(at("archive/shop")) && QDir().mkpath(at("live/shop")));
    QVERIFY(writeFile(at("archive/shop/cert2.pem"), m_leaf.pem()));
    QVERIFY(writeFile(at("archive/shop/fullchain2.pem"), m_leaf.pem() + m_chain.pem()));
    QVERIFY(writeFile(at("archive/shop/privkey2.pem"), m_leaf.key.pkcs8Pem()));
    QVERIFY(::chmod(qPrintable(at("archive/shop/fullchain2.pem")), 0640) == 0);
    for (const char* name : {"cert", "fullchain", "privkey"}) {
        const QString target =
            QStringLiteral("../../archive/shop/%1").arg(QLatin1String(name) + QStringLiteral("2.pem"));
        QVERIFY(::symlink(qPrintable(target), qPrintable(at(QStringLiteral("live/shop/%1.pem").arg(name)))) == 0);
    }
}

void TestCertificateRemoval::cleanup()
{
    m_env.reset();
}

void TestCertificateRemoval::everyLocationLeavesTheChainInTheBundles()
{
    const StoreScan content = scan();
    const StoredCertificate* leaf = findCertificate(content, m_leaf.thumbprint());
    QVERIFY(leaf);
    QCOMPARE(locationsIn(content, leaf->certificate.sha256).size(), 4);
    const RemovalPlan plan = CertificateActions::planRemoval(*leaf, m_store, content, RemovalScope::everywhere());
    QVERIFY2(plan.ok(), qPrintable(plan.error));
    QCOMPARE(plan.locations.size(), 4);
    QVERIFY(plan.removesCertificate());
    // The file behind live/fullchain.pem is archive/fullchain2.pem: rewritten once.
    QCOMPARE(plan.rewritten.size(), 1);
    QCOMPARE(QFileInfo(plan.rewritten.first()).canonicalFilePath(),
             QFileInfo(at("archive/shop/fullchain2.pem")).canonicalFilePath());
    QVERIFY(plan.files.contains(at("archive/shop/cert2.pem")) && plan.files.contains(at("live/shop/cert.pem")));

    const ActionResult r =
        CertificateActions::deleteCertificate(*leaf, m_store, content, RemovalScope::everywhere(), fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    // One 1004 for the certificate, at its smallest path (as the agent names it).
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().id, EventId::Deleted);
    QCOMPARE(r.events.first().certificate.path, at("archive/shop/cert2.pem"));
    QVERIFY(!QFileInfo::exists(at("archive/shop/cert2.pem")));
    QVERIFY(!QFileInfo(at("live/shop/cert.pem")).isSymLink()); // the link went, as a link
    // Nothing left uses the key file the store pairs with it: it goes too.
    QVERIFY(!leaf->keyPath.isEmpty());
    QVERIFY(r.removedFiles.contains(leaf->keyPath));
    QVERIFY(!QFileInfo(leaf->keyPath).isSymLink() && !QFileInfo::exists(leaf->keyPath));
    // The chain stays, in the bundle and through its link, with the bundle's mode.
    QCOMPARE(readFile(at("archive/shop/fullchain2.pem")), m_chain.pem());
    QCOMPARE(readFile(at("live/shop/fullchain.pem")), m_chain.pem());
    QCOMPARE(QFileInfo(at("archive/shop/fullchain2.pem")).permissions(),
             QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup);
    const StoreScan after = scan();
    QVERIFY(!findCertificate(after, m_leaf.thumbprint()));
    QCOMPARE(locationsIn(after, findCertificate(after, m_chain.thumbprint())->certificate.sha256).size(), 2);
}

void TestCertificateRemoval::oneLocationLeavesTheOthers()
{
    const StoreScan content = scan();
    const StoredCertificate* leaf = findCertificate(content, m_leaf.thumbprint());
    QVERIFY(leaf);
    const ActionResult r = CertificateActions::deleteCertificate(
        *leaf, m_store, content, RemovalScope::at(at("live/shop/cert.pem")), fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.removedFiles, QStringList{at("live/shop/cert.pem")}); // the key is still used at the others
    QVERIFY(r.events.isEmpty());                                     // the store still holds it: no 1004
    QVERIFY(QFileInfo::exists(at("archive/shop/cert2.pem")));
    const StoreScan after = scan();
    QCOMPARE(locationsIn(after, leaf->certificate.sha256).size(), 3);

    // One location inside a bundle: that bundle is rewritten, the others stay.
    const RemovalPlan plan =
        CertificateActions::planRemoval(*findCertificate(after, m_leaf.thumbprint()), m_store, after,
                                        RemovalScope::at(at("archive/shop/fullchain2.pem")));
    QVERIFY2(plan.ok(), qPrintable(plan.error));
    QCOMPARE(plan.files, QStringList());
    QCOMPARE(plan.rewritten, QStringList{at("archive/shop/fullchain2.pem")});
    // live/fullchain.pem leads to the same file: it no longer holds it either.
    QCOMPARE(plan.remaining, QStringList{at("archive/shop/cert2.pem")});
}

void TestCertificateRemoval::aBundleIsRewrittenKeepingEverythingElse()
{
    const GeneratedCert other = makeCertificate(CertSpec{});
    const QByteArray comment = "# web bundle, kept by hand\n";
    QVERIFY(writeFile(at("bundle.pem"), comment + m_chain.pem() + m_leaf.pem() + other.pem()));
    const StoreScan content = scan();
    const StoredCertificate* leaf = findCertificate(content, m_leaf.thumbprint());
    const ActionResult r = CertificateActions::deleteCertificate(*leaf, m_store, content,
                                                                 RemovalScope::at(at("bundle.pem")), fixedContext());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.rewrittenFiles, QStringList{at("bundle.pem")});
    QCOMPARE(readFile(at("bundle.pem")), comment + m_chain.pem() + other.pem());
    QVERIFY(r.events.isEmpty());
    // No temporary file left beside it.
    QCOMPARE(QDir(m_store.path).entryList(QDir::Files), QStringList{QStringLiteral("bundle.pem")});
}

QTEST_GUILESS_MAIN(TestCertificateRemoval)
#include "TestCertificateRemoval.moc"
