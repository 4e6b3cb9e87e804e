// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The publisher's mark in the local outbox: saved and read back, started again from
// nothing for another database, host or log, or when the file is garbled; and the
// inventory's hash, which says whether there is anything to send.
#include "FleetTestSupport.h"
#include "TestEnvironment.h"
#include "fleet/FleetCursor.h"

#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

namespace {

FleetCertificate certificateNamed(const QString& sha256)
{
    FleetCertificate c;
    c.channel = QStringLiteral("System");
    c.store = QStringLiteral("My");
    c.sha256 = sha256;
    c.subject = QStringLiteral("CN=") + sha256;
    c.paths = {QStringLiteral("/etc/ssl/a.pem")};
    c.notAfter = QDateTime::fromString(QStringLiteral("2027-01-01T00:00:00Z"), Qt::ISODate);
    c.state = QStringLiteral("Healthy");
    return c;
}

} // namespace

class TestFleetCursor : public QObject
{
    Q_OBJECT

private slots:
    void savedAndReadBack()
    {
        TestEnvironment env;
        const QString path = env.path(QStringLiteral("fleet-cursor.json"));
        QString warning;
        QCOMPARE(loadFleetCursor(path, &warning), FleetCursor());
        QCOMPARE(warning, QString());

        FleetCursor cursor;
        cursor.database = QStringLiteral("postgresql://db/certlife?user=certlife_host_web1");
        cursor.host = QStringLiteral("web1");
        cursor.logIdentity = QStringLiteral("3f2a");
        cursor.lastRecordId = 9007199254740993LL; // past a double's exact integers
        cursor.lastRunId = 12;
        cursor.openRuns = {{11, QStringLiteral("queued")}, {12, QStringLiteral("running")}};
        cursor.inventoryHash = QStringLiteral("ab12");
        cursor.eventsLostToPruning = 7;
        QString error;
        QVERIFY2(saveFleetCursor(path, cursor, &error), qPrintable(error));
        QCOMPARE(fileMode(path), 0600);
        QCOMPARE(loadFleetCursor(path, &warning), cursor);
        QCOMPARE(warning, QString());
    }

    void aGarbledCursorStartsAgain()
    {
        TestEnvironment env;
        const QString path = env.path(QStringLiteral("fleet-cursor.json"));
        for (const QByteArray& content : {QByteArray("{\"format\": 1, \"lastRecordId\": 5"), QByteArray("[]"),
                                          QByteArray("{\"format\": 2, \"lastRecordId\": 5}"),
                                          QByteArray("{\"format\": 1, \"lastRecordId\": -5}"), QByteArray()}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(content);
            f.close();
            QString warning;
            QCOMPARE(loadFleetCursor(path, &warning), FleetCursor());
            QVERIFY2(warning.contains(QLatin1String("publishing everything again")), content.constData());
        }
    }

    void anotherDatabaseHostOrLogStartsAgain()
    {
        FleetCursor saved;
        saved.database = QStringLiteral("postgresql://db/a");
        saved.host = QStringLiteral("web1");
        saved.logIdentity = QStringLiteral("L1");
        saved.lastRecordId = 40;
        saved.inventoryHash = QStringLiteral("h");
        QCOMPARE(cursorFor(saved, saved.database, saved.host, saved.logIdentity), saved);
        for (const auto& [database, host, log] :
             {std::tuple{QStringLiteral("postgresql://db/b"), QStringLiteral("web1"), QStringLiteral("L1")},
              std::tuple{QStringLiteral("postgresql://db/a"), QStringLiteral("web2"), QStringLiteral("L1")},
              std::tuple{QStringLiteral("postgresql://db/a"), QStringLiteral("web1"), QStringLiteral("L2")}}) {
            const FleetCursor fresh = cursorFor(saved, database, host, log);
            QCOMPARE(fresh.lastRecordId, 0);
            QCOMPARE(fresh.inventoryHash, QString());
            QCOMPARE(fresh.database, database);
            QCOMPARE(fresh.host, host);
            QCOMPARE(fresh.logIdentity, log);
        }
    }

    void theInventoryHashSeesEveryChangeButNotTheOrder()
    {
        const QList<FleetCertificate> inventory{certificateNamed(QStringLiteral("a")),
                                                certificateNamed(QStringLiteral("b"))};
        const QString hash = inventoryHash(inventory);
        QCOMPARE(hash.size(), 64);
        QCOMPARE(inventoryHash({inventory[1], inventory[0]}), hash);
        QVERIFY(inventoryHash({inventory[0]}) != hash);
        QVERIFY(inventoryHash({}) != inventoryHash({certificateNamed(QString())}));
        const auto changed = [&](auto change) {
            QList<FleetCertificate> copy = inventory;
            change(copy[1]);
            return inventoryHash(copy) != hash;
        };
        QVERIFY(changed([](FleetCertificate& c) { c.state = QStringLiteral("Expiring"); }));
        QVERIFY(changed([](FleetCertificate& c) { c.paths << QStringLiteral("/etc/ssl/b.pem"); }));
        QVERIFY(changed([](FleetCertificate& c) { c.notAfter = c.notAfter.addSecs(1); }));
        QVERIFY(changed([](FleetCertificate& c) { c.problems.append(QStringLiteral("unreadable")); }));
        // Text cannot stand in for the field boundaries.
        FleetCertificate joined = certificateNamed(QStringLiteral("x"));
        joined.paths = {QStringLiteral("/a") + QChar(0) + QStringLiteral("/b")};
        FleetCertificate split = certificateNamed(QStringLiteral("x"));
        split.paths = {QStringLiteral("/a"), QStringLiteral("/b")};
        QVERIFY(inventoryHash({joined}) != inventoryHash({split}));
    }
};

QTEST_GUILESS_MAIN(TestFleetCursor)
#include "TestFleetCursor.moc"
