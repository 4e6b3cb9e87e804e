// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/TaskDialogs.h"
#include "widgets/PlainMessageBox.h"

#include "dialogs/TaskEditDialog.h"
#include "dialogs/TaskTestDialogs.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>

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
    const QString text =
        QApplication::translate("TaskDialogs",
                                "Delete the %1 task “%2”?\n\n"
                                "It will no longer run for %3 events. The script %4 stays where it "
                                "is, and the task's run history is kept.")
            .arg(scopeName(task.channel), task.name,
                 task.type == TaskType::Replace ? QStringLiteral("Replace") : QStringLiteral("Expire"), task.command);
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
    QMessageBox box(QMessageBox::Warning, QApplication::translate("TaskDialogs", "Repin task"),
                    QApplication::translate("TaskDialogs",
                                            "The script of “%1” changed since it was pinned:<br><tt>%2</tt><br><br>"
                                            "Pinned SHA-256:<br><tt>%3</tt><br>Its SHA-256 now:<br><tt>%4</tt><br><br>"
                                            "Review the change before you accept it: once repinned, the new content "
                                            "runs as %5.")
                        .arg(task.name.toHtmlEscaped(), preview.script.toHtmlEscaped(), preview.pinnedSha256,
                             preview.currentSha256,
                             task.channel == Scope::System ? QStringLiteral("root") : QStringLiteral("you")),
                    QMessageBox::Cancel, parent);
    box.setTextFormat(Qt::RichText);
    QPushButton* repin =
        box.addButton(QApplication::translate("TaskDialogs", "Accept and repin"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == static_cast<QAbstractButton*>(repin);
}

void TaskDialogs::showTestResult(QWidget* parent, const NotificationTask& task, const TaskTestResult& result)
{
    auto* dialog = new TaskTestResultDialog(task, result, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace certlife::ui
