// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskRegistry.h"

#include "tasks/TaskFile.h"
#include "util/AtomicFile.h"
#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace certlife {

namespace {

constexpr qint64 kMaxTaskFileSize = 1024 * 1024;
const QString kSuffix = QStringLiteral(".task");

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QStringList taskFileNames(int dirFd)
{
    QStringList names;
    const int listFd = ::dup(dirFd);
    if (listFd < 0)
        return names;
    DIR* dir = ::fdopendir(listFd);
    if (!dir) {
        ::close(listFd);
        return names;
    }
    while (const dirent* entry = ::readdir(dir)) {
        const QString name = QFile::decodeName(entry->d_name);
        if (name.endsWith(kSuffix) && !name.startsWith(QLatin1Char('.')))
            names << name;
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

TaskRegistry::TaskRegistry(Scope scope) : TaskRegistry(scope, Paths::tasksDir(scope), TrustRule::forScope(scope)) {}

TaskRegistry::TaskRegistry(Scope scope, QString directory, TrustRule rule)
    : m_scope(scope), m_directory(std::move(directory)), m_rule(rule)
{}

QString TaskRegistry::filePath(const QString& name) const
{
    return m_directory + QLatin1Char('/') + name + kSuffix;
}

std::optional<UniqueFd> TaskRegistry::openDirectory(bool create, QString* error) const
{
    if (create && !QFileInfo(m_directory).isDir()) { // an existing one is checked below, with this rule
        const QString why = Paths::ensureDir(m_directory, m_scope == Scope::System ? 0755 : 0700);
        if (!why.isEmpty()) {
            *error = why;
            return std::nullopt;
        }
    }
    UniqueFd fd(::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.isValid()) {
        *error = QStringLiteral("tasks directory %1: %2").arg(m_directory, errnoText(errno));
        return std::nullopt;
    }
    struct stat st = {};
    ::fstat(fd.get(), &st);
    if (st.st_uid != 0 && st.st_uid != m_rule.ownerUid) {
        *error = QStringLiteral("tasks directory %1 is owned by uid %2, expected uid %3 or root")
                     .arg(m_directory)
                     .arg(st.st_uid)
                     .arg(m_rule.ownerUid);
        return std::nullopt;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        *error = QStringLiteral("tasks directory %1 is writable by group or others (mode %2)")
                     .arg(m_directory, modeText(st.st_mode));
        return std::nullopt;
    }
    return fd;
}

bool TaskRegistry::load()
{
    m_tasks.clear();
    m_problems.clear();
    if (!QFile::exists(m_directory))
        return true;
    QString error;
    const std::optional<UniqueFd> dir = openDirectory(false, &error);
    if (!dir) {
        m_problems.append({m_directory, error});
        return false;
    }
    for (const QString& fileName : taskFileNames(dir->get())) {
        const QString path = m_directory + QLatin1Char('/') + fileName;
        const QString stem = fileName.chopped(kSuffix.size());
        const auto refuse = [&](const QString& why) { m_problems.append({path, why}); };
        if (!isValidTaskName(stem)) {
            refuse(QStringLiteral("%1: \"%2\" is not a valid task name").arg(path, stem));
            continue;
        }
        std::optional<OpenedFile> file =
            openTrustedFileAt(dir->get(), fileName, path, m_rule, QStringLiteral("task file"), &error);
        QByteArray data;
        if (!file || !readWholeFile(file->fd.get(), kMaxTaskFileSize, &data, &error)) {
            refuse(file ? QStringLiteral("task file: cannot read %1: %2").arg(path, error) : error);
            continue;
        }
        const std::optional<NotificationTask> task = parseTaskFile(data, path, &error);
        if (!task) {
            refuse(error);
        } else if (task->name != stem) {
            refuse(QStringLiteral("%1: Name=%2 does not match the file name").arg(path, task->name));
        } else if (task->channel != m_scope) {
            refuse(QStringLiteral("%1: Channel=%2 does not belong in the %3 tasks directory")
                       .arg(path, scopeName(task->channel), scopeName(m_scope)));
        } else {
            m_tasks.append(*task);
        }
    }
    return m_problems.isEmpty();
}

std::optional<NotificationTask> TaskRegistry::task(const QString& name) const
{
    for (const NotificationTask& t : m_tasks) {
        if (t.name == name)
            return t;
    }
    return std::nullopt;
}

bool TaskRegistry::write(const NotificationTask& task, bool replace, QString* error)
{
    const QStringList problems = validateTask(task);
    if (!problems.isEmpty()) {
        *error = problems.join(QStringLiteral("; "));
        return false;
    }
    if (task.channel != m_scope) {
        *error = QStringLiteral("a %1-channel task cannot be stored with the %2 tasks")
                     .arg(scopeName(task.channel), scopeName(m_scope));
        return false;
    }
    const std::optional<UniqueFd> dir = openDirectory(true, error);
    if (!dir)
        return false;
    const QByteArray finalName = QFile::encodeName(task.name + kSuffix);
    QByteArray tempName;
    UniqueFd fd;
    for (int tries = 0; tries < 10 && !fd.isValid(); ++tries) {
        tempName = QStringLiteral(".%1.tmp-%2")
                       .arg(task.name)
                       .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'))
                       .toUtf8();
        fd.reset(::openat(dir->get(), tempName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                          m_scope == Scope::System ? 0644 : 0600));
        if (!fd.isValid() && errno != EEXIST)
            break;
    }
    if (!fd.isValid()) {
        *error = QStringLiteral("cannot write in %1: %2").arg(m_directory, errnoText(errno));
        return false;
    }
    // The mode given to open() is reduced by the umask; set it exactly.
    ::fchmod(fd.get(), m_scope == Scope::System ? 0644 : 0600);
    const QByteArray content = serializeTaskFile(task);
    if (!writeAll(fd.get(), content.constData(), content.size()) || ::fsync(fd.get()) != 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(filePath(task.name), errnoText(errno));
        ::unlinkat(dir->get(), tempName.constData(), 0);
        return false;
    }
    fd.reset();
    int rc = 0;
    if (replace) {
        rc = ::renameat(dir->get(), tempName.constData(), dir->get(), finalName.constData());
    } else {
        // link() fails when the name exists: two concurrent `task new` cannot both win.
        rc = ::linkat(dir->get(), tempName.constData(), dir->get(), finalName.constData(), 0);
        ::unlinkat(dir->get(), tempName.constData(), 0);
    }
    if (rc != 0) {
        const int err = errno;
        ::unlinkat(dir->get(), tempName.constData(), 0);
        *error = err == EEXIST
            ? QStringLiteral("a task named \"%1\" already exists (%2)").arg(task.name, filePath(task.name))
            : QStringLiteral("cannot write %1: %2").arg(filePath(task.name), errnoText(err));
        return false;
    }
    ::fsync(dir->get());
    return true;
}

bool TaskRegistry::add(const NotificationTask& task, QString* error)
{
    if (!write(task, false, error))
        return false;
    m_tasks.append(task);
    return true;
}

bool TaskRegistry::update(const NotificationTask& task, QString* error)
{
    const auto it = std::find_if(m_tasks.begin(), m_tasks.end(), [&](const auto& t) { return t.name == task.name; });
    if (it == m_tasks.end()) {
        *error = QStringLiteral("no %1 task named \"%2\"").arg(scopeName(m_scope), task.name);
        return false;
    }
    if (!write(task, true, error))
        return false;
    *it = task;
    return true;
}

bool TaskRegistry::remove(const QString& name, QString* error)
{
    if (!isValidTaskName(name)) {
        *error = QStringLiteral("\"%1\" is not a valid task name").arg(name);
        return false;
    }
    const std::optional<UniqueFd> dir = openDirectory(false, error);
    if (!dir)
        return false;
    if (::unlinkat(dir->get(), QFile::encodeName(name + kSuffix).constData(), 0) != 0) {
        const int err = errno;
        *error = err == ENOENT ? QStringLiteral("no %1 task named \"%2\"").arg(scopeName(m_scope), name)
                               : QStringLiteral("cannot remove %1: %2").arg(filePath(name), errnoText(err));
        return false;
    }
    m_tasks.removeIf([&](const NotificationTask& t) { return t.name == name; });
    return true;
}

} // namespace certlife
