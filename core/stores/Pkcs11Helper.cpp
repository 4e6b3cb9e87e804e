// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/Pkcs11Helper.h"

#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

// Set by core/CMakeLists.txt on this file only: the build tree and its helper, and where
// an installed helper is relative to the installed programs' directory.
#if !defined(CERTLIFE_BUILD_DIR) || !defined(CERTLIFE_BUILD_PKCS11_HELPER)                                             \
    || !defined(CERTLIFE_PKCS11_HELPER_FROM_BINDIR)
#error "core/CMakeLists.txt defines where the PKCS#11 helper is"
#endif

namespace certlife {

namespace {

constexpr int kDefaultTimeoutSeconds = 30;
constexpr qsizetype kMaxOutput = 256 * 1024 * 1024; // a token's certificates are far smaller
constexpr qsizetype kMaxErrorText = 2000;
constexpr int kPollMs = 100;

QString runningProgram()
{
    return QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/self/exe"))).canonicalFilePath();
}

// Closes a descriptor once.
struct Fd
{
    int fd = -1;
    ~Fd() { reset(); }
    void reset()
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
};

// Reads what is there without blocking; false at end of file.
bool drain(int fd, QByteArray& into, qsizetype limit)
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            if (into.size() < limit)
                into.append(buffer, qsizetype(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

// The last `module` frame: the module being used when the helper died.
QString lastModule(const QByteArray& output)
{
    const qsizetype at = output.lastIndexOf("module ");
    if (at < 0 || (at > 0 && output.at(at - 1) != '\n'))
        return {};
    const qsizetype eol = output.indexOf('\n', at);
    bool ok = false;
    const qsizetype length = eol < 0 ? -1 : output.mid(at + 7, eol - at - 7).toLongLong(&ok);
    if (!ok || length < 0 || eol + 1 + length > output.size())
        return {};
    return QString::fromUtf8(output.mid(eol + 1, length));
}

} // namespace

QString pkcs11HelperPath()
{
    const QString program = runningProgram();
    const QString buildDir = QDir(QStringLiteral(CERTLIFE_BUILD_DIR)).canonicalPath();
    if (!buildDir.isEmpty() && program.startsWith(buildDir + QLatin1Char('/')))
        return QStringLiteral(CERTLIFE_BUILD_PKCS11_HELPER);
    return QDir::cleanPath(QFileInfo(program).absolutePath() + QLatin1Char('/')
                           + QStringLiteral(CERTLIFE_PKCS11_HELPER_FROM_BINDIR));
}

int pkcs11HelperTimeoutSeconds()
{
    bool ok = false;
    const int seconds = qEnvironmentVariableIntValue("CERTLIFE_PKCS11_TIMEOUT", &ok);
    return ok && seconds > 0 ? seconds : kDefaultTimeoutSeconds;
}

Pkcs11Listing parsePkcs11HelperOutput(const QByteArray& output)
{
    Pkcs11Listing listing;
    QByteArray token;
    bool done = false;
    qsizetype at = 0;
    while (at < output.size()) {
        const qsizetype space = output.indexOf(' ', at);
        const qsizetype eol = output.indexOf('\n', at);
        bool ok = false;
        const qint64 length = space < 0 || eol < space ? -1 : output.mid(space + 1, eol - space - 1).toLongLong(&ok);
        if (!ok || length < 0 || length > output.size() - eol - 2 || output.at(eol + 1 + length) != '\n')
            break; // cut short: the helper died in the middle of a frame
        const QByteArray tag = output.mid(at, space - at);
        const QByteArray value = output.mid(eol + 1, length);
        at = eol + 1 + length + 1;
        if (tag == "token") {
            token = value;
            listing.tokens << QString::fromUtf8(value);
        } else if (tag == "cert") {
            listing.objects.append(Pkcs11Object{token, {}, {}, {}, Pkcs11Object::PrivateKey::Unknown});
        } else if (!listing.objects.isEmpty() && tag == "label") {
            listing.objects.last().label = value;
        } else if (!listing.objects.isEmpty() && tag == "id") {
            listing.objects.last().id = value;
        } else if (!listing.objects.isEmpty() && tag == "value") {
            listing.objects.last().der = value;
        } else if (!listing.objects.isEmpty() && tag == "key") {
            listing.objects.last().privateKey = value == "yes" ? Pkcs11Object::PrivateKey::Yes
                : value == "no"                                ? Pkcs11Object::PrivateKey::No
                                                               : Pkcs11Object::PrivateKey::Unknown;
        } else if (tag == "warning") {
            listing.warnings << QString::fromUtf8(value);
        } else if (tag == "error") {
            if (listing.error.isEmpty())
                listing.error = QString::fromUtf8(value);
        } else if (tag == "done") {
            done = true;
        } // "module", and tags of later versions: nothing to keep
    }
    if (!done && listing.error.isEmpty())
        listing.error = QStringLiteral("the PKCS#11 helper's answer was cut short");
    return listing;
}

Pkcs11Listing runPkcs11Helper(const Pkcs11Target& target, const QByteArray* pin, int timeoutSeconds,
                              const std::atomic_bool& cancelled, const QString& helper)
{
    Pkcs11Listing failed;
    if (!QFileInfo(helper).isExecutable()) {
        failed.error = QStringLiteral("PKCS#11 stores need the program %1, which is missing (it comes with "
                                      "certlifectl: reinstall certlife-agent, or build the target "
                                      "certlife-pkcs11-list)")
                           .arg(helper);
        return failed;
    }
    QList<QByteArray> args{QFile::encodeName(helper)};
    if (!target.modulePath.isEmpty())
        args << "--module" << QFile::encodeName(target.modulePath);
    if (!target.token.isEmpty())
        args << "--token" << target.token.toUtf8();
    if (pin)
        args << "--pin-stdin";

    int in[2], out[2], err[2];
    if (::pipe2(in, O_CLOEXEC) != 0) {
        failed.error =
            QStringLiteral("cannot start the PKCS#11 helper: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return failed;
    }
    Fd inRead{in[0]}, inWrite{in[1]};
    if (::pipe2(out, O_CLOEXEC | O_NONBLOCK) != 0) {
        failed.error =
            QStringLiteral("cannot start the PKCS#11 helper: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return failed;
    }
    Fd outRead{out[0]}, outWrite{out[1]};
    if (::pipe2(err, O_CLOEXEC | O_NONBLOCK) != 0) {
        failed.error =
            QStringLiteral("cannot start the PKCS#11 helper: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return failed;
    }
    Fd errRead{err[0]}, errWrite{err[1]};
    // The PIN is in the pipe before the helper starts: writing later could meet a helper
    // already dead, and SIGPIPE. A PIN is far smaller than a pipe's buffer.
    if (pin && !pin->isEmpty()) {
        QByteArray line = *pin + '\n';
        const bool written = ::write(inWrite.fd, line.constData(), size_t(line.size())) == line.size();
        OPENSSL_cleanse(line.data(), size_t(line.size()));
        if (!written) {
            failed.error = QStringLiteral("cannot hand the PIN to the PKCS#11 helper");
            return failed;
        }
    }
    inWrite.reset();

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, inRead.fd, 0);
    posix_spawn_file_actions_adddup2(&actions, outWrite.fd, 1);
    posix_spawn_file_actions_adddup2(&actions, errWrite.fd, 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own process group (whatever a module starts is killed with it), the default
    // action for the signals a program expects, and no signal blocked.
    sigset_t defaults, none;
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGALRM})
        sigaddset(&defaults, s);
    sigemptyset(&none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &none);
    std::vector<char*> argv;
    for (QByteArray& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    inRead.reset();
    outWrite.reset();
    errWrite.reset();
    if (spawned != 0) {
        failed.error = QStringLiteral("cannot start the PKCS#11 helper %1: %2")
                           .arg(helper, QString::fromLocal8Bit(strerror(spawned)));
        return failed;
    }

    QByteArray output, errors;
    bool outOpen = true, errOpen = true;
    bool timedOut = false, wasCancelled = false, tooLarge = false;
    int status = 0;
    bool exited = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    while (!exited) {
        if (cancelled.load(std::memory_order_relaxed)) {
            wasCancelled = true;
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            timedOut = true;
            break;
        }
        pollfd fds[2];
        nfds_t count = 0;
        if (outOpen)
            fds[count++] = pollfd{outRead.fd, POLLIN, 0};
        if (errOpen)
            fds[count++] = pollfd{errRead.fd, POLLIN, 0};
        if (count > 0) {
            ::poll(fds, count, kPollMs);
            if (outOpen)
                outOpen = drain(outRead.fd, output, kMaxOutput + 1);
            if (errOpen)
                errOpen = drain(errRead.fd, errors, kMaxErrorText);
            if (output.size() > kMaxOutput) {
                tooLarge = true;
                break;
            }
        }
        // Seen without reaping it: while it is a zombie its process group id cannot be
        // reused, so the kill below reaches only the helper's own group.
        siginfo_t info{};
        if (::waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
            exited = true;
        } else if (count == 0) {
            ::usleep(kPollMs * 1000); // both pipes closed: only the exit is awaited
        }
    }
    if (exited) { // what it wrote just before it exited
        if (outOpen)
            drain(outRead.fd, output, kMaxOutput + 1);
        if (errOpen)
            drain(errRead.fd, errors, kMaxErrorText);
    }
    ::kill(-pid, SIGKILL); // the group: a helper that did not finish, and whatever a module started in it
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}

    if (wasCancelled) {
        failed.error = QStringLiteral("the scan was cancelled");
        return failed;
    }
    const QString module = lastModule(output);
    const QString culprit =
        module.isEmpty() ? QStringLiteral("PKCS#11 module") : QStringLiteral("PKCS#11 module %1").arg(module);
    if (timedOut) {
        failed.error = QStringLiteral("%1 did not answer within %2 s").arg(culprit).arg(timeoutSeconds);
        return failed;
    }
    if (tooLarge) {
        failed.error = QStringLiteral("%1 gave more than %2 MiB of objects").arg(culprit).arg(kMaxOutput >> 20);
        return failed;
    }
    if (WIFSIGNALED(status)) {
        failed.error = QStringLiteral("%1 crashed (signal %2)").arg(culprit).arg(WTERMSIG(status));
        return failed;
    }
    Pkcs11Listing listing = parsePkcs11HelperOutput(output);
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && listing.error.isEmpty())
        listing.error = QStringLiteral("the PKCS#11 helper failed (exit status %1)").arg(WEXITSTATUS(status));
    if (!listing.error.isEmpty() && !errors.trimmed().isEmpty())
        listing.error += QStringLiteral(": ") + QString::fromUtf8(errors.trimmed()).simplified();
    return listing;
}

} // namespace certlife
