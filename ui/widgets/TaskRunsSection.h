// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/EventDetailsPane.h"

#include "tasks/TaskRunLog.h"

#include <QCoro/QCoroTask>
#include <functional>

class QLabel;
class QTableWidget;

namespace certlife::ui {

// "Task runs": the notification-task runs tied to the selected event's record (the
// TaskRunLog in the same file as the event's channel log): task, attempt, outcome,
// times, and the tail of the script's output on hover. Read on a worker thread that
// opens its own read-only connection; a newer selection wins over a slower read.
class TaskRunsSection : public EventDetailsSection
{
    Q_OBJECT
public:
    struct Result
    {
        QList<TaskRun> runs;
        QString note; // why nothing could be read (no task has run yet, …)
    };
    // Blocking; called on a worker thread. Default: TaskRunLog over Paths::eventLogFile().
    using Reader = std::function<Result(Scope channel, qint64 eventRecordId)>;

    explicit TaskRunsSection(Reader reader = {}, QWidget* parent = nullptr);

    QString title() const override { return tr("Task runs"); }
    void setEvent(const LifecycleEvent* event) override;
    int runCount() const;
    QString text() const; // the table as plain text, for tests and accessibility

Q_SIGNALS:
    void loaded();

private:
    QCoro::Task<> load(Scope channel, qint64 recordId);
    void show(const Result& result);

    Reader m_reader;
    quint64 m_generation = 0;
    QTableWidget* m_table = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace certlife::ui
