// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Java keystores made at test time by the JDK's keytool (scripts/setup installs it),
// so the reader is held to what Java itself writes.

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace certlife::test {

inline QString keytoolProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("keytool"));
}

// Runs `keytool ARGS` (with -noprompt where it asks); the output on failure, else empty.
inline QString runKeytool(const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(keytoolProgram(), args);
    if (!p.waitForFinished(120'000)) {
        p.kill();
        p.waitForFinished();
        return QStringLiteral("keytool %1: did not finish").arg(args.join(QLatin1Char(' ')));
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("keytool %1: %2")
            .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()).trimmed());
    return {};
}

// A key pair (self-signed certificate) under `alias`: -genkeypair with the usual options
// (an EC key unless `extra` names -keyalg).
inline QString keytoolKeyPair(const QString& keystore, const QString& type, const QString& alias, const QString& dname,
                              const QStringList& extra = {}, const QString& password = QStringLiteral("changeit"))
{
    return runKeytool(
        QStringList{QStringLiteral("-genkeypair"), QStringLiteral("-alias"), alias, QStringLiteral("-dname"), dname,
                    QStringLiteral("-keystore"), keystore, QStringLiteral("-storetype"), type,
                    QStringLiteral("-storepass"), password, QStringLiteral("-keypass"), password}
        + (extra.contains(QStringLiteral("-keyalg")) ? QStringList()
                                                     : QStringList{QStringLiteral("-keyalg"), QStringLiteral("EC")})
        + extra);
}

// A trusted certificate entry from a PEM or DER file.
inline QString keytoolTrust(const QString& keystore, const QString& type, const QString& alias,
                            const QString& certificateFile, const QString& password = QStringLiteral("changeit"))
{
    return runKeytool({QStringLiteral("-importcert"), QStringLiteral("-noprompt"), QStringLiteral("-alias"), alias,
                       QStringLiteral("-file"), certificateFile, QStringLiteral("-keystore"), keystore,
                       QStringLiteral("-storetype"), type, QStringLiteral("-storepass"), password});
}

} // namespace certlife::test
