// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskProcess.h"

#include <QFile>
#include <QProcessEnvironment>
#include <algorithm>
#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace certlife {

namespace {

// The functions below run in the child before exec, which Qt 6.4 starts with vfork
// semantics (clone(CLONE_VM | CLONE_VFORK) on a stack of SIGSTKSZ bytes, 8 KiB or a
// little more, inside the parent's own frame): a child that uses more overwrites the
// parent's return address. Hence every call is a raw system call: the libc wrappers'
// sanitizer interceptors cost more stack than the child has (an ASan build crashed the
// parent on its first script), and nothing here is instrumented, since instrumentation
// would write shadow memory and state the parent shares. Async-signal-safe throughout.
#define CERTLIFE_VFORK_CHILD __attribute__((no_sanitize("address", "undefined")))

namespace rawsys {

// The kernel's struct sigaction for rt_sigaction(2), which is not libc's.
struct KernelSigaction
{
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)();
    unsigned long mask;
};

CERTLIFE_VFORK_CHILD inline long fcntl(int fd, int command, long argument)
{
    return ::syscall(SYS_fcntl, fd, command, argument);
}

CERTLIFE_VFORK_CHILD inline bool getLimit(int resource, struct rlimit* limit)
{
    return ::syscall(SYS_prlimit64, 0, resource, nullptr, limit) == 0;
}

CERTLIFE_VFORK_CHILD inline void setLimit(int resource, const struct rlimit* limit)
{
    ::syscall(SYS_prlimit64, 0, resource, limit, nullptr);
}

} // namespace rawsys

// Every descriptor above 2 is marked close-on-exec, so the script inherits none of its
// caller's (Qt's own pipe reporting a failed exec must stay open until the exec, hence
// not close_range(3, ~0U, 0)).
CERTLIFE_VFORK_CHILD void closeInheritedDescriptors()
{
    if (::syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
    // Kernels before 5.11: the descriptors /proc lists, read with getdents64 (opendir
    // and readdir allocate).
    const int dir = int(::syscall(SYS_openat, AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir >= 0) {
        alignas(8) char buffer[512]; // small: the child's stack is small
        long n;
        while ((n = ::syscall(SYS_getdents64, dir, buffer, sizeof buffer)) > 0) {
            for (long off = 0; off < n;) {
                const auto* entry = reinterpret_cast<const struct dirent64*>(buffer + off);
                off += entry->d_reclen;
                int fd = 0;
                const char* c = entry->d_name;
                for (; *c >= '0' && *c <= '9'; ++c)
                    fd = fd * 10 + (*c - '0');
                if (*c == '\0' && c != entry->d_name && fd > 2 && fd != dir)
                    rawsys::fcntl(fd, F_SETFD, FD_CLOEXEC);
            }
        }
        ::syscall(SYS_close, dir);
        if (n == 0)
            return;
    }
    struct rlimit files = {};
    const rlim_t limit =
        rawsys::getLimit(RLIMIT_NOFILE, &files) && files.rlim_cur != RLIM_INFINITY ? files.rlim_cur : 65536;
    for (rlim_t fd = 3; fd < limit; ++fd)
        rawsys::fcntl(int(fd), F_SETFD, FD_CLOEXEC);
}

CERTLIFE_VFORK_CHILD void raiseSoftLimit(int resource, rlim_t atLeast)
{
    struct rlimit limit = {};
    if (!rawsys::getLimit(resource, &limit) || limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= atLeast)
        return;
    limit.rlim_cur = (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > atLeast) ? atLeast : limit.rlim_max;
    rawsys::setLimit(resource, &limit);
}

// What every script starts with, whoever called the runner (docs/tasks.md, "What the
// script gets"), then the script's descriptor made inheritable: only here, so that
// /proc/self/fd/N resolves after exec. Nothing touches memory but its own small stack.
// The signal mask is left alone (unblocking signals here lets the parent's handlers run
// in the child: that crashed the runner).
CERTLIFE_VFORK_CHILD void prepareChild(int scriptFd)
{
    ::syscall(SYS_setsid);
    closeInheritedDescriptors();
    ::syscall(SYS_umask, 022);
    // Dispositions: ignored signals stay ignored across exec (a caller's SIG_IGN for
    // SIGTERM would leave the timeout only its SIGKILL); exec resets handlers itself.
    rawsys::KernelSigaction defaultAction = {};
    defaultAction.handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) {
        rawsys::KernelSigaction current = {};
        if (::syscall(SYS_rt_sigaction, sig, nullptr, &current, sizeof current.mask) == 0 && current.handler == SIG_IGN)
            ::syscall(SYS_rt_sigaction, sig, &defaultAction, nullptr, sizeof defaultAction.mask);
    }
    // No core dumps: a script handling keys must not leave them in a core file.
    struct rlimit core = {};
    if (rawsys::getLimit(RLIMIT_CORE, &core)) {
        core.rlim_cur = 0;
        rawsys::setLimit(RLIMIT_CORE, &core);
    }
    // A caller's lowered soft limits must not cut a renewal short (a truncated key
    // file, SIGXCPU in the middle of a reload): raised to the hard limits.
    raiseSoftLimit(RLIMIT_CPU, RLIM_INFINITY);
    raiseSoftLimit(RLIMIT_FSIZE, RLIM_INFINITY);
    raiseSoftLimit(RLIMIT_DATA, RLIM_INFINITY);
    raiseSoftLimit(RLIMIT_AS, RLIM_INFINITY);
    raiseSoftLimit(RLIMIT_NOFILE, 1024);
    rawsys::fcntl(scriptFd, F_SETFD, 0);
}

} // namespace

QString TaskProcess::argumentListProblem(const QString& program, const QStringList& arguments,
                                         const QList<QPair<QString, QString>>& environment,
                                         const QStringList& templates)
{
    const QString tooLong = QStringLiteral("argument list too long: %1 is %2 bytes, over MAX_ARG_STRLEN (%3 bytes with "
                                           "its NUL); the kernel refuses to start the script (E2BIG), so a retry "
                                           "cannot succeed");
    qint64 total = 0;
    auto account = [&](const QByteArray& string, const QString& what) {
        total += string.size() + 1 + qint64(sizeof(char*));
        // One arg() call: a template's own "%1" must not be taken for a placeholder.
        return string.size() + 1 > kMaxArgStrlen
            ? tooLong.arg(what, QString::number(string.size()), QString::number(kMaxArgStrlen))
            : QString();
    };
    QString why = account(QFile::encodeName(program), QStringLiteral("the program path"));
    for (qsizetype i = 0; why.isEmpty() && i < arguments.size(); ++i) {
        const QString name = i < templates.size()
            ? QStringLiteral("argument %1 (%2)").arg(QString::number(i + 1), templates.at(i))
            : QStringLiteral("argument %1").arg(i + 1);
        why = account(arguments.at(i).toUtf8(), name);
    }
    for (qsizetype i = 0; why.isEmpty() && i < environment.size(); ++i) {
        const auto& [name, value] = environment.at(i);
        why = account((name + QLatin1Char('=') + value).toUtf8(), QStringLiteral("environment variable %1").arg(name));
    }
    if (!why.isEmpty())
        return why;
    // fs/exec.c: a quarter of the stack limit, at least ARG_MAX (sysconf says as much)
    // and at most 3/4 of _STK_LIM; room is left for what "#!" lines add.
    constexpr qint64 kMaxTotal = 6 * 1024 * 1024;
    constexpr qint64 kShebangRoom = 4096;
    const qint64 limit = std::min<qint64>(::sysconf(_SC_ARG_MAX), kMaxTotal) - kShebangRoom;
    if (total > limit)
        return QStringLiteral("argument list too long: the arguments and environment take %1 bytes, over the %2 "
                              "bytes the kernel accepts (ARG_MAX); a retry cannot succeed")
            .arg(total)
            .arg(limit + kShebangRoom);
    return {};
}

TaskProcess::TaskProcess(CheckedScript script, QStringList arguments, const QList<QPair<QString, QString>>& environment,
                         int timeoutSeconds, int killGraceSeconds, QObject* parent)
    : QObject(parent), m_script(std::move(script)), m_timeoutSeconds(timeoutSeconds)
{
    // Descriptors 0-2 are replaced in the child; keep the script's out of their way.
    if (m_script.fd.get() < 3)
        m_script.fd.reset(::fcntl(m_script.fd.get(), F_DUPFD_CLOEXEC, 3));
    const int fd = m_script.fd.get();

    QProcessEnvironment env;
    for (const auto& [name, value] : environment)
        env.insert(name, value);
    m_process.setProcessEnvironment(env);
    m_process.setProgram(QStringLiteral("/proc/self/fd/%1").arg(fd));
    m_process.setArguments(arguments);
    m_process.setWorkingDirectory(QStringLiteral("/"));
    m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // Runs in the child between vfork and exec (prepareChild says what it may do).
    m_process.setChildProcessModifier([fd] { prepareChild(fd); });

    m_timeout.setSingleShot(true);
    m_timeout.setInterval(std::chrono::seconds(timeoutSeconds));
    m_grace.setSingleShot(true);
    m_grace.setInterval(std::chrono::seconds(std::max(killGraceSeconds, 0)));
    connect(&m_timeout, &QTimer::timeout, this, &TaskProcess::onTimeout);
    connect(&m_grace, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &TaskProcess::onOutput);
    connect(&m_process, &QProcess::finished, this, &TaskProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &TaskProcess::onError);
}

TaskProcess::~TaskProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_reported = true; // nobody listens any more
        abort();
        m_process.waitForFinished(5000);
    }
}

void TaskProcess::start()
{
    m_process.start();
    m_pid = m_process.processId();
    m_timeout.start();
}

void TaskProcess::abort()
{
    signalGroup(SIGKILL);
}

void TaskProcess::signalGroup(int signal)
{
    // The child called setsid(): its pid is its process group id. Only signal while
    // the child has not been reaped, so the id cannot belong to someone else by now.
    if (m_pid > 0 && m_process.state() != QProcess::NotRunning)
        ::kill(-pid_t(m_pid), signal);
}

void TaskProcess::onOutput()
{
    m_output += m_process.readAllStandardOutput();
    if (m_output.size() > 2 * kTaskOutputTailBytes)
        m_output = m_output.right(kTaskOutputTailBytes);
}

void TaskProcess::onTimeout()
{
    m_timedOut = true;
    signalGroup(SIGTERM);
    m_grace.start();
}

void TaskProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onOutput();
    Outcome o;
    if (status == QProcess::CrashExit)
        o.exitSignal = exitCode; // QProcess reports the signal number as the code
    else
        o.exitCode = exitCode;
    if (m_timedOut) {
        // Whatever of the group outlived its leader was told to stop already.
        if (m_pid > 0)
            ::kill(-pid_t(m_pid), SIGKILL);
        o.state = TaskRunState::TimedOut;
        o.reason = QStringLiteral("did not finish within %1 s; the process group was stopped").arg(m_timeoutSeconds);
    } else if (status == QProcess::NormalExit && exitCode == 0) {
        o.state = TaskRunState::Succeeded;
    } else {
        o.state = TaskRunState::Failed;
        o.reason = status == QProcess::CrashExit ? QStringLiteral("killed by signal %1").arg(exitCode)
                                                 : QStringLiteral("exit status %1").arg(exitCode);
    }
    report(std::move(o));
}

void TaskProcess::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes and the like end in finished()
    Outcome o;
    o.state = TaskRunState::Failed;
    o.reason = QStringLiteral("could not start %1: %2").arg(m_script.path, m_process.errorString());
    report(std::move(o));
}

void TaskProcess::report(Outcome outcome)
{
    m_timeout.stop();
    m_grace.stop();
    if (m_reported)
        return;
    m_reported = true;
    outcome.output = m_output.right(kTaskOutputTailBytes);
    Q_EMIT finished(outcome);
}

} // namespace certlife
