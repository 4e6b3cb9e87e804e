// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/ProcessLock.h"

#include "util/AtomicFile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QThread>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <optional>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace certlife {

namespace {

constexpr int kPollMilliseconds = 20;
constexpr qsizetype kRecordLimit = 4096;

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

// A small /proc file, read whole; nullopt when it cannot be read.
std::optional<QByteArray> readProcFile(const QByteArray& path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    QByteArray data;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        data.append(buffer, n);
        if (data.size() > 16 * 1024 * 1024)
            break;
    }
    ::close(fd);
    return data;
}

struct ProcessStat
{
    char state = '?';
    qint64 startTime = -1;
};

// /proc/PID/stat's state (field 3) and start time (field 22: clock ticks since boot).
// A pid is reused; the pid and its start time name one process for good.
std::optional<ProcessStat> processStat(qint64 pid)
{
    const std::optional<QByteArray> stat = readProcFile("/proc/" + QByteArray::number(pid) + "/stat");
    if (!stat)
        return std::nullopt;
    const qsizetype commEnd = stat->lastIndexOf(')'); // the command name may hold spaces and parentheses
    if (commEnd < 0)
        return std::nullopt;
    const QList<QByteArray> fields = stat->mid(commEnd + 1).simplified().split(' ');
    bool ok = false;
    ProcessStat result;
    result.state = fields.value(0).isEmpty() ? '?' : fields.value(0).at(0);
    result.startTime = fields.value(19).toLongLong(&ok); // fields 3, 4, … from here: field 22 is the 20th
    return ok ? std::optional<ProcessStat>(result) : std::nullopt;
}

// Whether the process `pid` that started at `startTime` still runs (a zombie does not:
// its locks are gone).
bool isAlive(qint64 pid, qint64 startTime)
{
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max())
        return false;
    if (const std::optional<ProcessStat> stat = processStat(pid))
        return stat->state != 'Z' && stat->startTime == startTime;
    if (errno == ENOENT)
        return false;
    // /proc hidden (hidepid): the pid alone, unverified.
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

QString printable(QString text)
{
    text.truncate(200);
    for (QChar& c : text)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char('?');
    return text;
}

QString describeCommandLine(const QStringList& arguments)
{
    if (arguments.isEmpty())
        return {};
    QString text = QFileInfo(arguments.first()).fileName();
    const QString command = arguments.value(1);
    if (!command.isEmpty() && command.front().isLetter() && !command.contains(QLatin1Char('/')))
        text += QLatin1Char(' ') + command;
    return printable(text);
}

QString describePid(qint64 pid)
{
    QStringList arguments;
    if (const std::optional<QByteArray> cmdline = readProcFile("/proc/" + QByteArray::number(pid) + "/cmdline"))
        for (const QByteArray& a : cmdline->split('\0'))
            arguments << QString::fromLocal8Bit(a);
    const QString program = describeCommandLine(arguments);
    return QStringLiteral("%1, pid %2").arg(program.isEmpty() ? QStringLiteral("a process") : program).arg(pid);
}

// The pids the kernel lists as holding a flock on the file (device, inode); none when
// /proc/locks cannot be read. A line: "1: FLOCK  ADVISORY  WRITE 1234 fe:00:10954049 0 EOF"
// ("1: -> FLOCK …" for a waiter).
QList<qint64> flockHolders(dev_t device, ino_t inode)
{
    const std::optional<QByteArray> locks = readProcFile("/proc/locks");
    if (!locks)
        return {};
    const QByteArray file = QByteArray::number(::major(device), 16).rightJustified(2, '0') + ':'
        + QByteArray::number(::minor(device), 16).rightJustified(2, '0') + ':' + QByteArray::number(quint64(inode));
    QList<qint64> pids;
    for (const QByteArray& line : locks->split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() >= 6 && f[1] == "FLOCK" && f[5] == file)
            pids << f[4].toLongLong();
    }
    return pids;
}

struct Record
{
    qint64 pid = 0;
    qint64 startTime = -1;
    QDateTime since;
    QString program;
};

// The record a holder wrote: "key=value" lines. Anything else is ignored.
Record parseRecord(const QByteArray& data)
{
    Record r;
    for (const QByteArray& line : data.split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = line.left(eq);
        const QByteArray value = line.mid(eq + 1);
        if (key == "pid")
            r.pid = value.toLongLong();
        else if (key == "start")
            r.startTime = value.toLongLong();
        else if (key == "since")
            r.since = QDateTime::fromString(QString::fromLatin1(value), Qt::ISODate);
        else if (key == "program")
            r.program = printable(QString::fromUtf8(value));
    }
    return r;
}

QString describeRecord(const Record& r)
{
    QString text =
        QStringLiteral("%1, pid %2").arg(r.program.isEmpty() ? QStringLiteral("a process") : r.program).arg(r.pid);
    if (r.since.isValid()) {
        // The full date always: core reads no system time outside the Clock, and a lock
        // is not the place to inject one.
        text += QStringLiteral(", since %1").arg(r.since.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
    }
    return text;
}

} // namespace

ProcessLock::ProcessLock(QString path, int mode, std::shared_ptr<const Clock> clock)
    : m_path(std::move(path)), m_mode(mode), m_clock(std::move(clock))
{}

ProcessLock::~ProcessLock()
{
    unlock();
}

bool ProcessLock::tryLock()
{
    if (m_fd >= 0)
        return true;
    m_busy = false;
    m_error.clear();
    const QByteArray path = QFile::encodeName(m_path);
    // O_NOFOLLOW: a link planted in the lock's place is refused, not followed.
    constexpr int kFlags = O_RDWR | O_CLOEXEC | O_NOFOLLOW;
    bool created = true;
    int fd = ::open(path.constData(), kFlags | O_CREAT | O_EXCL, mode_t(m_mode));
    if (fd < 0 && errno == EEXIST) {
        created = false;
        fd = ::open(path.constData(), kFlags);
    }
    if (fd < 0) {
        m_error = QStringLiteral("cannot open the lock file %1: %2").arg(m_path, errnoText(errno));
        return false;
    }
    const auto failed = [&](const QString& why) {
        ::close(fd);
        m_error = why;
        return false;
    };
    // Root locking a user's scope leaves the file to that user, who must be able to lock
    // it later; whoever else owns a lock file could hold it at will: refused.
    const std::optional<FileOwner> directory = directoryOwner(QFileInfo(m_path).absolutePath());
    if (created && ::geteuid() == 0 && directory && directory->uid != 0
        && ::fchown(fd, directory->uid, directory->gid) != 0)
        return failed(QStringLiteral("cannot set the owner of the lock file %1: %2").arg(m_path, errnoText(errno)));
    struct stat st
    {};
    if (::fstat(fd, &st) != 0)
        return failed(QStringLiteral("cannot read the lock file %1: %2").arg(m_path, errnoText(errno)));
    if (!S_ISREG(st.st_mode))
        return failed(QStringLiteral("the lock file %1 is not a regular file").arg(m_path));
    if (st.st_uid != ::geteuid() && !(::geteuid() == 0 && directory && st.st_uid == directory->uid))
        return failed(QStringLiteral("the lock file %1 belongs to uid %2, not to uid %3: remove it")
                          .arg(m_path)
                          .arg(st.st_uid)
                          .arg(::geteuid()));
    if ((st.st_mode & 07777) != mode_t(m_mode) && ::fchmod(fd, mode_t(m_mode)) != 0)
        return failed(QStringLiteral("cannot set the mode of the lock file %1: %2").arg(m_path, errnoText(errno)));
    int locked;
    do
        locked = ::flock(fd, LOCK_EX | LOCK_NB);
    while (locked != 0 && errno == EINTR);
    if (locked != 0) {
        const int err = errno;
        m_busy = err == EWOULDBLOCK;
        return failed(m_busy ? QStringLiteral("%1 is locked by another process").arg(m_path)
                             : QStringLiteral("cannot lock %1: %2").arg(m_path, errnoText(err)));
    }
    m_fd = fd;
    writeRecord();
    return true;
}

bool ProcessLock::lock(int milliseconds)
{
    QElapsedTimer waited;
    waited.start();
    while (!tryLock()) {
        if (!m_busy || waited.elapsed() >= milliseconds)
            return false;
        QThread::msleep(kPollMilliseconds);
    }
    return true;
}

void ProcessLock::unlock()
{
    if (m_fd < 0)
        return;
    // Cleared while still held, so a record is only ever its holder's. Failing to clear
    // it loses nothing: a reader checks that the recorded pid holds the lock.
    [[maybe_unused]] const int cleared = ::ftruncate(m_fd, 0);
    ::close(m_fd); // drops the lock
    m_fd = -1;
}

void ProcessLock::writeRecord()
{
    const qint64 pid = ::getpid();
    const QByteArray record = "pid=" + QByteArray::number(pid)
        + "\nstart=" + QByteArray::number(processStat(pid).value_or(ProcessStat()).startTime) + "\nsince="
        + m_clock->now().toString(Qt::ISODate).toLatin1() + "\nprogram=" + processDescription().toUtf8() + '\n';
    // Failing to write it (a full disk) loses only the message: the lock is held anyway,
    // and a reader then asks the kernel's lock table who holds it.
    if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, record.constData(), size_t(record.size()), 0) < 0)
        return;
}

QString ProcessLock::holder() const
{
    const QByteArray path = QFile::encodeName(m_path);
    struct stat st
    {};
    if (::stat(path.constData(), &st) != 0)
        return {};
    // Empty too where the lock table names files by another device (overlayfs, NFS).
    const QList<qint64> holders = flockHolders(st.st_dev, st.st_ino);
    QByteArray data;
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd >= 0) {
        data.resize(kRecordLimit);
        const ssize_t n = ::pread(fd, data.data(), size_t(data.size()), 0);
        data.resize(n > 0 ? n : 0);
        ::close(fd);
    }
    const Record record = parseRecord(data);
    if (isAlive(record.pid, record.startTime) && (holders.isEmpty() || holders.contains(record.pid)))
        return describeRecord(record);
    // No record yet (the holder has just taken it), or one of a holder that is gone.
    return holders.isEmpty() ? QString() : describePid(holders.first());
}

QString ProcessLock::processDescription()
{
    if (QCoreApplication::instance())
        return describeCommandLine(QCoreApplication::arguments());
    QStringList arguments;
    if (const std::optional<QByteArray> cmdline = readProcFile("/proc/self/cmdline"))
        for (const QByteArray& a : cmdline->split('\0'))
            arguments << QString::fromLocal8Bit(a);
    return describeCommandLine(arguments);
}

} // namespace certlife
