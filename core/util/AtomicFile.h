#pragma once

#include <QByteArrayView>
#include <QString>

namespace certlife {

struct AtomicWriteResult
{
    QString error;                 // empty on success; names the file and the reason
    bool permissionDenied = false; // the system refused for lack of permission (EACCES/EPERM/EROFS)
    bool ok() const { return error.isEmpty(); }
};

// Replaces `path` with `data` so that a crash at any moment leaves either the old or
// the new content, never a mix: the data goes to a temporary file in the same
// directory, is flushed to disk, and is renamed over the target. The new file gets
// `mode`. When `previousGeneration` is given and the target exists, the target is
// first hard-linked there, so the last good content survives as a fallback.
AtomicWriteResult writeFileAtomically(const QString& path, QByteArrayView data, int mode,
                                      const QString& previousGeneration = {});

} // namespace certlife
