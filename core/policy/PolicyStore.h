// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/Policy.h"
#include "policy/PolicyFile.h"
#include "util/Scope.h"

#include <QMap>
#include <QStringList>

namespace certlife {

// The policy in force for one channel, each key with where its value came from.
struct EffectivePolicy
{
    Policy policy;
    QMap<PolicyKey, PolicySource> sources; // every key; Default when no file sets it
    QStringList problems;                  // of the files that were read

    PolicySource source(PolicyKey key) const { return sources.value(key, PolicySource::Default); }
};

struct PolicyWriteResult
{
    enum class Status { Ok, Invalid, PermissionDenied, Failed };
    Status status = Status::Ok;
    QString path;    // the file written, or that could not be
    QString message; // Ok: what now stands in the file; otherwise why nothing was written
    bool ok() const { return status == Status::Ok; }
};

// Merges the layers: defaults, then the machine file's [Policy], then the user file
// (when given), and the machine file's [Enforced] keys above everything. An invalid
// value counts as not set, except an invalid enforced one: that key stays enforced at
// its default, so a broken machine file never hands control to the user.
EffectivePolicy mergePolicy(const PolicyLayer& machine, const PolicyLayer* user);

// The machine policy (Paths::policyFile(System), /etc/certlife/policy.conf) and the
// user policy (Paths::policyFile(User)). Reading never fails: bad files and keys are
// reported in problems() and defaults stand in for them.
class PolicyStore
{
public:
    PolicyStore(); // the files Paths names, read at once
    PolicyStore(const QString& machineFile, const QString& userFile);

    void reload();
    const PolicyLayer& layer(Scope scope) const { return scope == Scope::System ? m_machine : m_user; }
    // System channel (the system agent): defaults and the machine file. User channel:
    // defaults, machine, user, and the machine's enforced keys above all.
    EffectivePolicy effective(Scope channel) const;
    QStringList problems() const { return m_machine.problems + m_user.problems; }

    // Validates and writes one key into a scope's file (comments and other lines are
    // kept) and reloads. `enforce` is for the machine scope only; setting a key without
    // it in the machine scope makes the key overridable again.
    PolicyWriteResult set(Scope scope, PolicyKey key, const QString& value, bool enforce = false);
    PolicyWriteResult unset(Scope scope, PolicyKey key);

private:
    PolicyWriteResult write(Scope scope, PolicyKey key, const std::optional<QString>& value, bool enforce);

    QString m_machineFile;
    QString m_userFile;
    PolicyLayer m_machine;
    PolicyLayer m_user;
};

} // namespace certlife
