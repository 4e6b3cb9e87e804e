// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/TaskDialogs.h"
#include "widgets/PlainMessageBox.h"

#include "dialogs/RepinDialog.h"
#include "dialogs/TaskEditDialog.h"
#include "dialogs/TaskTestDialogs.h"

#include <QApplication>
#include <QMessageBox>

namespace certlife::ui {

std::optional<NotificationTask> TaskDialogs::askForTask(QWidget* parent, const TaskEditRequest& request)
{
    TaskEditDialog dialog(request, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.task();
}

bool TaskDialogs::confirmDeleteTask(QWidget* parent, const NotificationTask& task)
{
    const QString text = QApplication::translate("TaskDialogs",
                                                 "Delete the %1 task “%2”?\n\n"
                                                 "It will no longer run for %3 events. The script %4 stays where it "
                                                 "is, and the task's run history is kept.")
                             .arg(scopeName(task.channel), task.name, taskTypeName(task.type), task.command);
    return plainMessageBox(parent, QMessageBox::Question, QApplication::translate("TaskDialogs", "Delete task"), text,
                           QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

std::optional<TaskTestChoice> TaskDialogs::chooseTestCertificate(QWidget* parent, const NotificationTask& task,
                                                                 const QList<TaskTestCandidate>& candidates)
{
    TaskTestCertificateDialog dialog(task, candidates, parent);
    if (dialog.exec() != QDialog::Accepted || dialog.choice().certificate < 0)
        return std::nullopt;
    return dialog.choice();
}

bool TaskDialogs::confirmRepin(QWidget* parent, const NotificationTask& task, const RepinPreview& preview)
{
    RepinDialog dialog(task, preview, parent);
    return dialog.exec() == QDialog::Accepted;
}

void TaskDialogs::showTestResult(QWidget* parent, const NotificationTask& task, const TaskTestResult& result)
{
    auto* dialog = new TaskTestResultDialog(task, result, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace certlife::ui
