// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArrayView>
#include <QString>
#include <optional>
#include <sys/types.h>

namespace certlife {

struct AtomicWriteResult
{
    QString error;                 // empty on success; names the file and the reason
    bool permissionDenied = false; // the system refused for lack of permission (EACCES/EPERM/EROFS)
    bool ok() const { return error.isEmpty(); }
};

struct FileOwner
{
    uid_t uid = 0;
    gid_t gid = 0;
};

// Writes all of data to fd, across short writes and EINTR; false with errno set otherwise
// (a write that makes no progress fails with EIO rather than loop).
bool writeAll(int fd, const char* data, qsizetype size);

// Owner of a directory: a store's files take it, so a root-run import into a user's
// store does not leave root-owned files there.
std::optional<FileOwner> directoryOwner(const QString& dir);

enum class ExistingFile { Replace, Fail };

// Replaces `path` with `data` so that a crash at any moment leaves either the old or
// the new content, never a mix: the data goes to a temporary file in the same
// directory, is flushed to disk, and is renamed over the target. The new file gets
// `mode`. When `previousGeneration` is given and the target exists, the target is
// first hard-linked there, so the last good content survives as a fallback.
// The temporary file is created 0600 and only then given `mode` (and `owner`, when
// running as root), so key material is never readable by others, not even briefly.
// With ExistingFile::Fail an existing target is an error and is left alone (the new
// file is linked into place, which fails rather than overwrite a file that appeared).
AtomicWriteResult writeFileAtomically(const QString& path, QByteArrayView data, int mode,
                                      const QString& previousGeneration = {},
                                      std::optional<FileOwner> owner = std::nullopt,
                                      ExistingFile existing = ExistingFile::Replace);

// Removes the temporary files writeFileAtomically(path, …) leaves when its process is
// killed before the rename (`path`.tmp-XXXXXX, and the previous generation's .tmp).
// Only for a caller holding a lock that every writer of `path` holds, so none of them
// can belong to a live writer. Returns how many were removed.
int removeAbandonedTemporaries(const QString& path, const QString& previousGeneration = {});

} // namespace certlife
