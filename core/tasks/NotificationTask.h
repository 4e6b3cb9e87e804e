// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "util/Scope.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace certlife {

// Which lifecycle events start a task. Expire covers Expired (1002) and
// CloseToExpiration (1003), as New-CertificateNotificationTask -Type Expire does. Stale
// (Certlife's own) covers StaleBinding (1101): an endpoint still serves an older
// certificate than a file store holds for its name; the admin's script rebinds it.
enum class TaskType : quint8 { Replace, Expire, Stale };

QString taskTypeName(TaskType type);                    // "Replace", "Expire", "Stale"
bool parseTaskType(const QString& text, TaskType* out); // any case
bool taskTypeHandles(TaskType type, EventId id);
QString taskTypeEvents(TaskType type); // "event 1001", "events 1002 and 1003", "event 1101"

inline constexpr int kDefaultTaskTimeoutSeconds = 3600; // the Windows task's limit
inline constexpr int kDefaultTaskRetries = 3;           // as the Windows task
inline constexpr int kDefaultTaskRetryIntervalSeconds = 600;
inline constexpr int kMaxTaskTimeoutSeconds = 7 * 24 * 3600;
inline constexpr int kMaxTaskRetries = 100;
// A digest run carries at most this many events (a bigger pass gives several runs):
// their record ids must fit one argument ({EventRecordIds}, MAX_ARG_STRLEN).
inline constexpr int kMaxDigestEvents = 5000;

// One notification task: the counterpart of a task made by New-CertificateNotificationTask.
// Stored as tasksDir(channel)/NAME.task (TaskFile.h); run by TaskRunner.
struct NotificationTask
{
    QString name; // [A-Za-z0-9._-], not starting with '.', at most 64 characters
    TaskType type = TaskType::Replace;
    Scope channel = Scope::System;
    QString command;          // absolute, clean path of a script or program: never a shell line
    QStringList arguments;    // templates; each becomes exactly one argv element
    QString filterThumbprint; // upper-case hex SHA-1, empty = any
    QString filterStore;      // store id, empty = any
    QString filterSubject;    // case-insensitive substring of the subject DN, empty = any
    int timeoutSeconds = kDefaultTaskTimeoutSeconds;
    int retries = kDefaultTaskRetries; // further attempts after a failed one
    int retryIntervalSeconds = kDefaultTaskRetryIntervalSeconds;
    bool enabled = true;
    bool runForExisting = false; // Replace only: fire for the renewal chains already recorded
    // One run per agent pass with all the pass's matching events (CERTLIFE_EVENTS_FILE,
    // {EventRecordIds}) instead of one run per event: the sane choice for 1,000 warnings.
    bool digest = false;
    QString pinnedSha256; // upper-case hex SHA-256 of the script, taken at registration

    int maxAttempts() const { return 1 + retries; }

    // Does this task react to the event? Type, channel and filters; not `enabled`.
    bool matches(const LifecycleEvent& event) const;

    QJsonObject toJson() const;
    friend bool operator==(const NotificationTask&, const NotificationTask&) = default;
};

// A task name that is safe as a file name: [A-Za-z0-9._-]{1,64}, not starting with '.'.
bool isValidTaskName(const QString& name);

// Upper-case hex without separators; empty when `text` is not a SHA-1 thumbprint
// (40 hex digits; colons and spaces, as copied from other tools, are allowed).
QString normalizeThumbprint(const QString& text);

// Every problem with the definition, one readable line each (empty = valid).
QStringList validateTask(const NotificationTask& task);

} // namespace certlife
