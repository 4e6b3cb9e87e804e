// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/TaskEventsFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// The directory, created 0700 when missing; refused unless it is a real directory of
// this user that nobody else can write into or list.
UniqueFd openPrivateDirectory(const QString& path, QString* error)
{
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST) {
        *error = QStringLiteral("cannot create the task events directory %1: %2").arg(path, errnoText());
        return {};
    }
    UniqueFd dir(::open(native.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat st
    {};
    if (!dir.isValid() || ::fstat(dir.get(), &st) != 0) {
        *error = QStringLiteral("cannot open the task events directory %1: %2").arg(path, errnoText());
        return {};
    }
    if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
        *error = QStringLiteral("the task events directory %1 is not private to this user (owner %2, mode %3): "
                                "remove it, Certlife makes it again")
                     .arg(path)
                     .arg(st.st_uid)
                     .arg(QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0')));
        return {};
    }
    return dir;
}

QString fileName(qint64 runId, int attempt)
{
    return QStringLiteral("run-%1-%2.json").arg(runId).arg(attempt);
}

} // namespace

TaskEventsFile::TaskEventsFile(QString directory, UniqueFd dir, QString name)
    : m_directory(std::move(directory)), m_dir(std::move(dir)), m_name(std::move(name))
{}

TaskEventsFile::~TaskEventsFile()
{
    ::unlinkat(m_dir.get(), QFile::encodeName(m_name).constData(), 0);
}

std::unique_ptr<TaskEventsFile> TaskEventsFile::create(const QString& directory, const QString& task, qint64 runId,
                                                       int attempt, const QList<LifecycleEvent>& events, QString* error)
{
    UniqueFd dir = openPrivateDirectory(directory, error);
    if (!dir.isValid())
        return nullptr;
    QJsonArray list;
    for (const LifecycleEvent& e : events)
        list.append(e.toJson());
    const QJsonObject root{
        {QStringLiteral("task"), task},
        {QStringLiteral("channel"), events.isEmpty() ? QString() : scopeName(events.first().channel)},
        {QStringLiteral("runId"), runId},
        {QStringLiteral("attempt"), attempt},
        {QStringLiteral("events"), list}};
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    const QString name = fileName(runId, attempt);
    const QByteArray nativeName = QFile::encodeName(name);
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    UniqueFd file(::openat(dir.get(), nativeName.constData(), flags, 0600));
    if (!file.isValid() && errno == EEXIST) {
        // Left by a runner killed during this very attempt: ours to replace.
        ::unlinkat(dir.get(), nativeName.constData(), 0);
        file = UniqueFd(::openat(dir.get(), nativeName.constData(), flags, 0600));
    }
    if (!file.isValid()) {
        *error = QStringLiteral("cannot create the events file %1/%2: %3").arg(directory, name, errnoText());
        return nullptr;
    }
    auto result = std::unique_ptr<TaskEventsFile>(new TaskEventsFile(directory, std::move(dir), name));
    for (qsizetype done = 0; done < json.size();) {
        const ssize_t n = ::write(file.get(), json.constData() + done, size_t(json.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = QStringLiteral("cannot write the events file %1: %2").arg(result->path(), errnoText());
            return nullptr; // the destructor removes what was written
        }
        done += n;
    }
    return result;
}

void TaskEventsFile::removeStale(const QString& directory, const std::function<bool(qint64)>& isLive)
{
    static const QRegularExpression pattern(QStringLiteral("^run-(\\d+)-\\d+\\.json$"));
    if (!QFileInfo(directory).isDir())
        return; // no digest ran here yet
    QString ignored;
    const UniqueFd dir = openPrivateDirectory(directory, &ignored);
    if (!dir.isValid())
        return;
    const QStringList names = QDir(directory).entryList(QDir::Files | QDir::System | QDir::Hidden);
    for (const QString& name : names) {
        const QRegularExpressionMatch m = pattern.match(name);
        if (m.hasMatch() && !isLive(m.captured(1).toLongLong()))
            ::unlinkat(dir.get(), QFile::encodeName(name).constData(), 0);
    }
}

} // namespace certlife
