// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl fleet status, fleet certificates and events --fleet against a real
// PostgreSQL 15 (a private cluster) holding three hosts that published as their agents
// would, one of them silent: what an administrator reads, as a member of certlife_reader.
#include "CliProcess.h"
#include "FleetReadFixture.h"
#include "TestEnvironment.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCliFleetRead : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    TestEnvironment m_env; // HOME too: no ~/.pgpass of the machine's is read
    QString m_passwordFile;

    QStringList asReader() const
    {
        return {QStringLiteral("--database"), m_cluster.uri(QStringLiteral("fleet"), kFleetReader),
                QStringLiteral("--password-file"), m_passwordFile};
    }

    // certlifectl ARGS at kFleetNow.
    static CliRun run(const QStringList& args)
    {
        return runCli(args, {QStringLiteral("CERTLIFE_NOW=") + kFleetNow.toString(Qt::ISODate)});
    }

    static QList<QJsonObject> jsonLines(const QString& text)
    {
        QList<QJsonObject> out;
        for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out << QJsonDocument::fromJson(line.toUtf8()).object();
        return out;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        QVERIFY(publishReadFixture(m_cluster, QStringLiteral("fleet")));
        m_passwordFile = writeReaderPasswordFile(m_env.path(QString()));
    }

    void statusShowsEveryHostAndTheSilentAgent()
    {
        const CliRun status = run(QStringList{QStringLiteral("fleet"), QStringLiteral("status")} + asReader());
        QVERIFY2(status.code == 0, qPrintable(status.err));
        QCOMPARE(status.err, QString());
        // host, last contact, agent, rescan, last pass, certs, expired, expiring, 30, 60, 90, healthy, status
        QVERIFY2(status.out.contains(QRegularExpression(
                     QStringLiteral("\\nweb1 +2026-12-01 11:00 +0\\.9\\.0 +8h +ok +3 +1 +1 +0 +0 +0 +1 +ok\\n"))),
                 qPrintable(status.out));
        QVERIFY2(status.out.contains(QRegularExpression(QStringLiteral("\\nweb2 +2026-12-01 11:50 .* 2 +0 +0 +1 "))),
                 qPrintable(status.out));
        QVERIFY2(status.out.contains(QRegularExpression(
                     QStringLiteral("\\nweb3 +2026-11-28 12:00 +0\\.9\\.0 +1h .* agent silent \\(3 days\\)\\n"))),
                 qPrintable(status.out));
        QVERIFY2(status.out.contains(QStringLiteral("3 hosts, 6 certificates (2 expired, 1 expiring); 1 agent silent: "
                                                    "web3 (last contact 2026-11-28 12:00).")),
                 qPrintable(status.out));

        const CliRun json =
            run(QStringList{QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("--json")} + asReader());
        QVERIFY2(json.code == 0, qPrintable(json.err));
        const QList<QJsonObject> hosts = jsonLines(json.out);
        QCOMPARE(hosts.size(), 3);
        QCOMPARE(hosts[0][QStringLiteral("host")].toString(), QStringLiteral("web1"));
        QCOMPARE(hosts[0][QStringLiteral("lastContact")].toString(), QStringLiteral("2026-12-01T11:00:00Z"));
        QCOMPARE(hosts[0][QStringLiteral("silent")].toBool(), false);
        QCOMPARE(hosts[0][QStringLiteral("rescanIntervalSeconds")].toInt(), 8 * 3600);
        QCOMPARE(hosts[0][QStringLiteral("byState")].toObject()[QStringLiteral("expired")].toInt(), 1);
        QCOMPARE(hosts[2][QStringLiteral("silent")].toBool(), true);
        QCOMPARE(hosts[2][QStringLiteral("certificates")].toInt(), 1);
    }

    void certificatesByHostAndExpiry()
    {
        const CliRun soon = run(QStringList{QStringLiteral("fleet"), QStringLiteral("certificates"),
                                            QStringLiteral("--expiring-within"), QStringLiteral("30")}
                                + asReader());
        QVERIFY2(soon.code == 0, qPrintable(soon.err));
        QVERIFY2(soon.out.contains(QRegularExpression(QStringLiteral(
                     "\\nweb1 +ssl-certs +2026-11-26 12:00 +-5 +expired +CN=old\\.web1\\.example +/etc/ssl/old"))),
                 qPrintable(soon.out));
        QVERIFY2(soon.out.contains(QRegularExpression(QStringLiteral("\\nweb2 +My \\(User\\) .* 25 +30 "))),
                 qPrintable(soon.out));
        QVERIFY(!soon.out.contains(QLatin1String("www.web1.example"))); // 200 days left
        QVERIFY2(soon.out.endsWith(QLatin1String("\n4 certificates\n")), qPrintable(soon.out));

        const CliRun web2 = run(QStringList{QStringLiteral("fleet"), QStringLiteral("certificates"),
                                            QStringLiteral("--host"), QStringLiteral("WEB2"), QStringLiteral("--json")}
                                + asReader());
        QVERIFY2(web2.code == 0, qPrintable(web2.err));
        const QList<QJsonObject> rows = jsonLines(web2.out);
        QCOMPARE(rows.size(), 2);
        // The scan JSON's keys the fleet has, plus host, channel, store and state.
        for (const char* key : {"host", "channel", "store", "path", "thumbprint", "sha256", "subject", "issuer",
                                "notBefore", "notAfter", "sans", "state", "key", "paths", "problems"})
            QVERIFY2(rows[0].contains(QLatin1String(key)), key);
        QCOMPARE(rows[0][QStringLiteral("host")].toString(), QStringLiteral("web2"));
        QCOMPARE(rows[0][QStringLiteral("subject")].toString(), QStringLiteral("CN=mail.web2.example"));
        QCOMPARE(rows[0][QStringLiteral("notAfter")].toString(), QStringLiteral("2026-12-26T12:00:00Z"));
        QCOMPARE(rows[0][QStringLiteral("sans")].toArray().first().toString(), QStringLiteral("DNS:mail.web2.example"));

        const CliRun bad = run(QStringList{QStringLiteral("fleet"), QStringLiteral("certificates"),
                                           QStringLiteral("--expiring-within"), QStringLiteral("soon")}
                               + asReader());
        QCOMPARE(bad.code, 2);
    }

    void eventsAcrossHostsWithTheHostFilter()
    {
        const QStringList fleet{QStringLiteral("events"), QStringLiteral("--fleet"),
                                m_cluster.uri(QStringLiteral("fleet"), kFleetReader), QStringLiteral("--password-file"),
                                m_passwordFile};
        const CliRun all = run(fleet);
        QVERIFY2(all.code == 0, qPrintable(all.err));
        const QStringList lines = all.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 7); // the header and six events, both channels
        QVERIFY2(lines[0].contains(QRegularExpression(QStringLiteral("^TIME +HOST +CHANNEL +ID"))),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].contains(QRegularExpression(QStringLiteral("^2026-12-01T11:59:00Z +web1 +User +1002 "))),
                 qPrintable(lines[1]));
        QVERIFY2(lines[6].contains(QRegularExpression(QStringLiteral(" web3 +System +1002 "))), qPrintable(lines[6]));

        const CliRun web2 =
            run(fleet + QStringList{QStringLiteral("--host"), QStringLiteral("web2"), QStringLiteral("--json")});
        QVERIFY2(web2.code == 0, qPrintable(web2.err));
        const QList<QJsonObject> events = jsonLines(web2.out);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0][QStringLiteral("host")].toString(), QStringLiteral("web2"));
        QCOMPARE(events[0][QStringLiteral("eventId")].toInt(), 1001);
        QCOMPARE(events[0][QStringLiteral("certificate")].toObject()[QStringLiteral("subject")].toString(),
                 QStringLiteral("CN=www.web2.example"));
        QCOMPARE(events[1][QStringLiteral("eventId")].toInt(), 1003);

        // The local filters, with the fleet: the errors of every host, one row at a time
        // (paging across hosts), in the User channel only.
        const CliRun errors =
            run(fleet
                + QStringList{QStringLiteral("--level"), QStringLiteral("error"), QStringLiteral("--limit"),
                              QStringLiteral("0"), QStringLiteral("--json")});
        QCOMPARE(jsonLines(errors.out).size(), 2);
        const CliRun user = run(fleet + QStringList{QStringLiteral("--channel"), QStringLiteral("user")});
        QCOMPARE(user.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 2);
        const CliRun search =
            run(fleet + QStringList{QStringLiteral("--search"), QStringLiteral("SOON.web1"), QStringLiteral("--json")});
        QCOMPARE(jsonLines(search.out).size(), 1);
        const CliRun none = run(fleet + QStringList{QStringLiteral("--host"), QStringLiteral("db9")});
        QCOMPARE(none.out, QStringLiteral("No events.\n"));

        const CliRun hostWithoutFleet =
            run({QStringLiteral("events"), QStringLiteral("--host"), QStringLiteral("web1")});
        QCOMPARE(hostWithoutFleet.code, 2);
        QVERIFY2(hostWithoutFleet.err.contains(QLatin1String("--host needs --fleet")),
                 qPrintable(hostWithoutFleet.err));
    }

    void theReaderCannotWriteThroughTheCli()
    {
        // add-host as a reader: refused by the database (no CREATEROLE), no file left.
        const QString file = m_env.path(QStringLiteral("db9.password"));
        const CliRun add =
            run(QStringList{QStringLiteral("fleet"), QStringLiteral("add-host"), QStringLiteral("--host"),
                            QStringLiteral("db9"), QStringLiteral("--host-password-file"), file}
                + asReader());
        QCOMPARE(add.code, 1);
        QVERIFY2(add.err.contains(QLatin1String("permission denied to create role")), qPrintable(add.err));
        QCOMPARE(add.err.count(QLatin1Char('\n')), 1); // one line, no driver warning beside it
        QVERIFY(!QFile::exists(file));
    }

    void unreachableAndRefusedAreOneLine()
    {
        const QString nowhere = m_env.path(QStringLiteral("no-server"));
        const QString uri = QStringLiteral("postgresql:///fleet?host=%1&user=alice").arg(nowhere);
        for (const QStringList& args :
             {QStringList{QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("--database"), uri},
              QStringList{QStringLiteral("fleet"), QStringLiteral("certificates"), QStringLiteral("--database"), uri},
              QStringList{QStringLiteral("events"), QStringLiteral("--fleet"), uri}}) {
            const CliRun r = run(args);
            QCOMPARE(r.code, 5);
            QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
            QVERIFY2(r.err.startsWith(QLatin1String("certlifectl: cannot connect to the fleet database: ")),
                     qPrintable(r.err));
        }
        const QString wrong = m_env.path(QStringLiteral("wrong.password"));
        QString error;
        QVERIFY2(fleet::createPasswordFile(wrong, QStringLiteral("not-alices"), &error), qPrintable(error));
        const CliRun refused = run(QStringList{
            QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("--database"),
            m_cluster.uri(QStringLiteral("fleet"), kFleetReader), QStringLiteral("--password-file"), wrong});
        QCOMPARE(refused.code, 5);
        QVERIFY2(refused.err.startsWith(QLatin1String("certlifectl: cannot log in to the fleet database: ")),
                 qPrintable(refused.err));
        // A database without the fleet schema: status 1 and what to do.
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("bare"), &error), qPrintable(error));
        const CliRun bare = run({QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("--database"),
                                 m_cluster.uri(QStringLiteral("bare")), QStringLiteral("--password-file"),
                                 m_cluster.superuserPasswordFile()});
        QCOMPARE(bare.code, 1);
        QVERIFY2(bare.err.contains(QLatin1String("certlifectl fleet init")), qPrintable(bare.err));
    }

    void helpAnswersTheQuestions()
    {
        const CliRun status = run({QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("--help")});
        QCOMPARE(status.code, 0);
        QVERIFY(status.out.contains(QLatin1String("twice its rescan interval")));
        QVERIFY(status.out.contains(QLatin1String("certlife_reader")));
        const CliRun certificates =
            run({QStringLiteral("fleet"), QStringLiteral("certificates"), QStringLiteral("--help")});
        QVERIFY(certificates.out.contains(QLatin1String("--expiring-within")));
        QVERIFY(certificates.out.contains(QLatin1String("already expired too")));
        const CliRun events = run({QStringLiteral("events"), QStringLiteral("--help")});
        QVERIFY(events.out.contains(QLatin1String("--fleet")));
        QVERIFY(events.out.contains(QLatin1String("--host")));
        const CliRun fleet = run({QStringLiteral("fleet"), QStringLiteral("--help")});
        QVERIFY(fleet.out.contains(QLatin1String("status")));
        QVERIFY(fleet.out.contains(QLatin1String("events --fleet")));
    }
};

QTEST_GUILESS_MAIN(TestCliFleetRead)
#include "TestCliFleetRead.moc"
