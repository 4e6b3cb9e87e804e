// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../lifecycle/LifecycleFixture.h"
#include "TestEnvironment.h"
#include "lifecycle/LifecycleEngine.h"
#include "util/Clock.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QTest>
#include <sys/wait.h>

using namespace certlife;
using namespace certlife::test;

// LifecycleEngine::acknowledge: after an admin's action (which logged its own event) the
// stores it touched are brought up to date in the snapshot, so the next pass is silent
// about that change and still reports everything else.
class TestSnapshotAcknowledge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { namedCertificates(); }
    void touchedStoresGiveNoEventsNextPass();
    void untouchedStoresAreStillCompared();
    void archivedFlagsAndNotificationStateAreKept();
    void unreadableFileKeepsWhatItHeld();
    void withoutSnapshotNothingIsWritten();
    void scanOfTheOtherScopeIsRefused();
    void damagedSnapshotIsRepairedAndReported();
    void lockLeftByADeadProcessDoesNotBlock();

private:
    static QList<StoreScan> only(const QList<StoreScan>& scans, const QStringList& ids)
    {
        QList<StoreScan> out;
        for (const StoreScan& s : scans)
            if (ids.contains(s.storeId))
                out << s;
        return out;
    }
};

void TestSnapshotAcknowledge::touchedStoresGiveNoEventsNextPass()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A; put s2/b.pem B")), QString());
    QCOMPARE(f.pass(), QString()); // baseline

    // An import into s1 and a move of B from s2 to s3, each already logged by the action.
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/ca.pem CA; mv s2/b.pem s3/b.pem")), QString());
    QString error;
    QVERIFY2(f.engine.acknowledge(only(f.stores.scan(), {"s1", "s2", "s3"}), Scope::User, &error), qPrintable(error));
    QCOMPARE(f.pass(), QString());

    // Without the acknowledgement the same changes are what a pass reports.
    QCOMPARE(f.stores.apply(QStringLiteral("mv s3/b.pem s2/b.pem")), QString());
    QCOMPARE(f.pass(), QStringLiteral("1006 MoveOrCopy s2 B@b.pem | 1004 MoveOrCopy s3 B@b.pem"));
}

void TestSnapshotAcknowledge::untouchedStoresAreStillCompared()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A; put s2/ca.pem CA")), QString());
    f.engine.process(f.stores.scan(), Scope::User);

    // The action put B into s1; at the same time someone dropped Aalt into s2 by hand.
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B; put s2/aalt.pem Aalt")), QString());
    QVERIFY(f.engine.acknowledge(only(f.stores.scan(), {"s1"}), Scope::User));
    QCOMPARE(f.pass(), QStringLiteral("1006 detected s2 Aalt@aalt.pem"));
}

void TestSnapshotAcknowledge::archivedFlagsAndNotificationStateAreKept()
{
    EngineFixture f(utc(2026, 3, 25));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A; put s1/aalt.pem Aalt")), QString());
    // A is within 10 % of its lifetime: warned once.
    QCOMPARE(f.pass(), QStringLiteral("1003 - s1 A@a.pem"));
    // Aalt was replaced by an admin (`certlifectl switch`): archived, no expiry events.
    const QByteArray aaltSha =
        QCryptographicHash::hash(namedCertificates().value("Aalt").der, QCryptographicHash::Sha256);
    Sha256Digest aalt{};
    std::copy(aaltSha.begin(), aaltSha.end(), aalt.begin());
    QString error;
    QVERIFY2(f.engine.markArchived(Scope::User, {aalt}, &error), qPrintable(error));

    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    QVERIFY2(f.engine.acknowledge(only(f.stores.scan(), {"s1"}), Scope::User, &error), qPrintable(error));
    // Not warned again for A: its notification time survived the acknowledgement.
    QCOMPARE(f.pass(), QString());
    // Past both notAfter dates: A expired; Aalt, still archived, says nothing.
    LifecycleEngine later(std::make_shared<FixedClock>(utc(2026, 5, 10)), Policy{});
    QCOMPARE(f.stores.describe(later.process(f.stores.scan(), Scope::User)), QStringLiteral("1002 - s1 A@a.pem"));
}

void TestSnapshotAcknowledge::unreadableFileKeepsWhatItHeld()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    f.engine.process(f.stores.scan(), Scope::User);

    // While a.pem cannot be read, an action adds b.pem: A is not taken for gone.
    QCOMPARE(f.stores.apply(QStringLiteral("garbage s1/a.pem; put s1/b.pem B")), QString());
    QVERIFY(f.engine.acknowledge(only(f.stores.scan(), {"s1"}), Scope::User));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    QCOMPARE(f.pass(), QString());
}

void TestSnapshotAcknowledge::withoutSnapshotNothingIsWritten()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    QString error;
    QVERIFY2(f.engine.acknowledge(f.stores.scan(), Scope::User, &error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(f.engine.snapshotFile(Scope::User)));
    // The first pass is the silent baseline it would have been anyway.
    QCOMPARE(f.pass(), QString());
}

void TestSnapshotAcknowledge::scanOfTheOtherScopeIsRefused()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    f.engine.process(f.stores.scan(), Scope::User);
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    QString error;
    QVERIFY(!f.engine.acknowledge(only(f.stores.scan(Scope::System), {"s1"}), Scope::User, &error));
    QVERIFY2(error.contains(QStringLiteral("store s1")) && error.contains(QStringLiteral("System")), qPrintable(error));
    // Nothing was changed: the pass reports the new certificate.
    QCOMPARE(f.pass(), QStringLiteral("1006 detected s1 B@b.pem"));
}

void TestSnapshotAcknowledge::damagedSnapshotIsRepairedAndReported()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    f.engine.process(f.stores.scan(), Scope::User);
    QFile file(f.engine.snapshotFile(Scope::User));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("not a snapshot");
    file.close();

    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    QVERIFY(f.engine.acknowledge(only(f.stores.scan(), {"s1"}), Scope::User));
    QCOMPARE(f.engine.lastProblems().size(), 1);
    QVERIFY2(f.engine.lastProblems().first().contains(QStringLiteral("is damaged")),
             qPrintable(f.engine.lastProblems().first()));
    QVERIFY(QFileInfo::exists(f.engine.snapshotFile(Scope::User) + QStringLiteral(".corrupt")));
    // Every store starts a quiet baseline, as after any damaged snapshot.
    QCOMPARE(f.pass(), QString());
    QVERIFY(f.engine.lastProblems().isEmpty());
}

void TestSnapshotAcknowledge::lockLeftByADeadProcessDoesNotBlock()
{
    EngineFixture f(utc(2026, 1, 15));
    QCOMPARE(f.stores.apply(QStringLiteral("put s1/a.pem A")), QString());
    f.engine.process(f.stores.scan(), Scope::User);

    // A CLI killed while it held the snapshot lock: its lock file and record stay behind.
    const QString lockPath = f.engine.snapshotFile(Scope::User) + QStringLiteral(".lock");
    const pid_t child = ::fork();
    if (child == 0) {
        SnapshotLock lock(Scope::User, f.engine.snapshotFile(Scope::User));
        ::_exit(lock.tryAcquire() ? 0 : 1); // no release: as after SIGKILL
    }
    int status = -1;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QVERIFY(QFileInfo(lockPath).size() > 0);

    QCOMPARE(f.stores.apply(QStringLiteral("put s1/b.pem B")), QString());
    QString error;
    QVERIFY2(f.engine.acknowledge(only(f.stores.scan(), {"s1"}), Scope::User, &error), qPrintable(error));
    QCOMPARE(f.pass(), QString());
}

QTEST_GUILESS_MAIN(TestSnapshotAcknowledge)
#include "TestSnapshotAcknowledge.moc"
