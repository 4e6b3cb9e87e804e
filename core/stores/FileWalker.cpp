// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/FileWalker.h"

#include "stores/FileNames.h"
#include "stores/Parallel.h"
#include "stores/PosixFile.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

constexpr int kParallelStatThreshold = 4096; // below this, threads cost more than they save

QByteArray joinPath(const QByteArray& dir, const QByteArray& name)
{
    return dir.endsWith('/') ? dir + name : dir + '/' + name;
}

// certbot puts a README beside the certificates in live/ and live/NAME/; those (and
// README.md, README.txt, …) are notes for humans, not unreadable certificates.
bool isReadme(const QByteArray& name)
{
    return name.compare("README", Qt::CaseInsensitive) == 0
        || (name.size() > 7 && name.first(7).compare("README.", Qt::CaseInsensitive) == 0);
}

// OpenSSL's hash names: 8 hex digits of the subject (or CRL issuer) hash, '.', an
// optional 'r' (CRLs), a sequence number.
bool isHashName(const QByteArray& name)
{
    if (name.size() < 10 || name[8] != '.')
        return false;
    for (int i = 0; i < 8; ++i)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return false;
    qsizetype i = 9;
    if (name[i] == 'r')
        ++i;
    if (i == name.size())
        return false;
    for (; i < name.size(); ++i)
        if (name[i] < '0' || name[i] > '9')
            return false;
    return true;
}

QString displayed(const QByteArray& path)
{
    return escapedFileName(decodeFileName(path));
}

} // namespace

FileWalker::FileWalker(Options options, const std::atomic_bool& cancelled) : m_options(options), m_cancelled(cancelled)
{}

QByteArray FileWalker::normalizedRoot(const QString& path)
{
    QByteArray p = encodeFileName(path);
    while (p.size() > 1 && p.endsWith('/'))
        p.chop(1);
    return p;
}

FileWalker::RootStatus FileWalker::addDirectory(const QByteArray& path)
{
    return addRoot(path, S_IFDIR);
}
FileWalker::RootStatus FileWalker::addFile(const QByteArray& path)
{
    return addRoot(path, S_IFREG);
}
FileWalker::RootStatus FileWalker::addPath(const QByteArray& path)
{
    return addRoot(path, 0);
}

FileWalker::RootStatus FileWalker::addRoot(const QByteArray& path, int expectedType)
{
    struct stat st;
    if (::stat(path.constData(), &st) != 0) {
        const int e = errno;
        problem(path, statFailure(AT_FDCWD, path, e));
        struct stat lst;
        const bool danglingLink = e == ENOENT && ::lstat(path.constData(), &lst) == 0;
        return e == ENOENT || danglingLink ? RootStatus::Missing : RootStatus::Problem;
    }
    if (S_ISDIR(st.st_mode)) {
        if (expectedType == S_IFREG) {
            problem(path, QStringLiteral("is a directory, but this store expects one file"));
            return RootStatus::Problem;
        }
        const FileIdentity id{quint64(st.st_dev), quint64(st.st_ino)};
        m_visitedDirs.insert(id);
        walk(PendingDir{path, {Ancestor{id, path}}});
        return RootStatus::Ok;
    }
    if (expectedType == S_IFDIR) {
        problem(path,
                S_ISREG(st.st_mode) ? QStringLiteral("is a file, but this store expects a directory")
                                    : QStringLiteral("is not a directory (%1)").arg(fileTypeName(st.st_mode)));
        return RootStatus::Problem;
    }
    if (!S_ISREG(st.st_mode)) {
        problem(path, QStringLiteral("not a regular file (%1)").arg(fileTypeName(st.st_mode)));
        return RootStatus::Problem;
    }
    addRegularFile(path, FileStamp::fromStat(st));
    return RootStatus::Ok;
}

void FileWalker::walk(PendingDir root)
{
    QList<PendingDir> stack{std::move(root)};
    while (!stack.isEmpty() && !m_cancelled.load(std::memory_order_relaxed)) {
        const PendingDir dir = stack.takeLast();
        QList<PendingDir> subdirs;
        readDirectory(dir, subdirs);
        // Depth first, in name order: the walk (and which alias of a directory reached
        // twice is kept) is the same on every run.
        for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it)
            stack.append(std::move(*it));
    }
}

void FileWalker::readDirectory(const PendingDir& dir, QList<PendingDir>& subdirs)
{
    const int fd = ::open(dir.path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            problem(dir.path, QStringLiteral("directory vanished during the scan (%1)").arg(errnoMessage(e)));
        else
            problem(dir.path, QStringLiteral("cannot open directory: %1").arg(errnoMessage(e)));
        return;
    }
    DIR* d = ::fdopendir(fd);
    if (!d) {
        problem(dir.path, QStringLiteral("cannot read directory: %1").arg(errnoMessage(errno)));
        ::close(fd);
        return;
    }
    QList<Entry> entries;
    errno = 0;
    while (const dirent* ent = ::readdir(d)) {
        const QByteArray name(ent->d_name);
        if (name == "." || name == ".." || isReadme(name))
            continue;
        if (ent->d_type == DT_DIR && !m_options.recursive)
            continue;
        Entry e;
        e.name = name;
        e.type = ent->d_type;
        entries.append(std::move(e));
        errno = 0;
    }
    if (errno != 0)
        problem(dir.path, QStringLiteral("cannot read the whole directory: %1").arg(errnoMessage(errno)));
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });

    const int dirFd = ::dirfd(d);
    statEntries(dirFd, entries);
    for (const Entry& entry : std::as_const(entries)) {
        if (m_cancelled.load(std::memory_order_relaxed))
            break;
        addEntry(dir, entry, dirFd, subdirs);
    }
    ::closedir(d);
}

void FileWalker::statEntries(int dirFd, QList<Entry>& entries) const
{
    const auto statOne = [dirFd](Entry& e) {
        struct stat st;
        if (::fstatat(dirFd, e.name.constData(), &st, 0) != 0) {
            e.statError = errno;
            return;
        }
        e.st.mode = st.st_mode;
        e.st.stamp = FileStamp::fromStat(st);
    };
    if (entries.size() < kParallelStatThreshold) {
        for (Entry& e : entries)
            statOne(e);
        return;
    }
    // Big flat directories (100,000 files): stat() is most of the listing time, and
    // fstatat on one directory fd is safe from several threads.
    parallelFor(entries.size(), 256, [&](qsizetype i) { statOne(entries[i]); });
}

void FileWalker::addEntry(const PendingDir& dir, const Entry& entry, int dirFd, QList<PendingDir>& subdirs)
{
    const QByteArray path = joinPath(dir.path, entry.name);
    if (entry.statError != 0) {
        problem(path, statFailure(dirFd, entry.name, entry.statError));
        return;
    }
    const unsigned mode = entry.st.mode;
    if (S_ISREG(mode)) {
        addRegularFile(path, entry.st.stamp, roleOf(dir, entry, dirFd));
        return;
    }
    if (S_ISDIR(mode)) {
        if (!m_options.recursive)
            return;
        const FileIdentity id{entry.st.stamp.device, entry.st.stamp.inode};
        for (const Ancestor& a : dir.ancestors) {
            if (a.id == id) {
                problem(path,
                        QStringLiteral("symlink loop: leads back to %1, which is already being scanned")
                            .arg(displayed(a.path)));
                return;
            }
        }
        if (m_visitedDirs.contains(id))
            return; // the same directory reached by another path: listed once, under its first path
        if (dir.ancestors.size() >= m_options.maxDepth) {
            problem(path,
                    QStringLiteral("directory nested deeper than %1 levels: not scanned").arg(m_options.maxDepth));
            return;
        }
        m_visitedDirs.insert(id);
        PendingDir child{path, dir.ancestors};
        child.ancestors.append(Ancestor{id, path});
        subdirs.append(std::move(child));
        return;
    }
    problem(path, QStringLiteral("not a regular file (%1)").arg(fileTypeName(mode)));
}

FileWalker::FileRole FileWalker::roleOf(const PendingDir& dir, const Entry& entry, int dirFd) const
{
    if (dir.ancestors.size() == 1 && m_options.generatedBundles.contains(entry.name))
        return FileRole::GeneratedBundle;
    if (!m_options.skipHashLinks || !isHashName(entry.name))
        return FileRole::Plain;
    bool link = entry.type == DT_LNK;
    if (entry.type == DT_UNKNOWN) { // file systems that do not fill d_type
        struct stat lst;
        link = ::fstatat(dirFd, entry.name.constData(), &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode);
    }
    return link ? FileRole::HashLink : FileRole::Plain; // a hash-named copy is a place of its own
}

void FileWalker::addRegularFile(const QByteArray& path, const FileStamp& stamp, FileRole role)
{
    if (stamp.size > m_options.maxFileSize) {
        problem(path,
                QStringLiteral("file is %1, over the store's size limit of %2 (maxFileSize in stores.conf)")
                    .arg(formatByteSize(stamp.size), formatByteSize(m_options.maxFileSize)));
        return;
    }
    m_listing.files.append(ListedFile{path, stamp});
    m_roles.append(role);
}

StoreListing FileWalker::take()
{
    // Each CA of /etc/ssl/certs would otherwise be listed three times: NAME.pem, its hash
    // link, and its copy in the ca-certificates.crt bundle.
    QSet<FileIdentity> plainFiles;
    bool anyPlain = false;
    for (qsizetype i = 0; i < m_listing.files.size(); ++i)
        if (m_roles[i] == FileRole::Plain) {
            plainFiles.insert(FileIdentity{m_listing.files[i].stamp.device, m_listing.files[i].stamp.inode});
            anyPlain = true;
        }
    QList<ListedFile> kept;
    kept.reserve(m_listing.files.size());
    for (qsizetype i = 0; i < m_listing.files.size(); ++i) {
        ListedFile& f = m_listing.files[i];
        const bool redundant =
            (m_roles[i] == FileRole::HashLink && plainFiles.contains(FileIdentity{f.stamp.device, f.stamp.inode}))
            || (m_roles[i] == FileRole::GeneratedBundle && anyPlain);
        if (!redundant)
            kept.append(std::move(f));
    }
    m_listing.files = std::move(kept);
    m_roles.clear();
    return std::move(m_listing);
}

QString FileWalker::statFailure(int dirFd, const QByteArray& name, int error) const
{
    if (error == ELOOP)
        return QStringLiteral("symlink loop: too many levels of symbolic links");
    if (error == ENOENT) {
        struct stat lst;
        if (::fstatat(dirFd, name.constData(), &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode)) {
            char target[4096];
            const ssize_t n = ::readlinkat(dirFd, name.constData(), target, sizeof target - 1);
            const QByteArray t = n > 0 ? QByteArray(target, n) : QByteArray();
            return QStringLiteral("dangling symlink: its target \"%1\" does not exist").arg(displayed(t));
        }
        return dirFd == AT_FDCWD ? QStringLiteral("does not exist")
                                 : QStringLiteral("vanished during the scan (%1)").arg(errnoMessage(error));
    }
    return QStringLiteral("cannot read file status: %1").arg(errnoMessage(error));
}

void FileWalker::problem(const QByteArray& path, const QString& error)
{
    m_listing.problems.append(ScanProblem{decodeFileName(path), error});
}

} // namespace certlife
