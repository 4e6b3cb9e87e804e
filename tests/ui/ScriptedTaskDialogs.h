// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Tasks page's questions, answered by the GUI tests. The New/Edit dialog is the
// real TaskEditDialog: `fillTask` types into its widgets as a user would and says
// whether to press OK (which only counts when the dialog accepts the task).

#include "commands/TaskDialogs.h"
#include "dialogs/TaskEditDialog.h"

#include <QPushButton>
#include <functional>

namespace certlife::test {

class ScriptedTaskDialogs final : public ui::TaskDialogs
{
public:
    std::function<bool(ui::TaskEditDialog&)> fillTask;
    QStringList dialogTexts; // what the dialog said when it closed (problems and script status)
    QList<ui::TaskEditRequest> editRequests;
    bool confirmDelete = true;
    QStringList deleteQuestions; // names of the tasks asked about
    std::optional<ui::TaskTestChoice> testChoice;
    QList<QList<ui::TaskTestCandidate>> offeredCandidates;
    bool acceptRepin = true;
    QList<RepinPreview> repinPreviews;
    QList<TaskTestResult> testResults;

    std::optional<NotificationTask> askForTask(QWidget* parent, const ui::TaskEditRequest& request) override
    {
        editRequests << request;
        ui::TaskEditDialog dialog(request, parent);
        dialog.show();
        const bool pressOk = fillTask && fillTask(dialog);
        dialogTexts << dialog.problemText();
        if (!pressOk || !dialog.okButton()->isEnabled())
            return std::nullopt;
        return dialog.task();
    }
    bool confirmDeleteTask(QWidget*, const NotificationTask& task) override
    {
        deleteQuestions << task.name;
        return confirmDelete;
    }
    std::optional<ui::TaskTestChoice> chooseTestCertificate(QWidget*, const NotificationTask&,
                                                            const QList<ui::TaskTestCandidate>& candidates) override
    {
        offeredCandidates << candidates;
        return testChoice;
    }
    bool confirmRepin(QWidget*, const NotificationTask&, const RepinPreview& preview) override
    {
        repinPreviews << preview;
        return acceptRepin;
    }
    void showTestResult(QWidget*, const NotificationTask&, const TaskTestResult& result) override
    {
        testResults << result;
    }
};

} // namespace certlife::test
