// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// ProcessLock: a lock that dies with its holder, whatever is left in its file. The
// other process is this executable re-launched (LockHolder.h): a holder that waits to be
// killed, or one killed at the worst instant, right after it created and locked the file
// and before it wrote a byte (the kill -9 that used to blind the agent).
#include "LockHolder.h"
#include "TestEnvironment.h"
#include "util/ProcessLock.h"

#include <QFileInfo>
#include <QTest>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

namespace {

QByteArray contentOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}

bool writeContent(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

} // namespace

class TestProcessLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void leftoverLockFilesAreTakenAtOnce_data();
    void leftoverLockFilesAreTakenAtOnce();
    void killBetweenCreatingAndWritingLeavesNoLock();
    void liveHolderInAnotherProcessBlocksAndIsNamed();
    void holderIsNamedBeforeItWroteItsRecord();
    void twoLocksInOneProcessExcludeEachOther();
    void programsTheHolderStartsDoNotKeepItsLock();
    void lockFileIsOwnerOnlyAndNeverALink();
};

void TestProcessLock::leftoverLockFilesAreTakenAtOnce_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("\x01\xff\x00garbage\n", 12);
    QTest::newRow("QLockFile of a dead process") << QByteArray::number(deadPid()) + "\ncertlifectl\nhost\n";
    QTest::newRow("record of a dead process")
        << "pid=" + QByteArray::number(deadPid()) + "\nstart=1\nprogram=certlifectl watch\n";
}

void TestProcessLock::leftoverLockFilesAreTakenAtOnce()
{
    QFETCH(QByteArray, content);
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("x.lock"));
    QVERIFY(writeContent(path, content));

    ProcessLock lock(path);
    QVERIFY2(lock.tryLock(), qPrintable(lock.errorString()));
    QVERIFY(lock.isLocked());
    // The holder's record replaced what was there: its pid, for messages.
    QVERIFY2(contentOf(path).startsWith("pid=" + QByteArray::number(QCoreApplication::applicationPid()) + "\n"),
             contentOf(path).constData());
    lock.unlock();
    QCOMPARE(contentOf(path), QByteArray()); // cleared before it was let go
    QVERIFY(QFileInfo::exists(path));        // never deleted
}

void TestProcessLock::killBetweenCreatingAndWritingLeavesNoLock()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("x.lock"));
    LockHolder killed;
    QVERIFY(killed.dieBeforeRecord(path)); // SIGKILL right after its flock()
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(QFileInfo(path).size(), 0); // what a QLockFile writer killed there left too

    ProcessLock lock(path);
    QVERIFY2(lock.tryLock(), qPrintable(lock.errorString()));
}

void TestProcessLock::liveHolderInAnotherProcessBlocksAndIsNamed()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("x.lock"));
    LockHolder holder;
    QVERIFY(holder.start("--hold", path));

    ProcessLock lock(path);
    QVERIFY(!lock.tryLock());
    QVERIFY(lock.isBusy());
    QVERIFY(!lock.lock(300)); // waits, then gives up
    QVERIFY(lock.isBusy());
    const QString who = lock.holder();
    QVERIFY2(who.startsWith(QStringLiteral("TestProcessLock, pid %1, since ").arg(holder.pid())), qPrintable(who));
    QVERIFY2(who.endsWith(QLatin1String(" UTC")), qPrintable(who));

    QVERIFY(holder.kill());
    QVERIFY2(lock.tryLock(), qPrintable(lock.errorString())); // the kernel let go with the process
}

void TestProcessLock::holderIsNamedBeforeItWroteItsRecord()
{
    // A start race: the file still holds the record of a holder that died, and the new
    // holder has locked it but not written yet. The live one is named, never the dead.
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("x.lock"));
    const qint64 dead = deadPid();
    QVERIFY(dead > 0);
    QVERIFY(writeContent(path, "pid=" + QByteArray::number(dead) + "\nstart=1\nprogram=certlifectl watch\n"));
    LockHolder holder;
    QVERIFY(holder.start("--hold-raw", path));

    ProcessLock lock(path);
    QVERIFY(!lock.tryLock());
    const QString who = lock.holder();
    QCOMPARE(who, QStringLiteral("TestProcessLock, pid %1").arg(holder.pid()));
}

void TestProcessLock::twoLocksInOneProcessExcludeEachOther()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("x.lock"));
    ProcessLock first(path);
    ProcessLock second(path);
    QVERIFY(first.tryLock());
    QVERIFY(!second.tryLock());
    QVERIFY(second.isBusy());
    QVERIFY2(second.holder().contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())),
             qPrintable(second.holder()));
    first.unlock();
    QVERIFY(second.tryLock());
}

void TestProcessLock::programsTheHolderStartsDoNotKeepItsLock()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("x.lock"));
    LockHolder holder;
    QVERIFY(holder.start("--hold-and-spawn", path));
    QVERIFY(holder.spawned() > 0);
    QVERIFY(holder.kill());
    // Its child still runs, without the lock's descriptor (close-on-exec).
    QCOMPARE(::kill(pid_t(holder.spawned()), 0), 0);
    ProcessLock lock(path);
    const bool locked = lock.tryLock();
    ::kill(pid_t(holder.spawned()), SIGKILL);
    QVERIFY2(locked, qPrintable(lock.errorString()));
}

void TestProcessLock::lockFileIsOwnerOnlyAndNeverALink()
{
    TestEnvironment env;
    const QString path = env.path(QStringLiteral("x.lock"));
    {
        ProcessLock lock(path);
        QVERIFY(lock.tryLock());
    }
    struct stat st
    {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600)); // whoever could open it could hold it

    const QString loose = env.path(QStringLiteral("loose.lock")); // as a QLockFile left it
    QVERIFY(writeContent(loose, "1\nx\n"));
    QCOMPARE(::chmod(QFile::encodeName(loose).constData(), 0644), 0);
    {
        ProcessLock lock(loose);
        QVERIFY(lock.tryLock());
    }
    QCOMPARE(::stat(QFile::encodeName(loose).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));

    const QString target = env.path(QStringLiteral("elsewhere"));
    QVERIFY(writeContent(target, {}));
    const QString link = env.path(QStringLiteral("link.lock"));
    QVERIFY(QFile::link(target, link));
    ProcessLock linked(link);
    QVERIFY(!linked.tryLock());
    QVERIFY(!linked.isBusy());
    QVERIFY2(linked.errorString().contains(link), qPrintable(linked.errorString()));
}

int main(int argc, char** argv)
{
    if (isLockHolderChild(argc, argv))
        return runLockHolderChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestProcessLock test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestProcessLock.moc"
