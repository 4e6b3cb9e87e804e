// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/TaskListModel.h"

#include "models/CertificateText.h"
#include "models/TaskRunModel.h"
#include "tasks/TaskRegistry.h"
#include "util/Paths.h"

#include <QColor>
#include <QFileInfo>

namespace certlife {

namespace {

constexpr qsizetype kTooltipOutputBytes = 2048;

bool sameRun(const std::optional<TaskRun>& a, const std::optional<TaskRun>& b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a
        || (a->id == b->id && a->state == b->state && a->endedAt == b->endedAt && a->exitCode == b->exitCode
            && a->exitSignal == b->exitSignal && a->reason == b->reason);
}

bool sameEntry(const TaskListEntry& a, const TaskListEntry& b)
{
    return a.task == b.task && a.file == b.file && sameRun(a.lastRun, b.lastRun);
}

QDateTime runTime(const TaskRun& run)
{
    if (run.endedAt.isValid())
        return run.endedAt;
    return run.startedAt.isValid() ? run.startedAt : run.queuedAt;
}

} // namespace

QString TaskListEntry::key() const
{
    return scopeName(task.channel).toLower() + QLatin1Char('/') + task.name;
}

TaskListing loadTaskListing(const QList<Scope>& scopes)
{
    TaskListing listing;
    for (const Scope scope : scopes) {
        TaskRegistry registry(scope);
        registry.load();
        for (const auto& problem : registry.problems())
            listing.problems << problem.error;
        if (registry.tasks().isEmpty())
            continue;
        TaskRunLog runs(Paths::eventLogFile(scope));
        QString ignored; // a scope whose tasks never ran has no run log yet
        const bool haveRuns = QFileInfo::exists(runs.databasePath()) && runs.openReadOnly(&ignored);
        for (const NotificationTask& task : registry.tasks()) {
            TaskListEntry entry;
            entry.task = task;
            entry.file = registry.filePath(task.name);
            if (haveRuns) {
                const QList<TaskRun> last = runs.runsForTask(task.name, 1);
                if (!last.isEmpty())
                    entry.lastRun = last.first();
            }
            listing.tasks << entry;
        }
    }
    return listing;
}

TaskListModel::TaskListModel(QObject* parent) : KeyedTableModel(parent) {}

int TaskListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return KeyedTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NameColumn: return tr("Task");
    case TypeColumn: return tr("Type");
    case ChannelColumn: return tr("Channel");
    case CommandColumn: return tr("Command");
    case EnabledColumn: return tr("Enabled");
    case LastRunColumn: return tr("Last run (UTC)");
    case LastResultColumn: return tr("Last result");
    case ColumnCount: break;
    }
    return {};
}

QString TaskListModel::displayText(const TaskListEntry& entry, int column) const
{
    const NotificationTask& t = entry.task;
    switch (Column(column)) {
    case NameColumn: return t.name;
    case TypeColumn:
        switch (t.type) {
        case TaskType::Replace: return tr("Replace (1001)");
        case TaskType::Expire: return tr("Expire (1002, 1003)");
        case TaskType::Stale: return tr("Stale (1101)");
        }
        return {};
    case ChannelColumn: return scopeName(t.channel);
    case CommandColumn: {
        QStringList parts{t.command};
        parts += t.arguments;
        return parts.join(QLatin1Char(' '));
    }
    case EnabledColumn: return t.enabled ? tr("Yes") : tr("No");
    case LastRunColumn: return entry.lastRun ? formatUtcCompact(runTime(*entry.lastRun)) : tr("never");
    case LastResultColumn: return entry.lastRun ? entry.lastRun->outcomeText() : QString();
    case ColumnCount: break;
    }
    return {};
}

QVariant TaskListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const TaskListEntry& entry = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return displayText(entry, index.column());
    case Qt::ToolTipRole:
        if (index.column() == LastResultColumn && entry.lastRun) {
            const QString output = QString::fromUtf8(entry.lastRun->output.right(kTooltipOutputBytes)).trimmed();
            return output.isEmpty() ? entry.lastRun->outcomeText()
                                    : entry.lastRun->outcomeText() + QStringLiteral("\n\n") + output;
        }
        if (index.column() == CommandColumn)
            return tr("%1\nPinned SHA-256: %2\nFile: %3")
                .arg(displayText(entry, CommandColumn), entry.task.pinnedSha256, entry.file);
        return {};
    case Qt::ForegroundRole:
        if (!entry.task.enabled)
            return QColor(0x90, 0xa4, 0xae);
        if (index.column() == LastResultColumn && entry.lastRun)
            return taskRunStateColour(entry.lastRun->state);
        return {};
    case TaskKeyRole: return entry.key();
    case EnabledRole: return entry.task.enabled;
    case SortRole:
        if (index.column() == LastRunColumn)
            return entry.lastRun ? runTime(*entry.lastRun).toSecsSinceEpoch() : qint64(0);
        return displayText(entry, index.column()).toLower();
    default: return {};
    }
}

void TaskListModel::setEntries(QList<TaskListEntry> entries)
{
    updateRows(
        std::move(entries), [](const TaskListEntry& e) { return e.key(); }, &sameEntry, kAlwaysIncremental);
}

int TaskListModel::findTask(Scope channel, const QString& name) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).task.channel == channel && m_rows.at(row).task.name == name)
            return row;
    }
    return -1;
}

} // namespace certlife
