#include "tasks/TaskProcess.h"

#include <QProcessEnvironment>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace certlife {

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
