// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// `certlifectl store add --nss` as an admin uses it: a database made by certutil and
// pk12util, scanned with its nicknames and trust flags; import, export and delete on it
// through NSS, checked with certutil; a read-only NSS store refused.

#include "CertFactory.h"
#include "CliProcess.h"
#include "NssTools.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

// Each with a key of its own: NSS pairs a key with every certificate of its public key.
GeneratedCert namedCert(const QString& cn, const QByteArray& serial)
{
    CertSpec spec;
    spec.subjectKey = freshKey(KeyType::EcP256);
    spec.cn = cn;
    spec.dns = {cn};
    spec.serialHex = serial;
    return makeCertificate(spec);
}

} // namespace

class TestCliNssStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void addScanAndWrites();
    void storeSuggestListsTheUsersDatabases();
};

void TestCliNssStore::initTestCase()
{
    if (const QString missing = nssToolsMissing(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
}

void TestCliNssStore::addScanAndWrites()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("profile"));
    QVERIFY(QDir().mkpath(db));
    const QString sql = QStringLiteral("sql:") + db;
    QCOMPARE(runNssTool(QStringLiteral("certutil"), {"-N", "-d", sql, "--empty-password"}), QString());
    const GeneratedCert ca = namedCert(QStringLiteral("Browser Root"), "0C");
    const GeneratedCert client = namedCert(QStringLiteral("me.example"), "0D");
    QVERIFY(writeFile(env.path(QStringLiteral("ca.pem")), ca.pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("client.p12")), makePkcs12(client, "pw", false)));
    QCOMPARE(runNssTool(QStringLiteral("certutil"),
                        {"-A", "-d", sql, "-n", "Browser Root", "-t", "C,,", "-i", env.path(QStringLiteral("ca.pem"))}),
             QString());
    QCOMPARE(
        runNssTool(QStringLiteral("pk12util"), {"-i", env.path(QStringLiteral("client.p12")), "-d", sql, "-W", "pw"}),
        QString());

    const CliRun add = runCli({"store", "add", "--id", "browser", "--nss", db, "--scope", "user"});
    QVERIFY2(add.code == 0, qPrintable(add.err));
    const CliRun list = runCli({"store", "list", "--json", "--scope", "user"});
    bool found = false;
    for (const QJsonObject& store : jsonLines(list.out)) {
        if (store.value(QLatin1String("id")).toString() != QLatin1String("browser"))
            continue;
        found = true;
        QCOMPARE(store.value(QLatin1String("kind")).toString(), QStringLiteral("nss"));
        QCOMPARE(store.value(QLatin1String("readOnly")).toBool(), false);
    }
    QVERIFY2(found, qPrintable(list.out));

    const CliRun scan = runCli({"scan", "--store", "browser", "--scope", "user", "--json"});
    QVERIFY2(scan.code == 0, qPrintable(scan.err));
    const QList<QJsonObject> lines = jsonLines(scan.out);
    QCOMPARE(lines.size(), 2);
    QMap<QString, QJsonObject> byThumbprint;
    for (const QJsonObject& line : lines)
        byThumbprint.insert(line.value(QLatin1String("thumbprint")).toString(), line);
    const QJsonObject root = byThumbprint.value(ca.thumbprint());
    QCOMPARE(root.value(QLatin1String("entry")).toString(), QStringLiteral("Browser Root"));
    QCOMPARE(root.value(QLatin1String("trust")).toString(), QStringLiteral("C,,"));
    QCOMPARE(root.value(QLatin1String("path")).toString(), db);
    const QJsonObject mine = byThumbprint.value(client.thumbprint());
    QCOMPARE(mine.value(QLatin1String("trust")).toString(), QStringLiteral("u,u,u"));
    QCOMPARE(mine.value(QLatin1String("hasPrivateKey")).toBool(), true);

    const CliRun table = runCli({"scan", "--store", "browser", "--scope", "user"});
    QVERIFY2(table.out.contains(QStringLiteral("nss:%1 Browser Root").arg(db)), qPrintable(table.out));

    // Import with a nickname and trust flags: NSS has them, the scan shows them.
    const GeneratedCert fresh = namedCert(QStringLiteral("new.example"), "0E");
    QVERIFY(writeFile(env.path(QStringLiteral("new.pem")), fresh.pem()));
    const CliRun import = runCli({"import", env.path(QStringLiteral("new.pem")), "--store", "browser", "--scope",
                                  "user", "--nickname", "Partner CA", "--trust", "C,,"});
    QVERIFY2(import.code == 0, qPrintable(import.err));
    QVERIFY2(import.out.contains(QStringLiteral("added nss:%1 Partner CA").arg(db)), qPrintable(import.out));
    QCOMPARE(certutilListing(db).value(QStringLiteral("Partner CA")), QStringLiteral("C,,"));
    const CliRun events = runCli({"events", "--json", "--id", "1006", "--store", "browser"});
    QVERIFY2(events.out.contains(fresh.thumbprint()), qPrintable(events.out + events.err)); // 1006 import
    const CliRun badNickname = runCli({"import", env.path(QStringLiteral("new.pem")), "--store", "browser", "--scope",
                                       "user", "--nickname", "two\nlines"});
    QCOMPARE(badNickname.code, 1);
    QVERIFY2(badNickname.err.contains(QLatin1String("control")), qPrintable(badNickname.err));

    // The key of the client certificate comes out of NSS as PKCS#12.
    QVERIFY(writeFile(env.path(QStringLiteral("out.pass")), "exportpw\n"));
    const CliRun exported = runCli({"export", "--thumbprint", client.thumbprint(), "--store", "browser", "--scope",
                                    "user", "--format", "pkcs12", "--out", env.path(QStringLiteral("me.p12")),
                                    "--password-file", env.path(QStringLiteral("out.pass"))});
    QVERIFY2(exported.code == 0, qPrintable(exported.err));
    QVERIFY(QFileInfo(env.path(QStringLiteral("me.p12"))).size() > 0);

    // Delete by thumbprint: gone from NSS's own listing.
    const CliRun remove =
        runCli({"delete", "--thumbprint", ca.thumbprint(), "--store", "browser", "--scope", "user", "--yes"});
    QVERIFY2(remove.code == 0, qPrintable(remove.err));
    QVERIFY2(remove.out.contains(QStringLiteral("removed nss:%1 Browser Root").arg(db)), qPrintable(remove.out));
    QVERIFY(!runNssTool(QStringLiteral("certutil"), {"-L", "-d", sql, "-n", "Browser Root"}).isEmpty()); // not found

    // A read-only NSS store is never written.
    const CliRun addReadOnly =
        runCli({"store", "add", "--id", "firefox", "--nss", db, "--scope", "user", "--read-only"});
    QVERIFY2(addReadOnly.code == 0, qPrintable(addReadOnly.err));
    const CliRun refused =
        runCli({"delete", "--thumbprint", fresh.thumbprint(), "--store", "firefox", "--scope", "user", "--yes"});
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains(QLatin1String("store firefox is read-only")), qPrintable(refused.err));
}

// `store suggest` finds the databases of the account (HOME is the test's own): the
// ~/.pki/nssdb certutil made and the Firefox profile profiles.ini names, with the
// command that adds each, and says which one is watched already.
void TestCliNssStore::storeSuggestListsTheUsersDatabases()
{
    TestEnvironment env;
    const QString home = QDir::homePath();
    const QString pki = home + QStringLiteral("/.pki/nssdb");
    const QString profile = home + QStringLiteral("/.mozilla/firefox/x1y2.default-release");
    for (const QString& dir : {pki, profile}) {
        QVERIFY(QDir().mkpath(dir));
        QCOMPARE(runNssTool(QStringLiteral("certutil"), {"-N", "-d", QStringLiteral("sql:") + dir, "--empty-password"}),
                 QString());
    }
    QVERIFY(writeFile(home + QStringLiteral("/.mozilla/firefox/profiles.ini"),
                      "[Profile0]\nName=default-release\nIsRelative=1\nPath=x1y2.default-release\nDefault=1\n"));
    QVERIFY(runCli({"store", "add", "--id", "mine", "--nss", pki, "--scope", "user"}).code == 0);

    const CliRun suggest = runCli({"store", "suggest"});
    QVERIFY2(suggest.code == 0, qPrintable(suggest.err));
    QVERIFY2(suggest.out.contains(QStringLiteral("Firefox profile default-release\n  %1\n  certlifectl store add --id "
                                                 "firefox-default-release --nss %1\n")
                                      .arg(profile)),
             qPrintable(suggest.out));
    QVERIFY2(suggest.out.contains(QStringLiteral("~/.pki/nssdb\n  %1\n  already watched as store mine").arg(pki)),
             qPrintable(suggest.out));
    const QList<QJsonObject> lines = jsonLines(runCli({"store", "suggest", "--json"}).out);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).value(QLatin1String("added")).toString(), QStringLiteral("mine"));
    QCOMPARE(lines.at(1).value(QLatin1String("path")).toString(), profile);
    QCOMPARE(lines.at(1).value(QLatin1String("added")).toBool(true), false);
}

QTEST_GUILESS_MAIN(TestCliNssStore)
#include "TestCliNssStore.moc"
