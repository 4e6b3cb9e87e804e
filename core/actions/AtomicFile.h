#pragma once

#include <QByteArray>
#include <QString>
#include <optional>
#include <sys/types.h>

namespace certlife {

struct FileOwner
{
    uid_t uid = 0;
    gid_t gid = 0;
};

// Owner of a directory (a store's files take its owner, so a root-run import into a
// user's store does not leave root-owned files there).
std::optional<FileOwner> directoryOwner(const QString& dir);

enum class ExistingFile { Replace, Fail };

// Writes data to path so that readers see the old file or the whole new one, never a
// part: a temporary file in the same directory created with `mode` from the start
// (key material is never readable by others, not even briefly), fsync, then rename.
// With ExistingFile::Fail an existing path is an error and is left alone.
// Returns an empty string on success, else the reason (naming the path).
QString writeFileAtomically(const QString& path, const QByteArray& data, int mode,
                            std::optional<FileOwner> owner = std::nullopt,
                            ExistingFile existing = ExistingFile::Replace);

// A file name for a certificate from hostile input (its CN): [A-Za-z0-9._-] only,
// at most 64 characters, never starting with a dot; "certificate" when nothing is left.
QString safeFileStem(const QString& text);

} // namespace certlife
