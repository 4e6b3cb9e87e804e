// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/TaskDialogs.h"
#include "models/TaskListModel.h"
#include "pages/ConsolePage.h"

#include <QCoro/QCoroTask>
#include <QSet>
#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace certlife {
class ConsoleController;
class TaskListModel;
class TaskRunModel;
} // namespace certlife

namespace certlife::ui {

class CommandRunner;
class TaskCommand;

// The notification tasks of both channels (the same task files `certlifectl task`
// reads and writes) with the run history of the selected task: New, Edit, Delete,
// Enable/Disable, Test (runs the task now for a chosen certificate, as `certlifectl
// switch --notify-only` does) and Repin (accepts a reviewed change of the script),
// each a command (commands/TaskCommands.h) run by the window's CommandRunner. Task
// files are read and written, and scripts checked, on worker threads; a test's script
// runs as a child process the event loop watches.
class TasksPage : public ConsolePage
{
    Q_OBJECT
public:
    TasksPage(ConsoleController* controller, std::shared_ptr<TaskDialogs> dialogs, CommandRunner* runner,
              QWidget* parent = nullptr);
    ~TasksPage() override;

    QString title() const override { return tr("Tasks"); }
    QIcon icon() const override;
    void saveLayout(ConsoleSettings& settings) const override;
    void restoreLayout(const ConsoleSettings& settings) override;
    QWidget* filterField() const override;

    TaskListModel* taskModel() const { return m_tasks; }
    TaskRunModel* runModel() const { return m_runs; }
    QTableView* taskTable() const { return m_taskTable; }
    QTableView* runTable() const { return m_runTable; }
    QPushButton* newButton() const { return m_new; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* deleteButton() const { return m_delete; }
    QPushButton* enableButton() const { return m_enable; }
    QPushButton* testButton() const { return m_test; }
    QPushButton* repinButton() const { return m_repin; }
    QComboBox* runOutcomeFilter() const { return m_outcome; }
    QPushButton* olderRunsButton() const { return m_olderRuns; }
    QString runsTitle() const;
    QString statusText() const;
    QString noteText() const;   // permissions and refused task files
    QString outputText() const; // the selected run's output
    bool isLoading() const { return m_loading > 0; }

    // Selects the task's row; false when it is not listed.
    bool selectTask(Scope channel, const QString& name);

    // Re-reads the task files and the last runs (on a worker).
    QCoro::Task<> reload();

Q_SIGNALS:
    void reloaded();   // the list (and the selected task's runs) are on screen
    void runsLoaded(); // a page of the selected task's runs is on screen

protected:
    void showEvent(QShowEvent* event) override;

private:
    std::optional<TaskListEntry> selectedEntry() const;
    void selectionChanged();
    void runSelectionChanged();
    QCoro::Task<> loadRuns();
    QCoro::Task<> loadOlderRuns();
    void showRunCounts(const QString& name);
    void updateButtons();
    void governButtons();
    void updateNote(const QStringList& problems);
    QList<TaskTestCandidate> testCandidates(const NotificationTask& task) const;
    TaskEditRequest editRequest(const std::optional<NotificationTask>& existing) const;
    void run(QCoro::Task<> task);
    // Starts the command of a button: the page's status line follows it, and the list
    // is reloaded once it has ended (not when it was cancelled).
    void startCommand(TaskCommand* command);
    void newTask();
    void editSelected();
    void deleteSelected();
    void toggleSelected();
    void testSelected();
    void repinSelected();
    QCoro::Task<> reloadAndSelect(std::optional<std::pair<Scope, QString>> select);

    ConsoleController* m_controller;
    std::shared_ptr<TaskDialogs> m_dialogs;
    CommandRunner* m_runner;
    TaskListModel* m_tasks = nullptr;
    TaskRunModel* m_runs = nullptr;
    QSortFilterProxyModel* m_sortedTasks = nullptr;
    QSortFilterProxyModel* m_sortedRuns = nullptr;
    QTableView* m_taskTable = nullptr;
    QTableView* m_runTable = nullptr;
    QLabel* m_runInfo = nullptr; // the selected run: id, event, attempt, outcome, script hash
    QPlainTextEdit* m_output = nullptr;
    QLabel* m_runsTitle = nullptr;
    QComboBox* m_outcome = nullptr; // which runs: all, failed, refused, waiting, succeeded
    QPushButton* m_olderRuns = nullptr;
    TaskRunCounts m_runCounts;   // of the selected task, by outcome
    qint64 m_oldestRunShown = 0; // keyset of the next page
    QLabel* m_note = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_new = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_enable = nullptr;
    QPushButton* m_test = nullptr;
    QPushButton* m_repin = nullptr;
    QSplitter* m_splitter = nullptr;
    QSplitter* m_runSplitter = nullptr;
    quint64 m_listGeneration = 0;
    quint64 m_runGeneration = 0;
    int m_loading = 0;
    bool m_loadedOnce = false;
};

} // namespace certlife::ui
