// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "agent/AgentStatus.h"
#include "util/Paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <csignal>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// SIGTERM to `certlifectl watch` in the middle of a long scan: systemd waits 90 s and
// then kills; an agent that goes on reading store after store until then loses its
// final status and any task it was running. The pass must end within seconds.
class TestCliWatchStop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sigtermDuringALongScanExitsWithinSeconds();

private:
    // Each file costs a few tenths of a second to open (honest iteration counts), so the
    // two stores are well over ten seconds of work on two cores.
    static constexpr int kFilesPerStore = 60;
    static constexpr int kIterations = 400000;
    static constexpr qint64 kExitMilliseconds = 6000;

    // CPU time the process has used, in clock ticks (utime + stime of /proc/PID/stat).
    static qint64 cpuTicks(qint64 pid)
    {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        return fields.size() > 12 ? fields.at(11).toLongLong() + fields.at(12).toLongLong() : -1;
    }

    static bool fillStore(const QString& dir, const QByteArray& p12)
    {
        if (!QDir().mkpath(dir))
            return false;
        for (int i = 0; i < kFilesPerStore; ++i) // copies: each its own file, read on its own
            if (!writeFile(dir + QStringLiteral("/%1.p12").arg(i, 3, 10, QLatin1Char('0')), p12))
                return false;
        return true;
    }
};

void TestCliWatchStop::sigtermDuringALongScanExitsWithinSeconds()
{
    TestEnvironment env;
    const QByteArray p12 = makePkcs12(makeCertificate(CertSpec{}), QByteArray(), false, {}, false, kIterations);
    QVERIFY(fillStore(Paths::defaultMyStore(Scope::User), p12));
    const QString more = env.path(QStringLiteral("more"));
    QVERIFY(fillStore(more, p12));
    QVERIFY(QDir().mkpath(Paths::configDir(Scope::User)));
    QVERIFY(
        writeFile(Paths::storesFile(Scope::User), "[more]\nkind=directory\npath=" + QFile::encodeName(more) + "\n"));

    QProcess agent;
    agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    agent.start(binaryPath(QStringLiteral("certlifectl")), {"watch", "--scope", "user", "--no-journal", "--no-tasks"});
    QVERIFY(agent.waitForStarted());
    // Well into the scan: a second of CPU spent opening files (the start-up costs little).
    QVERIFY(QTest::qWaitFor([&] { return cpuTicks(agent.processId()) >= sysconf(_SC_CLK_TCK); }, 60000));
    const auto status = AgentStatus::load(Scope::User);
    QVERIFY(status && status->state == QLatin1String("scanning"));

    QElapsedTimer sinceSigterm;
    sinceSigterm.start();
    QCOMPARE(::kill(pid_t(agent.processId()), SIGTERM), 0);
    QVERIFY2(agent.waitForFinished(int(kExitMilliseconds)),
             qPrintable(QStringLiteral("still running %1 ms after SIGTERM").arg(sinceSigterm.elapsed())));
    QCOMPARE(agent.exitStatus(), QProcess::NormalExit);
    QCOMPARE(agent.exitCode(), 0);
    const auto stopped = AgentStatus::load(Scope::User);
    QVERIFY(stopped);
    QCOMPARE(stopped->state, QStringLiteral("stopped"));
    QVERIFY(!stopped->lastPassAt.isValid()); // the pass was cut short, not finished
}

QTEST_GUILESS_MAIN(TestCliWatchStop)
#include "TestCliWatchStop.moc"
