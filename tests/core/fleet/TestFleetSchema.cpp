// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The fleet schema on a real PostgreSQL 15 (a private cluster for this program):
// created on an empty database, left alone when current, upgraded from version 1 with
// its rows kept, a newer one refused; and row-level security: a host's role reads and
// writes only its own host's rows, the readers' role writes nothing.
#include "FleetTestSupport.h"
#include "PostgresCluster.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetSchema.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

namespace {

QString insertHeartbeat(const QString& host)
{
    return QStringLiteral("INSERT INTO certlife.hosts (host, agent_version, last_contact) VALUES ('%1', '1.0', now())")
        .arg(host);
}

QString insertCertificate(const QString& host, const QString& sha256)
{
    return QStringLiteral("INSERT INTO certlife.certificates (host, channel, store, sha256, thumbprint, paths, subject,"
                          " issuer, state, updated_at) VALUES ('%1', 'System', 'My', '%2', 'AB', '{/etc/ssl/a.pem}',"
                          " 'CN=a', 'CN=ca', 'Healthy', now())")
        .arg(host, sha256);
}

QString insertEvent(const QString& host, int recordId)
{
    return QStringLiteral("INSERT INTO certlife.events (host, channel, log_identity, record_id, event_id, level, time,"
                          " store) VALUES ('%1', 'System', 'log-1', %2, 1006, 'Information', now(), 'My')")
        .arg(host)
        .arg(recordId);
}

QString insertTaskRun(const QString& host, int runId)
{
    return QStringLiteral("INSERT INTO certlife.task_runs (host, channel, log_identity, run_id, task, event_record_id,"
                          " event_id, attempt, state, queued_at) VALUES ('%1', 'System', 'log-1', %2, 'renew', 1,"
                          " 1006, 1, 'queued', now())")
        .arg(host)
        .arg(runId);
}

} // namespace

class TestFleetSchema : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;

    // A new database with the fleet schema at TARGET, through core's migrate().
    std::unique_ptr<FleetConnection> freshDatabase(const QString& name, int target = kSchemaVersion)
    {
        QString error;
        if (!m_cluster.createDatabase(name, &error)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        std::unique_ptr<FleetConnection> admin = connectTo(m_cluster, name);
        if (admin && !migrate(admin->database(), &error, target)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        return admin;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }

    void createsTheSchemaOnAnEmptyDatabase()
    {
        QString error;
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("empty"), &error), qPrintable(error));
        std::unique_ptr<FleetConnection> admin = connectTo(m_cluster, QStringLiteral("empty"));
        QVERIFY(admin);
        QCOMPARE(schemaVersion(admin->database(), &error), 0);

        const std::optional<MigrationOutcome> outcome = migrate(admin->database(), &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->from, 0);
        QCOMPARE(outcome->to, kSchemaVersion);
        QCOMPARE(schemaVersion(admin->database(), &error), kSchemaVersion);
        QCOMPARE(scalar(*admin,
                        QStringLiteral("SELECT string_agg(version::text, ',' ORDER BY version)"
                                       " FROM certlife.schema_version"))
                     .toString(),
                 QStringLiteral("1,2,3,4"));
        // Every table of a host's data, each with row-level security on.
        QCOMPARE(scalar(*admin,
                        QStringLiteral("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class"
                                       " WHERE relnamespace = 'certlife'::regnamespace AND relkind = 'r'"
                                       " AND relrowsecurity"))
                     .toString(),
                 QStringLiteral("certificates,events,fleet_hosts,hosts,task_runs"));
        // The two group roles, neither of which can log in by itself.
        QCOMPARE(scalar(*admin,
                        QStringLiteral("SELECT string_agg(rolname || ':' || rolcanlogin, ',' ORDER BY rolname)"
                                       " FROM pg_roles WHERE rolname IN ('certlife_agent', 'certlife_reader')"))
                     .toString(),
                 QStringLiteral("certlife_agent:false,certlife_reader:false"));
        // What `fleet init` prints: the agents may not change or delete events.
        QStringList grants;
        for (const TableGrant& grant : roleGrants(admin->database(), &error))
            grants << grant.role + u' ' + grant.table + u' ' + grant.privileges.join(u',');
        QCOMPARE(grants,
                 QStringList({
                     QStringLiteral("certlife_agent certificates SELECT,INSERT,UPDATE,DELETE"),
                     QStringLiteral("certlife_agent events SELECT,INSERT"),
                     QStringLiteral("certlife_agent fleet_hosts SELECT"),
                     QStringLiteral("certlife_agent hosts SELECT,INSERT,UPDATE,DELETE"),
                     QStringLiteral("certlife_agent schema_version SELECT"),
                     QStringLiteral("certlife_agent task_runs SELECT,INSERT,UPDATE"),
                     QStringLiteral("certlife_reader certificates SELECT"),
                     QStringLiteral("certlife_reader events SELECT"),
                     QStringLiteral("certlife_reader fleet_hosts SELECT"),
                     QStringLiteral("certlife_reader hosts SELECT"),
                     QStringLiteral("certlife_reader schema_version SELECT"),
                     QStringLiteral("certlife_reader task_runs SELECT"),
                 }));
    }

    void migratingAgainChangesNothing()
    {
        std::unique_ptr<FleetConnection> admin = freshDatabase(QStringLiteral("twice"));
        QVERIFY(admin);
        const QString before = fleetCatalog(*admin);
        QVERIFY(!before.isEmpty());
        QString error;
        const std::optional<MigrationOutcome> outcome = migrate(admin->database(), &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->from, kSchemaVersion);
        QCOMPARE(outcome->to, kSchemaVersion);
        QCOMPARE(fleetCatalog(*admin), before);
    }

    // A database left at version 1 (its rows written as a version-1 agent would) is
    // brought to the current version: the rows are kept, the new table is under the same
    // rules, and the heartbeat's new column (version 3) has its default.
    void upgradesFromVersion1KeepingTheRows()
    {
        std::unique_ptr<FleetConnection> admin = freshDatabase(QStringLiteral("version1"), 1);
        QVERIFY(admin);
        QString error;
        QCOMPARE(schemaVersion(admin->database(), &error), 1);
        QCOMPARE(scalar(*admin, QStringLiteral("SELECT to_regclass('certlife.task_runs') IS NULL")).toBool(), true);
        QCOMPARE(refusalOf(*admin,
                           QStringLiteral("CREATE ROLE v1host LOGIN PASSWORD 'v1-secret' IN ROLE certlife_agent;"
                                          " INSERT INTO certlife.fleet_hosts (role_name, host)"
                                          " VALUES ('v1host', 'old.example.com')")),
                 QString());
        std::unique_ptr<FleetConnection> agent =
            connectTo(m_cluster, QStringLiteral("version1"), QStringLiteral("v1host"), QStringLiteral("v1-secret"));
        QVERIFY(agent);
        QCOMPARE(refusalOf(*agent, insertHeartbeat(QStringLiteral("old.example.com"))), QString());
        QCOMPARE(refusalOf(*agent, insertEvent(QStringLiteral("old.example.com"), 7)), QString());
        QCOMPARE(refusalOf(*agent, insertCertificate(QStringLiteral("old.example.com"), QStringLiteral("C1"))),
                 QString());
        const QString rowsBefore = scalar(*admin,
                                          QStringLiteral("SELECT (SELECT string_agg(e::text, ';') FROM "
                                                         "certlife.events e) || (SELECT string_agg(c::text, "
                                                         "';') FROM certlife.certificates c)"))
                                       .toString();

        const std::optional<MigrationOutcome> outcome = migrate(admin->database(), &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->from, 1);
        QCOMPARE(outcome->to, kSchemaVersion);
        QCOMPARE(schemaVersion(admin->database(), &error), kSchemaVersion);
        QCOMPARE(scalar(*admin,
                        QStringLiteral("SELECT events_lost_to_pruning FROM certlife.hosts"
                                       " WHERE host = 'old.example.com'"))
                     .toLongLong(),
                 0);
        QCOMPARE(scalar(*admin,
                        QStringLiteral("SELECT (SELECT string_agg(e::text, ';') FROM certlife.events e) ||"
                                       " (SELECT string_agg(c::text, ';') FROM certlife.certificates c)"))
                     .toString(),
                 rowsBefore);
        // The upgraded database is the same as one made at the current version (apart from when).
        std::unique_ptr<FleetConnection> fresh = freshDatabase(QStringLiteral("current1"));
        QVERIFY(fresh);
        const auto withoutDates = [](QString catalog) { return catalog.section(QLatin1Char('\n'), 1); };
        QCOMPARE(withoutDates(fleetCatalog(*admin)), withoutDates(fleetCatalog(*fresh)));
        // The old agent's role may use the new table, for its own host only.
        QCOMPARE(refusalOf(*agent, insertTaskRun(QStringLiteral("old.example.com"), 1)), QString());
        QVERIFY(refusalOf(*agent, insertTaskRun(QStringLiteral("other.example.com"), 2))
                    .contains(QLatin1String("row-level security")));
    }

    // Version 3 -> 4: the event indexes in the console's page order replace version 2's;
    // the events are kept, and the console's first page is read from the index, unsorted.
    void upgradesFromVersion3ToThePageOrderIndexes()
    {
        std::unique_ptr<FleetConnection> admin = freshDatabase(QStringLiteral("version3"), 3);
        QVERIFY(admin);
        QCOMPARE(refusalOf(*admin,
                           QStringLiteral("INSERT INTO certlife.fleet_hosts (role_name, host) VALUES ('v3host', "
                                          "'two.example.com'); ")
                               + insertEvent(QStringLiteral("two.example.com"), 1) + QLatin1Char(';')
                               + insertEvent(QStringLiteral("two.example.com"), 2)),
                 QString());
        const QString eventsBefore =
            scalar(*admin, QStringLiteral("SELECT string_agg(e::text, ';' ORDER BY record_id) FROM certlife.events e"))
                .toString();
        QString error;
        const std::optional<MigrationOutcome> outcome = migrate(admin->database(), &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->from, 3);
        QCOMPARE(outcome->to, 4);
        QCOMPARE(
            scalar(*admin, QStringLiteral("SELECT string_agg(e::text, ';' ORDER BY record_id) FROM certlife.events e"))
                .toString(),
            eventsBefore);
        QCOMPARE(scalar(*admin,
                        QStringLiteral("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes"
                                       " WHERE schemaname = 'certlife' AND tablename = 'events'"))
                     .toString(),
                 QStringLiteral("events_host_page,events_id_page,events_page,events_pkey"));
        std::unique_ptr<FleetConnection> fresh = freshDatabase(QStringLiteral("current2"));
        QVERIFY(fresh);
        const auto withoutDates = [](QString catalog) { return catalog.section(QLatin1Char('\n'), 1); };
        QCOMPARE(withoutDates(fleetCatalog(*admin)), withoutDates(fleetCatalog(*fresh)));
        // The page the console reads first comes from the index in its order: no sort.
        QVERIFY(refusalOf(*admin, QStringLiteral("SET enable_seqscan = off")).isEmpty());
        QSqlQuery explain(admin->database());
        QVERIFY(explain.exec(QStringLiteral("EXPLAIN SELECT * FROM certlife.events ORDER BY time DESC, channel,"
                                            " record_id DESC, host LIMIT 250")));
        QString lines;
        while (explain.next())
            lines += explain.value(0).toString() + QLatin1Char('\n');
        QVERIFY2(lines.contains(QLatin1String("events_page")) && !lines.contains(QLatin1String("Sort")),
                 qPrintable(lines));
    }

    void aNewerSchemaIsRefusedUntouched()
    {
        std::unique_ptr<FleetConnection> admin = freshDatabase(QStringLiteral("newer"));
        QVERIFY(admin);
        QCOMPARE(
            refusalOf(
                *admin,
                QStringLiteral("INSERT INTO certlife.schema_version (version) VALUES (%1)").arg(kSchemaVersion + 1)),
            QString());
        const QString before = fleetCatalog(*admin);
        QString error;
        QVERIFY(!migrate(admin->database(), &error));
        QVERIFY2(error.contains(QStringLiteral("schema version %1, newer than this Certlife").arg(kSchemaVersion + 1)),
                 qPrintable(error));
        QCOMPARE(fleetCatalog(*admin), before);
    }

    // What a compromised host could try against another host's rows, and the reader role
    // against any row.
    void aHostWritesOnlyItsOwnRows()
    {
        std::unique_ptr<FleetConnection> admin = freshDatabase(QStringLiteral("rls"));
        QVERIFY(admin);
        QString error;
        QVERIFY2(addHost(admin->database(), QStringLiteral("a.example.com"), QStringLiteral("host_a"),
                         QStringLiteral("password-a"), &error),
                 qPrintable(error));
        QVERIFY2(addHost(admin->database(), QStringLiteral("b.example.com"), QStringLiteral("host_b"),
                         QStringLiteral("password-b"), &error),
                 qPrintable(error));
        std::unique_ptr<FleetConnection> a =
            connectTo(m_cluster, QStringLiteral("rls"), QStringLiteral("host_a"), QStringLiteral("password-a"));
        std::unique_ptr<FleetConnection> b =
            connectTo(m_cluster, QStringLiteral("rls"), QStringLiteral("host_b"), QStringLiteral("password-b"));
        QVERIFY(a && b);
        QCOMPARE(scalar(*a, QStringLiteral("SELECT certlife.current_host()")).toString(),
                 QStringLiteral("a.example.com"));
        const QString hostA = QStringLiteral("a.example.com"), hostB = QStringLiteral("b.example.com");
        for (const QString& sql : {insertHeartbeat(hostB), insertCertificate(hostB, QStringLiteral("B1")),
                                   insertEvent(hostB, 1), insertTaskRun(hostB, 1)})
            QCOMPARE(refusalOf(*b, sql), QString());
        // Its own rows: written, and the same event twice is kept once.
        for (const QString& sql : {insertHeartbeat(hostA), insertCertificate(hostA, QStringLiteral("A1")),
                                   insertEvent(hostA, 1), insertTaskRun(hostA, 1)})
            QCOMPARE(refusalOf(*a, sql), QString());
        QVERIFY(refusalOf(*a, insertEvent(hostA, 1)).contains(QLatin1String("duplicate key")));
        int affected = -1;
        QCOMPARE(refusalOf(*a, insertEvent(hostA, 1) + QStringLiteral(" ON CONFLICT DO NOTHING"), &affected),
                 QString());
        QCOMPARE(affected, 0);

        const QString catalogOfB =
            QStringLiteral("SELECT (SELECT string_agg(h::text, ';') FROM certlife.hosts h WHERE host = '%1') ||"
                           " (SELECT string_agg(c::text, ';') FROM certlife.certificates c WHERE host = '%1') ||"
                           " (SELECT string_agg(e::text, ';') FROM certlife.events e WHERE host = '%1') ||"
                           " (SELECT string_agg(t::text, ';') FROM certlife.task_runs t WHERE host = '%1')")
                .arg(hostB);
        const QString rowsOfB = scalar(*admin, catalogOfB).toString();
        QVERIFY(!rowsOfB.isEmpty());
        // A cannot add rows in B's name…
        for (const QString& sql : {insertHeartbeat(hostB), insertCertificate(hostB, QStringLiteral("A-as-B")),
                                   insertEvent(hostB, 2), insertTaskRun(hostB, 2)})
            QVERIFY2(refusalOf(*a, sql).contains(QLatin1String("violates row-level security policy")), qPrintable(sql));
        // …nor see, change or delete B's (they are invisible to it: nothing matches)…
        QCOMPARE(scalar(*a, QStringLiteral("SELECT count(*) FROM certlife.certificates WHERE host = '%1'").arg(hostB))
                     .toInt(),
                 0);
        for (const char* table : {"hosts", "certificates", "task_runs"}) {
            affected = -1;
            QCOMPARE(refusalOf(*a,
                               QStringLiteral("UPDATE certlife.%1 SET host = host WHERE host = '%2'")
                                   .arg(QLatin1String(table), hostB),
                               &affected),
                     QString());
            QCOMPARE(affected, 0);
        }
        for (const char* table : {"hosts", "certificates"}) {
            affected = -1;
            QCOMPARE(refusalOf(*a, QStringLiteral("DELETE FROM certlife.%1").arg(QLatin1String(table)), &affected),
                     QString());
            QCOMPARE(affected, 1); // its own row only
        }
        // …nor move its own rows to B…
        QVERIFY(refusalOf(*a, QStringLiteral("UPDATE certlife.task_runs SET host = '%1'").arg(hostB))
                    .contains(QLatin1String("violates row-level security policy")));
        // …nor rewrite or delete any event, even its own…
        QVERIFY(refusalOf(*a, QStringLiteral("UPDATE certlife.events SET message = 'forged'"))
                    .contains(QLatin1String("permission denied")));
        QVERIFY(
            refusalOf(*a, QStringLiteral("DELETE FROM certlife.events")).contains(QLatin1String("permission denied")));
        // …nor map itself to B, or make itself a role.
        QVERIFY(refusalOf(*a, QStringLiteral("UPDATE certlife.fleet_hosts SET host = '%1'").arg(hostB))
                    .contains(QLatin1String("permission denied")));
        QVERIFY(
            refusalOf(*a, QStringLiteral("INSERT INTO certlife.fleet_hosts (role_name, host) VALUES ('host_a', 'c')"))
                .contains(QLatin1String("permission denied")));
        QCOMPARE(scalar(*admin, catalogOfB).toString(), rowsOfB);

        // A console's role reads every host and writes nothing.
        QCOMPARE(refusalOf(*admin,
                           QStringLiteral("CREATE ROLE console LOGIN PASSWORD 'console-pw' IN ROLE "
                                          "certlife_reader")),
                 QString());
        std::unique_ptr<FleetConnection> reader =
            connectTo(m_cluster, QStringLiteral("rls"), QStringLiteral("console"), QStringLiteral("console-pw"));
        QVERIFY(reader);
        QCOMPARE(
            scalar(*reader, QStringLiteral("SELECT string_agg(DISTINCT host, ',') FROM certlife.events")).toString(),
            QStringLiteral("a.example.com,b.example.com"));
        for (const QString& sql :
             {insertHeartbeat(hostA), insertEvent(hostA, 9),
              QStringLiteral("UPDATE certlife.certificates SET state = ''"),
              QStringLiteral("DELETE FROM certlife.events"), QStringLiteral("DELETE FROM certlife.fleet_hosts"),
              QStringLiteral("UPDATE certlife.task_runs SET state = 'forged'")})
            QVERIFY2(refusalOf(*reader, sql).contains(QLatin1String("permission denied")), qPrintable(sql));
        QCOMPARE(scalar(*admin, catalogOfB).toString(), rowsOfB);
    }

    void addingAHostTwiceIsRefused()
    {
        std::unique_ptr<FleetConnection> admin = freshDatabase(QStringLiteral("addtwice"));
        QVERIFY(admin);
        QString error;
        QVERIFY2(addHost(admin->database(), QStringLiteral("web1"), QStringLiteral("certlife_host_web1"),
                         generatePassword(), &error),
                 qPrintable(error));
        QVERIFY(!addHost(admin->database(), QStringLiteral("web1"), QStringLiteral("another_role"), generatePassword(),
                         &error));
        QVERIFY2(error.contains(QLatin1String("in the fleet already")), qPrintable(error));
        // The role exists in the cluster: refused for another host too, and nothing left behind.
        QVERIFY(!addHost(admin->database(), QStringLiteral("web2"), QStringLiteral("certlife_host_web1"),
                         generatePassword(), &error));
        QVERIFY2(error.contains(QLatin1String("exists already")), qPrintable(error));
        QCOMPARE(scalar(*admin, QStringLiteral("SELECT count(*) FROM certlife.fleet_hosts")).toInt(), 1);
        QCOMPARE(scalar(*admin, QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'another_role'")).toInt(),
                 0);
    }

    // The verifier made here is what the server checks a login against.
    void theVerifierLogsIn()
    {
        std::unique_ptr<FleetConnection> admin = connectTo(m_cluster, QStringLiteral("postgres"));
        QVERIFY(admin);
        const QString password = generatePassword();
        QCOMPARE(password.size(), 32);
        QCOMPARE(
            refusalOf(*admin,
                      QStringLiteral("CREATE ROLE verified LOGIN PASSWORD '%1'").arg(scramSha256Verifier(password))),
            QString());
        QVERIFY(scalar(*admin, QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = 'verified'"))
                    .toString()
                    .startsWith(QLatin1String("SCRAM-SHA-256$4096:")));
        QVERIFY(connectTo(m_cluster, QStringLiteral("postgres"), QStringLiteral("verified"), password));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("password authentication failed")));
        QVERIFY(!connectTo(m_cluster, QStringLiteral("postgres"), QStringLiteral("verified"), password + u'x'));
    }

    void hostNamesAndRoles()
    {
        QCOMPARE(normalizedHostName(QStringLiteral("Web1.Example.COM")), QStringLiteral("web1.example.com"));
        QVERIFY(!normalizedHostName(QStringLiteral("")));
        QVERIFY(!normalizedHostName(QStringLiteral("-web")));
        QVERIFY(!normalizedHostName(QStringLiteral("web 1")));
        QVERIFY(!normalizedHostName(QStringLiteral("web'1")));
        QCOMPARE(defaultHostRole(QStringLiteral("web1")), QStringLiteral("certlife_host_web1"));
        QCOMPARE(defaultHostRole(QString(49, u'a')).size(), 63);
        QVERIFY(defaultHostRole(QString(50, u'a')).isEmpty());
        QCOMPARE(quotedIdentifier(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
    }
};

QTEST_GUILESS_MAIN(TestFleetSchema)
#include "TestFleetSchema.moc"
