// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "policy/Policy.h"

#include <QTest>

using namespace certlife;

// The key table: every key's validation, its messages, and the canonical text.
class TestPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void values_data();
    void values();
    void unknownKeys_data();
    void unknownKeys();
    void lists_data();
    void lists();
};

void TestPolicy::defaults()
{
    const Policy p;
    QCOMPARE(p.expiryWarningPercent, 10);
    QCOMPARE(p.expiryWarningDays, 0);
    QCOMPARE(p.expiryWarningMaxDays, 90);
    QCOMPARE(p.longExpiredDays, 90);
    QVERIFY(p.logExpiryEvents && p.showExpiryNotifications && !p.requireSignedScripts && !p.fleetPublishUserEvents);
    QCOMPARE(policyValueText(p, PolicyKey::RescanInterval), QStringLiteral("8h"));
    QCOMPARE(policyValueText(p, PolicyKey::RenotifyInterval), QStringLiteral("1d"));
    QCOMPARE(policyValueText(p, PolicyKey::EventRetention), QStringLiteral("365d"));
    QCOMPARE(policyValueText(p, PolicyKey::StaleBindingGrace), QStringLiteral("1h"));
    QCOMPARE(allPolicyKeys().size(), 18);
    for (PolicyKey key : allPolicyKeys()) { // every default is itself a valid value
        Policy copy;
        QString error;
        QVERIFY2(setPolicyValue(copy, key, policyValueText(p, key), &error), qPrintable(error));
        QCOMPARE(copy, p);
    }
}

void TestPolicy::values_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("result"); // canonical text, or the whole error message

    const auto ok = [](const char* key, const char* value, const char* canonical) {
        QTest::addRow("%s=%s", key, value)
            << QString::fromLatin1(key) << QString::fromUtf8(value) << QString::fromUtf8(canonical);
    };
    const auto bad = [](const char* key, const char* value, const char* allowed) {
        QTest::addRow("%s=%s (bad)", key, value)
            << QString::fromLatin1(key) << QString::fromUtf8(value)
            << QStringLiteral("%1: \"%2\" is not allowed: %3")
                   .arg(QLatin1String(key), QString::fromUtf8(value), QString::fromUtf8(allowed));
    };
    const char* percent = "a whole number from 1 to 99";
    ok("ExpiryWarningPercent", "20", "20");
    ok("ExpiryWarningPercent", " 15% ", "15");
    bad("ExpiryWarningPercent", "150", percent);
    bad("ExpiryWarningPercent", "0", percent);
    bad("ExpiryWarningPercent", "7.5", percent);
    bad("ExpiryWarningPercent", "", percent);
    bad("ExpiryWarningPercent", "١٠", percent); // Arabic-Indic digits are not ASCII digits
    ok("ExpiryWarningDays", "30", "30");
    ok("ExpiryWarningDays", "30d", "30");
    ok("ExpiryWarningDays", "0", "0");
    bad("ExpiryWarningDays", "3651", "a whole number of days from 0 (off) to 3650");
    bad("ExpiryWarningDays", "-1", "a whole number of days from 0 (off) to 3650");
    ok("ExpiryWarningMaxDays", "60d", "60");
    ok("ExpiryWarningMaxDays", "0", "0");
    bad("ExpiryWarningMaxDays", "3651", "a whole number of days from 0 (no cap) to 3650");
    ok("LongExpiredDays", "365", "365");
    ok("LongExpiredDays", "0", "0");
    bad("LongExpiredDays", "36501", "a whole number of days from 0 (never) to 36500");
    bad("LongExpiredDays", "3m", "a whole number of days from 0 (never) to 36500");
    ok("LogExpiryEvents", "no", "false");
    ok("ShowExpiryNotifications", "ON", "true");
    bad("LogExpiryEvents", "maybe", "true or false");
    const char* rescan = "a duration from 1m to 7d, such as 30m, 8h, 2d, or a number of seconds";
    ok("RescanInterval", "30m", "30m");
    ok("RescanInterval", "1800", "30m");
    ok("RescanInterval", "3601", "3601s");
    ok("RescanInterval", "1w", "7d");
    ok("RescanInterval", "2D", "2d");
    bad("RescanInterval", "59s", rescan);
    bad("RescanInterval", "8d", rescan);
    bad("RescanInterval", "8 hours", rescan);
    ok("RenotifyInterval", "0", "0");
    ok("RenotifyInterval", "12h", "12h");
    bad("RenotifyInterval", "30m", "0 (never repeat) or a duration from 1h to 365d, such as 12h or 7d");
    ok("AdditionalStores", "/etc/letsencrypt, /srv//certs/", "/etc/letsencrypt, /srv/certs");
    ok("AdditionalStores", "\"/srv/a,b\", /srv/c;d", "\"/srv/a,b\", \"/srv/c;d\"");
    ok("AdditionalStores", "", "");
    bad("AdditionalStores", "certs/web", "absolute paths separated by commas");
    bad("AdditionalStores", "/etc/ssl,,/srv", "absolute paths separated by commas");
    ok("TrustedSigners", "/etc/certlife/signer.pem", "/etc/certlife/signer.pem");
    bad("TrustedSigners", "signer.pem", "absolute paths of certificate files separated by commas");
    const char* retention = "an age from 1d to 36500d, optionally followed by a comma and a maximum number of events "
                            "from 1000 to 1000000000, such as 365d or 365d,1000000";
    ok("EventRetention", "365d", "365d");
    ok("EventRetention", "90d, 50000", "90d,50000");
    ok("EventRetention", "2w", "14d");
    bad("EventRetention", "12h", retention);
    bad("EventRetention", "365d,10", retention);
    bad("EventRetention", "365d,1000,5", retention);
    bad("EventRetention", "1y", retention);
    const char* grace = "0 (at once) or a duration from 1m to 30d, such as 30m or 1h";
    ok("StaleBindingGrace", "0", "0");
    ok("StaleBindingGrace", "90m", "90m");
    ok("StaleBindingGrace", "2h", "2h");
    bad("StaleBindingGrace", "30s", grace);
    bad("StaleBindingGrace", "31d", grace);
    ok("RequireSignedScripts", "true", "true");
    const char* textfile = "empty (off) or the absolute path of a file";
    ok("MetricsTextfile", " /var/lib/prometheus/node-exporter/certlife.prom ",
       "/var/lib/prometheus/node-exporter/certlife.prom");
    ok("MetricsTextfile", "", "");
    bad("MetricsTextfile", "certlife.prom", textfile);
    bad("MetricsTextfile", "/var/lib/../tmp/certlife.prom", textfile);
    bad("MetricsTextfile", "/var/lib/node-exporter/", textfile);
    bad("MetricsTextfile", "/", textfile);
    bad("MetricsTextfile", "/var/lib/a\nb.prom", textfile);
    ok("FleetDatabase", " postgresql://certlife_host_web1@db.example.com/certlife?sslmode=verify-full ",
       "postgresql://certlife_host_web1@db.example.com/certlife?sslmode=verify-full");
    ok("FleetDatabase", "", "");
    // A refused URI is not echoed: it may hold a password.
    QTest::addRow("FleetDatabase with a password")
        << QStringLiteral("FleetDatabase") << QStringLiteral("postgresql://web1:s3cret@db/certlife")
        << QStringLiteral("FleetDatabase: not allowed: the URI holds a password: put it in a password file "
                          "(FleetPasswordFile or PGPASSFILE), never in the URI");
    QTest::addRow("FleetDatabase with password=")
        << QStringLiteral("FleetDatabase") << QStringLiteral("postgres://db/certlife?sslmode=require&password=s3cret")
        << QStringLiteral("FleetDatabase: not allowed: the URI holds a password: put it in a password file "
                          "(FleetPasswordFile or PGPASSFILE), never in the URI");
    QTest::addRow("FleetDatabase not a URI")
        << QStringLiteral("FleetDatabase") << QStringLiteral("db.example.com")
        << QStringLiteral("FleetDatabase: not allowed: not a PostgreSQL connection URI (postgresql://…)");
    ok("FleetPasswordFile", "/etc/certlife/fleet.password", "/etc/certlife/fleet.password");
    bad("FleetPasswordFile", "fleet.password",
        "empty or the absolute path of a file of mode 0600 owned by root or the agent's user (machine policy only)");
}

void TestPolicy::values()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, result);
    const std::optional<PolicyKey> k = parsePolicyKey(key);
    QVERIFY(k);
    Policy p;
    const Policy before = p;
    QString error;
    if (setPolicyValue(p, *k, value, &error)) {
        QCOMPARE(policyValueText(p, *k), result);
        Policy again; // the canonical text reads back to the same value
        QVERIFY(setPolicyValue(again, *k, result));
        QCOMPARE(policyValueText(again, *k), result);
    } else {
        QCOMPARE(error, result);
        QCOMPARE(p, before); // a rejected value changes nothing
    }
}

void TestPolicy::unknownKeys_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::newRow("typo") << QStringLiteral("ExpiryWarnPercent")
                          << QStringLiteral(
                                 "ExpiryWarnPercent: unknown policy key; did you mean ExpiryWarningPercent?");
    QTest::newRow("extra letter") << QStringLiteral(
        "RescanIntervall") << QStringLiteral("RescanIntervall: unknown policy key; did you mean RescanInterval?");
    QTest::newRow("fragment") << QStringLiteral("Retention")
                              << QStringLiteral("Retention: unknown policy key; did you mean EventRetention?");
    QTest::newRow("nothing close") << QStringLiteral("Colour") << QStringLiteral("Colour: unknown policy key");
}

void TestPolicy::unknownKeys()
{
    QFETCH(QString, name);
    QFETCH(QString, message);
    QVERIFY(!parsePolicyKey(name));
    QCOMPARE(unknownPolicyKeyMessage(name), message);
    QCOMPARE(parsePolicyKey(QStringLiteral("expirywarningdays")), std::optional(PolicyKey::ExpiryWarningDays));
}

void TestPolicy::lists_data()
{
    QTest::addColumn<QStringList>("items");
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QStringList{"/a", "/b"} << QStringLiteral("/a, /b");
    QTest::newRow("comma and quote") << QStringList{"/a,b", "/say \"hi\""}
                                     << QStringLiteral("\"/a,b\", \"/say \\\"hi\\\"\"");
    QTest::newRow("backslash and spaces")
        << QStringList{"/x\\y", " /lead"} << QStringLiteral("\"/x\\\\y\", \" /lead\"");
    QTest::newRow("unicode") << QStringList{"/srv/zertifikate/ü"} << QStringLiteral("/srv/zertifikate/ü");
    QTest::newRow("empty") << QStringList{} << QString();
}

void TestPolicy::lists()
{
    QFETCH(QStringList, items);
    QFETCH(QString, text);
    QCOMPARE(joinPolicyList(items), text);
    QCOMPARE(splitPolicyList(text), items);
}

QTEST_GUILESS_MAIN(TestPolicy)
#include "TestPolicy.moc"
