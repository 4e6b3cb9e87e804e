// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tasks/NotificationTask.h"
#include "tasks/TaskAdmin.h"
#include "tasks/TaskTest.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

class QWidget;

namespace certlife::ui {

// What the New/Edit task dialog starts from.
struct TaskEditRequest
{
    std::optional<NotificationTask> existing; // Edit: the task as registered; New: none
    QList<Scope> writableChannels;            // the channels this user may write (New)
    QStringList storeIds;                     // suggestions for the store filter
    // Whether a task of that name exists in that channel (New refuses it, as `task new`).
    std::function<bool(Scope channel, const QString& name)> nameInUse;
};

// A certificate a test may be run for (the console's inventory of the task's channel).
struct TaskTestCandidate
{
    LocatedCertificate certificate; // at its primary location
    // "www.example.com — Web servers — expires 2026-03-08 — live/www/cert.pem +3": one
    // candidate per certificate and store, however many files of the store hold it.
    QString label;
    QStringList locations; // every place of the store that holds it, the primary one first
};

// Indices into the candidates: the certificate and, for Replace tasks, the one it
// replaces (-1: none, the same certificate is passed as old and new).
struct TaskTestChoice
{
    int certificate = -1;
    int replaced = -1;
};

// Every question the task commands (TaskCommands.h) ask in a dialog. Tests answer them;
// the default implementation shows the real dialogs. Their errors go through the
// CommandRunner (seams/Messages.h).
class TaskDialogs
{
public:
    virtual ~TaskDialogs() = default;
    // A new or edited task definition (its pin is taken when it is stored); nullopt
    // when cancelled. The dialog validates as the user types.
    virtual std::optional<NotificationTask> askForTask(QWidget* parent, const TaskEditRequest& request);
    virtual bool confirmDeleteTask(QWidget* parent, const NotificationTask& task);
    virtual std::optional<TaskTestChoice> chooseTestCertificate(QWidget* parent, const NotificationTask& task,
                                                                const QList<TaskTestCandidate>& candidates);
    // A changed script before it is pinned: its content now, owner, mode and both
    // SHA-256 (dialogs/RepinDialog.h); true to pin the new one.
    virtual bool confirmRepin(QWidget* parent, const NotificationTask& task, const RepinPreview& preview);
    // Shown when a test has ended: exit status and output (not modal).
    virtual void showTestResult(QWidget* parent, const NotificationTask& task, const TaskTestResult& result);
};

} // namespace certlife::ui
