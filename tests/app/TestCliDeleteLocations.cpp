// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// `certlifectl delete` of a certificate a store holds at several paths (#13 item 4): a
// certbot tree (live/ links to archive/, the chain in fullchain). Ambiguous without a
// choice; --path takes one location, --all-locations every one.
#include "TestCliCertificateActionsFixture.h"

#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

class TestCliDeleteLocations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ambiguousListsThePaths();
    void onePathThenEveryLocation();

private:
    struct Tree
    {
        QString root;
        GeneratedCert leaf;
        GeneratedCert chain;
        QString at(const QString& relative) const { return root + QLatin1Char('/') + relative; }
    };
    static Tree certbotTree(const ActionFixture& f)
    {
        Tree tree;
        tree.root = f.env().path(QStringLiteral("stores/le"));
        tree.leaf = ActionFixture::serverCert(QStringLiteral("shop.example.org"));
        CertSpec ca;
        ca.cn = QStringLiteral("Test R3");
        ca.isCA = true;
        tree.chain = makeCertificate(ca);
        QDir().mkpath(tree.at("archive/shop"));
        QDir().mkpath(tree.at("live/shop"));
        writeFile(tree.at("archive/shop/cert2.pem"), tree.leaf.pem());
        writeFile(tree.at("archive/shop/fullchain2.pem"), tree.leaf.pem() + tree.chain.pem());
        for (const QString& name : {QStringLiteral("cert"), QStringLiteral("fullchain")})
            [[maybe_unused]] const int linked =
                ::symlink(qPrintable(QStringLiteral("../../archive/shop/") + name + QStringLiteral("2.pem")),
                          qPrintable(tree.at(QStringLiteral("live/shop/") + name + QStringLiteral(".pem"))));
        const ActionRun added =
            f.run({"store", "add", "--id", "le", "--path", tree.root, "--recursive", "--scope", "user"});
        if (added.exitCode != 0)
            qWarning() << "store add failed:" << added.err;
        return tree;
    }
};

void TestCliDeleteLocations::ambiguousListsThePaths()
{
    ActionFixture f;
    const Tree tree = certbotTree(f);
    const ActionRun r = f.run({"delete", "--thumbprint", tree.leaf.thumbprint(), "--store", "le", "--yes"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("at 4 paths; say --all-locations or --path PATH")), qPrintable(r.err));
    for (const char* path :
         {"archive/shop/cert2.pem", "archive/shop/fullchain2.pem", "live/shop/cert.pem", "live/shop/fullchain.pem"})
        QVERIFY2(r.err.contains(tree.at(QLatin1String(path))), qPrintable(r.err));
    QVERIFY(QFile::exists(tree.at("archive/shop/cert2.pem")));
    QVERIFY(ActionFixture::events().isEmpty());

    const ActionRun both = f.run({"delete", "--thumbprint", tree.leaf.thumbprint(), "--all-locations", "--path",
                                  tree.at("live/shop/cert.pem"), "--yes"});
    QCOMPARE(both.exitCode, 2);
}

void TestCliDeleteLocations::onePathThenEveryLocation()
{
    ActionFixture f;
    const Tree tree = certbotTree(f);
    ActionRun r =
        f.run({"delete", "--thumbprint", tree.leaf.thumbprint(), "--path", tree.at("live/shop/cert.pem"), "--yes"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("from one location of store le")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("removed ") + tree.at("live/shop/cert.pem")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("still holds it: ") + tree.at("archive/shop/cert2.pem")), qPrintable(r.out));
    QVERIFY(!QFileInfo(tree.at("live/shop/cert.pem")).isSymLink());
    QVERIFY(ActionFixture::events().isEmpty()); // still in the store: no event

    r = f.run({"delete", "--thumbprint", tree.leaf.thumbprint(), "--all-locations", "--yes"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("rewrote ") + tree.at("archive/shop/fullchain2.pem")), qPrintable(r.out));
    QCOMPARE(ActionFixture::readAll(tree.at("archive/shop/fullchain2.pem")), tree.chain.pem());
    QVERIFY(!QFile::exists(tree.at("archive/shop/cert2.pem")));
    const QList<LifecycleEvent> events = ActionFixture::events();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().id, EventId::Deleted);
    QCOMPARE(events.first().certificate.thumbprint, tree.leaf.thumbprint());

    // The scan lists files: the chain, at its two paths.
    r = f.run({"scan", "--store", "le", "--scope", "user"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains(QStringLiteral("shop.example.org")));
}

QTEST_GUILESS_MAIN(TestCliDeleteLocations)
#include "TestCliDeleteLocations.moc"
