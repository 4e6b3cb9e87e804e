// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "policy/PolicyCommandLine.h"

#include "util/ShellQuote.h"

namespace certlife {

QString policyCommandLine(Scope scope, PolicyKey key, const QStringList& values, bool enforce, bool sudo)
{
    QStringList command;
    if (sudo)
        command << QStringLiteral("sudo");
    command << QStringLiteral("certlifectl policy")
            << (values.isEmpty() ? QStringLiteral("unset") : QStringLiteral("set")) << policyKeyName(key);
    for (const QString& value : values)
        command << shellQuoted(value);
    command << QStringLiteral("--scope")
            << (scope == Scope::System ? QStringLiteral("system") : QStringLiteral("user"));
    if (enforce && !values.isEmpty())
        command << QStringLiteral("--enforce");
    return command.join(QLatin1Char(' '));
}

} // namespace certlife
