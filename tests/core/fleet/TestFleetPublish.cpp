// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// What an agent writes after a pass, on a real PostgreSQL 15 (a private cluster for this
// program): the heartbeat, the inventory as a diff (unchanged rows are not written
// again: their row version stays), events exactly once however often they are sent,
// three hosts at once, and the refusals that keep a host to its own name and schema.
#include "FleetTestSupport.h"
#include "PostgresCluster.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetPublish.h"
#include "fleet/FleetSchema.h"

#include <QJsonDocument>
#include <QTest>
#include <QMutex>
#include <QThread>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

namespace {

const QDateTime kNow = QDateTime::fromString(QStringLiteral("2026-12-01T12:00:00Z"), Qt::ISODate);

FleetCertificate newCertificate(const QString& sha256, const QString& state = QStringLiteral("Healthy"))
{
    FleetCertificate c;
    c.channel = QStringLiteral("System");
    c.store = QStringLiteral("My");
    c.sha256 = sha256;
    c.thumbprint = sha256.left(8);
    c.paths = {QStringLiteral("/etc/ssl/%1.pem").arg(sha256)};
    c.subject = QStringLiteral("CN=%1.example.com").arg(sha256);
    c.sans = {QStringLiteral("%1.example.com").arg(sha256), QStringLiteral("www.%1.example.com").arg(sha256)};
    c.issuer = QStringLiteral("CN=Example CA");
    c.notBefore = kNow.addDays(-30);
    c.notAfter = kNow.addDays(60);
    c.key = QStringLiteral("RSA 2048");
    c.state = state;
    return c;
}

FleetEvent newEvent(qint64 recordId)
{
    FleetEvent e;
    e.channel = QStringLiteral("System");
    e.logIdentity = QStringLiteral("log-1");
    e.recordId = recordId;
    e.eventId = 1006;
    e.level = QStringLiteral("Information");
    e.time = kNow.addSecs(recordId);
    e.store = QStringLiteral("My");
    e.thumbprint = QStringLiteral("AB");
    e.message = QStringLiteral("New certificate 'it''s \"quoted\"' \\ in My");
    e.data = QStringLiteral("{\"recordId\":%1}").arg(recordId).toUtf8();
    return e;
}

FleetPublication heartbeatOnly()
{
    FleetPublication p;
    p.heartbeat.agentVersion = QStringLiteral("0.9.0");
    p.heartbeat.lastContact = kNow;
    p.heartbeat.lastPassTime = kNow;
    p.heartbeat.lastPassOutcome = QStringLiteral("ok");
    p.heartbeat.rescanIntervalSeconds = 28800;
    p.heartbeat.thresholds = QJsonObject{{QStringLiteral("ExpiryWarningPercent"), 10}};
    p.heartbeat.tasks = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("renew-web")}}};
    return p;
}

} // namespace

class TestFleetPublish : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    std::unique_ptr<FleetConnection> m_admin;
    QHash<QString, QString> m_passwords; // host -> its role's password

    std::unique_ptr<FleetConnection> agent(const QString& host)
    {
        return connectTo(m_cluster, QStringLiteral("fleet"), defaultHostRole(host), m_passwords.value(host));
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("fleet"), &error), qPrintable(error));
        m_admin = connectTo(m_cluster, QStringLiteral("fleet"));
        QVERIFY(m_admin);
        QVERIFY2(migrate(m_admin->database(), &error), qPrintable(error));
        for (const char* name : {"web1", "web2", "web3", "web4"}) {
            const QString host = QString::fromLatin1(name);
            m_passwords.insert(host, generatePassword());
            QVERIFY2(addHost(m_admin->database(), host, defaultHostRole(host), m_passwords.value(host), &error),
                     qPrintable(error));
        }
    }

    void theFirstPublishWritesEverything()
    {
        std::unique_ptr<FleetConnection> web1 = agent(QStringLiteral("web1"));
        QVERIFY(web1);
        FleetPublication p = heartbeatOnly();
        p.inventoryChannels = {QStringLiteral("System")};
        p.inventory = {newCertificate(QStringLiteral("a")), newCertificate(QStringLiteral("b")),
                       newCertificate(QStringLiteral("c"))};
        p.events = {newEvent(1), newEvent(2)};
        FleetError error;
        const std::optional<PublishOutcome> outcome = publish(web1->database(), QStringLiteral("web1"), p, &error);
        QVERIFY2(outcome, qPrintable(error.message));
        QCOMPARE(outcome->certificatesWritten, 3);
        QCOMPARE(outcome->certificatesDeleted, 0);
        QCOMPARE(outcome->eventsStored, 2);

        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT agent_version || ' ' || last_pass_outcome || ' ' ||"
                                       " rescan_interval_seconds || ' ' || (last_contact = '2026-12-01T12:00:00Z')"
                                       " || ' ' || (thresholds->>'ExpiryWarningPercent') || ' ' ||"
                                       " (tasks->0->>'name') FROM certlife.hosts WHERE host = 'web1'"))
                     .toString(),
                 QStringLiteral("0.9.0 ok 28800 true 10 renew-web"));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT array_to_string(sans, ' ') || ' ' || paths[1] || ' ' || key ||"
                                       " ' ' || (not_after = '2027-01-30T12:00:00Z') FROM certlife.certificates"
                                       " WHERE host = 'web1' AND sha256 = 'b'"))
                     .toString(),
                 QStringLiteral("b.example.com www.b.example.com /etc/ssl/b.pem RSA 2048 true"));
        // Hostile text arrives as it was.
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT message FROM certlife.events WHERE record_id = 2")).toString(),
                 newEvent(2).message);
    }

    // Each event is stored with its own data, whatever white space its JSON has: the
    // events' data travel one a line, and a line feed between tokens must not split one.
    void eachEventKeepsItsOwnData()
    {
        std::unique_ptr<FleetConnection> web4 = agent(QStringLiteral("web4"));
        QVERIFY(web4);
        FleetPublication p = heartbeatOnly();
        p.events = {newEvent(1), newEvent(2), newEvent(3)};
        p.events[0].data = "{\n  \"message\": \"two\\nlines\",\n  \"sans\": [\"a\",\r\n \"b\"]\n}\n";
        p.events[1].data.clear();
        FleetError error;
        const std::optional<PublishOutcome> outcome = publish(web4->database(), QStringLiteral("web4"), p, &error);
        QVERIFY2(outcome, qPrintable(error.message));
        QCOMPARE(outcome->eventsStored, 3);
        const auto stored = [this](int recordId) {
            return QJsonDocument::fromJson(scalar(*m_admin,
                                                  QStringLiteral("SELECT data::text FROM certlife.events"
                                                                 " WHERE host = 'web4' AND record_id = %1")
                                                      .arg(recordId))
                                               .toString()
                                               .toUtf8())
                .object();
        };
        QCOMPARE(stored(1),
                 (QJsonObject{{QStringLiteral("message"), QStringLiteral("two\nlines")},
                              {QStringLiteral("sans"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}}}));
        QCOMPARE(stored(2), QJsonObject());
        QCOMPARE(stored(3), (QJsonObject{{QStringLiteral("recordId"), 3}}));
    }

    // A NUL in a certificate's CN or SAN (a hostile certificate in a store) cannot be
    // stored by PostgreSQL (jsonb and text refuse U+0000, failing the whole statement,
    // so the host could never publish again): it arrives as U+FFFD, and everything else
    // as it was, a backslash before "u0000" included.
    void aNulInACertificateDoesNotStopPublishing()
    {
        std::unique_ptr<FleetConnection> web4 = agent(QStringLiteral("web4"));
        QVERIFY(web4);
        FleetPublication p = heartbeatOnly();
        p.inventoryChannels = {QStringLiteral("System")};
        FleetCertificate nul = newCertificate(QStringLiteral("nul"));
        nul.sans << QStringLiteral("evil.example") + QChar(0) + QStringLiteral(".good.example");
        // A lone surrogate (a BMPString's), and a pair that stays one character.
        nul.sans << QStringLiteral("lone") + QChar(0xD800) + QStringLiteral(".example")
                 << QStringLiteral("pair") + QString::fromUcs4(U"\U0001F600") + QStringLiteral(".example");
        p.inventory = {nul};
        p.events = {newEvent(10)};
        p.events[0].message = QStringLiteral("New certificate a") + QChar(0) + QStringLiteral("b");
        p.events[0].data = R"({"subjectCN":"a\u0000b","path":"C:\\u0000","o":"x\udc00y\ud83d\ude00"})";
        FleetError error;
        const std::optional<PublishOutcome> outcome = publish(web4->database(), QStringLiteral("web4"), p, &error);
        QVERIFY2(outcome, qPrintable(error.message));
        QCOMPARE(outcome->eventsStored, 1);
        QCOMPARE(outcome->certificatesWritten, 1);
        const QString replacement(QChar(0xFFFD));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT message FROM certlife.events"
                                       " WHERE host = 'web4' AND record_id = 10"))
                     .toString(),
                 QStringLiteral("New certificate a") + replacement + QStringLiteral("b"));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT (data->>'subjectCN') || ' ' || (data->>'path')"
                                       " FROM certlife.events WHERE host = 'web4' AND record_id = 10"))
                     .toString(),
                 QStringLiteral("a") + replacement + QStringLiteral("b C:\\u0000"));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT sans[3] FROM certlife.certificates"
                                       " WHERE host = 'web4' AND sha256 = 'nul'"))
                     .toString(),
                 QStringLiteral("evil.example") + replacement + QStringLiteral(".good.example"));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT sans[4] || ' ' || sans[5] FROM certlife.certificates"
                                       " WHERE host = 'web4' AND sha256 = 'nul'"))
                     .toString(),
                 QStringLiteral("lone") + replacement + QStringLiteral(".example pair")
                     + QString::fromUcs4(U"\U0001F600") + QStringLiteral(".example"));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT data->>'o' FROM certlife.events WHERE host = 'web4' AND record_id = 10"))
                     .toString(),
                 QStringLiteral("x") + replacement + QStringLiteral("y") + QString::fromUcs4(U"\U0001F600"));
    }

    // The next pass: one certificate changed state, one left, one arrived, one is as it
    // was; the events of the last batch are sent again with a new one.
    void laterPublishesWriteOnlyTheDifference()
    {
        std::unique_ptr<FleetConnection> web1 = agent(QStringLiteral("web1"));
        QVERIFY(web1);
        const auto rowVersion = [&](const char* sha256) {
            return scalar(*m_admin,
                          QStringLiteral("SELECT xmin::text FROM certlife.certificates WHERE host = 'web1'"
                                         " AND sha256 = '%1'")
                              .arg(QLatin1String(sha256)))
                .toString();
        };
        const QString unchangedVersion = rowVersion("a");
        FleetPublication p = heartbeatOnly();
        p.heartbeat.lastContact = kNow.addSecs(3600);
        p.inventoryChannels = {QStringLiteral("System")};
        p.inventory = {newCertificate(QStringLiteral("a")),
                       newCertificate(QStringLiteral("b"), QStringLiteral("Expiring")),
                       newCertificate(QStringLiteral("d")), newCertificate(QStringLiteral("d"))};
        p.events = {newEvent(1), newEvent(2), newEvent(3)};
        FleetError error;
        const std::optional<PublishOutcome> outcome = publish(web1->database(), QStringLiteral("web1"), p, &error);
        QVERIFY2(outcome, qPrintable(error.message));
        QCOMPARE(outcome->certificatesWritten, 2); // b changed, d new
        QCOMPARE(outcome->certificatesDeleted, 1); // c
        QCOMPARE(outcome->eventsSent, 3);
        QCOMPARE(outcome->eventsStored, 1);
        QCOMPARE(rowVersion("a"), unchangedVersion);
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT string_agg(sha256 || ':' || state, ',' ORDER BY sha256)"
                                       " FROM certlife.certificates WHERE host = 'web1'"))
                     .toString(),
                 QStringLiteral("a:Healthy,b:Expiring,d:Healthy"));
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web1'")).toInt(),
                 3);

        // A pass with nothing new: the heartbeat only, the inventory left alone.
        const QString versions = scalar(*m_admin,
                                        QStringLiteral("SELECT string_agg(xmin::text, ',' ORDER BY sha256) FROM "
                                                       "certlife.certificates WHERE host = 'web1'"))
                                     .toString();
        FleetPublication quiet = heartbeatOnly();
        quiet.heartbeat.lastContact = kNow.addSecs(7200);
        const std::optional<PublishOutcome> nothing = publish(web1->database(), QStringLiteral("web1"), quiet, &error);
        QVERIFY2(nothing, qPrintable(error.message));
        QCOMPARE(nothing->certificatesWritten + nothing->certificatesDeleted + nothing->eventsSent, 0);
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT string_agg(xmin::text, ',' ORDER BY sha256) FROM "
                                       "certlife.certificates WHERE host = 'web1'"))
                     .toString(),
                 versions);
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT last_contact = '2026-12-01T14:00:00Z' FROM certlife.hosts"
                                       " WHERE host = 'web1'"))
                     .toBool(),
                 true);
    }

    // Three agents publishing at once, each on its own connection and thread.
    void threeHostsAtOnce()
    {
        QList<QThread*> threads;
        QHash<QString, QString> failures;
        QMutex mutex;
        for (const char* name : {"web1", "web2", "web3", "web4"}) {
            const QString host = QString::fromLatin1(name);
            const QString password = m_passwords.value(host);
            threads << QThread::create([&, host, password] {
                std::unique_ptr<FleetConnection> connection =
                    connectTo(m_cluster, QStringLiteral("fleet"), defaultHostRole(host), password);
                FleetPublication p = heartbeatOnly();
                p.inventoryChannels = {QStringLiteral("System")};
                for (int i = 0; i < 200; ++i)
                    p.inventory << newCertificate(QStringLiteral("%1-%2").arg(host).arg(i));
                for (int batch = 0; batch < 5; ++batch) {
                    p.events.clear();
                    for (int i = 0; i < 400; ++i)
                        p.events << newEvent(100 + batch * 200 + i); // batches overlap by half
                    FleetError error;
                    if (!connection || !publish(connection->database(), host, p, &error)) {
                        const QMutexLocker lock(&mutex);
                        failures.insert(host, connection ? error.message : QStringLiteral("no connection"));
                        return;
                    }
                }
            });
        }
        for (QThread* t : threads)
            t->start();
        for (QThread* t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.values().join(QStringLiteral("; "))));
        for (const char* name : {"web2", "web3"}) {
            QCOMPARE(scalar(*m_admin,
                            QStringLiteral("SELECT count(*) || ' ' || min(record_id) || ' ' ||"
                                           " max(record_id) FROM certlife.events WHERE host = '%1'")
                                .arg(QLatin1String(name)))
                         .toString(),
                     QStringLiteral("1200 100 1299"));
            QCOMPARE(scalar(*m_admin,
                            QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = '%1'")
                                .arg(QLatin1String(name)))
                         .toInt(),
                     200);
        }
        // web1's inventory was replaced by the 200 of this run; its events 1-3 kept.
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT count(*) FROM certlife.events WHERE host = 'web1'")).toInt(),
                 1203);
    }

    // A run is sent when queued and again when it ended: one row, its last state.
    void taskRunsFollowTheirState()
    {
        std::unique_ptr<FleetConnection> web2 = agent(QStringLiteral("web2"));
        QVERIFY(web2);
        FleetTaskRun run;
        run.channel = QStringLiteral("System");
        run.logIdentity = QStringLiteral("log-1");
        run.runId = 7;
        run.task = QStringLiteral("renew-web");
        run.eventRecordId = 100;
        run.eventId = 1001;
        run.state = QStringLiteral("queued");
        run.queuedAt = kNow;
        FleetPublication p = heartbeatOnly();
        p.taskRuns = {run};
        FleetError error;
        std::optional<PublishOutcome> outcome = publish(web2->database(), QStringLiteral("web2"), p, &error);
        QVERIFY2(outcome, qPrintable(error.message));
        QCOMPARE(outcome->taskRunsWritten, 1);
        run.state = QStringLiteral("failed");
        run.startedAt = kNow.addSecs(1);
        run.endedAt = kNow.addSecs(5);
        run.exitCode = 3;
        run.reason = QStringLiteral("exit status 3");
        p.taskRuns = {run, run};
        outcome = publish(web2->database(), QStringLiteral("web2"), p, &error);
        QVERIFY2(outcome, qPrintable(error.message));
        QCOMPARE(outcome->taskRunsWritten, 1);
        outcome = publish(web2->database(), QStringLiteral("web2"), p, &error); // nothing new
        QVERIFY2(outcome, qPrintable(error.message));
        QCOMPARE(outcome->taskRunsWritten, 0);
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT count(*) || ' ' || max(state) || ' ' || max(exit_code) || ' '"
                                       " || max(reason) || ' ' || bool_and(exit_signal IS NULL) FROM"
                                       " certlife.task_runs WHERE host = 'web2'"))
                     .toString(),
                 QStringLiteral("1 failed 3 exit status 3 true"));
    }

    void aHostPublishesOnlyUnderItsOwnName()
    {
        std::unique_ptr<FleetConnection> web2 = agent(QStringLiteral("web2"));
        QVERIFY(web2);
        FleetError error;
        QVERIFY(!publish(web2->database(), QStringLiteral("web1"), heartbeatOnly(), &error));
        QCOMPARE(error.failure, FleetFailure::Refused);
        QVERIFY2(error.message.contains(QLatin1String("belongs to the host web2, not to this host (web1")),
                 qPrintable(error.message));

        QCOMPARE(refusalOf(*m_admin, QStringLiteral("CREATE ROLE unmapped LOGIN PASSWORD 'pw' IN ROLE certlife_agent")),
                 QString());
        std::unique_ptr<FleetConnection> unmapped =
            connectTo(m_cluster, QStringLiteral("fleet"), QStringLiteral("unmapped"), QStringLiteral("pw"));
        QVERIFY(unmapped);
        QVERIFY(!publish(unmapped->database(), QStringLiteral("web1"), heartbeatOnly(), &error));
        QVERIFY2(error.message.contains(QLatin1String("is not a host of the fleet")), qPrintable(error.message));
    }

    void aSchemaOtherThanOursIsNotWritten()
    {
        std::unique_ptr<FleetConnection> web3 = agent(QStringLiteral("web3"));
        QVERIFY(web3);
        const QString before =
            scalar(*m_admin, QStringLiteral("SELECT last_contact::text FROM certlife.hosts WHERE host = 'web3'"))
                .toString();
        QCOMPARE(
            refusalOf(
                *m_admin,
                QStringLiteral("INSERT INTO certlife.schema_version (version) VALUES (%1)").arg(kSchemaVersion + 1)),
            QString());
        FleetPublication p = heartbeatOnly();
        p.heartbeat.lastContact = kNow.addDays(1);
        FleetError error;
        QVERIFY(!publish(web3->database(), QStringLiteral("web3"), p, &error));
        QCOMPARE(
            refusalOf(*m_admin,
                      QStringLiteral("DELETE FROM certlife.schema_version WHERE version = %1").arg(kSchemaVersion + 1)),
            QString());
        QVERIFY2(error.message.contains(QLatin1String("newer than this agent understands")), qPrintable(error.message));
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT last_contact::text FROM certlife.hosts WHERE host = 'web3'"))
                     .toString(),
                 before);
    }

    // The server stops under a connected agent: an outage, not a refusal.
    void aStoppedServerIsAnOutage()
    {
        std::unique_ptr<FleetConnection> web3 = agent(QStringLiteral("web3"));
        QVERIFY(web3);
        m_admin.reset();
        QString error;
        QVERIFY2(m_cluster.stop(&error), qPrintable(error));
        FleetError failure;
        QVERIFY(!publish(web3->database(), QStringLiteral("web3"), heartbeatOnly(), &failure));
        QVERIFY2(failure.failure == FleetFailure::Unreachable, qPrintable(failure.message));
        QVERIFY2(!failure.message.contains(QLatin1Char('\n')), qPrintable(failure.message));
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        web3 = agent(QStringLiteral("web3"));
        QVERIFY(web3);
        QVERIFY2(publish(web3->database(), QStringLiteral("web3"), heartbeatOnly(), &failure),
                 qPrintable(failure.message));
    }
};

QTEST_GUILESS_MAIN(TestFleetPublish)
#include "TestFleetPublish.moc"
