// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Tasks page's commands: New, Edit, Delete, Enable/Disable, Repin and Test. Each
// asks through TaskDialogs and does its file work through core/tasks on a worker
// thread; the page reloads its list once one has ended.

#include "commands/ConsoleCommand.h"
#include "commands/TaskDialogs.h"
#include "models/TaskListModel.h"

#include <functional>
#include <memory>
#include <optional>

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

struct TaskCommandContext
{
    ConsoleController* controller = nullptr;
    std::shared_ptr<TaskDialogs> dialogs;
    QWidget* parent = nullptr; // the dialogs' parent: the Tasks page
};

// A task by its channel and name.
struct TaskName
{
    Scope channel = Scope::User;
    QString name;
};

class TaskCommand : public ConsoleCommand
{
    Q_OBJECT
public:
    TaskCommand(TaskCommandContext context, QString title);

    // The task the page selects once it has reloaded (a new one); nullopt: the
    // selection stays.
    std::optional<TaskName> taskToSelect() const { return m_select; }

protected:
    ConsoleController* controller() const { return m_context.controller; }
    TaskDialogs& dialogs() const { return *m_context.dialogs; }
    const QString& title() const { return m_title; }
    CommandOutcome failed(const QString& text) const { return CommandOutcome::failed(m_title, text); }
    void selectAfterReload(const TaskName& task) { m_select = task; }
    // Runs `change` (core/tasks, blocking) on a worker; `failure` takes its error as %1.
    QCoro::Task<CommandOutcome> applyChange(QString failure, QString done, std::function<bool(QString*)> change);

private:
    TaskCommandContext m_context;
    QString m_title;
    std::optional<TaskName> m_select;
};

// New… and Edit…: the task dialog, then the task registered with its script's SHA-256
// pinned (New: request.existing empty) or its changes saved with the pin kept (Edit).
class SaveTaskCommand final : public TaskCommand
{
    Q_OBJECT
public:
    SaveTaskCommand(TaskCommandContext context, TaskEditRequest request);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    TaskEditRequest m_request;
};

// Removes a task after a confirmation; its run history is kept.
class DeleteTaskCommand final : public TaskCommand
{
    Q_OBJECT
public:
    DeleteTaskCommand(TaskCommandContext context, NotificationTask task);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    NotificationTask m_task;
};

// Enables a disabled task, disables an enabled one.
class ToggleTaskCommand final : public TaskCommand
{
    Q_OBJECT
public:
    ToggleTaskCommand(TaskCommandContext context, NotificationTask task);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    NotificationTask m_task;
};

// Shows a changed script as it is now (content, owner, mode, both SHA-256) and pins
// it once the user has accepted it.
class RepinTaskCommand final : public TaskCommand
{
    Q_OBJECT
public:
    RepinTaskCommand(TaskCommandContext context, NotificationTask task);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    NotificationTask m_task;
};

// Runs a task now for a certificate the user chooses, as `certlifectl switch
// --notify-only` does; the script runs as a child process. It runs beside other
// commands (it changes no file the others read), once per task at a time.
class TestTaskCommand final : public TaskCommand
{
    Q_OBJECT
public:
    TestTaskCommand(TaskCommandContext context, NotificationTask task, QList<TaskTestCandidate> candidates);

    bool isExclusive() const override { return false; }
    QString key() const override { return keyOf(m_task); }
    static QString keyOf(const NotificationTask& task);

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    NotificationTask m_task;
    QList<TaskTestCandidate> m_candidates;
};

} // namespace certlife::ui
