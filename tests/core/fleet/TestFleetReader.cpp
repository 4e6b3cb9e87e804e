// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// What a console reads of the fleet, on a real PostgreSQL 15 (a private cluster), as a
// member of certlife_reader: the hosts with their counts and silent agents (by an
// injected clock), certificates by host and expiry, events across hosts with every
// filter of the local log and keyset paging; and that the reader cannot write.
#include "FleetReadFixture.h"
#include "fleet/FleetReader.h"

#include <QTest>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

class TestFleetReader : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    std::unique_ptr<FleetConnection> m_reader;
    std::shared_ptr<FixedClock> m_clock = std::make_shared<FixedClock>(kFleetNow);

    QList<LifecycleEvent> events(const EventQuery& q)
    {
        FleetReader reader(m_reader->database(), m_clock);
        FleetError error;
        const std::optional<QList<LifecycleEvent>> page = reader.events(q, &error);
        if (!page)
            qWarning("%s", qPrintable(error.message));
        return page.value_or(QList<LifecycleEvent>());
    }

    static QStringList keys(const QList<LifecycleEvent>& events)
    {
        QStringList out;
        for (const LifecycleEvent& e : events)
            out << QStringLiteral("%1/%2/%3").arg(e.host, scopeName(e.channel)).arg(e.recordId);
        return out;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        QVERIFY(publishReadFixture(m_cluster, QStringLiteral("fleet")));
        m_reader = connectTo(m_cluster, QStringLiteral("fleet"), kFleetReader, kFleetReaderPassword);
        QVERIFY(m_reader);
    }

    void init() { m_clock->setNow(kFleetNow); }

    void hostsShowTheirHeartbeatCountsAndSilentAgents()
    {
        FleetReader reader(m_reader->database(), m_clock);
        FleetError error;
        std::optional<QList<FleetHostStatus>> hosts = reader.hosts(&error);
        QVERIFY2(hosts, qPrintable(error.message));
        QCOMPARE(hosts->size(), 3);
        const FleetHostStatus& web1 = hosts->at(0);
        QCOMPARE(web1.host, QStringLiteral("web1"));
        QCOMPARE(web1.agentVersion, QStringLiteral("0.9.0"));
        QCOMPARE(web1.lastContact, kFleetNow.addSecs(-3600));
        QCOMPARE(web1.rescanIntervalSeconds, 8 * 3600);
        QCOMPARE(web1.certificates, 3);
        QCOMPARE(web1.count(ExpiryState::Expired), 1);
        QCOMPARE(web1.count(ExpiryState::Expiring), 1);
        QCOMPARE(web1.count(ExpiryState::Healthy), 1);
        QVERIFY(!web1.silent);
        QCOMPARE(hosts->at(1).certificates, 2);
        QCOMPARE(hosts->at(1).count(ExpiryState::Within30), 1);
        QVERIFY(!hosts->at(1).silent);
        // web3 last spoke three days ago with an hourly rescan: more than twice it.
        QCOMPARE(hosts->at(2).host, QStringLiteral("web3"));
        QVERIFY(hosts->at(2).silent);

        // 16 h and a minute after web1's last contact (8 h interval) it is silent too.
        m_clock->setNow(kFleetNow.addSecs(-3600 + 16 * 3600 + 60));
        hosts = reader.hosts(&error);
        QVERIFY(hosts);
        QVERIFY(hosts->at(0).silent);
        QVERIFY(!hosts->at(1).silent); // web2 spoke 50 min later
    }

    void silenceIsTwiceTheRescanInterval()
    {
        const QDateTime contact = kFleetNow;
        QVERIFY(!FleetReader::isSilent(contact, 3600, contact.addSecs(7200)));
        QVERIFY(FleetReader::isSilent(contact, 3600, contact.addSecs(7201)));
        // No interval in the heartbeat: the policy's default, 8 h.
        QVERIFY(!FleetReader::isSilent(contact, std::nullopt, contact.addSecs(16 * 3600)));
        QVERIFY(FleetReader::isSilent(contact, std::nullopt, contact.addSecs(16 * 3600 + 1)));
        // Never heard from.
        QVERIFY(FleetReader::isSilent(QDateTime(), 3600, contact));
    }

    void certificatesByHostAndExpiry()
    {
        FleetReader reader(m_reader->database(), m_clock);
        FleetError error;
        std::optional<QList<FleetCertificateRow>> all = reader.certificates({}, &error);
        QVERIFY2(all, qPrintable(error.message));
        QCOMPARE(all->size(), 6);
        // By host, then soonest expiry first.
        QCOMPARE(all->at(0).host, QStringLiteral("web1"));
        QCOMPARE(all->at(0).certificate.subject, QStringLiteral("CN=old.web1.example"));
        QCOMPARE(all->at(0).certificate.state, QStringLiteral("expired"));
        QCOMPARE(all->at(0).certificate.paths, QStringList{QStringLiteral("/etc/ssl/old.web1.example.pem")});
        QCOMPARE(all->at(0).certificate.sans, QStringList{QStringLiteral("DNS:old.web1.example")});
        QCOMPARE(all->at(0).certificate.notAfter, kFleetNow.addDays(-5));
        QCOMPARE(all->at(5).host, QStringLiteral("web3"));

        std::optional<QList<FleetCertificateRow>> web2 = reader.certificates({QStringLiteral("WEB2"), {}}, &error);
        QVERIFY(web2);
        QCOMPARE(web2->size(), 2);
        QCOMPARE(web2->at(0).certificate.channel, QStringLiteral("User"));

        // Within 30 days: the expired ones, 10 and 25 days left; not 200 or 300.
        std::optional<QList<FleetCertificateRow>> soon = reader.certificates({{}, 30}, &error);
        QVERIFY(soon);
        QStringList subjects;
        for (const FleetCertificateRow& row : *soon)
            subjects << row.certificate.subject;
        QCOMPARE(subjects,
                 (QStringList{QStringLiteral("CN=old.web1.example"), QStringLiteral("CN=soon.web1.example"),
                              QStringLiteral("CN=mail.web2.example"), QStringLiteral("CN=www.web3.example")}));
    }

    void eventsAcrossHostsNewestFirstWithTheirHost()
    {
        EventQuery q;
        q.limit = 0;
        const QList<LifecycleEvent> all = events(q);
        QCOMPARE(keys(all),
                 (QStringList{QStringLiteral("web1/User/1"), QStringLiteral("web2/System/3"),
                              QStringLiteral("web1/System/2"), QStringLiteral("web2/System/2"),
                              QStringLiteral("web1/System/1"), QStringLiteral("web3/System/7")}));
        // The JSON the agent sent comes back as the event: certificate, action, account.
        QCOMPARE(all.at(1).id, EventId::Replace);
        QCOMPARE(all.at(1).certificate.subject, QStringLiteral("CN=www.web2.example"));
        QCOMPARE(all.at(1).action, Action::Renew);
        QCOMPARE(all.at(1).account, QStringLiteral("root"));
        QCOMPARE(all.at(0).account, QStringLiteral("dana")); // web1's User channel: dana's
        QCOMPARE(all.at(1).time, kFleetNow.addSecs(-1800));

        FleetReader reader(m_reader->database(), m_clock);
        FleetError error;
        QCOMPARE(reader.countEvents(q, &error), 6);
    }

    // Pages of one row walk the whole order, the tie of web1 and web2 (same time, channel
    // and record id) included, each event once.
    void keysetPagingAcrossHosts()
    {
        EventQuery q;
        q.limit = 0;
        const QStringList expected = keys(events(q));
        QStringList walked;
        q.limit = 1;
        for (int i = 0; i < 10; ++i) {
            const QList<LifecycleEvent> page = events(q);
            if (page.isEmpty())
                break;
            walked += keys(page);
            q.after = EventCursor::of(page.last());
        }
        QCOMPARE(walked, expected);
    }

    void everyFilterOfTheLocalLogAndTheHost()
    {
        EventQuery q;
        q.limit = 0;
        q.host = QStringLiteral("web1");
        QCOMPARE(keys(events(q)),
                 (QStringList{QStringLiteral("web1/User/1"), QStringLiteral("web1/System/2"),
                              QStringLiteral("web1/System/1")}));
        q = {};
        q.limit = 0;
        q.channel = Scope::User;
        QCOMPARE(keys(events(q)), QStringList{QStringLiteral("web1/User/1")});
        q = {};
        q.limit = 0;
        q.level = EventLevel::Error; // 1002 Expired
        QCOMPARE(keys(events(q)), (QStringList{QStringLiteral("web1/User/1"), QStringLiteral("web3/System/7")}));
        q = {};
        q.limit = 0;
        q.ids = {EventId::Replace, EventId::CloseToExpiration};
        QCOMPARE(keys(events(q)), (QStringList{QStringLiteral("web2/System/3"), QStringLiteral("web2/System/2")}));
        q.level = EventLevel::Error; // intersected with the ids: nothing
        QVERIFY(events(q).isEmpty());
        q = {};
        q.limit = 0;
        q.since = kFleetNow.addSecs(-3600); // inclusive
        q.until = kFleetNow.addSecs(-60);   // exclusive
        QCOMPARE(keys(events(q)),
                 (QStringList{QStringLiteral("web2/System/3"), QStringLiteral("web1/System/2"),
                              QStringLiteral("web2/System/2")}));
        q = {};
        q.limit = 0;
        q.storeId = QStringLiteral("ssl-certs");
        QCOMPARE(keys(events(q)), (QStringList{QStringLiteral("web1/User/1"), QStringLiteral("web1/System/2")}));
        q = {};
        q.limit = 0;
        q.text = QStringLiteral("MAIL.web2"); // any case, in the subject or a SAN
        QCOMPARE(keys(events(q)), QStringList{QStringLiteral("web2/System/2")});
        q.text = QStringLiteral("'; DROP TABLE certlife.events; --");
        QVERIFY(events(q).isEmpty());
        q = {};
        q.limit = 0;
        q.thumbprint = fleetCertificate(QStringLiteral("www.web3.example"), {}, {}, 0, ExpiryState::Expired).thumbprint;
        QCOMPARE(keys(events(q)), QStringList{QStringLiteral("web3/System/7")});
        FleetReader reader(m_reader->database(), m_clock);
        FleetError error;
        QCOMPARE(reader.countEvents(q, &error), 1);
    }

    void theReaderCannotWrite()
    {
        for (const char* sql :
             {"INSERT INTO certlife.fleet_hosts (role_name, host) VALUES ('x', 'x')",
              "UPDATE certlife.hosts SET agent_version = 'forged'", "DELETE FROM certlife.certificates",
              "UPDATE certlife.events SET message = 'forged'", "DELETE FROM certlife.task_runs",
              "INSERT INTO certlife.events (host, channel, log_identity, record_id, event_id, level, time, store)"
              " VALUES ('web1', 'System', 'l', 99, 1006, 'Information', now(), 'My')"}) {
            const QString refusal = refusalOf(*m_reader, QString::fromLatin1(sql));
            QVERIFY2(refusal.contains(QStringLiteral("permission denied")),
                     qPrintable(sql + QStringLiteral(": ") + refusal));
        }
        std::unique_ptr<FleetConnection> admin = connectTo(m_cluster, QStringLiteral("fleet"));
        QVERIFY(admin);
        QCOMPARE(scalar(*admin, QStringLiteral("SELECT count(*) FROM certlife.events")).toInt(), 6);
    }

    void aDatabaseWithoutTheSchemaSaysWhatToDo()
    {
        QString error;
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("empty"), &error), qPrintable(error));
        std::unique_ptr<FleetConnection> empty = connectTo(m_cluster, QStringLiteral("empty"));
        QVERIFY(empty);
        FleetReader reader(empty->database(), m_clock);
        FleetError failure;
        QVERIFY(!reader.hosts(&failure));
        QCOMPARE(failure.failure, FleetFailure::Refused);
        QVERIFY2(failure.message.contains(QStringLiteral("certlifectl fleet init")), qPrintable(failure.message));
        QVERIFY(!failure.message.contains(QLatin1Char('\n')));
    }

    void aStoppedServerIsUnreachable()
    {
        std::unique_ptr<FleetConnection> reader =
            connectTo(m_cluster, QStringLiteral("fleet"), kFleetReader, kFleetReaderPassword);
        QVERIFY(reader);
        QString error;
        QVERIFY2(m_cluster.stop(&error), qPrintable(error));
        FleetReader fleet(reader->database(), m_clock);
        FleetError failure;
        QVERIFY(!fleet.events(EventQuery(), &failure));
        QCOMPARE(failure.failure, FleetFailure::Unreachable);
        QVERIFY(!failure.message.contains(QLatin1Char('\n')));
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestFleetReader)
#include "TestFleetReader.moc"
