// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHashFunctions>
#include <QtGlobal>

struct stat;

namespace certlife {

// What identifies one version of a file without reading it: the scan cache trusts a
// cached parse result only while all of these are unchanged. ctime is included because
// nobody can set it: `touch -d` or `cp -p` can give new content an old mtime, but the
// kernel updates ctime on every write.
struct FileStamp
{
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0;

    static FileStamp fromStat(const struct stat& st);
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// (device, inode): one file however many paths reach it.
struct FileIdentity
{
    quint64 device = 0;
    quint64 inode = 0;
    friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

inline size_t qHash(const FileIdentity& id, size_t seed = 0) noexcept
{
    return ::qHash(id.device * 0x9E3779B97F4A7C15ULL ^ id.inode, seed);
}

} // namespace certlife
