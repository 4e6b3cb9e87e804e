// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/Store.h"

#include <QSet>

namespace certlife {

// Lists the files under the roots it is given, the way stores see them: paths as
// reached (symlinks kept in the path), symlinks followed, directory loops broken by
// (device, inode), every oddity (dangling link, loop, FIFO, oversized file, vanished
// directory) recorded as a problem instead of stopping the walk.
class FileWalker
{
public:
    struct Options
    {
        bool recursive = false;
        qint64 maxFileSize = kDefaultMaxFileSize;
        int maxDepth = 64; // hostile trees: nesting beyond this is reported, not followed
        // OpenSSL's hash links (`c_rehash`, `openssl rehash`: NAME `[0-9a-f]{8}.N` or
        // `.rN`, a symlink) are an index of the directory, not another place: one whose
        // target is a file also listed under another name is left out.
        bool skipHashLinks = true;
        // Names of bundles in a root directory that are generated from its other files
        // (StoreConfig::generatedBundles): left out when any other file is listed.
        QList<QByteArray> generatedBundles;
    };
    enum class RootStatus { Ok, Missing, Problem };

    FileWalker(Options options, const std::atomic_bool& cancelled);

    RootStatus addDirectory(const QByteArray& path); // the root must be a directory
    RootStatus addFile(const QByteArray& path);      // the root must be a file
    RootStatus addPath(const QByteArray& path);      // either
    StoreListing take();                             // without the hash links and generated bundles left out

    static QByteArray normalizedRoot(const QString& path);

private:
    struct Entry
    {
        QByteArray name;
        unsigned char type = 0; // d_type
        int statError = 0;
        struct Stat
        {
            unsigned mode = 0;
            FileStamp stamp;
        } st;
    };
    struct Ancestor
    {
        FileIdentity id;
        QByteArray path;
    };
    struct PendingDir
    {
        QByteArray path;
        QList<Ancestor> ancestors; // the directories above it, itself last
    };

    RootStatus addRoot(const QByteArray& path, int expectedType);
    void walk(PendingDir root);
    void readDirectory(const PendingDir& dir, QList<PendingDir>& subdirs);
    void statEntries(int dirFd, QList<Entry>& entries) const;
    void addEntry(const PendingDir& dir, const Entry& entry, int dirFd, QList<PendingDir>& subdirs);
    enum class FileRole : quint8 { Plain, HashLink, GeneratedBundle };
    void addRegularFile(const QByteArray& path, const FileStamp& stamp, FileRole role = FileRole::Plain);
    FileRole roleOf(const PendingDir& dir, const Entry& entry, int dirFd) const;
    void problem(const QByteArray& path, const QString& error);
    QString statFailure(int dirFd, const QByteArray& name, int error) const;

    Options m_options;
    const std::atomic_bool& m_cancelled;
    StoreListing m_listing;
    QSet<FileIdentity> m_visitedDirs;
    QList<FileRole> m_roles; // of m_listing.files, index for index
};

} // namespace certlife
