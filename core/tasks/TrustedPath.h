// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Scope.h"

#include <QByteArray>
#include <QString>
#include <optional>
#include <sys/stat.h>
#include <sys/types.h>

namespace certlife {

// Owns one file descriptor; closes it on destruction.
class UniqueFd
{
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    UniqueFd(UniqueFd&& o) noexcept : m_fd(o.release()) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    void reset(int fd = -1);

private:
    int m_fd = -1;
};

// Who may own what a task depends on (task files, scripts, signatures' signers).
//  - the file itself: ownerUid, or root when acceptRootOwner (User scope: root's
//    files are at least as trusted as the user's own);
//  - every directory on the way from "/": root or ownerUid;
//  - neither may be writable by group or others. No exception for sticky
//    directories such as /tmp: a script has no business there.
struct TrustRule
{
    uid_t ownerUid = 0;
    bool acceptRootOwner = false;

    // System: root only. User: the effective user (or root).
    static TrustRule forScope(Scope scope);
};

struct OpenedFile
{
    UniqueFd fd;         // O_RDONLY | O_CLOEXEC, positioned at 0
    struct stat st = {}; // fstat of fd: what was checked is what is open
};

// Opens the absolute, clean `path` one component at a time from "/", with
// O_NOFOLLOW at every step: a symbolic link anywhere on the path is refused, and
// no component can be swapped between its check and the next step, because each
// step continues from the descriptor that was checked. `what` names the file in
// the reason ("script", "task file", …). On refusal returns nullopt with *reason.
std::optional<OpenedFile> openTrustedFile(const QString& path, const TrustRule& rule, const QString& what,
                                          QString* reason);

// The same walk for a directory: checks every directory up to and including `path`.
std::optional<OpenedFile> openTrustedDirectory(const QString& path, const TrustRule& rule, const QString& what,
                                               QString* reason);

enum class SymlinkPolicy { Refuse, Follow };

// The same walk for a path the kernel will resolve again when it executes it (an
// interpreter named by "#!", a program env runs): symbolic links are followed as the
// kernel follows them, link by link, instead of being refused. Every directory the
// resolution passes through is checked — the directory holding each link (so nobody
// but the trusted owners can re-point it between the check and the exec) and every
// directory its target names — and the file reached passes the file rules. `path`
// is bytes, as the "#!" line holds it: absolute, "." and ".." allowed. Links in /proc
// are refused (their text is not what they lead to); at most 40 links (MAXSYMLINKS).
// *resolved receives the path reached, links resolved.
std::optional<OpenedFile> resolveTrustedFile(const QByteArray& path, const TrustRule& rule, const QString& what,
                                             QString* reason, QString* resolved = nullptr);
std::optional<OpenedFile> resolveTrustedDirectory(const QByteArray& path, const TrustRule& rule, const QString& what,
                                                  QString* reason);

// Only the final step of the walk: opens `name` inside the checked directory `dirFd`
// and applies the file rules. `displayPath` is used in the reason.
std::optional<OpenedFile> openTrustedFileAt(int dirFd, const QString& name, const QString& displayPath,
                                            const TrustRule& rule, const QString& what, QString* reason);

// Reads the whole of fd from offset 0; fails when it is longer than maxBytes.
bool readWholeFile(int fd, qint64 maxBytes, QByteArray* out, QString* reason);

QString modeText(mode_t mode); // "0644"

} // namespace certlife
