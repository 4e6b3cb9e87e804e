// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Another process holding a lock, for the lock tests (header only). The test executable
// re-launches itself as the holder: its main() first asks isLockHolderChild() and, when
// so, returns runLockHolderChild(). Modes:
//   --hold PATH               ProcessLock, then wait to be killed
//   --hold-raw PATH           flock() only: a holder that has not written its record yet
//   --die-before-record PATH  create and flock() the file, then SIGKILL itself before
//                             writing a byte (the instant that used to blind the agent)
//   --hold-and-spawn PATH     ProcessLock, start `sleep 120`, wait to be killed

#include "util/ProcessLock.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace certlife::test {

inline constexpr const char* kLockHolderModes[] = {"--hold", "--hold-raw", "--die-before-record", "--hold-and-spawn"};

inline bool isLockHolderChild(int argc, char** argv)
{
    if (argc < 3)
        return false;
    for (const char* mode : kLockHolderModes)
        if (qstrcmp(argv[1], mode) == 0)
            return true;
    return false;
}

// Prints "locked <pid of the program it started, or 0>" once it holds the lock.
inline int runLockHolderChild(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QByteArray mode = argv[1];
    const QString path = QString::fromLocal8Bit(argv[2]);
    if (mode == "--hold" || mode == "--hold-and-spawn") {
        ProcessLock lock(path);
        if (!lock.tryLock()) {
            std::fprintf(stderr, "%s\n", qPrintable(lock.errorString()));
            return 1;
        }
        qint64 spawned = 0;
        if (mode == "--hold-and-spawn"
            && !QProcess::startDetached(QStringLiteral("sleep"), {QStringLiteral("120")}, {}, &spawned))
            return 1;
        std::printf("locked %lld\n", static_cast<long long>(spawned));
        std::fflush(stdout);
        ::pause(); // until killed
        return 0;
    }
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0)
        return 1;
    if (mode == "--die-before-record")
        ::raise(SIGKILL);
    std::printf("locked 0\n");
    std::fflush(stdout);
    ::pause();
    return 0;
}

// The parent's side: starts a holder and kills it.
class LockHolder
{
public:
    ~LockHolder()
    {
        if (m_process.state() != QProcess::NotRunning)
            kill();
    }

    // True once the holder says it holds the lock.
    bool start(const char* mode, const QString& path)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(mode), path});
        if (!m_process.waitForStarted(30000))
            return false;
        m_pid = m_process.processId();
        while (!m_process.canReadLine())
            if (!m_process.waitForReadyRead(60000))
                return false;
        const QList<QByteArray> line = m_process.readLine().trimmed().split(' ');
        m_spawned = line.value(1).toLongLong();
        return line.value(0) == "locked";
    }
    // Runs a --die-before-record holder to its end; true when it was killed as planned.
    bool dieBeforeRecord(const QString& path)
    {
        m_process.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--die-before-record"), path});
        return m_process.waitForFinished(60000) && m_process.exitStatus() == QProcess::CrashExit;
    }
    qint64 pid() const { return m_pid; }
    qint64 spawned() const { return m_spawned; } // what a --hold-and-spawn holder started
    bool kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        ::kill(pid_t(m_pid), SIGKILL);
        return m_process.waitForFinished(60000);
    }

private:
    QProcess m_process;
    qint64 m_pid = 0;
    qint64 m_spawned = 0;
};

// A pid that belonged to a process that has ended.
inline qint64 deadPid()
{
    QProcess p;
    p.start(QStringLiteral("true"), QStringList());
    if (!p.waitForStarted(30000))
        return 0;
    const qint64 pid = p.processId();
    p.waitForFinished(30000);
    return pid;
}

} // namespace certlife::test
