// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>
#include <sys/types.h>

namespace certlife {

// The account an event recorded by this process names: the effective user's name
// ("root", "alice"; the uid when it has no name), and under sudo also the user who ran
// sudo: "root (via sudo from alice)". An admin reading the history wants to know who
// imported or deleted a certificate, and with sudo that is not "root".
//
// The environment is hostile (anyone can set SUDO_USER), so it is believed only when:
// the process runs as root (a user cannot pin their change on someone else; root could
// write anything into the log anyway); the name is spelled as a user name (letters,
// digits, '.', '_', '-', an optional final '$', at most 32 characters: no control
// characters or text of the attacker's choice reach the log); it is an existing account
// (getpwnam); SUDO_UID, when set, is that account's uid; and it is not root itself.
QString eventAccount(uid_t effectiveUid, const QByteArray& sudoUser, const QByteArray& sudoUid);

// eventAccount() for this process: geteuid() and its SUDO_USER / SUDO_UID.
QString currentEventAccount();

} // namespace certlife
