// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "stores/ScanCache.h"
#include "stores/Scanner.h"
#include "stores/StoreCatalog.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// `certlifectl scan` as an admin runs it: the real binary, in a temporary environment.
class TestCliScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonHasExactlyTheDocumentedKeys();
    void exitCodes_data();
    void exitCodes();
    void tableCountsDaysFromCertlifeNow();
    void problemsNameTheFileInJson();
    void jsonOfPathsStreamsAsFilesAreRead();
    void scansAConfiguredStore();
    void helpAnswersQuestions();

private:
    using Result = CliRun;
    static Result run(const QStringList& args, const QStringList& extraEnv = {}) { return runCli(args, extraEnv); }
    static GeneratedCert webCert(const TestKey& key)
    {
        CertSpec spec;
        spec.cn = QStringLiteral("www.example.org");
        spec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Example")}};
        spec.dns = {QStringLiteral("www.example.org"), QStringLiteral("example.org")};
        spec.ips = {QStringLiteral("192.0.2.10")};
        spec.ekuOids = {QStringLiteral("serverAuth")};
        spec.templateName = QStringLiteral("WebServer");
        spec.serialHex = "0123ABCD";
        spec.subjectKey = key;
        spec.keyType = KeyType::EcP384;
        spec.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        spec.notAfter = QDateTime(QDate(2026, 4, 1), QTime(12, 0), Qt::UTC);
        return makeCertificate(spec);
    }
};

void TestCliScan::jsonHasExactlyTheDocumentedKeys()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("certs"));
    const TestKey key = freshKey(KeyType::EcP384);
    const GeneratedCert web = webCert(key);
    QVERIFY(writeFile(dir + QStringLiteral("/web.pem"), web.pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/web.key"), key.pkcs8Pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/sub/other.pem"), makeCertificate({}).pem()));

    const Result r = run({QStringLiteral("scan"), QStringLiteral("--json"), dir});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.err, QString());
    const QList<QJsonObject> lines = jsonLines(r.out);
    QCOMPARE(lines.size(), 1); // sub/ is not read without --recursive
    const QJsonObject o = lines.first();
    QStringList keys = o.keys();
    keys.sort();
    QStringList expected{"path",     "index",        "thumbprint", "sha256",   "subject",    "subjectCN",
                         "issuer",   "serial",       "notBefore",  "notAfter", "sans",       "ekus",
                         "template", "keyAlgorithm", "keyBits",    "isCA",     "selfSigned", "hasPrivateKey"};
    expected.sort();
    QCOMPARE(keys, expected);
    QCOMPARE(o.value("path").toString(), dir + QStringLiteral("/web.pem"));
    QCOMPARE(o.value("index").toInt(), 0);
    QCOMPARE(o.value("thumbprint").toString(), web.thumbprint());
    QCOMPARE(o.value("sha256").toString().size(), 64);
    QCOMPARE(o.value("subject").toString(), QStringLiteral("CN=www.example.org,O=Example"));
    QCOMPARE(o.value("subjectCN").toString(), QStringLiteral("www.example.org"));
    QCOMPARE(o.value("issuer").toString(), QStringLiteral("CN=www.example.org,O=Example"));
    QCOMPARE(o.value("serial").toString(), QStringLiteral("0123ABCD"));
    QCOMPARE(o.value("notBefore").toString(), QStringLiteral("2026-01-01T00:00:00Z"));
    QCOMPARE(o.value("notAfter").toString(), QStringLiteral("2026-04-01T12:00:00Z"));
    QCOMPARE(o.value("sans").toArray(), QJsonArray({"DNS:www.example.org", "DNS:example.org", "IP:192.0.2.10"}));
    QCOMPARE(o.value("ekus").toArray(),
             QJsonArray({QJsonObject{{"oid", "1.3.6.1.5.5.7.3.1"}, {"name", "TLS Web Server Authentication"}}}));
    QCOMPARE(o.value("template").toString(), QStringLiteral("WebServer"));
    QCOMPARE(o.value("keyAlgorithm").toString(), QStringLiteral("EC"));
    QCOMPARE(o.value("keyBits").toInt(), 384);
    QCOMPARE(o.value("isCA").toBool(), false);
    QCOMPARE(o.value("selfSigned").toBool(), true);
    QCOMPARE(o.value("hasPrivateKey").toBool(), true);

    const Result deep = run({QStringLiteral("scan"), QStringLiteral("--json"), QStringLiteral("--recursive"), dir});
    QCOMPARE(deep.code, 0);
    const QList<QJsonObject> both = jsonLines(deep.out);
    QCOMPARE(both.size(), 2);
    QVERIFY(both.at(1).value("template").isNull()); // no template: null
    QCOMPARE(both.at(1).value("hasPrivateKey").toBool(), false);
}

void TestCliScan::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("all read") << QStringList{"scan", "@good"} << 0 << "";
    QTest::newRow("one bad file") << QStringList{"scan", "@good", "@bad"} << 3 << "bad.pem: PEM block 1";
    QTest::newRow("path missing") << QStringList{"scan", "@missing"} << 3 << "missing.pem: does not exist";
    QTest::newRow("nothing to scan") << QStringList{"scan"} << 2 << "nothing to scan";
    QTest::newRow("unknown option") << QStringList{"scan", "--frobnicate", "@good"} << 2 << "frobnicate";
    QTest::newRow("store and paths") << QStringList{"scan", "--store", "My", "@good"} << 2 << "not both";
    QTest::newRow("bad scope") << QStringList{"scan", "--store", "My", "--scope", "galaxy"} << 2 << "galaxy";
    QTest::newRow("scope without store") << QStringList{"scan", "--scope", "user", "@good"} << 2
                                         << "--scope applies to --store only";
    QTest::newRow("bad size") << QStringList{"scan", "--max-file-size", "lots", "@good"} << 2 << "\"lots\"";
    QTest::newRow("unknown store") << QStringList{"scan", "--store", "nope"} << 1 << "no store \"nope\"";
}

void TestCliScan::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, stderrHas);
    TestEnvironment env;
    QVERIFY(writeFile(env.path(QStringLiteral("good.pem")), makeCertificate({}).pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("bad.pem")),
                      "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"));
    for (QString& a : args)
        if (a.startsWith(QLatin1Char('@')))
            a = env.path(a.mid(1) + QStringLiteral(".pem"));
    const Result r = run(args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(stderrHas), qPrintable(r.err));
    if (code == 0)
        QVERIFY(r.out.contains(QStringLiteral("1 certificate in 1 file")));
}

void TestCliScan::tableCountsDaysFromCertlifeNow()
{
    TestEnvironment env;
    const GeneratedCert web = webCert(freshKey(KeyType::EcP384));
    CertSpec old;
    old.cn = QStringLiteral("old.example");
    old.notAfter = QDateTime(QDate(2026, 2, 20), QTime(0, 0), Qt::UTC);
    QVERIFY(writeFile(env.path(QStringLiteral("certs/web.pem")), web.pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("certs/old.pem")), makeCertificate(old).pem()));

    const Result r = run({QStringLiteral("scan"), env.path(QStringLiteral("certs"))},
                         {QStringLiteral("CERTLIFE_NOW=2026-03-02T12:00:00Z")});
    QCOMPARE(r.code, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.at(0).startsWith(QStringLiteral("NOT AFTER (UTC)   DAYS LEFT  STATE           KEY  SUBJECT")),
             qPrintable(r.out));
    // Most urgent first, as the console: nothing inside its warning window, so the
    // recently expired one (negative days) comes before the one with 30 days left (of
    // 90: outside 10 %).
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("2026-02-20 00:00        -11  Expired         -    old.example")),
             qPrintable(r.out));
    QVERIFY2(
        lines.at(2).startsWith(QStringLiteral("2026-04-01 12:00         30  Within 30 days  -    www.example.org")),
        qPrintable(r.out));
    QVERIFY(lines.at(2).endsWith(env.path(QStringLiteral("certs/web.pem"))));
    QVERIFY(r.out.contains(QStringLiteral("2 certificates in 2 files")));

    const Result badClock =
        run({QStringLiteral("scan"), env.path(QStringLiteral("certs"))}, {QStringLiteral("CERTLIFE_NOW=soon")});
    QCOMPARE(badClock.code, 2);
    QVERIFY(badClock.err.contains(QStringLiteral("CERTLIFE_NOW=\"soon\"")));
}

void TestCliScan::problemsNameTheFileInJson()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("certs"));
    QVERIFY(writeFile(dir + QStringLiteral("/ok.pem"), makeCertificate({}).pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/empty.pem"), QByteArray()));
    const QByteArray odd = QFile::encodeName(dir) + "/odd\xff name.pem";
    FILE* f = ::fopen(odd.constData(), "wb");
    QVERIFY(f);
    ::fputs("junk", f);
    ::fclose(f);

    const Result r = run({QStringLiteral("scan"), QStringLiteral("--json"), dir});
    ::unlink(odd.constData()); // QTemporaryDir cannot remove a name that is not UTF-8
    QCOMPARE(r.code, 3);
    const QList<QJsonObject> lines = jsonLines(r.out);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0).value("path").toString(), dir + QStringLiteral("/ok.pem"));
    const QJsonObject empty{{"path", dir + QStringLiteral("/empty.pem")}, {"error", "empty file"}};
    QCOMPARE(lines.at(1), empty);
    QCOMPARE(lines.at(2).keys(), QStringList({"error", "path"}));
    QCOMPARE(lines.at(2).value("path").toString(), dir + QStringLiteral("/odd\\xFF name.pem"));
}

void TestCliScan::jsonOfPathsStreamsAsFilesAreRead()
{
    TestEnvironment env;
    // 40 files of 100 certificates, 3 MiB together, and their JSON more than a pipe holds.
    // While this test does not read, certlifectl cannot write, and a streaming scan reads
    // at most 1 MiB of files ahead of what it wrote: the last file is read only after the
    // test took the first line, so what the test puts there then is what certlifectl
    // lists. (With 1 MiB in all, as the certificates' sizes once made it by chance, the
    // scan read every file at once, before its first line.)
    const QByteArray pem = makeCertificate({}).pem();
    const int copies = int((3 << 20) / (40 * pem.size())) + 1;
    const QByteArray repeated = pem.repeated(copies);
    QStringList paths;
    for (int i = 0; i < 40; ++i) {
        paths << env.path(QStringLiteral("certs/%1.pem").arg(i, 2, 10, QLatin1Char('0')));
        QVERIFY(writeFile(paths.last(), repeated));
    }
    // Its key follows it on the command line: keys still pair across all the files.
    const TestKey key = freshKey(KeyType::EcP256);
    CertSpec keyed;
    keyed.cn = QStringLiteral("keyed.example");
    keyed.subjectKey = key;
    QVERIFY(writeFile(env.path(QStringLiteral("keyed/cert.pem")), makeCertificate(keyed).pem()));
    QVERIFY(writeFile(env.path(QStringLiteral("keyed/privkey.pem")), key.pkcs8Pem()));
    const QString last = env.path(QStringLiteral("last.pem"));
    QVERIFY(writeFile(last, makeCertificate({}).pem()));
    CertSpec laterSpec;
    laterSpec.cn = QStringLiteral("written.after.the.first.line");
    const GeneratedCert later = makeCertificate(laterSpec);

    QProcess p;
    p.setProgram(binaryPath(QStringLiteral("certlifectl")));
    p.setArguments(
        QStringList{QStringLiteral("scan"), QStringLiteral("--json"), env.path(QStringLiteral("keyed/cert.pem"))}
        + paths + QStringList{env.path(QStringLiteral("keyed/privkey.pem")), last});
    p.start();
    while (!p.canReadLine())
        QVERIFY2(p.waitForReadyRead(60000), "no first line");
    const QJsonObject first = QJsonDocument::fromJson(p.readLine()).object();
    QCOMPARE(first.value("path").toString(), env.path(QStringLiteral("keyed/cert.pem")));
    QCOMPARE(first.value("hasPrivateKey").toBool(), true);
    QVERIFY(writeFile(last + QStringLiteral(".new"), later.pem())); // replaced whole, as an editor saves
    QVERIFY(::rename(QFile::encodeName(last + QStringLiteral(".new")).constData(), QFile::encodeName(last).constData())
            == 0);

    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QList<QJsonObject> rest = jsonLines(QString::fromUtf8(p.readAllStandardOutput()));
    QCOMPARE(rest.size(), 40 * copies + 1);
    for (int i = 0; i < 40; ++i) // in the order given, each file's certificates in file order
        for (int k = 0; k < copies; k += 33) {
            QCOMPARE(rest.at(i * copies + k).value("path").toString(), paths.at(i));
            QCOMPARE(rest.at(i * copies + k).value("index").toInt(), k);
        }
    QCOMPARE(rest.last().value("path").toString(), last);
    QCOMPARE(rest.last().value("thumbprint").toString(), later.thumbprint());
}

void TestCliScan::scansAConfiguredStore()
{
    TestEnvironment env;
    QVERIFY(writeFile(env.path(QStringLiteral("srv/a.pem")), makeCertificate({}).pem()));
    QCOMPARE(run({QStringLiteral("store"), QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("srv"),
                  QStringLiteral("--path"), env.path(QStringLiteral("srv")), QStringLiteral("--scope"),
                  QStringLiteral("user")})
                 .code,
             0);
    for (int pass = 0; pass < 2; ++pass) { // the second pass comes from the scan cache
        const Result r =
            run({QStringLiteral("scan"), QStringLiteral("--store"), QStringLiteral("srv"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QList<QJsonObject> lines = jsonLines(r.out);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().value("path").toString(), env.path(QStringLiteral("srv/a.pem")));
    }
    QVERIFY(
        QFileInfo::exists(ScanCache::fileFor(Scanner::cacheDirectory(Scanner::processScope()),
                                             StoreCatalog::load().find(Scope::User, QStringLiteral("srv"))->config)));

    // The built-in My store exists (and is empty) from the start.
    const Result my = run({QStringLiteral("scan"), QStringLiteral("--store"), QStringLiteral("My"),
                           QStringLiteral("--scope"), QStringLiteral("user")});
    QCOMPARE(my.code, 0);
    QVERIFY(my.out.contains(QStringLiteral("0 certificates in 0 files")));
}

void TestCliScan::helpAnswersQuestions()
{
    TestEnvironment env;
    const Result r = run({QStringLiteral("scan"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const QString& needle :
         {QStringLiteral("Usage: certlifectl scan"), QStringLiteral("--json"), QStringLiteral("--recursive"),
          QStringLiteral("--store <ID>"), QStringLiteral("--scope"), QStringLiteral("--pkcs12-password-file"),
          QStringLiteral("--max-file-size"), QStringLiteral("Examples:"), QStringLiteral("Exit status"),
          QStringLiteral("hasPrivateKey")})
        QVERIFY2(r.out.contains(needle), qPrintable(needle));
    const Result top = run({QStringLiteral("--help")});
    QVERIFY(top.out.contains(QStringLiteral("scan ")));
    QVERIFY(top.out.contains(QStringLiteral("store ")));
}

QTEST_GUILESS_MAIN(TestCliScan)
#include "TestCliScan.moc"
