// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The User channels attacked as the threat model says: a user who controls everything
// under their home makes root's agent evaluate their SQL (a computed column), open what
// they swap in after the check (a FIFO standing in for a device), or spend its publish
// on their log. Each failed before its fix (docs/fleet.md, "User channels").
#include "FleetUserChannelsFixture.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <atomic>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace certlife;
using namespace certlife::fleet;
using namespace certlife::test;

class TestFleetUserChannelAttacks : public QObject, protected FleetUserChannelsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startFleet(); }
    void cleanup() { afterEachTest(); }

    // ATTACK: tables are compared by name only, so a table's own SQL is the user's. A
    // VIRTUAL generated column runs the user's expression as root each time a row is read:
    // here 1 MiB of message per row out of a log of a few KiB (with a per-row expression
    // on record_id, which the WHERE reads, a 1 MiB log holds 100,000 rows of 0.12 s each:
    // hours of the publish thread). Expected: refused like a view.
    void aGeneratedColumnIsRefused()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        QVERIFY(prepare(alice, true, 3));
        const QString log = alice.home + QLatin1Char('/') + kLog;
        QVERIFY(chownTree(alice.home, 0));
        QVERIFY(plantComputedMessage(log, QStringLiteral("printf('%.*c', 1048576, 'x')")));
        QVERIFY(chownTree(alice.home, alice.uid));
        QVERIFY(QFileInfo(log).size() < 256 * 1024);
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user8"), {alice});
        QVERIFY(agent);
        passAndPublish(*agent, "first");
        // What root published: each message 1 MiB of the user's expression.
        const qint64 longest =
            count(QStringLiteral("SELECT coalesce(max(length(message)), 0) FROM certlife.events WHERE host = 'user8'"));
        qInfo("User events published: %lld, longest message %lld characters; lines: %s",
              userEvents(QStringLiteral("user8")), longest,
              qPrintable(agent->status().fleetUserProblems.join(QLatin1Char('|'))));
        QCOMPARE(userEvents(QStringLiteral("user8")), 0);
        QCOMPARE(agent->status().fleetUserProblems.size(), 1);
        QCoro::waitFor(agent->stop());
    }

    // ATTACK: the same with a per-row cost and a short result: root's publish thread spends
    // what the user's expression asks for each row (about 0.2 s here, 40 rows), out of a log
    // of a few dozen KiB; a 1 MiB log holds 100,000 such rows. Publishes are serialized, so
    // the System channel's next publish waits, and Agent::stop waits for it too.
    void aGeneratedColumnCannotHoldUpThePublish()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        QVERIFY(prepare(alice, true, 40));
        const QString log = alice.home + QLatin1Char('/') + kLog;
        QVERIFY(chownTree(alice.home, 0));
        QVERIFY(
            plantComputedMessage(log, QStringLiteral("substr(printf('%.*c', 100000000 + time_ms % 2, 'x'), 1, 8)")));
        QVERIFY(chownTree(alice.home, alice.uid));
        const std::unique_ptr<Agent> agent = startAgent(QStringLiteral("user9"), {alice});
        QVERIFY(agent);
        QElapsedTimer timer;
        timer.start();
        passAndPublish(*agent, "first");
        const qint64 ms = timer.elapsed();
        qInfo("log of %lld bytes: pass and publish took %lld ms, %lld User events published", QFileInfo(log).size(), ms,
              userEvents(QStringLiteral("user9")));
        QVERIFY(ms < 3000);
        QCoro::waitFor(agent->stop());
    }

    // ATTACK: the type is checked by fstatat, then the name is opened: a file swapped in
    // between is opened as root before the fstat refuses it. A FIFO stands in for a device
    // (a hard link to one on the home's file system with fs.protected_hardlinks=0, e.g.
    // /dev/watchdog in a container's rootfs); inotify sees each open of it.
    void aFileSwappedAfterItsCheckIsNeverOpened()
    {
        const TestEnvironment env;
        const FleetAccount alice = account(env, QStringLiteral("alice"), 4001);
        const QString dir = alice.home + QStringLiteral("/.local/state/certlife");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(writeFile(dir + QStringLiteral("/events.sqlite"), "plain"));
        const QByteArray fifo = QFile::encodeName(dir + QStringLiteral("/other"));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        QVERIFY(chownTree(alice.home, alice.uid));
        const int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        QVERIFY(watch >= 0);
        QVERIFY(::inotify_add_watch(watch, fifo.constData(), IN_OPEN) >= 0); // follows the inode
        const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(dirFd >= 0);
        std::atomic<bool> stop{false};
        std::thread swapper([&] { // the user, swapping the two names as fast as it can
            while (!stop)
                ::renameat2(dirFd, "events.sqlite", dirFd, "other", RENAME_EXCHANGE);
        });
        int opened = 0, refusedAsFifo = 0;
        for (int i = 0; i < 20000; ++i) {
            AccountFile file;
            QString why;
            if (openAccountFile(alice, kLog, 1024 * 1024, &file, &why) == AccountFileStatus::Opened)
                ++opened;
            else if (why.contains(QLatin1String("FIFO")))
                ++refusedAsFifo;
        }
        stop = true;
        swapper.join();
        ::close(dirFd);
        int fifoOpens = 0;
        alignas(struct inotify_event) char buffer[4096];
        for (ssize_t n; (n = ::read(watch, buffer, sizeof buffer)) > 0;)
            for (char* p = buffer; p < buffer + n; p += sizeof(struct inotify_event) + ((struct inotify_event*)p)->len)
                fifoOpens += (((struct inotify_event*)p)->mask & IN_OPEN) ? 1 : 0;
        ::close(watch);
        qInfo("opened %d, refused as a FIFO %d, FIFO opened by root %d times", opened, refusedAsFifo, fifoOpens);
        QVERIFY(refusedAsFifo > 0); // the swap raced the checks
        QCOMPARE(fifoOpens, 0);
    }
};

QTEST_GUILESS_MAIN(TestFleetUserChannelAttacks)
#include "TestFleetUserChannelAttacks.moc"
