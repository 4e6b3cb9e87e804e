// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "PolicyCommand.h"

#include "policy/PolicyStore.h"
#include "stores/FileNames.h"
#include "util/TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace certlife::cli {

namespace {

QString tableRow(const QString& key, const QString& value, const QString& note)
{
    return key.leftJustified(25) + QLatin1Char(' ')
        + (note.isEmpty() ? value : value.leftJustified(18) + QLatin1Char(' ') + note);
}

// Values are the text of policy files: shown escaped, like every field.
QString displayValue(const QString& text)
{
    return text.isEmpty() ? QStringLiteral("(none)") : escapeControlCharacters(text);
}

void printEffective(const PolicyStore& store, CliIo& io, bool json)
{
    const EffectivePolicy e = store.effective(Scope::User);
    const Policy defaults;
    if (json) {
        QJsonObject settings;
        for (PolicyKey key : allPolicyKeys())
            settings.insert(policyKeyName(key),
                            QJsonObject{
                                {QStringLiteral("value"), policyValueJson(e.policy, key)},
                                {QStringLiteral("text"), policyValueText(e.policy, key)},
                                {QStringLiteral("source"), policySourceName(e.source(key))},
                                {QStringLiteral("default"), policyValueJson(defaults, key)},
                            });
        const QJsonObject doc{
            {QStringLiteral("scope"), QStringLiteral("effective")},
            {QStringLiteral("machineFile"), store.layer(Scope::System).path},
            {QStringLiteral("userFile"), store.layer(Scope::User).path},
            {QStringLiteral("settings"), settings},
            {QStringLiteral("problems"), QJsonArray::fromStringList(e.problems)},
        };
        io.out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return;
    }
    io.out << "Effective policy (machine: " << escapedFileName(store.layer(Scope::System).path)
           << ", user: " << escapedFileName(store.layer(Scope::User).path) << ")\n\n"
           << tableRow(QStringLiteral("KEY"), QStringLiteral("VALUE"), QStringLiteral("SOURCE")) << "\n";
    for (PolicyKey key : allPolicyKeys())
        io.out << tableRow(policyKeyName(key), displayValue(policyValueText(e.policy, key)),
                           policySourceName(e.source(key)))
               << "\n";
}

void printLayer(const PolicyStore& store, const PolicyLayer& layer, CliIo& io, bool json)
{
    const EffectivePolicy effective = store.effective(Scope::User);
    const Policy defaults;
    const QString scopeText = layer.scope == Scope::System ? QStringLiteral("system") : QStringLiteral("user");
    if (json) {
        QJsonObject settings;
        for (PolicyKey key : allPolicyKeys()) {
            QJsonObject entry{{QStringLiteral("set"), layer.settings.contains(key)},
                              {QStringLiteral("default"), policyValueJson(defaults, key)}};
            if (layer.settings.contains(key)) {
                const PolicySetting& s = layer.settings[key];
                Policy scratch;
                entry.insert(QStringLiteral("text"), s.text);
                entry.insert(QStringLiteral("valid"), s.valid);
                entry.insert(QStringLiteral("enforced"), s.enforced);
                entry.insert(QStringLiteral("value"),
                             s.valid && setPolicyValue(scratch, key, s.text) ? policyValueJson(scratch, key)
                                                                             : QJsonValue());
            }
            settings.insert(policyKeyName(key), entry);
        }
        const QJsonObject doc{
            {QStringLiteral("scope"), scopeText},
            {QStringLiteral("file"), layer.path},
            {QStringLiteral("exists"), layer.exists},
            {QStringLiteral("ignored"), layer.ignored},
            {QStringLiteral("settings"), settings},
            {QStringLiteral("problems"), QJsonArray::fromStringList(layer.problems)},
        };
        io.out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return;
    }
    io.out << (layer.scope == Scope::System ? "Machine" : "User") << " policy " << escapedFileName(layer.path)
           << (layer.exists ? (layer.ignored ? " (ignored: see the problems below)" : "")
                            : " (no such file: defaults apply)")
           << "\n\n"
           << tableRow(QStringLiteral("KEY"), QStringLiteral("VALUE"), QStringLiteral("NOTE")) << "\n";
    for (PolicyKey key : allPolicyKeys()) {
        if (!layer.settings.contains(key)) {
            io.out << tableRow(policyKeyName(key), QStringLiteral("-"),
                               QStringLiteral("not set (default %1)").arg(displayValue(policyValueText(defaults, key))))
                   << "\n";
            continue;
        }
        const PolicySetting& s = layer.settings[key];
        QString note = s.enforced ? QStringLiteral("enforced") : QString();
        if (!s.valid)
            note = (note.isEmpty() ? QString() : note + QStringLiteral(", ")) + QStringLiteral("INVALID: ignored");
        else if (layer.scope == Scope::User && effective.source(key) == PolicySource::Enforced)
            note = QStringLiteral("no effect: the machine policy enforces %1")
                       .arg(displayValue(policyValueText(effective.policy, key)));
        io.out << tableRow(policyKeyName(key), displayValue(s.text), note) << "\n";
    }
}

} // namespace

int runPolicyShow(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show the policy. effective (default): the value of every key for your User channel and "
                       "where it came from. system or user: what that file sets.\n\n")
        + policyKeysHelp());
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption scopeOption(
        QStringLiteral("scope"),
        QStringLiteral(
            "effective (default), system (the machine file, which is all the system agent applies) or user."),
        QStringLiteral("system|user|effective"), QStringLiteral("effective"));
    parser.addOption(jsonOption);
    parser.addOption(scopeOption);
    int code = ExitOk;
    const QString usage = QStringLiteral("certlifectl policy show [--json] [--scope system|user|effective]");
    if (!parseCommandLine(parser, args, io, &code, usage))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return fail(io, ExitUsage,
                    QStringLiteral("policy show takes no arguments; to see one key use --json and jq, "
                                   "or grep"));
    const QString scopeText = parser.value(scopeOption).trimmed().toLower();
    const PolicyStore store;
    QStringList problems;
    if (scopeText == QLatin1String("effective")) {
        printEffective(store, io, parser.isSet(jsonOption));
        problems = store.problems();
    } else {
        Scope scope;
        if (!parseScope(scopeText, &scope))
            return fail(
                io, ExitUsage,
                QStringLiteral("--scope must be system, user or effective, not \"%1\"").arg(parser.value(scopeOption)));
        printLayer(store, store.layer(scope), io, parser.isSet(jsonOption));
        problems = store.layer(scope).problems;
    }
    io.out.flush();
    for (const QString& p : problems)
        io.err << "certlifectl: warning: " << escapeControlCharacters(p) << "\n";
    io.err.flush();
    return problems.isEmpty() ? ExitOk : ExitPartial;
}

} // namespace certlife::cli
