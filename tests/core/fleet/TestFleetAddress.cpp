// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The fleet database's URI, as an administrator writes it in FleetDatabase or on the
// command line, split into what Qt's PostgreSQL driver takes; and the password file.
#include "FleetTestSupport.h"
#include "TestEnvironment.h"
#include "fleet/FleetConnection.h"

#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

class TestFleetAddress : public QObject
{
    Q_OBJECT

private slots:
    void parsesLibpqUris()
    {
        QString error;
        std::optional<FleetAddress> a =
            parseFleetAddress(QStringLiteral("postgresql://agent%40web@db.example.com:6432/certlife?sslmode=verify-full"
                                             "&sslrootcert=/etc/ssl/fleet%20ca.pem"),
                              &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(a->user, QStringLiteral("agent@web"));
        QCOMPARE(a->host, QStringLiteral("db.example.com"));
        QCOMPARE(a->port, QStringLiteral("6432"));
        QCOMPARE(a->database, QStringLiteral("certlife"));
        QCOMPARE(a->parameters.value(QStringLiteral("sslmode")), QStringLiteral("verify-full"));
        // Quoted for libpq, so a space in a path survives Qt's joining of the options.
        QCOMPARE(a->connectOptions(),
                 QStringLiteral("application_name='certlife';connect_timeout='10';"
                                "sslmode='verify-full';sslrootcert='/etc/ssl/fleet ca.pem'"));

        a = parseFleetAddress(QStringLiteral("postgresql:///certlife?host=/tmp/pg%20sock&user=postgres"
                                             "&connect_timeout=3&application_name=it's"),
                              &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(a->host, QStringLiteral("/tmp/pg sock"));
        QCOMPARE(a->user, QStringLiteral("postgres"));
        QCOMPARE(a->port, QString());
        QCOMPARE(a->connectOptions(), QStringLiteral("application_name='it\\'s';connect_timeout='3'"));

        a = parseFleetAddress(QStringLiteral("postgres://[::1]:5433,db2:5434/fleet"), &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(a->host, QStringLiteral("::1,db2"));
        QCOMPARE(a->port, QStringLiteral("5433,5434"));
        QVERIFY(a->connectOptions().contains(QLatin1String("port='5433,5434'")));

        a = parseFleetAddress(QStringLiteral("postgresql://"), &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(a->host, QString());
        QCOMPARE(a->database, QString());
    }

    void refusesPasswordsAndNonsense_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("message");
        QTest::newRow("password in userinfo") << "postgresql://admin:secret@db/certlife"
                                              << "never in the URI";
        QTest::newRow("password parameter") << "postgresql://db/certlife?password=secret"
                                            << "never in the URI";
        QTest::newRow("sslpassword") << "postgresql://db/certlife?sslpassword=x"
                                     << "never in the URI";
        QTest::newRow("not a URI") << "host=db dbname=certlife"
                                   << "not a PostgreSQL connection URI";
        QTest::newRow("http") << "https://db/certlife"
                              << "not a PostgreSQL connection URI";
        QTest::newRow("bad percent") << "postgresql://db/cert%zzlife"
                                     << "percent-encoding";
        QTest::newRow("control character") << "postgresql://db/certlife?application_name=a%0Ab"
                                           << "control character";
        QTest::newRow("semicolon") << "postgresql://db/certlife?sslrootcert=/a;b"
                                   << "';'";
        QTest::newRow("bad port") << "postgresql://db:http/certlife"
                                  << "not a number";
        QTest::newRow("bad key") << "postgresql://db/certlife?ssl mode=x"
                                 << "not a connection parameter";
        QTest::newRow("no value") << "postgresql://db/certlife?sslmode"
                                  << "not key=value";
    }

    void refusesPasswordsAndNonsense()
    {
        QFETCH(QString, uri);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!parseFleetAddress(uri, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("secret")));
    }

    void readsPasswordFiles()
    {
        TestEnvironment env;
        const QString path = env.path(QStringLiteral("fleet.password"));
        QString error;
        QVERIFY2(createPasswordFile(path, QStringLiteral("s3cret"), &error), qPrintable(error));
        QCOMPARE(fileMode(path), 0600);
        QCOMPARE(readPasswordFile(path, false, &error), QStringLiteral("s3cret"));
        // Never over an existing file.
        QVERIFY(!createPasswordFile(path, QStringLiteral("other"), &error));
        QCOMPARE(readPasswordFile(path, false, &error), QStringLiteral("s3cret"));

        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
        QVERIFY(!readPasswordFile(path, false, &error));
        QVERIFY2(error.contains(QLatin1String("may be read by others (mode 0640)")), qPrintable(error));

        // Only the first line, without its line end.
        const QString crlf = env.path(QStringLiteral("crlf.password"));
        QFile f(crlf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("pass word\r\nsecond line\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner));
        QCOMPARE(readPasswordFile(crlf, false, &error), QStringLiteral("pass word"));

        const QString link = env.path(QStringLiteral("link.password"));
        QVERIFY(QFile::link(crlf, link));
        QVERIFY(!readPasswordFile(link, false, &error));
        QVERIFY(!readPasswordFile(env.path(QStringLiteral("missing")), false, &error));
        QVERIFY2(error.contains(QLatin1String("No such file")), qPrintable(error));

        const QString empty = env.path(QStringLiteral("empty.password"));
        QVERIFY(createPasswordFile(empty, QString(), &error));
        QVERIFY(!readPasswordFile(empty, false, &error));
        QVERIFY2(error.contains(QLatin1String("holds no password")), qPrintable(error));
    }

    void oneLineOfADriverError()
    {
        QCOMPARE(oneLine(QStringLiteral("connection to server on socket \"/x/.s.PGSQL.5432\" failed: No such file or "
                                        "directory\n\tIs the server running locally?\n")),
                 QStringLiteral("connection to server on socket \"/x/.s.PGSQL.5432\" failed: No such file or "
                                "directory Is the server running locally?"));
    }
};

QTEST_GUILESS_MAIN(TestFleetAddress)
#include "TestFleetAddress.moc"
