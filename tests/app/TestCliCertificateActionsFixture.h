// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the TestCliCertificateActions* tests: runs the real certlifectl in a
// TestEnvironment with a fixed clock, sets up stores, reads the event logs back, and
// drives a command through a pseudo-terminal when a test needs one.

#include "../core/tasks/TaskFixture.h"
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <algorithm>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife::test {

inline constexpr const char* kActionsNow = "2026-03-01T12:00:00Z";

using ActionRun = CliResult;

// Everything a test of the certificate actions needs; construct one per test case.
class ActionFixture
{
public:
    ActionFixture() { QDir().mkpath(myStore()); }

    const TestEnvironment& env() const { return m_env; }

    QStringList environment(const QStringList& extra = {}) const
    {
        return m_env.processEnvironment() << QStringLiteral("CERTLIFE_NOW=") + QLatin1String(kActionsNow) << extra;
    }

    // certlifectl with stdin a pipe: no terminal, as under cron or in a script.
    ActionRun run(const QStringList& args, const QStringList& extraEnvironment = {}) const
    {
        return runCertlifectl(binaryPath(QStringLiteral("certlifectl")), args, environment(extraEnvironment));
    }

    static QString myStore() { return Paths::defaultMyStore(Scope::User); }

    // A user-scope directory store registered with `certlifectl store add`.
    QString addStore(const QString& id, bool readOnly = false) const
    {
        const QString path = m_env.path(QStringLiteral("stores/") + id);
        QDir().mkpath(path);
        QStringList args{QStringLiteral("store"),   QStringLiteral("add"),
                         QStringLiteral("--id"),    id,
                         QStringLiteral("--path"),  path,
                         QStringLiteral("--scope"), QStringLiteral("user")};
        if (readOnly)
            args << QStringLiteral("--read-only");
        const ActionRun r = run(args);
        if (r.exitCode != 0)
            qWarning() << "store add failed:" << r.err;
        return path;
    }

    // Every event of a channel's log, oldest first (none when the log does not exist).
    static QList<LifecycleEvent> events(Scope channel = Scope::User)
    {
        if (!QFile::exists(Paths::eventLogFile(channel)))
            return {};
        EventLog log(Paths::eventLogFile(channel), channel);
        if (!log.openReadOnly())
            return {};
        EventQuery q;
        q.channel = channel;
        q.limit = 1000;
        QList<LifecycleEvent> all = log.query(q);
        std::reverse(all.begin(), all.end());
        return all;
    }

    // The watch --once pass of the user scope; returns how many events it wrote.
    int agentPass() const
    {
        const ActionRun r =
            run({QStringLiteral("watch"), QStringLiteral("--once"), QStringLiteral("--scope"), QStringLiteral("user"),
                 QStringLiteral("--no-journal"), QStringLiteral("--no-tasks"), QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning() << "watch --once:" << r.exitCode << r.err;
        const int at = r.out.indexOf(QLatin1String("\"events\":"));
        return at < 0 ? -1 : r.out.mid(at + 9).section(QLatin1Char(','), 0, 0).toInt();
    }

    static GeneratedCert serverCert(const QString& cn, std::optional<TestKey> key = std::nullopt)
    {
        CertSpec spec;
        spec.cn = cn;
        spec.dns = {cn};
        spec.ekuOids = {QStringLiteral("serverAuth")};
        spec.subjectKey = key ? *key : freshKey(KeyType::EcP256);
        return makeCertificate(spec);
    }

    // Where import/copy put a certificate: NAME-THUMB8 in the store directory.
    static QString stem(const QString& storeDir, const GeneratedCert& cert, const QString& name)
    {
        return storeDir + QLatin1Char('/') + name + QLatin1Char('-') + cert.thumbprint().left(8);
    }

    static int fileMode(const QString& path)
    {
        struct stat st
        {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            return -1;
        return int(st.st_mode & 07777);
    }

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static QString currentAccount()
    {
        const passwd* pw = ::getpwuid(::geteuid());
        return pw ? QString::fromLocal8Bit(pw->pw_name) : QString::number(::geteuid());
    }

private:
    TestEnvironment m_env;
};

// certlifectl with a pseudo-terminal as stdin and controlling terminal (what an admin
// at a shell has); stdout and stderr stay pipes. The test answers prompts with
// answerAfter(): it waits for the prompt text on the terminal, then types the answer.
class TerminalRun
{
public:
    TerminalRun(const ActionFixture& fixture, const QStringList& args)
    {
        int slave = -1;
        if (::openpty(&m_master, &slave, nullptr, nullptr, nullptr) != 0)
            return;
        const QByteArray slaveName = QByteArray(::ttyname(slave));
        ::close(slave);
        ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
        m_process.setEnvironment(fixture.environment());
        m_process.setChildProcessModifier([slaveName] {
            // A new session whose controlling terminal is the pty: /dev/tty is it.
            ::setsid();
            const int fd = ::open(slaveName.constData(), O_RDWR);
            if (fd < 0)
                ::_exit(127);
            ::ioctl(fd, TIOCSCTTY, 0);
            ::dup2(fd, STDIN_FILENO);
            ::close(fd);
        });
        m_process.start(binaryPath(QStringLiteral("certlifectl")), args);
    }
    ~TerminalRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
        if (m_master >= 0)
            ::close(m_master);
    }

    // Waits until `prompt` has appeared on the terminal since the last answer, then
    // types `answer` and a newline. False when the prompt never came.
    bool answerAfter(const QString& prompt, const QByteArray& answer)
    {
        const bool seen = QTest::qWaitFor(
            [&] {
                drain();
                return m_screen.mid(m_consumed).contains(prompt.toUtf8());
            },
            60000);
        if (!seen)
            return false;
        m_consumed = m_screen.size();
        const QByteArray line = answer + '\n';
        return ::write(m_master, line.constData(), size_t(line.size())) == line.size();
    }

    ActionRun finish()
    {
        ActionRun r;
        if (!m_process.waitForFinished(120000))
            return r;
        drain();
        r.exitCode = m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        r.out = QString::fromUtf8(m_process.readAllStandardOutput());
        r.err = QString::fromUtf8(m_process.readAllStandardError());
        return r;
    }

    // Everything shown on the terminal so far (prompts and echoed input).
    QString screen()
    {
        drain();
        return QString::fromUtf8(m_screen);
    }

private:
    void drain()
    {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(m_master, buf, sizeof buf);
            if (n <= 0)
                break;
            m_screen.append(buf, int(n));
        }
    }

    int m_master = -1;
    QProcess m_process;
    QByteArray m_screen;
    qsizetype m_consumed = 0;
};

} // namespace certlife::test
