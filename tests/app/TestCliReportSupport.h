// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Running `certlifectl report` as an admin would, for the CLI report tests.

#include "TestEnvironment.h"

#include <QProcess>
#include <QString>
#include <QStringList>

namespace certlife::test {

struct CliResult
{
    int code = -1;
    QByteArray out;
    QString err;
};

// Runs certlifectl with the test's environment (TestEnvironment paths) and a fixed
// CERTLIFE_NOW, so no run depends on today's date.
inline CliResult runCertlifectl(const QStringList& args, const QByteArray& now = "2026-03-01T00:00:00Z")
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CERTLIFE_NOW"), QString::fromLatin1(now));
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the command must choose its platform itself
    env.remove(QStringLiteral("DISPLAY"));
    p.setProcessEnvironment(env);
    p.start(binaryPath(QStringLiteral("certlifectl")), args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace certlife::test
