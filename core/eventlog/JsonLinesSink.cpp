// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/JsonLinesSink.h"

#include "eventlog/EventJson.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

JsonLinesSink::JsonLinesSink(QString path) : m_path(std::move(path)) {}

static QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

int JsonLinesSink::openFile(QString* why) const
{
    // Opened per batch: after a rotation the path names a new file (created here).
    // O_NOFOLLOW: a symlink planted at the path is refused, not followed (the agent may
    // run as root); O_NONBLOCK: a FIFO without a reader fails instead of hanging.
    const int fd = ::open(QFile::encodeName(m_path).constData(),
                          O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    if (fd < 0) {
        *why = errno == ELOOP ? QStringLiteral("it is a symbolic link, which is not followed") : errnoText();
        return -1;
    }
    struct stat st
    {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        *why = QStringLiteral("not a regular file");
        return -1;
    }
    return fd;
}

QString JsonLinesSink::checkWritable() const
{
    QString why;
    const int fd = openFile(&why);
    if (fd < 0)
        return QStringLiteral("cannot write the JSON-lines event log %1: %2").arg(m_path, why);
    ::close(fd);
    return {};
}

void JsonLinesSink::deliver(const QList<LifecycleEvent>& events)
{
    if (events.isEmpty())
        return;
    QByteArray batch;
    batch.reserve(events.size() * 1024);
    JsonLineWriter w(batch);
    for (const LifecycleEvent& e : events) {
        eventlog::writeEventJson(w, e);
        w.endLine();
    }

    const auto failed = [&](const QString& why) {
        m_failures += int(events.size());
        m_lastError = QStringLiteral("%1: %2").arg(m_path, why);
    };
    QString why;
    const int fd = openFile(&why);
    if (fd < 0)
        return failed(why);
    const char* p = batch.constData();
    qsizetype left = batch.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const QString why = errnoText();
            ::close(fd);
            return failed(why);
        }
        p += n;
        left -= n;
    }
    if (::close(fd) != 0)
        return failed(errnoText());
}

} // namespace certlife
