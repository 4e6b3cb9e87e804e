// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl fleet init and add-host against a real PostgreSQL 15 (a private cluster for
// this program), as the database admin runs them: the schema made once and left alone
// after, a host's login role that can log in with the password file it was given, and
// one clear line with exit status 5 when the server cannot be reached or refuses us.
#include "CliProcess.h"
#include "FleetTestSupport.h"
#include "PostgresCluster.h"
#include "TestEnvironment.h"
#include "fleet/FleetSchema.h"

#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCliFleet : public QObject
{
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    TestEnvironment m_env; // HOME too: no ~/.pgpass of the machine's is read

    CliRun fleet(const QStringList& args) { return runCli(QStringList{QStringLiteral("fleet")} + args); }

    // `fleet init` on DATABASE as the superuser, with its password file.
    CliRun init(const QString& database)
    {
        return fleet({QStringLiteral("init"), QStringLiteral("--database"), m_cluster.uri(database),
                      QStringLiteral("--password-file"), m_cluster.superuserPasswordFile()});
    }

    QString writePasswordFile(const QString& name, const QByteArray& content)
    {
        const QString path = m_env.path(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(content);
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("certlife"), &error), qPrintable(error));
    }

    void initCreatesTheSchemaThenChangesNothing()
    {
        const CliRun first = init(QStringLiteral("certlife"));
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QVERIFY2(first.out.contains(QStringLiteral("now has the fleet schema, version %1").arg(fleet::kSchemaVersion)),
                 qPrintable(first.out));
        // The grants as the database has them, and the advice for pg_hba.conf and TLS.
        QVERIFY2(first.out.contains(QRegularExpression(QStringLiteral(
                     "certlife_agent +certlife\\.events +SELECT, INSERT  \\(its own host's rows only\\)"))),
                 qPrintable(first.out));
        QVERIFY2(first.out.contains(QRegularExpression(QStringLiteral("certlife_reader +certlife\\.hosts +SELECT\\n"))),
                 qPrintable(first.out));
        QVERIFY(first.out.contains(QLatin1String("hostssl  certlife  +certlife_agent")));
        QVERIFY(first.out.contains(QLatin1String("sslmode=verify-full")));
        QCOMPARE(first.err, QString());

        std::unique_ptr<fleet::FleetConnection> admin = connectTo(m_cluster, QStringLiteral("certlife"));
        QVERIFY(admin);
        const QString catalog = fleetCatalog(*admin);
        const CliRun second = init(QStringLiteral("certlife"));
        QVERIFY2(second.code == 0, qPrintable(second.err));
        QCOMPARE(second.out,
                 QStringLiteral("The fleet database certlife is already at schema version %1: nothing was "
                                "changed.\n")
                     .arg(fleet::kSchemaVersion));
        QCOMPARE(fleetCatalog(*admin), catalog);
    }

    void addHostMakesALoginForThatHostOnly()
    {
        const QString passwordFile = m_env.path(QStringLiteral("web1.password"));
        const CliRun added =
            fleet({QStringLiteral("add-host"), QStringLiteral("--database"), m_cluster.uri(QStringLiteral("certlife")),
                   QStringLiteral("--password-file"), m_cluster.superuserPasswordFile(), QStringLiteral("--host"),
                   QStringLiteral("Web1.Example.com"), QStringLiteral("--host-password-file"), passwordFile});
        QVERIFY2(added.code == 0, qPrintable(added.err));
        QVERIFY2(added.out.contains(QLatin1String("login role certlife_host_web1.example.com")), qPrintable(added.out));
        QVERIFY(added.out.contains(QLatin1String("?user=certlife_host_web1.example.com&sslmode=verify-full")));
        QCOMPARE(fileMode(passwordFile), 0600);
        QFile file(passwordFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString password = QString::fromUtf8(file.readAll()).trimmed();
        QCOMPARE(password.size(), 32);
        QVERIFY(!added.out.contains(password));

        std::unique_ptr<fleet::FleetConnection> agent = connectTo(
            m_cluster, QStringLiteral("certlife"), QStringLiteral("certlife_host_web1.example.com"), password);
        QVERIFY(agent);
        QCOMPARE(scalar(*agent, QStringLiteral("SELECT certlife.current_host()")).toString(),
                 QStringLiteral("web1.example.com"));

        // Again: refused, and the existing password file is left as it was.
        const QString again = m_env.path(QStringLiteral("web1-again.password"));
        const CliRun twice =
            fleet({QStringLiteral("add-host"), QStringLiteral("--database"), m_cluster.uri(QStringLiteral("certlife")),
                   QStringLiteral("--password-file"), m_cluster.superuserPasswordFile(), QStringLiteral("--host"),
                   QStringLiteral("web1.example.com"), QStringLiteral("--host-password-file"), again});
        QCOMPARE(twice.code, 1);
        QVERIFY2(twice.err.contains(QLatin1String("in the fleet already")), qPrintable(twice.err));
        QVERIFY(!QFile::exists(again));
        const CliRun overwrite =
            fleet({QStringLiteral("add-host"), QStringLiteral("--database"), m_cluster.uri(QStringLiteral("certlife")),
                   QStringLiteral("--password-file"), m_cluster.superuserPasswordFile(), QStringLiteral("--host"),
                   QStringLiteral("web2"), QStringLiteral("--host-password-file"), passwordFile});
        QCOMPARE(overwrite.code, 1);
        QVERIFY2(overwrite.err.contains(QLatin1String("File exists")), qPrintable(overwrite.err));
        QVERIFY(file.seek(0));
        QCOMPARE(QString::fromUtf8(file.readAll()).trimmed(), password);
    }

    void addHostBeforeInitSaysSo()
    {
        QString error;
        QVERIFY2(m_cluster.createDatabase(QStringLiteral("bare"), &error), qPrintable(error));
        const QString passwordFile = m_env.path(QStringLiteral("bare.password"));
        const CliRun run =
            fleet({QStringLiteral("add-host"), QStringLiteral("--database"), m_cluster.uri(QStringLiteral("bare")),
                   QStringLiteral("--password-file"), m_cluster.superuserPasswordFile(), QStringLiteral("--host"),
                   QStringLiteral("web3"), QStringLiteral("--host-password-file"), passwordFile});
        QCOMPARE(run.code, 1);
        QCOMPARE(run.err,
                 QStringLiteral("certlifectl: the database has no fleet schema yet: run 'certlifectl fleet "
                                "init' first\n"));
        QVERIFY(!QFile::exists(passwordFile));
    }

    void aWrongPasswordIsOneLineAndStatus5()
    {
        const CliRun run = fleet({QStringLiteral("init"), QStringLiteral("--database"),
                                  m_cluster.uri(QStringLiteral("certlife")), QStringLiteral("--password-file"),
                                  writePasswordFile(QStringLiteral("wrong.password"), "not-the-password\n")});
        QCOMPARE(run.code, 5);
        QCOMPARE(run.out, QString());
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.startsWith(QLatin1String("certlifectl: cannot log in to the fleet database: ")),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("password authentication failed for user \"postgres\"")),
                 qPrintable(run.err));
        QVERIFY(!run.err.contains(QLatin1String("not-the-password")));
    }

    void anUnreachableServerIsOneLineAndStatus5()
    {
        const QString nowhere = m_env.path(QStringLiteral("no-server"));
        const CliRun run = fleet({QStringLiteral("init"), QStringLiteral("--database"),
                                  QStringLiteral("postgresql:///certlife?host=%1&user=postgres").arg(nowhere)});
        QCOMPARE(run.code, 5);
        QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(run.err.startsWith(QLatin1String("certlifectl: cannot connect to the fleet database: ")),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(nowhere), qPrintable(run.err));
    }

    void passwordsNeverComeFromTheCommandLine()
    {
        CliRun run = fleet({QStringLiteral("init"), QStringLiteral("--database"),
                            QStringLiteral("postgresql://postgres:secret@localhost/certlife")});
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains(QLatin1String("never in the URI")), qPrintable(run.err));
        QVERIFY(!run.err.contains(QLatin1String("secret")));

        const QString readable = writePasswordFile(QStringLiteral("readable.password"), "x\n");
        QVERIFY(QFile::setPermissions(readable, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        run = fleet({QStringLiteral("init"), QStringLiteral("--database"), m_cluster.uri(QStringLiteral("certlife")),
                     QStringLiteral("--password-file"), readable});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(QLatin1String("may be read by others (mode 0604): chmod 600 it")),
                 qPrintable(run.err));

        run = fleet({QStringLiteral("init")});
        QCOMPARE(run.code, 2);
        QVERIFY(run.err.contains(QLatin1String("--database is required")));
    }

    void helpAnswers()
    {
        CliRun run = fleet({QStringLiteral("--help")});
        QCOMPARE(run.code, 0);
        QVERIFY(run.out.startsWith(QLatin1String("Usage: certlifectl fleet init|add-host")));
        run = fleet({QStringLiteral("init"), QStringLiteral("--help")});
        QCOMPARE(run.code, 0);
        for (const char* text : {"--database <URI>", "--password-file <FILE>", "certlife_agent", "certlife_reader",
                                 "PGPASSFILE", "Exit status", "5 the database could not be reached"})
            QVERIFY2(run.out.simplified().contains(QLatin1String(text)), text);
        run = fleet({QStringLiteral("add-host"), QStringLiteral("--help")});
        QCOMPARE(run.code, 0);
        for (const char* text : {"--host <NAME>", "--host-password-file <FILE>", "--role <ROLE>", "SCRAM-SHA-256"})
            QVERIFY2(run.out.contains(QLatin1String(text)), text);
    }
};

QTEST_GUILESS_MAIN(TestCliFleet)
#include "TestCliFleet.moc"
