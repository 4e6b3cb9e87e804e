// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl fleet status, fleet certificates and events --fleet against a real
// PostgreSQL 15 (a private cluster) holding three hosts that published as their agents
// would, one of them silent: what an administrator reads, as a member of certlife_reader.
#include "CliProcess.h"
#include "FleetReadFixture.h"
#include "TestEnvironment.h"

#include <QDir>
#include <QJsonArray>
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

    // A host whose agent saw its local log prune events before they were published: its
    // STATUS says how many the fleet will never have, and so does --json.
    void statusSaysHowManyEventsWereLostToPruning()
    {
        const std::unique_ptr<fleet::FleetConnection> admin = connectTo(m_cluster, QStringLiteral("fleet"));
        QVERIFY(admin);
        const QString set = QStringLiteral("UPDATE certlife.hosts SET events_lost_to_pruning = %1 WHERE host = 'web2'");
        QCOMPARE(refusalOf(*admin, set.arg(2)), QString());
        const CliRun table = run(QStringList{QStringLiteral("fleet"), QStringLiteral("status")} + asReader());
        const CliRun json =
            run(QStringList{QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("--json")} + asReader());
        QCOMPARE(refusalOf(*admin, set.arg(0)), QString());
        QVERIFY2(table.code == 0, qPrintable(table.err));
        QVERIFY2(
            table.out.contains(QRegularExpression(QStringLiteral("\\nweb2 .* ok, 2 events lost to local pruning\\n"))),
            qPrintable(table.out));
        QVERIFY2(table.out.contains(QRegularExpression(QStringLiteral("\\nweb1 .* ok\\n"))), qPrintable(table.out));
        const QList<QJsonObject> hosts = jsonLines(json.out);
        QCOMPARE(hosts.size(), 3);
        QCOMPARE(hosts[0][QStringLiteral("eventsLostToPruning")].toInteger(), 0);
        QCOMPARE(hosts[1][QStringLiteral("eventsLostToPruning")].toInteger(), 2);
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

    // The scan problems an agent published with a certificate (fleet/FleetPublisher:
    // the problems of the files that hold it) are listed under the table, and in --json.
    void certificatesShowTheirScanProblems()
    {
        const std::unique_ptr<fleet::FleetConnection> admin = connectTo(m_cluster, QStringLiteral("fleet"));
        QVERIFY(admin);
        const QString set = QStringLiteral("UPDATE certlife.certificates SET problems = '%1'"
                                           " WHERE host = 'web1' AND subject = 'CN=www.web1.example'");
        QCOMPARE(refusalOf(*admin,
                           set.arg(QStringLiteral("[{\"path\": \"/etc/ssl/www.web1.example.pem\","
                                                  " \"error\": \"entry 2: not a certificate\"}]"))),
                 QString());
        const CliRun table = run(QStringList{QStringLiteral("fleet"), QStringLiteral("certificates"),
                                             QStringLiteral("--host"), QStringLiteral("web1")}
                                 + asReader());
        const CliRun json = run(QStringList{QStringLiteral("fleet"), QStringLiteral("certificates"),
                                            QStringLiteral("--host"), QStringLiteral("web1"), QStringLiteral("--json")}
                                + asReader());
        QCOMPARE(refusalOf(*admin, set.arg(QStringLiteral("[]"))), QString());
        QVERIFY2(table.code == 0, qPrintable(table.err));
        QVERIFY2(
            table.out.endsWith(QLatin1String("\n3 certificates; 1 in files with scan problems:\n"
                                             "  web1 /etc/ssl/www.web1.example.pem: entry 2: not a certificate\n")),
            qPrintable(table.out));
        int withProblems = 0;
        for (const QJsonObject& row : jsonLines(json.out)) {
            const QJsonArray problems = row[QStringLiteral("problems")].toArray();
            if (problems.isEmpty())
                continue;
            ++withProblems;
            QCOMPARE(row[QStringLiteral("subject")].toString(), QStringLiteral("CN=www.web1.example"));
            QCOMPARE(problems[0][QStringLiteral("error")].toString(), QStringLiteral("entry 2: not a certificate"));
        }
        QCOMPARE(withProblems, 1);
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
        QVERIFY2(lines[1].contains(
                     QRegularExpression(QStringLiteral("^2026-12-01T11:59:00Z +web1 +User \\(dana\\) +1002 "))),
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
        // A User channel is an account's: CHANNEL names it, with one channel asked for too.
        QVERIFY2(user.out.contains(QRegularExpression(QStringLiteral(" web1 +User \\(dana\\) +1002 "))),
                 qPrintable(user.out));
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

    // certlifectl report --fleet: the report code of this computer's reports over every
    // host's certificates and events, with the host in each row.
    void reportsOverTheFleetNameEachRowsHost()
    {
        const QString uri = m_cluster.uri(QStringLiteral("fleet"), kFleetReader);
        const QStringList fleet{QStringLiteral("--fleet"), uri, QStringLiteral("--password-file"), m_passwordFile};
        const auto report = [&](const QStringList& args) -> std::optional<QJsonObject> {
            const QString out = m_env.path(QStringLiteral("report.json"));
            const CliRun r = run(QStringList{QStringLiteral("report"), QStringLiteral("--format"),
                                             QStringLiteral("json"), QStringLiteral("--out"), out}
                                 + args + fleet);
            if (r.code != 0) {
                qWarning("%s", qPrintable(r.err));
                return std::nullopt;
            }
            QFile file(out);
            if (!file.open(QIODevice::ReadOnly))
                return std::nullopt;
            return QJsonDocument::fromJson(file.readAll()).object();
        };
        const auto column = [](const QJsonObject& doc, const char* key) {
            QStringList values;
            for (const QJsonValue& row : doc[QStringLiteral("rows")].toArray())
                values << row.toObject()[QLatin1String(key)].toString();
            return values;
        };

        const std::optional<QJsonObject> all = report({QStringLiteral("--kind"), QStringLiteral("certificates")});
        QVERIFY(all);
        QCOMPARE((*all)[QStringLiteral("columns")].toArray().first().toObject()[QStringLiteral("key")].toString(),
                 QStringLiteral("host"));
        QCOMPARE((*all)[QStringLiteral("host")].toString(), QStringLiteral("fleet ") + uri);
        const QStringList hosts = column(*all, "host");
        QCOMPARE(hosts.size(), 6); // every host's certificates, as fleet status counts them
        for (const char* host : {"web1", "web2", "web3"})
            QVERIFY2(hosts.contains(QLatin1String(host)), host);
        const QStringList names = column(*all, "subjectCN");
        const qsizetype mail = names.indexOf(QStringLiteral("mail.web2.example"));
        QVERIFY(mail >= 0);
        QCOMPARE(hosts[mail], QStringLiteral("web2"));
        QCOMPARE(column(*all, "store")[mail], QStringLiteral("web2: My (User)"));
        // Judged as the console judges them, most urgent first: web1's expiring one.
        QCOMPARE(names.first(), QStringLiteral("soon.web1.example"));
        QVERIFY2((*all)[QStringLiteral("summary")].toString().startsWith(QLatin1String("6 certificates: 2 expired")),
                 qPrintable((*all)[QStringLiteral("summary")].toString()));

        const std::optional<QJsonObject> web2 = report({QStringLiteral("--kind"), QStringLiteral("certificates"),
                                                        QStringLiteral("--host"), QStringLiteral("web2")});
        QVERIFY(web2);
        QCOMPARE(column(*web2, "host"), (QStringList{QStringLiteral("web2"), QStringLiteral("web2")}));

        const std::optional<QJsonObject> events = report({QStringLiteral("--kind"), QStringLiteral("events")});
        QVERIFY(events);
        const QStringList eventHosts = column(*events, "host");
        QCOMPARE(eventHosts.size(), 6);
        QCOMPARE(eventHosts.count(QStringLiteral("web1")), 3);
        QCOMPARE(eventHosts.count(QStringLiteral("web2")), 2);
        QCOMPARE(eventHosts.last(), QStringLiteral("web3")); // newest first across hosts
        const std::optional<QJsonObject> web1Errors =
            report({QStringLiteral("--kind"), QStringLiteral("events"), QStringLiteral("--host"),
                    QStringLiteral("web1"), QStringLiteral("--level"), QStringLiteral("error")});
        QVERIFY(web1Errors);
        QCOMPARE(column(*web1Errors, "host"), QStringList{QStringLiteral("web1")});

        // A fleet has no task report; --host is the fleet's.
        const CliRun tasks = run(QStringList{QStringLiteral("report"), QStringLiteral("--kind"),
                                             QStringLiteral("tasks"), QStringLiteral("--format"), QStringLiteral("csv"),
                                             QStringLiteral("--out"), QStringLiteral("-")}
                                 + fleet);
        QCOMPARE(tasks.code, 2);
        QVERIFY2(tasks.err.contains(QLatin1String("--fleet applies to --kind certificates and events only")),
                 qPrintable(tasks.err));
        const CliRun hostAlone = run({QStringLiteral("report"), QStringLiteral("--kind"), QStringLiteral("events"),
                                      QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"),
                                      QStringLiteral("-"), QStringLiteral("--host"), QStringLiteral("web1")});
        QCOMPARE(hostAlone.code, 2);
        QVERIFY2(hostAlone.err.contains(QLatin1String("--host needs --fleet")), qPrintable(hostAlone.err));

        // The screenshot's PDF and HTML, for a person to look at.
        if (const QString dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            for (const char* format : {"pdf", "html"}) {
                const CliRun written =
                    run(QStringList{QStringLiteral("report"), QStringLiteral("--kind"), QStringLiteral("certificates"),
                                    QStringLiteral("--format"), QLatin1String(format), QStringLiteral("--out"),
                                    QDir(dir).filePath(QStringLiteral("fleet-report.") + QLatin1String(format))}
                        + fleet);
                QVERIFY2(written.code == 0, qPrintable(written.err));
            }
        }
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
