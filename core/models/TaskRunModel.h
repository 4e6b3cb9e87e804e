// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/KeyedTableModel.h"
#include "tasks/TaskRunLog.h"

#include <QColor>

namespace certlife {

// What the Tasks page filters a task's runs by: the groups TaskRunCounts counts.
enum class TaskRunOutcome { Any, Failed, Refused, Waiting, Succeeded };
QList<TaskRunState> taskRunStates(TaskRunOutcome outcome); // the states in the group; empty for Any

// One page of a task's run history, newest first: the runs, whether older ones match
// too, and how many runs (attempts) the task has by outcome, for the filter's labels.
struct TaskRunPage
{
    QList<TaskRun> runs;
    bool more = false;
    TaskRunCounts counts;
    QString error; // the run log exists but cannot be read
};

// Blocking: call it on a worker thread. beforeId: the id of the last run already shown
// (keyset paging), 0 for the newest. Empty when the scope has no run log yet.
TaskRunPage loadTaskRunPage(Scope channel, const QString& task, TaskRunOutcome outcome, qint64 beforeId = 0,
                            int limit = 200);

// The colour a run's result is shown in: green succeeded, blue queued or running, red
// anything else (failed, timed out, refused, interrupted).
QColor taskRunStateColour(TaskRunState state);

// The runs of one task: when, for which certificate and event, the attempt, the
// outcome (exit status, signal or refusal), how long it took and the last line of its
// output. Rows are keyed by run id.
class TaskRunModel : public KeyedTableModel<TaskRun>
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        CertificateColumn,
        EventColumn,
        AttemptColumn,
        ResultColumn,
        DurationColumn,
        OutputColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { RunIdRole = Qt::UserRole + 1, SortRole };

    explicit TaskRunModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the runs shown; `task` names whose runs they are (a different task
    // resets the model: its runs have nothing to do with the previous ones).
    void setRuns(const QString& task, QList<TaskRun> runs);
    // Adds an older page below the rows shown (runs already shown are not repeated).
    void appendRuns(const QList<TaskRun>& older);
    QString task() const { return m_task; }
    const TaskRun& runAt(int row) const { return m_rows.at(row); }

    // "3 s", "1 min 12 s"; empty while the run has not ended.
    static QString durationText(const TaskRun& run);
    // The last non-empty line of the output, else the refusal or failure reason.
    static QString outputExcerpt(const TaskRun& run);

private:
    QString displayText(const TaskRun& run, int column) const;

    QString m_task;
};

} // namespace certlife
