// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// `certlifectl policy show|set|unset` as an admin runs it.
class TestCliPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsDefaults();
    void setThenShowSources();
    void layerViewsAsJson();
    void listValues();
    void usageErrors_data();
    void usageErrors();
    void problemsInFilesGiveExit3();
    void machineScopeWithoutPermissionAsksForRoot();
    void defaultScopeFollowsTheUser();
    void help();

private:
    using Result = CliRun;
    static Result run(const QStringList& args, bool unprivileged = false) { return runCli(args, {}, unprivileged); }
    static bool hasRow(const QString& out, const QString& key, const QString& value, const QString& source)
    {
        return out.contains(QRegularExpression(
            QStringLiteral("(^|\\n)%1 +%2 +%3\\n").arg(key, QRegularExpression::escape(value), source)));
    }
};

void TestCliPolicy::showsDefaults()
{
    TestEnvironment env;
    const Result r = run({"policy", "show"});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.err, QString());
    QVERIFY2(hasRow(r.out, "ExpiryWarningPercent", "10", "default"), qPrintable(r.out));
    QVERIFY(hasRow(r.out, "RescanInterval", "8h", "default"));
    QVERIFY(hasRow(r.out, "RenotifyInterval", "1d", "default"));
    QVERIFY(hasRow(r.out, "EventRetention", "365d", "default"));
    QVERIFY(hasRow(r.out, "AdditionalStores", "(none)", "default"));
}

void TestCliPolicy::setThenShowSources()
{
    TestEnvironment env;
    Result r = run({"policy", "set", "ExpiryWarningDays", "30", "--scope", "user"});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out,
             QStringLiteral("ExpiryWarningDays = 30 in the user policy %1\n").arg(Paths::policyFile(Scope::User)));
    r = run({"policy", "set", "ExpiryWarningPercent", "20", "--scope", "system", "--enforce"});
    QCOMPARE(r.code, 0);
    r = run({"policy", "set", "ExpiryWarningPercent", "30", "--scope", "user"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("Note: the machine policy enforces ExpiryWarningPercent = 20; your setting has no effect"),
             qPrintable(r.out));

    r = run({"policy", "show"});
    QCOMPARE(r.code, 0);
    QVERIFY2(hasRow(r.out, "ExpiryWarningPercent", "20", "enforced"), qPrintable(r.out));
    QVERIFY(hasRow(r.out, "ExpiryWarningDays", "30", "user"));
    QVERIFY(hasRow(r.out, "LogExpiryEvents", "true", "default"));

    r = run({"policy", "show", "--json"});
    QCOMPARE(r.code, 0);
    const QJsonObject settings = QJsonDocument::fromJson(r.out.toUtf8()).object().value("settings").toObject();
    QCOMPARE(settings.value("ExpiryWarningPercent").toObject().value("value").toInt(), 20);
    QCOMPARE(settings.value("ExpiryWarningPercent").toObject().value("source").toString(), QStringLiteral("enforced"));
    QCOMPARE(settings.value("ExpiryWarningDays").toObject().value("source").toString(), QStringLiteral("user"));
    QCOMPARE(settings.value("RescanInterval").toObject().value("value").toInt(), 8 * 3600);

    r = run({"policy", "unset", "ExpiryWarningPercent", "--scope", "system"});
    QCOMPARE(r.code, 0);
    QVERIFY(hasRow(run({"policy", "show"}).out, "ExpiryWarningPercent", "30", "user"));
}

void TestCliPolicy::layerViewsAsJson()
{
    TestEnvironment env;
    QCOMPARE(run({"policy", "set", "LogExpiryEvents", "off", "--scope", "system", "--enforce"}).code, 0);
    const Result r = run({"policy", "show", "--scope", "system", "--json"});
    QCOMPARE(r.code, 0);
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(doc.value("file").toString(), Paths::policyFile(Scope::System));
    const QJsonObject log = doc.value("settings").toObject().value("LogExpiryEvents").toObject();
    QVERIFY(log.value("set").toBool() && log.value("enforced").toBool());
    QCOMPARE(log.value("value").toBool(true), false);
    QVERIFY(!doc.value("settings").toObject().value("ExpiryWarningDays").toObject().value("set").toBool(true));
    const Result user = run({"policy", "show", "--scope", "user"});
    QCOMPARE(user.code, 0);
    QVERIFY2(user.out.contains(QStringLiteral("(no such file: defaults apply)")), qPrintable(user.out));
}

void TestCliPolicy::listValues()
{
    TestEnvironment env;
    QCOMPARE(run({"policy", "set", "AdditionalStores", "/srv/web", "/srv/b,c", "--scope", "user"}).code, 0);
    const Result r = run({"policy", "show", "--json"});
    const QJsonArray stores = QJsonDocument::fromJson(r.out.toUtf8())
                                  .object()
                                  .value("settings")
                                  .toObject()
                                  .value("AdditionalStores")
                                  .toObject()
                                  .value("value")
                                  .toArray();
    QCOMPARE(stores.toVariantList(), QVariantList({"/srv/web", "/srv/b,c"}));
}

void TestCliPolicy::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("stderrStart");
    QTest::newRow("value out of range")
        << QStringList{"policy", "set", "ExpiryWarningPercent", "150", "--scope", "user"}
        << QStringLiteral("certlifectl: ExpiryWarningPercent: \"150\" is not allowed: a whole number from 1 to 99\n");
    QTest::newRow("unknown key") << QStringList{"policy", "set", "ExpiryWarnPercent", "15", "--scope", "user"}
                                 << QStringLiteral("certlifectl: ExpiryWarnPercent: unknown policy key; did you mean "
                                                   "ExpiryWarningPercent?\nThe keys are: ");
    QTest::newRow("enforce in the user scope")
        << QStringList{"policy", "set", "ExpiryWarningPercent", "15", "--scope", "user", "--enforce"}
        << QStringLiteral("certlifectl: --enforce applies to the machine policy only: add --scope system\n");
    QTest::newRow("missing value") << QStringList{"policy", "set", "RescanInterval"}
                                   << QStringLiteral("certlifectl: RescanInterval needs a value: ");
    QTest::newRow("two values for one") << QStringList{"policy", "set", "RescanInterval", "8h", "9h", "--scope", "user"}
                                        << QStringLiteral("certlifectl: RescanInterval takes one value, not 2");
    QTest::newRow("no subcommand") << QStringList{"policy"} << QStringLiteral("certlifectl: policy needs a subcommand");
    QTest::newRow("unknown subcommand") << QStringList{"policy", "frob"}
                                        << QStringLiteral("certlifectl: unknown policy subcommand 'frob'");
    QTest::newRow("bad scope") << QStringList{"policy", "show", "--scope", "galaxy"}
                               << QStringLiteral(
                                      "certlifectl: --scope must be system, user or effective, not \"galaxy\"");
    QTest::newRow("unknown option") << QStringList{"policy", "show", "--colour"}
                                    << QStringLiteral("certlifectl: Unknown option");
}

void TestCliPolicy::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, stderrStart);
    TestEnvironment env;
    const Result r = run(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith(stderrStart), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(Paths::policyFile(Scope::User)));
    QVERIFY(!QFileInfo::exists(Paths::policyFile(Scope::System)));
}

void TestCliPolicy::problemsInFilesGiveExit3()
{
    TestEnvironment env;
    const QString path = Paths::policyFile(Scope::User);
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[Policy]\nColour=blue\nExpiryWarningDays=14\n");
    f.close();
    const Result r = run({"policy", "show"});
    QCOMPARE(r.code, 3);
    QVERIFY(hasRow(r.out, "ExpiryWarningDays", "14", "user")); // the good key still applies
    QCOMPARE(r.err, QStringLiteral("certlifectl: warning: %1:2: Colour: unknown policy key; ignored\n").arg(path));
}

void TestCliPolicy::machineScopeWithoutPermissionAsksForRoot()
{
    TestEnvironment env;
    const QString dir = Paths::configDir(Scope::System);
    QVERIFY(QDir().mkpath(dir));
    if (::geteuid() == 0) {
        if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
            QSKIP("running as root without setpriv: cannot act as an unprivileged user");
        // Let the unprivileged user reach the (root-owned, read-only to it) directories.
        QVERIFY(QFile::setPermissions(env.root(), QFileDevice::Permissions(0x7755)));
    } else {
        QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    }
    const Result r = run({"policy", "set", "ExpiryWarningPercent", "20", "--scope", "system", "--enforce"}, true);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("certlifectl: writing the machine policy %1 needs root (")
                                  .arg(Paths::policyFile(Scope::System))),
             qPrintable(r.err));
    QVERIFY2(r.err.endsWith(QStringLiteral(
                 "Run:\n  sudo certlifectl policy set ExpiryWarningPercent 20 --scope system --enforce\n")),
             qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(Paths::policyFile(Scope::System)));
}

void TestCliPolicy::defaultScopeFollowsTheUser()
{
    TestEnvironment env;
    QCOMPARE(run({"policy", "set", "ExpiryWarningDays", "7"}).code, 0);
    const Scope expected = ::geteuid() == 0 ? Scope::System : Scope::User; // root edits the machine policy
    QVERIFY(QFileInfo::exists(Paths::policyFile(expected)));
    QVERIFY(!QFileInfo::exists(Paths::policyFile(expected == Scope::System ? Scope::User : Scope::System)));
}

void TestCliPolicy::help()
{
    TestEnvironment env;
    Result r = run({"policy", "--help"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("Examples:"));
    for (const char* key :
         {"ExpiryWarningPercent", "ExpiryWarningDays", "LogExpiryEvents", "ShowExpiryNotifications", "RescanInterval",
          "RenotifyInterval", "StaleBindingGrace", "AdditionalStores", "EventRetention", "RequireSignedScripts",
          "TrustedSigners", "MetricsTextfile", "FleetDatabase", "FleetPasswordFile", "FleetPublishUserEvents"})
        QVERIFY2(r.out.contains(QLatin1String(key)), key);
    r = run({"policy", "set", "--help"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("Usage: certlifectl policy set KEY VALUE..."));
    QVERIFY(r.out.contains("--enforce"));
    r = run({"--help"});
    QVERIFY(r.out.contains(QRegularExpression("\\n  policy +Show or set")));
}

QTEST_GUILESS_MAIN(TestCliPolicy)
#include "TestCliPolicy.moc"
