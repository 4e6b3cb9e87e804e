// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The system agent publishing to a real PostgreSQL 15 (a private cluster for this
// program), as the machine policy's FleetDatabase names it: inventory, events and
// heartbeat after a pass; a pass with nothing new writes the heartbeat alone; an
// outage loses nothing and stores nothing twice; a wrong password, an unreachable
// server or another host's name give one status line while the pass itself completes;
// a garbled cursor starts again from nothing without duplicates.
#include "CertFactory.h"
#include "FleetTestSupport.h"
#include "PostgresCluster.h"
#include "TestEnvironment.h"
#include "agent/Agent.h"
#include "agent/FleetPublisher.h"
#include "eventlog/EventJson.h"
#include "eventlog/EventLog.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetReader.h"
#include "fleet/FleetSchema.h"
#include "tasks/TaskRunLog.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

namespace {

QByteArray certificatePem(const QString& cn)
{
    CertSpec spec; // valid 2026-01-01 … 2026-04-01: no expiry event on 2026-03-01
    spec.cn = cn;
    spec.dns = {cn};
    return makeCertificate(spec).pem();
}

AgentOptions systemAgent()
{
    AgentOptions o;
    o.scope = Scope::System;
    o.journald = false;
    o.runTasks = false;
    o.watchFiles = false;
    o.clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
    return o;
}

QString storeFile(const QString& name)
{
    return Paths::defaultMyStore(Scope::System) + QLatin1Char('/') + name + QStringLiteral(".pem");
}

bool addCertificate(const QString& name)
{
    QDir().mkpath(Paths::defaultMyStore(Scope::System));
    return writeFile(storeFile(name), certificatePem(name + QStringLiteral(".example")));
}

// Every event of the local System log.
qint64 localEvents()
{
    EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
    if (!log.openReadOnly())
        return -1;
    return log.count(EventQuery{});
}

} // namespace

class TestFleetAgent : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    QTemporaryDir m_files;
    QHash<QString, QString> m_passwordFiles; // host -> its role's password file

    // A fresh connection as the superuser: the cluster may have been restarted since.
    std::unique_ptr<FleetConnection> admin() { return connectTo(m_cluster, QStringLiteral("fleet")); }

    qint64 count(const QString& sql)
    {
        const std::unique_ptr<FleetConnection> connection = admin();
        return connection ? scalar(*connection, sql).toLongLong() : -1;
    }

    // The machine policy of this test's environment: publish as HOST's role.
    bool setMachinePolicy(const QString& host, const QString& uri = {}, const QString& passwordFile = {})
    {
        return writeFile(Paths::policyFile(Scope::System),
                         QStringLiteral("[Policy]\nFleetDatabase=%1\nFleetPasswordFile=%2\n")
                             .arg(uri.isEmpty() ? m_cluster.uri(QStringLiteral("fleet"), defaultHostRole(host)) : uri,
                                  passwordFile.isEmpty() ? m_passwordFiles.value(host) : passwordFile)
                             .toUtf8());
    }

    // How every case starts, in its own TestEnvironment (declared before, so it outlives
    // the agent): the system agent publishing with HOST's role and password under the
    // name NAME (HOST when empty; CERTLIFE_HOSTNAME), the certificate a in its store.
    // Null (and the reason warned) when it cannot start.
    std::unique_ptr<Agent> startPublishingAgent(const QString& host, const QByteArray& name = {},
                                                const QString& uri = {}, const QString& passwordFile = {})
    {
        qputenv("CERTLIFE_HOSTNAME", name.isEmpty() ? host.toUtf8() : name);
        if (!setMachinePolicy(host, uri, passwordFile) || !addCertificate(QStringLiteral("a")))
            return nullptr;
        auto agent = std::make_unique<Agent>(systemAgent());
        QString error;
        if (!agent->start(&error)) {
            qWarning("the agent does not start: %s", qPrintable(error));
            return nullptr;
        }
        return agent;
    }

    // One pass and the publish it started, to the end.
    static AgentPassSummary passAndPublish(Agent& agent, const char* reason)
    {
        AgentPassSummary summary = QCoro::waitFor(agent.runPass(QString::fromLatin1(reason)));
        QCoro::waitFor(agent.finishPublishing());
        return summary;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("fleet"), &error), qPrintable(error));
        const std::unique_ptr<FleetConnection> connection = admin();
        QVERIFY(connection);
        QVERIFY2(migrate(connection->database(), &error), qPrintable(error));
        for (const char* name : {"web1", "web2", "web3", "web4", "web5", "web6", "web7", "web8", "web9"}) {
            const QString host = QString::fromLatin1(name);
            const QString password = generatePassword();
            QVERIFY2(addHost(connection->database(), host, defaultHostRole(host), password, &error), qPrintable(error));
            const QString file = m_files.filePath(host + QStringLiteral(".password"));
            QVERIFY2(createPasswordFile(file, password, &error), qPrintable(error));
            m_passwordFiles.insert(host, file);
        }
    }

    void cleanup()
    {
        qunsetenv("CERTLIFE_HOSTNAME");
        QString error;
        if (!m_cluster.isRunning()) // a failed outage test leaves the others a server
            QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    void publishesInventoryEventsAndHeartbeat()
    {
        const TestEnvironment env;
        // The name kept in lower case, as the fleet keys hosts.
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web1"), "WEB1");
        QVERIFY(started);
        Agent& agent = *started;
        QVERIFY(addCertificate(QStringLiteral("b")));

        AgentPassSummary summary = passAndPublish(agent, "first");
        QVERIFY2(summary.errors.isEmpty(), qPrintable(summary.errors.join(u'\n')));
        QCOMPARE(agent.status().fleetProblem, QString());
        QVERIFY(agent.status().fleetPublishedAt.isValid());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = 'web1'"
                                      " AND channel = 'System' AND store = 'My'")),
                 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.hosts WHERE host = 'web1'"
                                      " AND last_pass_outcome = 'ok' AND last_contact = '2026-03-01T12:00:00Z'"
                                      " AND thresholds->>'ExpiryWarningPercent' = '10'")),
                 1);
        const QString cursorFile = Paths::stateDir(Scope::System) + QStringLiteral("/fleet-cursor.json");
        QCOMPARE(fileMode(cursorFile), 0600);

        // A certificate arrives: its 1006 New and the new inventory row are published.
        QVERIFY(addCertificate(QStringLiteral("c")));
        summary = passAndPublish(agent, "c arrived");
        QCOMPARE(summary.events, 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web1' AND event_id = 1006"
                                      " AND data->'certificate'->>'subjectCN' = 'c.example'")),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = 'web1'")), 3);

        // Nothing new: only the heartbeat is written; no certificate row gets a new version.
        const std::unique_ptr<FleetConnection> before = admin();
        const QString certificateVersions = scalar(*before,
                                                   QStringLiteral("SELECT string_agg(xmin::text, ','"
                                                                  " ORDER BY sha256) FROM"
                                                                  " certlife.certificates WHERE host = 'web1'"))
                                                .toString();
        const QString hostVersion =
            scalar(*before, QStringLiteral("SELECT xmin::text FROM certlife.hosts WHERE host = 'web1'")).toString();
        summary = passAndPublish(agent, "nothing new");
        QCOMPARE(summary.events, 0);
        const std::unique_ptr<FleetConnection> after = admin();
        QCOMPARE(scalar(*after,
                        QStringLiteral("SELECT string_agg(xmin::text, ',' ORDER BY sha256) FROM"
                                       " certlife.certificates WHERE host = 'web1'"))
                     .toString(),
                 certificateVersions);
        QVERIFY(scalar(*after, QStringLiteral("SELECT xmin::text FROM certlife.hosts WHERE host = 'web1'")).toString()
                != hostVersion);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web1'")), 1);
        QCoro::waitFor(agent.stop());
    }

    void anOutageLosesNothingAndStoresNothingTwice()
    {
        const TestEnvironment env;
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web2"));
        QVERIFY(started);
        Agent& agent = *started;
        QString error;
        passAndPublish(agent, "baseline");
        QCOMPARE(agent.status().fleetProblem, QString());

        QVERIFY2(m_cluster.stop(&error), qPrintable(error));
        // Passes go on while the database is down, and record their events locally.
        for (const char* name : {"d", "e", "f"}) {
            QVERIFY(addCertificate(QString::fromLatin1(name)));
            QElapsedTimer elapsed;
            elapsed.start();
            const AgentPassSummary summary = QCoro::waitFor(agent.runPass(QStringLiteral("during the outage")));
            QVERIFY2(summary.errors.isEmpty(), qPrintable(summary.errors.join(u'\n')));
            QCOMPARE(summary.events, 1);
            QVERIFY(elapsed.elapsed() < 10000);
            QCoro::waitFor(agent.finishPublishing());
            QVERIFY2(agent.status().fleetProblem.startsWith(QStringLiteral("cannot connect to the fleet database: ")),
                     qPrintable(agent.status().fleetProblem));
            QVERIFY(!agent.status().fleetProblem.contains(u'\n'));
        }
        QVERIFY(QFile::remove(storeFile(QStringLiteral("a")))); // and one more: 1004 Deleted
        QCOMPARE(QCoro::waitFor(agent.runPass(QStringLiteral("still down"))).events, 1);
        QCoro::waitFor(agent.finishPublishing());
        QCOMPARE(localEvents(), 4);

        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        passAndPublish(agent, "back");
        QCOMPARE(agent.status().fleetProblem, QString());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web2'")), 4);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT record_id) FROM certlife.events WHERE host = 'web2'")), 4);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = 'web2'")), 3);
        passAndPublish(agent, "again");
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web2'")), 4);
        QCoro::waitFor(agent.stop());
    }

    void refusalsAreOneStatusLineAndThePassCompletes_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("passwordFile");
        QTest::addColumn<QString>("problem"); // a regular expression

        const QString wrong = m_files.filePath(QStringLiteral("wrong.password"));
        QString error;
        if (!QFile::exists(wrong))
            QVERIFY2(createPasswordFile(wrong, QStringLiteral("not-the-password"), &error), qPrintable(error));
        const QString readable = m_files.filePath(QStringLiteral("readable.password"));
        if (!QFile::exists(readable)) {
            QVERIFY(writeFile(readable, "secret\n"));
            QVERIFY(QFile::setPermissions(readable, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        }
        QTest::newRow("wrong password") << QString() << wrong
                                        << QStringLiteral("^cannot log in to the fleet database: .*password");
        QTest::newRow("unreachable") << QStringLiteral("postgresql:///fleet?host=%1&user=certlife_host_web3")
                                            .arg(m_files.filePath(QStringLiteral("no-server-here")))
                                     << QString() << QStringLiteral("^cannot connect to the fleet database: ");
        QTest::newRow("readable password file")
            << QString() << readable
            << QStringLiteral("^FleetPasswordFile: the password file .* may be read by others");
    }

    void refusalsAreOneStatusLineAndThePassCompletes()
    {
        QFETCH(QString, uri);
        QFETCH(QString, passwordFile);
        QFETCH(QString, problem);
        const TestEnvironment env;
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web3"), "web3", uri, passwordFile);
        QVERIFY(started);
        Agent& agent = *started;
        passAndPublish(agent, "baseline");
        QVERIFY(addCertificate(QStringLiteral("b")));
        QElapsedTimer elapsed;
        elapsed.start();
        const AgentPassSummary summary = passAndPublish(agent, "b arrived");
        QVERIFY(elapsed.elapsed() < 15000);
        QVERIFY2(summary.errors.isEmpty(), qPrintable(summary.errors.join(u'\n'))); // local monitoring carries on
        QCOMPARE(summary.events, 1);
        QCOMPARE(localEvents(), 1);
        const QString line = agent.status().fleetProblem;
        QVERIFY2(line.contains(QRegularExpression(problem)), qPrintable(line));
        QVERIFY(!line.contains(u'\n'));
        std::optional<AgentStatus> written = AgentStatus::load(Scope::System);
        QVERIFY(written);
        written->reported = true; // as the console sees a living agent's file
        QCOMPARE(written->fleetProblem, line);
        QVERIFY(written->reportText().contains(QStringLiteral("Fleet: ") + line));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.hosts WHERE host = 'web3'")), 0);
        QCoro::waitFor(agent.stop());
    }

    void anotherHostsNameIsRefusedNamingBoth()
    {
        const TestEnvironment env;
        // Named web9.example.com, with web4's role and password.
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web4"), "web9.example.com");
        QVERIFY(started);
        Agent& agent = *started;
        const AgentPassSummary summary = passAndPublish(agent, "first");
        QVERIFY(summary.errors.isEmpty());
        const QString line = agent.status().fleetProblem;
        QVERIFY2(line.contains(QStringLiteral("belongs to the host web4, not to this host (web9.example.com")),
                 qPrintable(line));
        QCOMPARE(
            count(QStringLiteral("SELECT count(*) FROM certlife.hosts WHERE host IN ('web4', 'web9.example.com')")), 0);
        QCoro::waitFor(agent.stop());
    }

    // A task run is sent when it is queued and again when its state changed; once it
    // ended, nothing more is written for it.
    void taskRunsAreSentWhenTheirStateChanged()
    {
        const TestEnvironment env;
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web6"));
        QVERIFY(started);
        Agent& agent = *started;
        QString error;
        passAndPublish(agent, "baseline");
        QVERIFY(addCertificate(QStringLiteral("b")));
        passAndPublish(agent, "b arrived");

        // A runner (another process, say) claims a run for b's event.
        TaskRunLog runs(Paths::eventLogFile(Scope::System));
        QVERIFY2(runs.open(&error), qPrintable(error));
        EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
        QVERIFY(log.openReadOnly());
        const QList<LifecycleEvent> events = log.eventsAfter(0, 10);
        QCOMPARE(events.size(), 1);
        const QDateTime now(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
        qint64 runId = 0;
        QCOMPARE(
            runs.claim(QStringLiteral("reload-web"), events.first(), 1, now, QStringLiteral("test"), &runId, &error),
            TaskRunLog::Claim::Claimed);
        passAndPublish(agent, "run queued");
        const QString runRow = QStringLiteral("SELECT state || ' ' || event_record_id FROM certlife.task_runs"
                                              " WHERE host = 'web6' AND run_id = %1")
                                   .arg(runId);
        QCOMPARE(scalar(*admin(), runRow).toString(), QStringLiteral("queued %1").arg(events.first().recordId));

        QVERIFY2(runs.markRunning(runId, now, QStringLiteral("00"), &error), qPrintable(error));
        std::optional<TaskRun> run = runs.run(runId);
        QVERIFY(run);
        run->state = TaskRunState::Succeeded;
        run->endedAt = now.addSecs(2);
        run->exitCode = 0;
        QVERIFY2(runs.finish(*run, &error), qPrintable(error));
        passAndPublish(agent, "run ended");
        QCOMPARE(scalar(*admin(), runRow).toString(), QStringLiteral("succeeded %1").arg(events.first().recordId));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.task_runs WHERE host = 'web6'")), 1);
        const QString version = scalar(*admin(),
                                       QStringLiteral("SELECT xmin::text FROM certlife.task_runs"
                                                      " WHERE host = 'web6'"))
                                    .toString();
        passAndPublish(agent, "nothing new");
        QCOMPARE(scalar(*admin(), QStringLiteral("SELECT xmin::text FROM certlife.task_runs WHERE host = 'web6'"))
                     .toString(),
                 version);
        QCoro::waitFor(agent.stop());
    }

    // A file with a certificate and a scan problem (a bundle whose second entry is
    // garbled): the problem is published with the certificate, as `scan --json` says it.
    void scanProblemsArePublishedWithTheirCertificate()
    {
        const TestEnvironment env;
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web7"));
        QVERIFY(started);
        const QString bundle = storeFile(QStringLiteral("bundle"));
        QVERIFY(writeFile(bundle,
                          certificatePem(QStringLiteral("b.example"))
                              + "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
                                "-----END CERTIFICATE-----\n"));
        passAndPublish(*started, "first");
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = 'web7'")), 2);
        const std::unique_ptr<FleetConnection> connection = admin();
        QVERIFY(connection);
        const QString problems = scalar(*connection,
                                        QStringLiteral("SELECT problems::text FROM certlife.certificates"
                                                       " WHERE host = 'web7' AND subject LIKE '%b.example'"))
                                     .toString();
        const QJsonArray published = QJsonDocument::fromJson(problems.toUtf8()).array();
        QCOMPARE(published.size(), 1);
        QCOMPARE(published[0][QStringLiteral("path")].toString(), bundle);
        QVERIFY2(!published[0][QStringLiteral("error")].toString().isEmpty(), qPrintable(problems));
        QCOMPARE(scalar(*connection,
                        QStringLiteral("SELECT problems::text FROM certlife.certificates"
                                       " WHERE host = 'web7' AND subject LIKE '%a.example'"))
                     .toString(),
                 QStringLiteral("[]"));

        // Mended: the problem leaves the fleet at the next pass.
        QVERIFY(writeFile(bundle, certificatePem(QStringLiteral("b.example"))));
        passAndPublish(*started, "mended");
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = 'web7'"
                                      " AND problems <> '[]'")),
                 0);
        QCoro::waitFor(started->stop());
    }

    // An outage longer than the local retention: the events pruned before they could be
    // published are lost to the fleet, and the heartbeat says how many.
    void eventsPrunedBeforeTheyWerePublishedAreCounted()
    {
        const TestEnvironment env;
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web8"));
        QVERIFY(started);
        Agent& agent = *started;
        passAndPublish(agent, "baseline");
        QVERIFY(addCertificate(QStringLiteral("b")));
        passAndPublish(agent, "b arrived"); // record 1, published
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web8'")), 1);

        QString error;
        QVERIFY2(m_cluster.stop(&error), qPrintable(error));
        for (const char* name : {"c", "d", "e"}) { // records 2, 3, 4: kept locally
            QVERIFY(addCertificate(QString::fromLatin1(name)));
            passAndPublish(agent, "during the outage");
        }
        {
            EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
            QVERIFY2(log.open(&error), qPrintable(error));
            QVERIFY2(log.prune(QDateTime(), 1, &error), qPrintable(error)); // 2 and 3 go unpublished
        }
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        passAndPublish(agent, "back");
        QCOMPARE(agent.status().fleetProblem, QString());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web8'")), 2);
        QCOMPARE(count(QStringLiteral("SELECT events_lost_to_pruning FROM certlife.hosts WHERE host = 'web8'")), 2);

        // Kept in the cursor: the next heartbeats say it again, and add nothing.
        QVERIFY(addCertificate(QStringLiteral("f")));
        passAndPublish(agent, "f arrived");
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web8'")), 3);
        QCOMPARE(count(QStringLiteral("SELECT events_lost_to_pruning FROM certlife.hosts WHERE host = 'web8'")), 2);
        const std::unique_ptr<FleetConnection> connection = admin();
        QVERIFY(connection);
        FleetError failure;
        const std::optional<QList<FleetHostStatus>> hosts =
            FleetReader(connection->database(), systemAgent().clock).hosts(&failure);
        QVERIFY2(hosts, qPrintable(failure.message));
        const auto web8 = std::find_if(hosts->cbegin(), hosts->cend(),
                                       [](const FleetHostStatus& h) { return h.host == QLatin1String("web8"); });
        QVERIFY(web8 != hosts->cend());
        QCOMPARE(web8->eventsLostToPruning, 2);
        QCoro::waitFor(agent.stop());
    }

    // The console reads of a published event what `events --json` shows of it on the
    // host: its data field by field (a Replace's old certificate, the time left, text a
    // hostile certificate or store name can carry: quotes, a backslash, a newline, a
    // right-to-left override, a C1 control, non-ASCII), and the columns the console keys
    // and filters on, the time to the millisecond.
    void aPublishedEventIsWhatEventsJsonShows()
    {
        const TestEnvironment env;
        QString error;
        EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
        QVERIFY2(log.open(&error), qPrintable(error));
        const QString hostile = QStringLiteral("\"q\" \\ line\nbreak \u202Egnp.exe \u0085 caf\u00E9 \U0001F512");
        const auto details = [&](const char* cn) {
            CertificateDetails c;
            c.thumbprint = QString::fromLatin1(cn).toUpper() + QStringLiteral("AB12");
            c.sha256 = c.thumbprint + QStringLiteral("CD34");
            c.subject = QStringLiteral("CN=%1,O=").arg(QLatin1String(cn)) + hostile;
            c.subjectCN = QString::fromLatin1(cn);
            c.issuer = QStringLiteral("CN=Example CA");
            c.sans = {QStringLiteral("DNS:%1.example").arg(QLatin1String(cn)), QStringLiteral("DNS:") + hostile};
            c.ekus = {{QStringLiteral("1.3.6.1.5.5.7.3.1"), QStringLiteral("Server Authentication")}};
            c.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
            c.notAfter = QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC);
            c.path = QStringLiteral("/etc/ssl/") + hostile + QStringLiteral(".pem");
            return c;
        };
        LifecycleEvent replace;
        replace.id = EventId::Replace;
        replace.channel = Scope::System;
        replace.time = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 5, 678), Qt::UTC);
        replace.host = QStringLiteral("web9");
        replace.account = QStringLiteral("root");
        replace.process = QStringLiteral("certlife-agent[1]");
        replace.action = Action::Renew;
        replace.storeId = QStringLiteral("My ") + hostile;
        replace.certificate = details("new");
        replace.oldCertificate = details("old");
        replace.message = QStringLiteral("Replaced ") + hostile;
        LifecycleEvent expiring = replace;
        expiring.id = EventId::CloseToExpiration;
        expiring.time = replace.time.addMSecs(1001);
        expiring.action = Action::Detected;
        expiring.oldCertificate.reset();
        expiring.remainingSeconds = 86400 * 3;
        expiring.message = QStringLiteral("Expires in 3 days");
        QList<LifecycleEvent> events{replace, expiring};
        QVERIFY2(log.append(events, &error), qPrintable(error));

        FleetPublishJob job;
        job.database = m_cluster.uri(QStringLiteral("fleet"), defaultHostRole(QStringLiteral("web9")));
        job.passwordFile = m_passwordFiles.value(QStringLiteral("web9"));
        job.host = QStringLiteral("web9");
        job.cursorFile = env.path(QStringLiteral("fleet-cursor.json"));
        job.eventLogFile = Paths::eventLogFile(Scope::System);
        job.pass.heartbeat.agentVersion = QStringLiteral("0.9.0");
        job.pass.heartbeat.lastContact = replace.time;
        job.pass.logIdentity = log.fleetIdentity(&error);
        QVERIFY2(!job.pass.logIdentity.isEmpty(), qPrintable(error));
        const FleetPublishReport report = publishToFleet(job);
        QVERIFY2(report.ok, qPrintable(report.problem));
        QCOMPARE(report.eventsStored, 2);

        EventQuery everything;
        const EventJsonPage local = log.queryJson(everything); // newest first, as the console reads
        QCOMPARE(local.lines.size(), 2);
        const std::unique_ptr<FleetConnection> connection = admin();
        QVERIFY(connection);
        FleetError failure;
        EventQuery web9;
        web9.host = QStringLiteral("web9");
        const std::optional<QList<LifecycleEvent>> read =
            FleetReader(connection->database(), systemAgent().clock).events(web9, &failure);
        QVERIFY2(read, qPrintable(failure.message));
        QCOMPARE(read->size(), 2);
        const QList<LifecycleEvent> sent = {expiring, replace};
        for (int i = 0; i < 2; ++i) {
            const QJsonObject shown = QJsonDocument::fromJson(local.line(i).toByteArray()).object();
            QVERIFY(!shown.isEmpty());
            const qint64 recordId = local.lines[i].recordId;
            // The stored data is the line of `events --json`, field by field.
            const QString stored = scalar(*connection,
                                          QStringLiteral("SELECT data::text FROM certlife.events"
                                                         " WHERE host = 'web9' AND record_id = %1")
                                              .arg(recordId))
                                       .toString();
            const QJsonObject data = QJsonDocument::fromJson(stored.toUtf8()).object();
            QCOMPARE(data, shown);
            QCOMPARE(shown.value(QStringLiteral("message")).toString(), sent[i].message);
            // What `events --fleet --json` writes of the event the console read.
            QByteArray fleetLine;
            JsonLineWriter w(fleetLine);
            eventlog::writeEventJson(w, read->at(i));
            QCOMPARE(QJsonDocument::fromJson(fleetLine).object(), shown);
            // The columns, the time to the millisecond.
            QCOMPARE(read->at(i).recordId, recordId);
            QCOMPARE(read->at(i).time, sent[i].time);
            QCOMPARE(read->at(i).storeId, sent[i].storeId);
            QCOMPARE(read->at(i).message, sent[i].message);
        }
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web9'"
                                      " AND thumbprint = 'NEWAB12' AND level = 'Warning' AND event_id = 1003")),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web9'"
                                      " AND thumbprint = 'NEWAB12' AND level = 'Information' AND event_id = 1001"
                                      " AND data->'oldCertificate'->>'thumbprint' = 'OLDAB12'")),
                 1);
    }

    void aGarbledCursorStartsAgainWithoutDuplicates()
    {
        const TestEnvironment env;
        const std::unique_ptr<Agent> started = startPublishingAgent(QStringLiteral("web5"));
        QVERIFY(started);
        Agent& agent = *started;
        passAndPublish(agent, "baseline");
        QVERIFY(addCertificate(QStringLiteral("b")));
        QVERIFY(addCertificate(QStringLiteral("c")));
        passAndPublish(agent, "b and c");
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web5'")), 2);

        const QString cursorFile = Paths::stateDir(Scope::System) + QStringLiteral("/fleet-cursor.json");
        QVERIFY(writeFile(cursorFile, "{\"format\": 1, \"lastRecordId\": \"garbled"));
        QVERIFY(addCertificate(QStringLiteral("d")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^fleet: .* is not a fleet cursor")));
        passAndPublish(agent, "d");
        QCOMPARE(agent.status().fleetProblem, QString());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web5'")), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = 'web5'")), 4);
        QCOMPARE(fileMode(cursorFile), 0600); // saved again, whole
        QCoro::waitFor(agent.stop());
    }
};

QTEST_GUILESS_MAIN(TestFleetAgent)
#include "TestFleetAgent.moc"
