// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/StoreTypes.h"

#include "util/ProcessLock.h"

#include <QString>

namespace certlife {

// The lock on a scope's lifecycle snapshot, shared between processes: a ProcessLock on
// a file beside the snapshot (`lifecycle.snapshot.lock`, never deleted), which the kernel
// releases when its holder dies, however it dies. Whoever takes it removes the temporary
// files of a snapshot save that was killed (no live writer can own them: every save
// holds this lock).
//
// Who holds it, and for how long:
// - an agent pass, from before its scan until its commit, so a change it did not scan
//   cannot be acknowledged in between and then overwritten by its commit;
// - an admin's action (import, copy, move, delete), from before it changes a file until
//   its acknowledgement is saved, so a pass sees the store either before the change or
//   after the acknowledgement, never the change without it;
// - a plain acknowledge(), markArchived() or commit() for its own load-change-save.
// Released by the destructor.
class SnapshotLock
{
public:
    // snapshotPath: the snapshot file (LifecycleEngine::snapshotFile()).
    SnapshotLock(Scope scope, const QString& snapshotPath);
    ~SnapshotLock();
    SnapshotLock(const SnapshotLock&) = delete;
    SnapshotLock& operator=(const SnapshotLock&) = delete;

    QString snapshotPath() const { return m_snapshotPath; }
    QString lockPath() const { return m_lock.path(); }

    // One attempt, no waiting (for callers with an event loop to keep running).
    bool tryAcquire();
    // Waits up to `milliseconds`, blocking the calling thread. False with *error naming
    // the holder (program, pid, since when) and the lock file.
    bool acquire(int milliseconds, QString* error);
    bool isHeld() const { return m_held; }
    void release();

    // "certlifectl watch, pid 1234, since 12:00:03 UTC" when another holds it; empty
    // otherwise (see ProcessLock::holder()).
    QString holder() const;
    // Why the last attempt failed, naming the holder and the lock file.
    QString failureText() const;

private:
    bool prepare(); // creates the snapshot directory; false when none can exist
    void taken();   // after the lock was acquired

    Scope m_scope;
    QString m_snapshotPath;
    ProcessLock m_lock;
    bool m_held = false;
    bool m_noDirectory = false;
};

} // namespace certlife
