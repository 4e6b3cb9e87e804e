// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/SnapshotLock.h"

#include "util/AtomicFile.h"
#include "util/Paths.h"

#include <QFileInfo>

namespace certlife {

SnapshotLock::SnapshotLock(Scope scope, const QString& snapshotPath)
    : m_scope(scope), m_snapshotPath(snapshotPath), m_lock(snapshotPath + QStringLiteral(".lock"))
{}

SnapshotLock::~SnapshotLock()
{
    release();
}

bool SnapshotLock::prepare()
{
    // The directory is created as SnapshotFile::save() creates it. When it cannot be
    // (an unprivileged user and the system scope), nobody can have a snapshot there to
    // change, so there is nothing to lock either.
    const QString dir = QFileInfo(m_snapshotPath).path();
    Paths::ensureDir(dir, m_scope == Scope::System ? 0755 : 0700);
    m_noDirectory = !QFileInfo(dir).isDir();
    return !m_noDirectory;
}

void SnapshotLock::taken()
{
    if (!m_noDirectory)
        removeAbandonedTemporaries(m_snapshotPath, m_snapshotPath + QStringLiteral(".bak"));
}

bool SnapshotLock::tryAcquire()
{
    if (m_held)
        return true;
    m_held = !prepare() || m_lock.tryLock();
    if (m_held)
        taken();
    return m_held;
}

bool SnapshotLock::acquire(int milliseconds, QString* error)
{
    if (m_held)
        return true;
    m_held = !prepare() || m_lock.lock(milliseconds);
    if (m_held)
        taken();
    else if (error)
        *error = failureText();
    return m_held;
}

void SnapshotLock::release()
{
    m_lock.unlock();
    m_held = false;
}

QString SnapshotLock::holder() const
{
    return m_held ? QString() : m_lock.holder();
}

QString SnapshotLock::failureText() const
{
    if (!m_lock.isBusy())
        return QStringLiteral("cannot lock the snapshot: %1").arg(m_lock.errorString());
    const QString who = holder();
    return QStringLiteral("the snapshot is locked by %1 (lock %2)")
        .arg(who.isEmpty() ? QStringLiteral("another process") : who, lockPath());
}

} // namespace certlife
