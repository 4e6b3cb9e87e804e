// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What `certlifectl task` and the console's Tasks page share: finding a task, the
// script checks of a scope, registering, editing, enabling and repinning. Each call
// opens the scope's TaskRegistry itself, so a change made by one is seen by the other
// (the task files are the only state). Blocking (file I/O): the console calls these on
// a worker thread.

#include "tasks/NotificationTask.h"
#include "tasks/ScriptGuard.h"
#include "tasks/TaskRunLog.h"
#include "tasks/TaskSeams.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <optional>

namespace certlife {

// The task policy of a scope: RequireSignedScripts and TrustedSigners of its
// effective policy.
TaskPolicy taskPolicyFor(Scope scope);

// The checks a run of a task of `scope` must pass (owner rule and signature policy).
ScriptGuard scriptGuardFor(Scope scope);

struct FoundTask
{
    NotificationTask task;
    Scope scope = Scope::System;
};

// Finds a task by name in the given channel, or in both when none is given. When the
// file exists but was refused on load, the refusal is the error.
std::optional<FoundTask> findTask(const QString& name, std::optional<Scope> channel, QString* error);

// "succeeded (exit 0)", "refused: …", with the retry that is due, if any.
QString runOutcomeLine(const TaskRun& run);

// The result of a change to a task. `Invalid`: the definition itself is wrong (a
// usage error: every problem, one per line); `ScriptRefused`: the script would not
// run (the reason from ScriptGuard); `Failed`: the registry could not store it.
struct TaskChange
{
    enum class Status { Done, Invalid, ScriptRefused, Failed };
    Status status = Status::Done;
    QString error;
    NotificationTask task; // as stored (with its pin) when Done

    bool ok() const { return status == Status::Done; }
};

// Which SHA-256 a new script is pinned to. `Reviewed`: task.pinnedSha256, the hash the
// console showed the admin; the change is refused when the script no longer has it
// (what is pinned is what was checked, as repinTask). `CheckedNow`: the script's hash
// as it is checked (certlifectl task new, which checks and pins in one step).
enum class ScriptPin { Reviewed, CheckedNow };

// Registers a new task: every check, then the script's SHA-256 is pinned as `pin`
// says. A script that could not run is never registered; a name in use is an error.
TaskChange registerTask(NotificationTask task, ScriptPin pin);

// Replaces the definition of an existing task of task.channel. When the command is
// the one already registered, the pin stays (a changed script is accepted only by
// repinTask, after review); a new command is checked and pinned as registerTask does.
TaskChange updateTask(NotificationTask task, ScriptPin pin);

bool setTaskEnabled(Scope scope, const QString& name, bool enabled, QString* error);

// What a repin would change: the script's SHA-256 now (after every check) and the
// pin. `error` is set when the script would be refused. Only the pin's hash is kept,
// never the pinned content, so no diff can be made: the reviewer is shown the content
// as it is now (the bytes that were hashed, read from the checked descriptor) and the
// file's owner, mode and modification time.
struct RepinPreview
{
    static constexpr qint64 kMaxShownContent = 1024 * 1024;

    QString script;
    QString pinnedSha256;
    QString currentSha256;
    QString error;
    QByteArray content; // the first kMaxShownContent bytes of the script now
    qint64 size = 0;    // its whole size
    QString owner;      // user name, else the uid
    uint mode = 0;      // permission bits, e.g. 0755
    QDateTime modified; // UTC

    bool changed() const { return error.isEmpty() && currentSha256 != pinnedSha256; }
};
RepinPreview previewRepin(const FoundTask& found);

// Pins `reviewedSha256`, but only when the script still passes every check and its
// content still has that hash: what is pinned is what the admin reviewed.
bool repinTask(Scope scope, const QString& name, const QString& reviewedSha256, QString* error);

} // namespace certlife
