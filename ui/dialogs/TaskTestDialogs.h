// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/TaskDialogs.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QListWidget;

namespace certlife::ui {

// Asks which certificate a test of a task runs for (and, for Replace tasks, which
// certificate it replaces), from the certificates of the task's channel that the
// task's filters accept. A filter field narrows the list; for a Replace task, the
// certificates of the same subject, then those sharing a name with the chosen one, are
// offered first as the one it replaces.
class TaskTestCertificateDialog : public QDialog
{
    Q_OBJECT
public:
    TaskTestCertificateDialog(const NotificationTask& task, const QList<TaskTestCandidate>& candidates,
                              QWidget* parent = nullptr);
    TaskTestChoice choice() const;

private:
    void filter(const QString& text);
    void offerReplaced();

    QList<TaskTestCandidate> m_candidates;
    QLineEdit* m_search = nullptr;
    QListWidget* m_list = nullptr;
    QComboBox* m_replaced = nullptr;
};

// The outcome of a test: what ran, for which event, its exit status and its output.
class TaskTestResultDialog : public QDialog
{
    Q_OBJECT
public:
    TaskTestResultDialog(const NotificationTask& task, const TaskTestResult& result, QWidget* parent = nullptr);
};

// One line for a test's outcome: "succeeded (exit 0) in 0.3 s", or why nothing ran.
QString taskTestSummary(const TaskTestResult& result);

} // namespace certlife::ui
