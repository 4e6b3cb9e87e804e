// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Clock.h"

#include <QString>
#include <memory>

namespace certlife {

// An exclusive lock between processes that dies with its holder: flock() on a lock file
// that is never deleted. The kernel drops the lock when the holding process ends, however
// it ends (kill -9 included), so no lock is ever left behind: an empty or garbled file,
// one left by a killed process or by an older Certlife (QLockFile) is simply locked again.
// flock locks belong to the open file, so two ProcessLocks on one file exclude each other
// within one process too. The descriptor is close-on-exec: a task script the holder
// starts does not keep the lock alive after the holder is gone.
//
// Once it holds the lock, the holder writes who it is into the file (pid, the process's
// start time, program, since when) and clears it before letting go. That record is for
// messages only ("certlifectl watch, pid 1234, since 12:00:03 UTC"), never for deciding
// anything.
//
// Everyone who can open a lock file can lock it, so it is owner-only (0600) unless the
// caller says otherwise; a lock file of ours with looser modes is tightened.
class ProcessLock
{
public:
    // `clock` stamps the record's "since" (when the lock was taken), shown to whoever waits.
    explicit ProcessLock(QString path, int mode = 0600, std::shared_ptr<const Clock> clock = Clock::system());
    ~ProcessLock(); // unlocks
    ProcessLock(const ProcessLock&) = delete;
    ProcessLock& operator=(const ProcessLock&) = delete;

    QString path() const { return m_path; }

    // One attempt, never blocks (the console calls it from its event loop). False when
    // another holder has the lock (isBusy()) or the file cannot be used (errorString()).
    bool tryLock();
    // Attempts until `milliseconds` have passed, blocking the calling thread.
    bool lock(int milliseconds);
    void unlock();
    bool isLocked() const { return m_fd >= 0; }
    // After a failed attempt: whether another holder has it (else errorString() says why).
    bool isBusy() const { return m_busy; }
    QString errorString() const { return m_error; }

    // Who holds the lock, e.g. "certlifectl watch, pid 1234, since 12:00:03 UTC"; empty
    // when it cannot be told. Only a live process is ever named: the file's record counts
    // when its pid is alive with the recorded start time and, where the kernel's lock
    // table (/proc/locks) lists holders of the file, is one of them; otherwise the lock
    // table names the holder ("certlifectl watch, pid 1234").
    QString holder() const;

    // How this process names itself in a record: the program and, when the first
    // argument is a word (a certlifectl command), that word ("certlifectl watch").
    static QString processDescription();

private:
    void writeRecord();

    QString m_path;
    int m_mode;
    std::shared_ptr<const Clock> m_clock;
    int m_fd = -1;
    bool m_busy = false;
    QString m_error;
};

} // namespace certlife
