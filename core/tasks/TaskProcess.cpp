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

// The functions below run in the child before exec, which Qt starts with vfork():
// sanitizer instrumentation there would write shadow memory and state the parent
// shares, hence not instrumented.
#define CERTLIFE_VFORK_CHILD __attribute__((no_sanitize("address", "undefined")))

// Async-signal-safe: every descriptor above 2 is marked close-on-exec, so the script
// inherits none of its caller's (Qt's own pipe reporting a failed exec must stay open
// until the exec, hence not close_range(3, ~0U, 0)).
CERTLIFE_VFORK_CHILD void closeInheritedDescriptors()
{
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
    // Kernels before 5.11: the descriptors /proc lists, read with the raw syscall
    // (opendir/readdir allocate).
    const int dir = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        alignas(8) char buffer[512]; // small: the child may run on a small stack (Qt's vfork)
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
                    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
            }
        }
        ::close(dir);
        if (n == 0)
            return;
    }
    struct rlimit files = {};
    const rlim_t limit = ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY ? files.rlim_cur : 65536;
    for (rlim_t fd = 3; fd < limit; ++fd)
        ::fcntl(int(fd), F_SETFD, FD_CLOEXEC);
}

CERTLIFE_VFORK_CHILD void raiseSoftLimit(int resource, rlim_t atLeast)
{
    struct rlimit limit = {};
    if (::getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= atLeast)
        return;
    limit.rlim_cur = (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > atLeast) ? atLeast : limit.rlim_max;
    ::setrlimit(resource, &limit);
}

// What every script starts with, whoever called the runner (docs/tasks.md, "What the
// script gets"). Async-signal-safe calls only, and nothing that touches memory but
// its own small stack: Qt runs this in a vfork() child sharing the parent's memory.
// For the same reason the signal mask is left alone (unblocking signals here lets
// the parent's handlers run in the child: that crashed the runner).
CERTLIFE_VFORK_CHILD void prepareChild()
{
    closeInheritedDescriptors();
    ::umask(022);
    // Dispositions: ignored signals stay ignored across exec (a caller's SIG_IGN for
    // SIGTERM would leave the timeout only its SIGKILL); exec resets handlers itself.
    struct sigaction defaultAction = {};
    defaultAction.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) {
        struct sigaction current = {};
        if (::sigaction(sig, nullptr, &current) == 0 && current.sa_handler == SIG_IGN)
            ::sigaction(sig, &defaultAction, nullptr);
    }
    // No core dumps: a script handling keys must not leave them in a core file.
    struct rlimit core = {};
    if (::getrlimit(RLIMIT_CORE, &core) == 0) {
        core.rlim_cur = 0;
        ::setrlimit(RLIMIT_CORE, &core);
    }
    // A caller's lowered soft limits must not cut a renewal short (a truncated key
    // file, SIGXCPU in the middle of a reload): raised to the hard limits.
    for (const int resource : {RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_AS})
        raiseSoftLimit(resource, RLIM_INFINITY);
    raiseSoftLimit(RLIMIT_NOFILE, 1024);
}

} // namespace

QString TaskProcess::argumentListProblem(const QString& program, const QStringList& arguments,
                                         const QList<QPair<QString, QString>>& environment, const QStringList& templates)
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
            .arg(total).arg(limit + kShebangRoom);
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
    // Runs in the child between fork and exec: async-signal-safe calls only.
    m_process.setChildProcessModifier([fd] {
        ::setsid();
        prepareChild();
        ::fcntl(fd, F_SETFD, 0); // inheritable here only, so /proc/self/fd/N resolves after exec
    });

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
