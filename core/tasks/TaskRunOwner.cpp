// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Who owns a run: a token that names a process for good (TaskRunLog::processToken).
#include "tasks/TaskRunLog.h"

#include <QFile>
#include <QStringList>
#include <unistd.h>

namespace certlife {

namespace {

QString readSmallFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(f.read(4096)).trimmed();
}

// Field 22 (starttime) of /proc/PID/stat; the command name (field 2) may hold
// spaces and parentheses, so count from the last ')'.
QString processStartTime(const QString& pid)
{
    const QString stat = readSmallFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype close = stat.lastIndexOf(QLatin1Char(')'));
    if (close < 0)
        return {};
    const QStringList fields = stat.mid(close + 2).split(QLatin1Char(' '));
    return fields.value(19);
}

QString bootId()
{
    return readSmallFile(QStringLiteral("/proc/sys/kernel/random/boot_id"));
}

} // namespace

QString TaskRunLog::processToken(qint64 pid)
{
    const QString p = QString::number(pid);
    return QStringLiteral("%1:%2:%3").arg(bootId(), p, processStartTime(p));
}

QString TaskRunLog::currentOwner()
{
    return processToken(::getpid());
}

qint64 TaskRunLog::processIdOf(const QString& token)
{
    return token.section(QLatin1Char(':'), 1, 1).toLongLong();
}

bool TaskRunLog::processAlive(const QString& token)
{
    const QStringList parts = token.split(QLatin1Char(':'));
    if (parts.size() != 3 || parts.at(0) != bootId() || parts.at(2).isEmpty())
        return false;
    return processStartTime(parts.at(1)) == parts.at(2);
}

} // namespace certlife
