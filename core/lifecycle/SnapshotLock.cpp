#include "lifecycle/SnapshotLock.h"

#include "util/Paths.h"

#include <QFileInfo>

namespace certlife {

SnapshotLock::SnapshotLock(Scope scope, const QString& snapshotPath)
    : m_scope(scope),
      m_snapshotPath(snapshotPath),
      m_lockPath(snapshotPath + QStringLiteral(".lock")),
      m_lock(m_lockPath)
{
    m_lock.setStaleLockTime(0); // a lock whose process is gone is stale, however recent
}

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

bool SnapshotLock::tryAcquire()
{
    if (m_held)
        return true;
    m_held = !prepare() || m_lock.tryLock(0);
    return m_held;
}

bool SnapshotLock::acquire(int milliseconds, QString* error)
{
    if (m_held)
        return true;
    m_held = !prepare() || m_lock.tryLock(milliseconds);
    if (!m_held && error)
        *error = failureText();
    return m_held;
}

void SnapshotLock::release()
{
    if (m_held && !m_noDirectory)
        m_lock.unlock();
    m_held = false;
}

QString SnapshotLock::holder() const
{
    qint64 pid = 0;
    QString host, application;
    if (m_held || !m_lock.getLockInfo(&pid, &host, &application))
        return {};
    return QStringLiteral("%1 (pid %2)").arg(application.isEmpty() ? QStringLiteral("a process") : application).arg(pid);
}

QString SnapshotLock::failureText() const
{
    if (m_lock.error() != QLockFile::LockFailedError)
        return QStringLiteral("cannot lock the snapshot: cannot create %1").arg(m_lockPath);
    const QString who = holder();
    return QStringLiteral("the snapshot is locked by %1 (lock %2)")
        .arg(who.isEmpty() ? QStringLiteral("another process") : who, m_lockPath);
}

} // namespace certlife
