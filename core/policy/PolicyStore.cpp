// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "policy/PolicyStore.h"

#include "util/AtomicFile.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

void applyLayer(EffectivePolicy& e, const PolicyLayer& layer, bool enforcedPass, PolicySource source)
{
    const Policy defaults;
    for (auto it = layer.settings.cbegin(); it != layer.settings.cend(); ++it) {
        if (it->enforced != enforcedPass)
            continue;
        if (it->valid)
            setPolicyValue(e.policy, it.key(), it->text);
        else if (enforcedPass)
            copyPolicyValue(e.policy, defaults, it.key());
        else
            continue;
        e.sources[it.key()] = source;
    }
}

QString scopeLabel(Scope scope)
{
    return scope == Scope::System ? QStringLiteral("machine policy") : QStringLiteral("user policy");
}

// Creates the policy directory. The machine one must be readable by every user, whose
// effective policy includes it.
PolicyWriteResult ensurePolicyDir(Scope scope, const QString& dir)
{
    if (QFileInfo(dir).isDir())
        return {};
    const QString why = Paths::ensureDir(dir, scope == Scope::System ? 0755 : 0700);
    if (why.isEmpty())
        return {};
    PolicyWriteResult r;
    r.status = PolicyWriteResult::Status::Failed;
    QString existing = dir;
    while (!existing.isEmpty() && !QFileInfo::exists(existing))
        existing = QFileInfo(existing).path();
    if (::access(QFile::encodeName(existing).constData(), W_OK) != 0 && (errno == EACCES || errno == EROFS))
        r.status = PolicyWriteResult::Status::PermissionDenied;
    r.message = r.status == PolicyWriteResult::Status::PermissionDenied
        ? QStringLiteral("cannot create directory %1: Permission denied").arg(dir)
        : why;
    return r;
}

} // namespace

EffectivePolicy mergePolicy(const PolicyLayer& machine, const PolicyLayer* user)
{
    EffectivePolicy e;
    for (PolicyKey key : allPolicyKeys())
        e.sources[key] = PolicySource::Default;
    applyLayer(e, machine, false, PolicySource::Machine);
    e.problems << machine.problems;
    if (user) {
        applyLayer(e, *user, false, PolicySource::User);
        e.problems << user->problems;
    }
    applyLayer(e, machine, true, PolicySource::Enforced);
    return e;
}

PolicyStore::PolicyStore() : PolicyStore(Paths::policyFile(Scope::System), Paths::policyFile(Scope::User)) {}

PolicyStore::PolicyStore(const QString& machineFile, const QString& userFile)
    : m_machineFile(machineFile), m_userFile(userFile)
{
    reload();
}

void PolicyStore::reload()
{
    m_machine = PolicyLayer::load(m_machineFile, Scope::System);
    m_user = PolicyLayer::load(m_userFile, Scope::User);
}

EffectivePolicy PolicyStore::effective(Scope channel) const
{
    return mergePolicy(m_machine, channel == Scope::User ? &m_user : nullptr);
}

PolicyWriteResult PolicyStore::set(Scope scope, PolicyKey key, const QString& value, bool enforce)
{
    return write(scope, key, value, enforce);
}

PolicyWriteResult PolicyStore::unset(Scope scope, PolicyKey key)
{
    return write(scope, key, std::nullopt, false);
}

PolicyWriteResult PolicyStore::write(Scope scope, PolicyKey key, const std::optional<QString>& value, bool enforce)
{
    const QString path = scope == Scope::System ? m_machineFile : m_userFile;
    PolicyWriteResult result;
    result.path = path;
    if (enforce && scope != Scope::System) {
        result.status = PolicyWriteResult::Status::Invalid;
        result.message = QStringLiteral("only the machine policy can enforce a key (use the system scope)");
        return result;
    }
    if (scope != Scope::System && isMachineOnlyPolicyKey(key)) {
        result.status = PolicyWriteResult::Status::Invalid;
        result.message = QStringLiteral("%1 is a machine policy key (only the system agent publishes to the fleet): "
                                        "use the system scope")
                             .arg(policyKeyName(key));
        return result;
    }
    std::optional<QString> canonical;
    if (value) {
        Policy scratch;
        QString error;
        if (!setPolicyValue(scratch, key, *value, &error)) {
            result.status = PolicyWriteResult::Status::Invalid;
            result.message = error;
            return result;
        }
        canonical = policyValueText(scratch, key);
    }

    QByteArray content;
    int mode = scope == Scope::System ? 0644 : 0600;
    QFile existing(path);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            result.status = existing.error() == QFileDevice::OpenError && !QFileInfo(path).isReadable()
                ? PolicyWriteResult::Status::PermissionDenied
                : PolicyWriteResult::Status::Failed;
            result.message = QStringLiteral("cannot read %1: %2").arg(path, existing.errorString());
            return result;
        }
        content = existing.readAll();
        struct stat st
        {};
        if (::stat(QFile::encodeName(path).constData(), &st) == 0)
            mode = int(st.st_mode & 0777);
        if (scope == Scope::System)
            mode &= ~0022; // a group- or world-writable machine policy would be ignored
    }
    PolicyWriteResult dirResult = ensurePolicyDir(scope, QFileInfo(path).path());
    if (!dirResult.ok()) {
        dirResult.path = path;
        return dirResult;
    }
    const AtomicWriteResult written = writeFileAtomically(path, editPolicyText(content, key, canonical, enforce), mode);
    if (!written.ok()) {
        result.status =
            written.permissionDenied ? PolicyWriteResult::Status::PermissionDenied : PolicyWriteResult::Status::Failed;
        result.message = written.error;
        return result;
    }
    reload();
    if (canonical)
        result.message = QStringLiteral("%1 = %2%3 in the %4 %5")
                             .arg(policyKeyName(key), *canonical, enforce ? QStringLiteral(" (enforced)") : QString(),
                                  scopeLabel(scope), path);
    else
        result.message = QStringLiteral("%1 removed from the %2 %3").arg(policyKeyName(key), scopeLabel(scope), path);
    return result;
}

} // namespace certlife
