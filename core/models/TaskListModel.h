// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/KeyedTableModel.h"
#include "tasks/NotificationTask.h"
#include "tasks/TaskRunLog.h"

#include <QStringList>
#include <optional>

namespace certlife {

// One registered notification task as the console lists it.
struct TaskListEntry
{
    NotificationTask task;
    QString file;                   // its task file
    std::optional<TaskRun> lastRun; // the newest attempt, if it ever ran

    QString key() const; // unique across channels: "system/nginx-rebind"
};

struct TaskListing
{
    QList<TaskListEntry> tasks;
    QStringList problems; // task files or directories refused on load, one readable line each
};

// Reads the task registries of `scopes` and each task's newest run from the scope's
// run log, as `certlifectl task list` does. Blocking: call it on a worker thread.
TaskListing loadTaskListing(const QList<Scope>& scopes = {Scope::System, Scope::User});

// The notification tasks of both channels: name, type, channel, command, enabled, and
// the time and result of the last run. Rows keep their identity (channel and name)
// across refreshes, so a view keeps its selection.
class TaskListModel : public KeyedTableModel<TaskListEntry>
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        TypeColumn,
        ChannelColumn,
        CommandColumn,
        EnabledColumn,
        LastRunColumn,
        LastResultColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { TaskKeyRole = Qt::UserRole + 1, EnabledRole, SortRole };

    explicit TaskListModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(QList<TaskListEntry> entries);
    const TaskListEntry& entryAt(int row) const { return m_rows.at(row); }
    int findTask(Scope channel, const QString& name) const; // -1 when absent

private:
    QString displayText(const TaskListEntry& entry, int column) const;
};

} // namespace certlife
