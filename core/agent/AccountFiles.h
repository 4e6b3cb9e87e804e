// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The local accounts, and their files as root reads them for the fleet's User channels
// (docs/fleet.md, "User channels"): every name below a home is the user's to plant, swap,
// link or race, so each is reached one component at a time without following links, and
// the file must be a regular file of that account.

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>

namespace certlife {

// An account whose User log may be published.
struct FleetAccount
{
    QString name; // as the password database has it: the events carry it
    uint uid = 0;
    QString home; // absolute
};

// Seam: the accounts to look at (tests give fake homes). Called on the agent's thread.
using FleetAccountSource = std::function<QList<FleetAccount>()>;

// The password database's accounts (getpwent: /etc/passwd, and a directory service only
// when it enumerates) with a uid from 1000 to 59999 (Debian's UID_MIN and UID_MAX: the
// accounts of people, not of services) and an absolute home.
QList<FleetAccount> localFleetAccounts();

// The file at HOME/RELATIVE (components separated by '/'), opened for reading: a home
// that is not the account's reads as Missing; every directory below it is opened with
// O_NOFOLLOW and must belong to the account;
// the file must not be a link, must be a regular file (checked before it is opened, and
// opened O_NONBLOCK: a FIFO swapped in meanwhile does not hang the agent) and belong to
// the account (so a hard link to another's file is refused), at most MAX_BYTES.
struct AccountFile
{
    int fd = -1; // owned: closed by the destructor
    qint64 size = 0;
    qint64 mtimeNs = 0;
    QString signature; // device, inode, size and modification time: the same file, unchanged
    AccountFile() = default;
    AccountFile(AccountFile&& other) noexcept;
    AccountFile& operator=(AccountFile&& other) noexcept;
    ~AccountFile();

    // Copies the file (from its start, at most MAX_BYTES) into a new file TO of mode 0600:
    // empty, or why not ("cannot be read: …", "grew past 64 MiB while being copied").
    QString copyTo(const QString& to, qint64 maxBytes) const;
    // Its content (at most MAX_BYTES): empty, or why not.
    QString readAll(qint64 maxBytes, QByteArray* content) const;
    // Whether it still has the size and modification time it had when opened.
    bool unchanged() const;
};
enum class AccountFileStatus { Opened, Missing, Refused };
AccountFileStatus openAccountFile(const FleetAccount& account, const QString& relative, qint64 maxBytes,
                                  AccountFile* file, QString* why);

// A size as the lines say it: "64 MiB", "1.5 MiB".
QString mebibytes(qint64 bytes);

} // namespace certlife
