#pragma once

#include "stores/StoreTypes.h"

#include <QLockFile>
#include <QString>

namespace certlife {

// The lock on a scope's lifecycle snapshot, shared between processes: a lock file
// beside the snapshot (`lifecycle.snapshot.lock`, QLockFile: pid, host, application;
// a lock left by a process that is gone is taken over at once).
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
    QString lockPath() const { return m_lockPath; }

    // One attempt, no waiting (for callers with an event loop to keep running).
    bool tryAcquire();
    // Waits up to `milliseconds`, blocking the calling thread. False with *error naming
    // the holder (application and pid) and the lock file.
    bool acquire(int milliseconds, QString* error);
    bool isHeld() const { return m_held; }
    void release();

    // "certlifectl (pid 1234)" when another process holds it; empty otherwise.
    QString holder() const;
    // Why the last attempt failed, naming the holder and the lock file.
    QString failureText() const;

private:
    bool prepare(); // creates the snapshot directory; false when none can exist

    Scope m_scope;
    QString m_snapshotPath;
    QString m_lockPath;
    QLockFile m_lock;
    bool m_held = false;
    bool m_noDirectory = false;
};

} // namespace certlife
