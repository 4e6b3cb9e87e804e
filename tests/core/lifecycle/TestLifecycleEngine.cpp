// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "LifecycleFixture.h"
#include "TestEnvironment.h"
#include "lifecycle/LifecycleEngine.h"
#include "util/Clock.h"

#include <QFileInfo>
#include <QTest>
#include <QtConcurrent>

using namespace certlife;
using namespace certlife::test;

// The façade: snapshot kept per scope in the state dir, damaged snapshots, two-step
// passes, and use from a worker thread.
class TestLifecycleEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { namedCertificates(); }
    void scopesKeepSeparateSnapshots();
    void damagedSnapshotStartsQuietBaseline_data();
    void damagedSnapshotStartsQuietBaseline();
    void unchangedPassWritesNothing();
    void eventsAreRepeatedUntilCommitted();
    void storeDroppedFromConfigurationIsForgotten();
    void duplicateStoreIdIsReported();
    void runsOnWorkerThread();
};

void TestLifecycleEngine::scopesKeepSeparateSnapshots()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    f.engine.process(f.stores.scan(Scope::User), Scope::User);
    QVERIFY(QFileInfo::exists(f.engine.snapshotFile(Scope::User)));
    QVERIFY(f.engine.snapshotFile(Scope::User).startsWith(f.env.root()));
    QVERIFY(!QFileInfo::exists(f.engine.snapshotFile(Scope::System)));
    // The System channel has its own history: its first scan is its own baseline.
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    QCOMPARE(f.stores.describe(f.engine.process(f.stores.scan(Scope::System), Scope::System)), QString());
    QCOMPARE(f.stores.describe(f.engine.process(f.stores.scan(Scope::User), Scope::User)),
             QStringLiteral("1006 detected s1 B@b.pem"));
}

void TestLifecycleEngine::damagedSnapshotStartsQuietBaseline_data()
{
    QTest::addColumn<bool>("keepPreviousGeneration");
    QTest::addColumn<QString>("afterDamage"); // events of the first pass after the damage
    QTest::newRow("previous generation kept: no repeated warning") << true << QString();
    QTest::newRow("previous generation lost: warning repeated") << false << QStringLiteral("1003 - s1 A@a.pem");
}

void TestLifecycleEngine::damagedSnapshotStartsQuietBaseline()
{
    QFETCH(bool, keepPreviousGeneration);
    QFETCH(QString, afterDamage);
    EngineFixture f(utc(2026, 3, 25));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    QCOMPARE(f.pass(), QStringLiteral("1003 - s1 A@a.pem"));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    QCOMPARE(f.pass(), QStringLiteral("1006 detected s1 B@b.pem"));

    const QString path = f.engine.snapshotFile(Scope::User);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.seek(file.size() / 2);
    file.write("\xde\xad\xbe\xef");
    file.close();
    if (!keepPreviousGeneration)
        QVERIFY(QFile::remove(path + QStringLiteral(".bak")));

    // Changes made while the snapshot is damaged are not reported, nor is everything
    // that was already there: no flood of 1006.
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/ca.pem CA; rm s1/b.pem")), QString());
    QCOMPARE(f.pass(), afterDamage);
    const QStringList problems = f.engine.lastProblems();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems[0].contains(path) && problems[0].contains(QLatin1String("damaged")), qPrintable(problems[0]));
    QVERIFY(QFileInfo::exists(path + QStringLiteral(".corrupt")));

    // The new snapshot is good: the next change is reported normally.
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    QCOMPARE(f.pass(), QStringLiteral("1006 detected s1 B@b.pem"));
    QVERIFY(f.engine.lastProblems().isEmpty());
}

void TestLifecycleEngine::unchangedPassWritesNothing()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A; put s2/b.pem B")), QString());
    QVERIFY(f.engine.evaluate(f.stores.scan(), Scope::User).changed); // first run: baseline to save
    f.engine.process(f.stores.scan(), Scope::User);
    const LifecyclePass again = f.engine.evaluate(f.stores.scan(), Scope::User);
    QVERIFY(!again.changed);
    QVERIFY(again.events.isEmpty());
    QVERIFY(!QFileInfo::exists(f.engine.snapshotFile(Scope::User) + QStringLiteral(".bak"))); // saved once only
}

void TestLifecycleEngine::eventsAreRepeatedUntilCommitted()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    f.engine.process(f.stores.scan(), Scope::User);
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    // A caller that crashed before commit() (e.g. before the EventLog write) sees the events again.
    QCOMPARE(f.stores.describe(f.engine.evaluate(f.stores.scan(), Scope::User).events),
             QStringLiteral("1006 detected s1 B@b.pem"));
    const LifecyclePass pass = f.engine.evaluate(f.stores.scan(), Scope::User);
    QCOMPARE(f.stores.describe(pass.events), QStringLiteral("1006 detected s1 B@b.pem"));
    QString error;
    QVERIFY2(f.engine.commit(pass, &error), qPrintable(error));
    QCOMPARE(f.stores.describe(f.engine.evaluate(f.stores.scan(), Scope::User).events), QString());
}

void TestLifecycleEngine::storeDroppedFromConfigurationIsForgotten()
{
    EngineFixture f(utc(2026, 1, 15));
    const LifecycleFixture onlyS1(f.env.path(QStringLiteral("stores")), {QStringLiteral("s1")});
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A; put s2/b.pem B")), QString());
    f.engine.process(f.stores.scan(), Scope::User);
    QCOMPARE(f.stores.describe(f.engine.process(onlyS1.scan(), Scope::User)),
             QString()); // no 1004 for s2's certificates
    QCOMPARE(f.stores.apply(QStringLiteral("put s2/ca.pem CA")), QString());
    QCOMPARE(f.pass(), QString()); // back: a new baseline
}

void TestLifecycleEngine::duplicateStoreIdIsReported()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    QList<StoreScan> scans = f.stores.scan();
    scans << scans.first();
    f.engine.process(scans, Scope::User);
    QCOMPARE(f.engine.lastProblems().size(), 1);
    QVERIFY(f.engine.lastProblems()[0].contains(QLatin1String("store s1 was scanned twice")));
}

void TestLifecycleEngine::runsOnWorkerThread()
{
    EngineFixture f(utc(2026, 3, 25));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A; put s1/b.pem B")), QString());
    const QList<StoreScan> scans = f.stores.scan();
    QFuture<QList<LifecycleEvent>> first = QtConcurrent::run([&] { return f.engine.process(scans, Scope::User); });
    QFuture<QList<LifecycleEvent>> second = QtConcurrent::run([&] { return f.engine.process(scans, Scope::User); });
    // Serialised passes: exactly one of the two logs the warning.
    const QString a = f.stores.describe(first.result());
    const QString b = f.stores.describe(second.result());
    QCOMPARE(QStringList({a, b}).join(QLatin1Char('+')).count(QLatin1String("1003")), 1);
    QVERIFY(a == QLatin1String("1003 - s1 A@a.pem") || b == QLatin1String("1003 - s1 A@a.pem"));
}

QTEST_GUILESS_MAIN(TestLifecycleEngine)
#include "TestLifecycleEngine.moc"
