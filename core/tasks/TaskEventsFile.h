// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "tasks/TrustedPath.h"

#include <QList>
#include <QString>
#include <functional>
#include <memory>

namespace certlife {

// The events of a digest run, as JSON, for its script (CERTLIFE_EVENTS_FILE): created
// 0600 (O_EXCL, O_NOFOLLOW) in a directory that only the runner's user can write and
// read (0700, its own), removed when the object goes (after the run). Hostile
// certificate fields are JSON strings like any other: escaped by the JSON writer.
class TaskEventsFile
{
public:
    ~TaskEventsFile(); // removes the file
    TaskEventsFile(const TaskEventsFile&) = delete;
    TaskEventsFile& operator=(const TaskEventsFile&) = delete;

    // {"task", "channel", "runId", "attempt", "events": [event JSON, ...]}; nullptr with
    // *error when the directory is not private or the file cannot be written.
    static std::unique_ptr<TaskEventsFile> create(const QString& directory, const QString& task, qint64 runId,
                                                  int attempt, const QList<LifecycleEvent>& events, QString* error);

    QString path() const { return m_directory + QLatin1Char('/') + m_name; }

    // Files a killed runner left behind: removes those whose run `isLive` denies.
    static void removeStale(const QString& directory, const std::function<bool(qint64 runId)>& isLive);

private:
    TaskEventsFile(QString directory, UniqueFd dir, QString name);

    QString m_directory;
    UniqueFd m_dir;
    QString m_name;
};

} // namespace certlife
