// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// `certlifectl store add --nss` as an admin uses it: a database made by certutil and
// pk12util, scanned with its nicknames and trust flags, and the actions that would write
// it refused with the reason.

#include "CertFactory.h"
#include "CliProcess.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {

QString runTool(const QString& tool, const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStandardPaths::findExecutable(tool), args);
    if (!p.waitForFinished(120'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("%1 %2: %3").arg(tool, args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()));
    return {};
}

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
    void addScanAndRefusedWrites();
};

void TestCliNssStore::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("certutil")).isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("pk12util")).isEmpty())
        QSKIP("certutil and pk12util (libnss3-tools, installed by scripts/setup) are not on PATH");
}

void TestCliNssStore::addScanAndRefusedWrites()
{
    TestEnvironment env;
    const QString db = env.path(QStringLiteral("profile"));
    QVERIFY(QDir().mkpath(db));
    const QString sql = QStringLiteral("sql:") + db;
    QCOMPARE(runTool(QStringLiteral("certutil"), {"-N", "-d", sql, "--empty-password"}), QString());
    const GeneratedCert ca = namedCert(QStringLiteral("Browser Root"), "0C");
    const GeneratedCert client = namedCert(QStringLiteral("me.example"), "0D");
    QVERIFY(writeFile(env.path(QStringLiteral("ca.pem")), ca.pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("client.p12")), makePkcs12(client, "pw", false)));
    QCOMPARE(runTool(QStringLiteral("certutil"),
                     {"-A", "-d", sql, "-n", "Browser Root", "-t", "C,,", "-i", env.path(QStringLiteral("ca.pem"))}),
             QString());
    QCOMPARE(runTool(QStringLiteral("pk12util"), {"-i", env.path(QStringLiteral("client.p12")), "-d", sql, "-W", "pw"}),
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
        QCOMPARE(store.value(QLatin1String("readOnly")).toBool(), true);
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

    // Nothing writes into the database yet: each action says why.
    QVERIFY(writeFile(env.path(QStringLiteral("new.pem")), namedCert(QStringLiteral("new.example"), "0E").pem()));
    const CliRun import =
        runCli({"import", env.path(QStringLiteral("new.pem")), "--store", "browser", "--scope", "user"});
    QCOMPARE(import.code, 1);
    QVERIFY2(import.err.contains(QLatin1String("is an NSS database: Certlife does not change NSS databases yet")),
             qPrintable(import.err));
    const CliRun remove =
        runCli({"delete", "--thumbprint", ca.thumbprint(), "--store", "browser", "--scope", "user", "--yes"});
    QCOMPARE(remove.code, 1);
    QVERIFY2(remove.err.contains(QLatin1String("is an NSS database")), qPrintable(remove.err));
    QCOMPARE(runTool(QStringLiteral("certutil"), {"-L", "-d", sql, "-n", "Browser Root"}), QString()); // still there
}

QTEST_GUILESS_MAIN(TestCliNssStore)
#include "TestCliNssStore.moc"
