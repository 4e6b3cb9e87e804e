// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/Policy.h"
#include "util/Scope.h"

#include <QByteArray>
#include <QMap>
#include <optional>

namespace certlife {

// One key as a policy file sets it.
struct PolicySetting
{
    QString text;          // the value as written (lists joined with ", ")
    bool enforced = false; // from the machine policy's [Enforced] section
    bool valid = true;     // false: reported in problems and not used
};

// One policy file (machine or user scope), read and checked. The file is INI
// (QSettings IniFormat): settings in [Policy] (or before any section), and in the
// machine file settings users cannot override in [Enforced]. See docs/policy.md.
struct PolicyLayer
{
    Scope scope = Scope::User;
    QString path;
    bool exists = false;
    bool ignored = false; // the whole file was not used (unsafe permissions, unreadable, too large)
    QMap<PolicyKey, PolicySetting> settings;
    QStringList problems; // "PATH:LINE: what is wrong; what happens instead"

    // Never fails: every problem becomes a line in problems and the rest is still read.
    static PolicyLayer load(const QString& path, Scope scope);
    // The same from bytes already read (the system agent reads a user's policy.conf from a
    // descriptor it opened without following links); PATH only names it in problems.
    static PolicyLayer fromContent(const QByteArray& content, const QString& path, Scope scope);
};

// The content of a policy file after setting KEY (value given) or removing it (no
// value). Comments and every other line are kept. The key is written to [Enforced]
// when `enforced`, else to [Policy]; any other occurrence of the key is removed.
QByteArray editPolicyText(const QByteArray& content, PolicyKey key, const std::optional<QString>& value, bool enforced);

} // namespace certlife
