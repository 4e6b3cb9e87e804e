// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/EventOrigin.h"

#include <QRegularExpression>
#include <pwd.h>
#include <unistd.h>

namespace certlife {

namespace {

QString accountName(uid_t uid)
{
    if (const passwd* pw = ::getpwuid(uid))
        return QString::fromLocal8Bit(pw->pw_name);
    return QString::number(uid);
}

// The invoking user sudo named, or empty when the claim does not hold up.
QString sudoInvoker(const QByteArray& sudoUser, const QByteArray& sudoUid)
{
    static const QRegularExpression userName(QStringLiteral("^[A-Za-z_][A-Za-z0-9._-]{0,30}\\$?$"));
    const QString name = QString::fromLatin1(sudoUser);
    if (sudoUser.isEmpty() || !userName.match(name).hasMatch())
        return {};
    const passwd* pw = ::getpwnam(sudoUser.constData());
    if (!pw || pw->pw_uid == 0)
        return {};
    if (!sudoUid.isEmpty()) {
        bool ok = false;
        const qulonglong uid = sudoUid.toULongLong(&ok);
        if (!ok || uid != qulonglong(pw->pw_uid))
            return {};
    }
    return name;
}

} // namespace

QString eventAccount(uid_t effectiveUid, const QByteArray& sudoUser, const QByteArray& sudoUid)
{
    const QString account = accountName(effectiveUid);
    if (effectiveUid != 0)
        return account;
    const QString invoker = sudoInvoker(sudoUser, sudoUid);
    return invoker.isEmpty() ? account : QStringLiteral("%1 (via sudo from %2)").arg(account, invoker);
}

QString currentEventAccount()
{
    return eventAccount(::geteuid(), qgetenv("SUDO_USER"), qgetenv("SUDO_UID"));
}

} // namespace certlife
