#include "policy/PolicyCommandLine.h"

#include <QRegularExpression>

namespace certlife {

QString shellQuote(const QString& word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:,=@%+-]+$"));
    if (safe.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString policyCommandLine(Scope scope, PolicyKey key, const QStringList& values, bool enforce, bool sudo)
{
    QStringList command;
    if (sudo)
        command << QStringLiteral("sudo");
    command << QStringLiteral("certlifectl policy") << (values.isEmpty() ? QStringLiteral("unset") : QStringLiteral("set"))
            << policyKeyName(key);
    for (const QString& value : values)
        command << shellQuote(value);
    command << QStringLiteral("--scope") << (scope == Scope::System ? QStringLiteral("system") : QStringLiteral("user"));
    if (enforce && !values.isEmpty())
        command << QStringLiteral("--enforce");
    return command.join(QLatin1Char(' '));
}

} // namespace certlife
