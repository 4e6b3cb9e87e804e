// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/ScriptGuard.h"
#include "tasks/TaskRunLog.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QProcess>
#include <QStringList>
#include <QTimer>

namespace certlife {

// One execution of a checked script, without a shell:
//  - the program is /proc/self/fd/N, the descriptor ScriptGuard hashed, so the file
//    that was checked is the file that runs (the descriptor is made inheritable in
//    the child only, between fork and exec);
//  - argv and the environment are exactly what the caller gives, stdin is
//    /dev/null, the working directory is /;
//  - the child starts a session of its own (setsid), so the timeout reaches every
//    process it started: SIGTERM to the group, then SIGKILL after the grace period;
//  - descriptors above 2 (but the script's), the umask, ignored signals, the signal
//    mask and some resource limits are not inherited (prepareChild; docs/tasks.md,
//    "What the script gets");
//  - stdout and stderr are merged; the last 64 KiB are kept.
class TaskProcess : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        TaskRunState state = TaskRunState::Failed; // Succeeded, Failed or TimedOut
        std::optional<int> exitCode;
        std::optional<int> exitSignal;
        QString reason;
        QByteArray output;
    };

    // The kernel's limits on what execve() takes (linux/binfmts.h, fs/exec.c).
    static constexpr qint64 kMaxArgStrlen = 32 * 4096; // MAX_ARG_STRLEN, each string with its NUL
    // Why execve() would refuse this command line with E2BIG, empty when it would not:
    // one string (argv[0] `program`, an argument, a NAME=VALUE) over kMaxArgStrlen, or
    // all of them with their pointers over the total the kernel allows (a quarter of
    // the stack limit, at least ARG_MAX and at most 6 MiB: sysconf(_SC_ARG_MAX) capped).
    // `templates` (the task's argument templates, optional) name the arguments.
    static QString argumentListProblem(const QString& program, const QStringList& arguments,
                                       const QList<QPair<QString, QString>>& environment,
                                       const QStringList& templates = {});

    TaskProcess(CheckedScript script, QStringList arguments, const QList<QPair<QString, QString>>& environment,
                int timeoutSeconds, int killGraceSeconds, QObject* parent = nullptr);
    ~TaskProcess() override;

    void start();
    qint64 processId() const { return m_pid; }
    // Kills the whole process group at once (the runner is going away).
    void abort();

Q_SIGNALS:
    void finished(const certlife::TaskProcess::Outcome& outcome);

private:
    void onOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void onTimeout();
    void signalGroup(int signal);
    void report(Outcome outcome);

    CheckedScript m_script;
    QProcess m_process;
    QTimer m_timeout;
    QTimer m_grace;
    QByteArray m_output;
    qint64 m_pid = 0;
    int m_timeoutSeconds = 0;
    bool m_timedOut = false;
    bool m_reported = false;
};

} // namespace certlife
