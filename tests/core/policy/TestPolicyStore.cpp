// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "policy/PolicyStore.h"
#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// The machine and user policy files: layering, enforcement, reports on bad files,
// and edits that keep what the admin wrote.
class TestPolicyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layering_data();
    void layering();
    void malformedFileIsReportedNotFatal();
    void binaryJunkGivesDefaults();
    void unsafeMachineFileIsIgnored();
    void setKeepsCommentsAndOtherLines();
    void enforceMovesTheKeyBetweenSections();
    void newMachineFileIsReadableByUsers();
    void rejectedWritesChangeNothing();
    void listsWithSpecialCharactersRoundTrip();
    void fleetKeysAreMachineOnly();

private:
    static QByteArray read(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
};

void TestPolicyStore::layering_data()
{
    QTest::addColumn<QByteArray>("machine");
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("userValue"); // effective for the User channel
    QTest::addColumn<QString>("userSource");
    QTest::addColumn<QString>("systemValue"); // effective for the System channel
    QTest::addColumn<int>("problems");

    QTest::newRow("no files: defaults") << QByteArray() << QByteArray() << "ExpiryWarningPercent"
                                        << "10"
                                        << "default"
                                        << "10" << 0;
    QTest::newRow("machine sets") << QByteArray("[Policy]\nExpiryWarningPercent=20\n") << QByteArray()
                                  << "ExpiryWarningPercent"
                                  << "20"
                                  << "machine"
                                  << "20" << 0;
    QTest::newRow("user overrides machine")
        << QByteArray("[Policy]\nExpiryWarningPercent=20\n") << QByteArray("[Policy]\nExpiryWarningPercent=30\n")
        << "ExpiryWarningPercent"
        << "30"
        << "user"
        << "20" << 0;
    QTest::newRow("enforced machine beats user")
        << QByteArray("[Enforced]\nExpiryWarningPercent=20\n") << QByteArray("[Policy]\nExpiryWarningPercent=30\n")
        << "ExpiryWarningPercent"
        << "20"
        << "enforced"
        << "20" << 0;
    QTest::newRow("invalid enforced value stays enforced, at the default")
        << QByteArray("[Enforced]\nRequireSignedScripts=perhaps\n")
        << QByteArray("[Policy]\nRequireSignedScripts=false\n") << "RequireSignedScripts"
        << "false"
        << "enforced"
        << "false" << 1;
    QTest::newRow("invalid user value: the machine's applies")
        << QByteArray("[Policy]\nRescanInterval=2h\n") << QByteArray("[Policy]\nRescanInterval=soon\n")
        << "RescanInterval"
        << "2h"
        << "machine"
        << "2h" << 1;
    QTest::newRow("keys before any section count as [Policy]")
        << QByteArray("ExpiryWarningDays=14\n") << QByteArray() << "ExpiryWarningDays"
        << "14"
        << "machine"
        << "14" << 0;
    QTest::newRow("user [Enforced] is an ordinary user setting")
        << QByteArray() << QByteArray("[Enforced]\nExpiryWarningDays=7\n") << "ExpiryWarningDays"
        << "7"
        << "user"
        << "0" << 1;
    QTest::newRow("duplicate key: the last line applies")
        << QByteArray() << QByteArray("[Policy]\nExpiryWarningDays=5\nexpirywarningdays=9\n") << "ExpiryWarningDays"
        << "9"
        << "user"
        << "0" << 1;
    QTest::newRow("key in [Policy] and [Enforced]: enforced applies")
        << QByteArray("[Policy]\nLogExpiryEvents=true\n[Enforced]\nLogExpiryEvents=false\n")
        << QByteArray("LogExpiryEvents=true\n") << "LogExpiryEvents"
        << "false"
        << "enforced"
        << "false" << 1;
}

void TestPolicyStore::layering()
{
    QFETCH(QByteArray, machine);
    QFETCH(QByteArray, user);
    QFETCH(QString, key);
    QFETCH(QString, userValue);
    QFETCH(QString, userSource);
    QFETCH(QString, systemValue);
    QFETCH(int, problems);
    TestEnvironment env;
    if (!machine.isEmpty())
        QVERIFY(writeFile(Paths::policyFile(Scope::System), machine));
    if (!user.isEmpty())
        QVERIFY(writeFile(Paths::policyFile(Scope::User), user));
    const PolicyStore store;
    const PolicyKey k = *parsePolicyKey(key);
    const EffectivePolicy forUser = store.effective(Scope::User);
    QCOMPARE(policyValueText(forUser.policy, k), userValue);
    QCOMPARE(policySourceName(forUser.source(k)), userSource);
    QCOMPARE(policyValueText(store.effective(Scope::System).policy, k), systemValue);
    QCOMPARE(store.problems().size(), problems);
    QCOMPARE(forUser.problems, store.problems());
}

void TestPolicyStore::malformedFileIsReportedNotFatal()
{
    TestEnvironment env;
    const QString path = Paths::policyFile(Scope::System);
    QVERIFY(writeFile(path,
                      "; site policy\n"
                      "garbage line\n"
                      "[Policy]\n"
                      "ExpiryWarningPercent=20\n"
                      "ExpiryWarnDays=14\n"
                      "ExpiryWarningDays=99999\n"
                      "[Colours]\n"
                      "Background=blue\n"));
    const PolicyStore store;
    const EffectivePolicy e = store.effective(Scope::System);
    QCOMPARE(e.policy.expiryWarningPercent, 20);
    QCOMPARE(e.policy.expiryWarningDays, 0);
    QCOMPARE(e.source(PolicyKey::ExpiryWarningDays), PolicySource::Default);
    QCOMPARE(
        store.problems(),
        QStringList(
            {path + ":2: \"garbage line\" is neither [Section], Key=Value nor a comment; ignored",
             path + ":5: ExpiryWarnDays: unknown policy key; did you mean ExpiryWarningDays?; ignored",
             path + ":7: unknown section [Colours]; the sections are [Policy] and [Enforced]; its keys are ignored",
             path
                 + ":6: ExpiryWarningDays: \"99999\" is not allowed: a whole number of days from 0 (off) "
                   "to 3650; this setting is ignored"}));
}

void TestPolicyStore::binaryJunkGivesDefaults()
{
    TestEnvironment env;
    QVERIFY(writeFile(Paths::policyFile(Scope::User), QByteArray("\x00\x01\xff\xfe\x89PNG\r\n", 10)));
    const PolicyStore store;
    QCOMPARE(store.effective(Scope::User).policy, Policy{});
    QVERIFY(!store.problems().isEmpty());
}

void TestPolicyStore::unsafeMachineFileIsIgnored()
{
    TestEnvironment env;
    const QString path = Paths::policyFile(Scope::System);
    QVERIFY(writeFile(path, "[Policy]\nRequireSignedScripts=true\n"));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther | QFile::WriteOther));
    PolicyStore store;
    QVERIFY(!store.effective(Scope::System).policy.requireSignedScripts);
    QVERIFY(store.layer(Scope::System).ignored);
    QCOMPARE(store.problems().size(), 1);
    QVERIFY2(store.problems()[0].contains(QLatin1String("writable by group or others")),
             qPrintable(store.problems()[0]));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    store.reload();
    QVERIFY(store.effective(Scope::System).policy.requireSignedScripts);
    if (::geteuid() == 0) { // only root can give the file away
        QCOMPARE(::chown(qPrintable(path), 65534, 65534), 0);
        store.reload();
        QVERIFY(store.layer(Scope::System).ignored);
        QVERIFY(store.problems().value(0).contains(QLatin1String("owned by uid 65534")));
    }
}

void TestPolicyStore::setKeepsCommentsAndOtherLines()
{
    TestEnvironment env;
    const QString path = Paths::policyFile(Scope::User);
    QVERIFY(writeFile(path,
                      "# my settings\n[Policy]\n; warn a month ahead\nexpirywarningdays = 30\nLogExpiryEvents=true\n\n"
                      "[Later]\nX=1\n"));
    PolicyStore store;
    QVERIFY(store.set(Scope::User, PolicyKey::ExpiryWarningDays, QStringLiteral("45")).ok());
    QVERIFY(store.set(Scope::User, PolicyKey::RescanInterval, QStringLiteral("1800")).ok());
    QCOMPARE(read(path),
             QByteArray("# my settings\n[Policy]\n; warn a month ahead\nExpiryWarningDays=45\nLogExpiryEvents=true\n"
                        "RescanInterval=30m\n\n[Later]\nX=1\n"));
    QCOMPARE(store.effective(Scope::User).policy.expiryWarningDays, 45); // reloaded
    const PolicyWriteResult removed = store.unset(Scope::User, PolicyKey::LogExpiryEvents);
    QVERIFY(removed.ok());
    QCOMPARE(removed.message, QStringLiteral("LogExpiryEvents removed from the user policy %1").arg(path));
    QVERIFY(!read(path).contains("LogExpiryEvents"));
}

void TestPolicyStore::enforceMovesTheKeyBetweenSections()
{
    TestEnvironment env;
    const QString path = Paths::policyFile(Scope::System);
    PolicyStore store;
    QVERIFY(store.set(Scope::System, PolicyKey::ExpiryWarningPercent, QStringLiteral("20")).ok());
    QVERIFY(store.set(Scope::User, PolicyKey::ExpiryWarningPercent, QStringLiteral("30")).ok());
    QCOMPARE(store.effective(Scope::User).source(PolicyKey::ExpiryWarningPercent), PolicySource::User);
    const PolicyWriteResult enforced =
        store.set(Scope::System, PolicyKey::ExpiryWarningPercent, QStringLiteral("25"), true);
    QVERIFY(enforced.ok());
    QCOMPARE(enforced.message,
             QStringLiteral("ExpiryWarningPercent = 25 (enforced) in the machine policy %1").arg(path));
    QCOMPARE(store.effective(Scope::User).policy.expiryWarningPercent, 25);
    QCOMPARE(store.effective(Scope::User).source(PolicyKey::ExpiryWarningPercent), PolicySource::Enforced);
    QVERIFY(!read(path).contains("[Policy]\nExpiryWarningPercent"));                               // moved, not copied
    QVERIFY(store.set(Scope::System, PolicyKey::ExpiryWarningPercent, QStringLiteral("25")).ok()); // enforcement lifted
    QCOMPARE(store.effective(Scope::User).policy.expiryWarningPercent, 30);
    QVERIFY(store.unset(Scope::System, PolicyKey::ExpiryWarningPercent).ok());
    QVERIFY(!read(path).contains("ExpiryWarningPercent"));
}

void TestPolicyStore::newMachineFileIsReadableByUsers()
{
    TestEnvironment env;
    const QString path = Paths::policyFile(Scope::System);
    QVERIFY(QDir(QFileInfo(path).path()).removeRecursively());
    PolicyStore store;
    QVERIFY(store.set(Scope::System, PolicyKey::ExpiryWarningDays, QStringLiteral("21")).ok());
    QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadOther | QFile::WriteOther | QFile::WriteGroup),
             QFile::ReadOther);
    QVERIFY(QFileInfo(QFileInfo(path).path()).permissions() & QFile::ExeOther);
    QVERIFY(read(path).startsWith("# Certlife policy"));
    QVERIFY(read(path).endsWith("[Policy]\nExpiryWarningDays=21\n"));
}

void TestPolicyStore::rejectedWritesChangeNothing()
{
    TestEnvironment env;
    const QString path = Paths::policyFile(Scope::User);
    QVERIFY(writeFile(path, "[Policy]\nExpiryWarningPercent=15\n"));
    PolicyStore store;
    const PolicyWriteResult bad = store.set(Scope::User, PolicyKey::ExpiryWarningPercent, QStringLiteral("150"));
    QCOMPARE(bad.status, PolicyWriteResult::Status::Invalid);
    QCOMPARE(bad.message, QStringLiteral("ExpiryWarningPercent: \"150\" is not allowed: a whole number from 1 to 99"));
    QCOMPARE(store.set(Scope::User, PolicyKey::ExpiryWarningPercent, QStringLiteral("20"), true).status,
             PolicyWriteResult::Status::Invalid);
    QCOMPARE(read(path), QByteArray("[Policy]\nExpiryWarningPercent=15\n"));
}

void TestPolicyStore::listsWithSpecialCharactersRoundTrip()
{
    TestEnvironment env;
    PolicyStore store;
    const QStringList stores{QStringLiteral("/srv/a,b"), QStringLiteral("/srv/c;d"),
                             QStringLiteral("/srv/zertifikate/ü"), QStringLiteral("/srv/quote\"x")};
    QVERIFY(store.set(Scope::User, PolicyKey::AdditionalStores, joinPolicyList(stores)).ok());
    QVERIFY(store.set(Scope::User, PolicyKey::EventRetention, QStringLiteral("30d,5000")).ok());
    const PolicyStore reread;
    QCOMPARE(reread.effective(Scope::User).policy.additionalStores, stores);
    QCOMPARE(reread.effective(Scope::User).policy.eventRetention, (EventRetention{30 * 86400, 5000}));
    QVERIFY2(reread.problems().isEmpty(), qPrintable(reread.problems().join(QLatin1Char('\n'))));
}

// Only the system agent publishes: a user's policy cannot name a fleet database, neither
// by `policy set` nor by hand in the file.
void TestPolicyStore::fleetKeysAreMachineOnly()
{
    TestEnvironment env;
    const QString userPath = Paths::policyFile(Scope::User);
    QVERIFY(writeFile(userPath, "[Policy]\nFleetDatabase=postgresql://db.example.com/certlife\n"));
    PolicyStore store;
    QCOMPARE(store.effective(Scope::User).policy.fleetDatabase, QString());
    QCOMPARE(store.problems(),
             QStringList{userPath
                         + QStringLiteral(":2: FleetDatabase only has a meaning in the "
                                          "machine policy; ignored")});
    const PolicyWriteResult refused =
        store.set(Scope::User, PolicyKey::FleetPasswordFile, QStringLiteral("/home/alice/fleet.password"));
    QCOMPARE(refused.status, PolicyWriteResult::Status::Invalid);
    QCOMPARE(refused.message,
             QStringLiteral("FleetPasswordFile is a machine policy key (only the system agent "
                            "publishes to the fleet): use the system scope"));
    const PolicyWriteResult machine =
        store.set(Scope::System, PolicyKey::FleetDatabase, QStringLiteral("postgresql://db.example.com/certlife"));
    QVERIFY2(machine.ok(), qPrintable(machine.message));
    QCOMPARE(store.effective(Scope::System).policy.fleetDatabase,
             QStringLiteral("postgresql://db.example.com/certlife"));
    QCOMPARE(store.effective(Scope::System).source(PolicyKey::FleetDatabase), PolicySource::Machine);
}

QTEST_GUILESS_MAIN(TestPolicyStore)
#include "TestPolicyStore.moc"
