// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs the real certlifectl for the CLI tests (header only: tests/**/Test*.cpp are the
// test executables, this is not one). The child gets the test's environment, which a
// TestEnvironment has pointed into a temporary directory.

#include "TestEnvironment.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <unistd.h>

namespace certlife::test {

struct CliRun
{
    int code = -1; // -1: did not finish, or crashed
    QString out;
    QString err;
};

// unprivileged: as "nobody" (the tests run as root), to see what an ordinary user gets.
inline CliRun runCli(const QStringList& args, const QStringList& extraEnvironment = {}, bool unprivileged = false)
{
    QProcess p;
    QStringList environment = QProcessEnvironment::systemEnvironment().toStringList();
    environment += extraEnvironment;
    p.setEnvironment(environment);
    if (unprivileged && ::geteuid() == 0) {
        p.setProgram(QStringLiteral("setpriv"));
        p.setArguments(QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                   QStringLiteral("--clear-groups"), QStringLiteral("--"),
                                   binaryPath(QStringLiteral("certlifectl"))}
                       + args);
    } else {
        p.setProgram(binaryPath(QStringLiteral("certlifectl")));
        p.setArguments(args);
    }
    p.start();
    if (!p.waitForFinished(60000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// The objects of a JSON-lines output (`--json`), one per line; a line that is not a JSON
// object is warned about and read as an empty object, so a count still tells.
inline QList<QJsonObject> jsonLines(const QString& out)
{
    QList<QJsonObject> objects;
    for (const QString& line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            qWarning("not a JSON object line: %s", qPrintable(line));
        objects.append(doc.object());
    }
    return objects;
}

} // namespace certlife::test
