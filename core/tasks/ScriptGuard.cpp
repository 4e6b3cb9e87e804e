// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/ScriptGuard.h"

#include "tasks/InterpreterChain.h"
#include "tasks/ScriptSignature.h"
#include "tasks/TaskTemplate.h"

#include <QCryptographicHash>
#include <QFileInfo>

namespace certlife {

namespace {

constexpr qint64 kMaxSignatureSize = 1024 * 1024;
constexpr qint64 kMaxSignerFileSize = 1024 * 1024;

QString fileReadFailure(const QString& what, const QString& path, const QString& why)
{
    return QStringLiteral("%1: cannot read %2: %3").arg(what, path, why);
}

} // namespace

ScriptGuard::ScriptGuard(TrustRule rule, bool requireSignature, QStringList trustedSignerFiles)
    : m_rule(rule), m_requireSignature(requireSignature), m_trustedSignerFiles(std::move(trustedSignerFiles))
{}

std::optional<CheckedScript> ScriptGuard::check(const QString& path, const QString& pinnedSha256, QString* reason) const
{
    return run(path, &pinnedSha256, reason);
}

std::optional<CheckedScript> ScriptGuard::inspect(const QString& path, QString* reason) const
{
    return run(path, nullptr, reason);
}

std::optional<CheckedScript> ScriptGuard::run(const QString& path, const QString* pin, QString* reason) const
{
    const QString what = QStringLiteral("script");
    std::optional<OpenedFile> opened = openTrustedFile(path, m_rule, what, reason);
    if (!opened)
        return std::nullopt;
    if (!(opened->st.st_mode & S_IXUSR)) {
        *reason = QStringLiteral("script: %1 is not executable by its owner (mode %2; chmod u+x)")
                      .arg(path, modeText(opened->st.st_mode));
        return std::nullopt;
    }
    QByteArray content;
    QString why;
    if (!readWholeFile(opened->fd.get(), kMaxScriptSize, &content, &why)) {
        *reason = fileReadFailure(what, path, why);
        return std::nullopt;
    }
    const QString sha256 =
        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex().toUpper());
    if (pin && sha256 != pin->toUpper()) {
        *reason = QStringLiteral("script: %1 changed since it was pinned: its SHA-256 is %2, the pin is %3 "
                                 "(review the change, then accept it with `certlifectl task repin`)")
                      .arg(path, sha256, *pin);
        return std::nullopt;
    }
    why = checkInterpreter(content);
    if (why.isEmpty() && m_requireSignature)
        why = checkSignature(path, content);
    if (!why.isEmpty()) {
        *reason = why;
        return std::nullopt;
    }
    return CheckedScript{std::move(opened->fd), path, sha256};
}

QString ScriptGuard::checkInterpreter(const QByteArray& content) const
{
    return checkInterpreterChain(content, m_rule, taskSearchPath());
}

QString ScriptGuard::checkSignature(const QString& path, const QByteArray& content) const
{
    const QString sigPath = path + QStringLiteral(".sig");
    const QString what = QStringLiteral("signature");
    QString why;
    std::optional<OpenedFile> sigFile = openTrustedFile(sigPath, m_rule, what, &why);
    if (!sigFile) {
        if (!QFileInfo::exists(sigPath))
            return QStringLiteral("signature: %1 is missing; the policy RequireSignedScripts requires a detached "
                                  "signature by a trusted signer")
                .arg(sigPath);
        return why;
    }
    QByteArray signature;
    if (!readWholeFile(sigFile->fd.get(), kMaxSignatureSize, &signature, &why))
        return fileReadFailure(what, sigPath, why);

    QList<QByteArray> signers;
    for (const QString& signerFile : m_trustedSignerFiles) {
        std::optional<OpenedFile> f = openTrustedFile(signerFile, m_rule, QStringLiteral("trusted signer"), &why);
        if (!f)
            return why;
        QByteArray data;
        if (!readWholeFile(f->fd.get(), kMaxSignerFileSize, &data, &why))
            return fileReadFailure(QStringLiteral("trusted signer"), signerFile, why);
        const QList<QByteArray> certs = certificatesFromPemOrDer(data, &why);
        if (certs.isEmpty())
            return QStringLiteral("trusted signer: %1: %2").arg(signerFile, why);
        signers << certs;
    }
    why = verifyDetachedSignature(signature, content, signers);
    if (!why.isEmpty())
        return QStringLiteral("signature: %1 is not valid for %2: %3").arg(sigPath, path, why);
    return {};
}

} // namespace certlife
