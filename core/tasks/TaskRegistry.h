// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/NotificationTask.h"
#include "tasks/TrustedPath.h"

#include <QList>
#include <QString>
#include <optional>

namespace certlife {

// The notification tasks of one scope: tasksDir(scope)/NAME.task, one file per task
// (format: TaskFile.h, docs/tasks.md).
//
// Loading refuses, with an error naming the file, a tasks directory or task file
// that is not owned by the scope's owner (root for System, the user for User) or
// is writable by group or others, a symbolic link, a file whose Name differs from
// its file name, and a task whose Channel is not the directory's scope. Refused
// files are reported in problems(); the other tasks still load.
class TaskRegistry
{
public:
    struct Problem
    {
        QString path;
        QString error;
    };

    explicit TaskRegistry(Scope scope);                           // Paths::tasksDir(scope), TrustRule::forScope(scope)
    TaskRegistry(Scope scope, QString directory, TrustRule rule); // tests inject the expected owner

    Scope scope() const { return m_scope; }
    QString directory() const { return m_directory; }
    QString filePath(const QString& name) const;

    // (Re)reads the directory. A missing directory holds no tasks. Returns false
    // when anything was refused (see problems()).
    bool load();
    const QList<NotificationTask>& tasks() const { return m_tasks; }
    const QList<Problem>& problems() const { return m_problems; }
    std::optional<NotificationTask> task(const QString& name) const;

    // Writes a new task file. A name already in use is an error, as on Windows.
    bool add(const NotificationTask& task, QString* error);
    // Replaces the file of an existing task atomically.
    bool update(const NotificationTask& task, QString* error);
    bool remove(const QString& name, QString* error);

private:
    std::optional<UniqueFd> openDirectory(bool create, QString* error) const;
    bool write(const NotificationTask& task, bool replace, QString* error);

    Scope m_scope;
    QString m_directory;
    TrustRule m_rule;
    QList<NotificationTask> m_tasks;
    QList<Problem> m_problems;
};

} // namespace certlife
