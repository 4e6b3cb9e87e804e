// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/SnapshotFile.h"

#include "util/Paths.h"

#include <QFile>
#include <QFileInfo>

namespace certlife {

namespace {

std::optional<ScopeSnapshot> readSnapshot(const QString& path, Scope scope, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return std::nullopt;
    }
    const QByteArray data = file.readAll();
    std::optional<ScopeSnapshot> snap = parseSnapshot(data, error);
    if (snap && snap->scope != scope) {
        *error = QStringLiteral("it belongs to the %1 scope").arg(scopeName(snap->scope));
        return std::nullopt;
    }
    return snap;
}

} // namespace

SnapshotFile::SnapshotFile(Scope scope, const QString& path)
    : m_scope(scope), m_path(path.isEmpty() ? Paths::snapshotDir(scope) + QStringLiteral("/lifecycle.snapshot") : path)
{}

SnapshotLoad SnapshotFile::load() const
{
    SnapshotLoad result;
    if (!QFileInfo::exists(m_path))
        return result; // first run, or deliberately reset: every store starts a baseline
    QString error;
    result.snapshot = readSnapshot(m_path, m_scope, &error);
    if (result.snapshot)
        return result;

    // Damaged: keep it for inspection, start a new baseline (no flood of New or Deleted
    // events), and keep archived flags and notification times from the generation before.
    const QString corrupt = m_path + QStringLiteral(".corrupt");
    QFile::remove(corrupt);
    const bool movedAside = QFile::rename(m_path, corrupt);
    QString bakError;
    const QString bak = m_path + QStringLiteral(".bak");
    result.stateOnly = QFileInfo::exists(bak) ? readSnapshot(bak, m_scope, &bakError) : std::nullopt;
    result.problem =
        QStringLiteral("snapshot %1 is damaged (%2)%3; every store starts a new baseline, so changes "
                       "since the last good pass are not reported. %4")
            .arg(m_path, error, movedAside ? QStringLiteral(" and was moved to %1").arg(corrupt) : QString(),
                 result.stateOnly
                     ? QStringLiteral("Archived flags and expiry notification times come from %1.").arg(bak)
                     : QStringLiteral("Archived flags and expiry notification times were lost: expiry "
                                      "warnings due now are logged again."));
    return result;
}

AtomicWriteResult SnapshotFile::save(const ScopeSnapshot& snapshot) const
{
    // The system snapshot holds no secrets and the console (run by users) reads it.
    const bool system = m_scope == Scope::System;
    const QString dir = QFileInfo(m_path).path();
    const QString dirError = Paths::ensureDir(dir, system ? 0755 : 0700);
    if (!dirError.isEmpty())
        return {dirError, false};
    return writeFileAtomically(m_path, serializeSnapshot(snapshot), system ? 0644 : 0600,
                               m_path + QStringLiteral(".bak"));
}

} // namespace certlife
