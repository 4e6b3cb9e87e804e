// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/Snapshot.h"
#include "util/AtomicFile.h"

#include <optional>

namespace certlife {

struct SnapshotLoad
{
    // The previous snapshot; empty on the first run or when it was damaged.
    std::optional<ScopeSnapshot> snapshot;
    // When the snapshot was damaged: the generation before it, used only for the
    // per-certificate state (archived flags, expiry notification times), never for a diff.
    std::optional<ScopeSnapshot> stateOnly;
    QString problem; // what was wrong and what happens instead; empty when all is well
};

// The file holding the last snapshot of every store of a scope:
// Paths::snapshotDir(scope)/lifecycle.snapshot, its previous generation beside it as
// lifecycle.snapshot.bak, and a damaged one moved aside as lifecycle.snapshot.corrupt.
class SnapshotFile
{
public:
    explicit SnapshotFile(Scope scope, const QString& path = {}); // default: under Paths::snapshotDir(scope)
    QString path() const { return m_path; }

    SnapshotLoad load() const;
    // Atomic: a crash leaves the old or the new snapshot, never a broken one.
    AtomicWriteResult save(const ScopeSnapshot& snapshot) const;

private:
    Scope m_scope;
    QString m_path;
};

} // namespace certlife
