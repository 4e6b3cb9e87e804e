// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "PolicyCommand.h"

#include "policy/PolicyCommandLine.h"
#include "policy/PolicyStore.h"

#include <unistd.h>

namespace certlife::cli {

namespace {

const char* const kPolicyUsage = "certlifectl policy show [--json] [--scope system|user|effective]\n"
                                 "       certlifectl policy set KEY VALUE... [--scope system|user] [--enforce]\n"
                                 "       certlifectl policy unset KEY [--scope system|user]";

// Without --scope: root edits the machine policy, everyone else their own.
Scope defaultWriteScope()
{
    return ::geteuid() == 0 ? Scope::System : Scope::User;
}

int runPolicyWrite(const QStringList& args, CliIo& io, bool unset)
{
    QCommandLineParser parser;
    const QCommandLineOption scopeOption(
        QStringLiteral("scope"),
        QStringLiteral("The file to write: system (machine policy, needs root) or user. "
                       "Default: system for root, user for everyone else."),
        QStringLiteral("system|user"));
    const QCommandLineOption enforceOption(QStringLiteral("enforce"),
                                           QStringLiteral("Machine policy only: users cannot override this key."));
    parser.addOption(scopeOption);
    if (!unset)
        parser.addOption(enforceOption);
    parser.addPositionalArgument(QStringLiteral("KEY"),
                                 QStringLiteral("A policy key (see 'certlifectl policy --help')."));
    if (!unset)
        parser.addPositionalArgument(
            QStringLiteral("VALUE"),
            QStringLiteral("The value; for a list key, one item per argument or one comma-separated argument."));
    parser.setApplicationDescription(
        unset ? QStringLiteral("Remove a key from a policy file, so the next layer applies.")
              : QStringLiteral("Set a key in a policy file.") + QLatin1Char('\n') + policyKeysHelp());
    int code = ExitOk;
    const QString usage = unset
        ? QStringLiteral("certlifectl policy unset KEY [--scope system|user]")
        : QStringLiteral("certlifectl policy set KEY VALUE... [--scope system|user] [--enforce]");
    if (!parseCommandLine(parser, args, io, &code, usage))
        return code;

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || (unset && positional.size() != 1))
        return fail(io, ExitUsage, QStringLiteral("usage: %1").arg(usage));
    const std::optional<PolicyKey> key = parsePolicyKey(positional[0]);
    if (!key) {
        QStringList names;
        for (PolicyKey k : allPolicyKeys())
            names << policyKeyName(k);
        return fail(io, ExitUsage,
                    unknownPolicyKeyMessage(positional[0]) + QStringLiteral("\nThe keys are: ")
                        + names.join(QLatin1String(", ")));
    }
    if (!unset && positional.size() < 2)
        return fail(io, ExitUsage,
                    QStringLiteral("%1 needs a value: %2\nAllowed: %3")
                        .arg(policyKeyName(*key), usage, policyKeyAllowed(*key)));
    if (!unset && positional.size() > 2 && !isPolicyListKey(*key))
        return fail(io, ExitUsage,
                    QStringLiteral("%1 takes one value, not %2 (quote a value that holds spaces)")
                        .arg(policyKeyName(*key))
                        .arg(positional.size() - 1));
    Scope scope = defaultWriteScope();
    if (parser.isSet(scopeOption) && !parseScope(parser.value(scopeOption), &scope))
        return fail(io, ExitUsage,
                    QStringLiteral("--scope must be system or user, not \"%1\"").arg(parser.value(scopeOption)));
    const bool enforce = !unset && parser.isSet(enforceOption);
    if (enforce && scope != Scope::System)
        return fail(io, ExitUsage, QStringLiteral("--enforce applies to the machine policy only: add --scope system"));

    const QString value = positional.size() > 2 ? joinPolicyList(positional.mid(1)) : positional.value(1);
    PolicyStore store;
    const PolicyWriteResult result = unset ? store.unset(scope, *key) : store.set(scope, *key, value, enforce);
    switch (result.status) {
    case PolicyWriteResult::Status::Ok: break;
    case PolicyWriteResult::Status::Invalid: return fail(io, ExitUsage, result.message);
    case PolicyWriteResult::Status::PermissionDenied: {
        const QString command = policyCommandLine(scope, *key, positional.mid(1), enforce, true);
        return fail(io, ExitFailure,
                    QStringLiteral("writing the %1 %2 needs root (%3). Run:\n  %4")
                        .arg(scope == Scope::System ? QStringLiteral("machine policy") : QStringLiteral("user policy"),
                             result.path, result.message, command));
    }
    case PolicyWriteResult::Status::Failed: return fail(io, ExitFailure, result.message);
    }
    io.out << result.message << "\n";
    const EffectivePolicy effective = store.effective(Scope::User);
    if (scope == Scope::User && effective.source(*key) == PolicySource::Enforced)
        io.out << "Note: the machine policy enforces " << policyKeyName(*key) << " = "
               << policyValueText(effective.policy, *key) << "; your setting has no effect while it does.\n";
    return ExitOk;
}

int runPolicy(const QStringList& args, CliIo& io)
{
    const QString sub = args.value(1);
    QStringList rest = args.mid(2);
    rest.prepend(QStringLiteral("policy ") + sub);
    if (sub == QLatin1String("show"))
        return runPolicyShow(rest, io);
    if (sub == QLatin1String("set"))
        return runPolicyWrite(rest, io, false);
    if (sub == QLatin1String("unset"))
        return runPolicyWrite(rest, io, true);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub == QLatin1String("help")) {
        io.out << "Usage: " << kPolicyUsage << "\n\n"
               << "Show or change the Certlife policy: the machine policy (system scope) and your\n"
                  "user policy. An enforced machine key wins over the user's; otherwise a user key\n"
                  "overrides the machine's, which overrides the default. The System channel (the\n"
                  "system agent) applies the machine policy alone.\n\n"
               << policyKeysHelp();
        return ExitOk;
    }
    if (sub.isEmpty())
        return fail(io, ExitUsage,
                    QStringLiteral("policy needs a subcommand: show, set or unset\nusage: %1")
                        .arg(QLatin1String(kPolicyUsage)));
    return fail(io, ExitUsage,
                QStringLiteral("unknown policy subcommand '%1': use show, set or unset\nusage: %2")
                    .arg(sub, QLatin1String(kPolicyUsage)));
}

const CommandRegistration registration{{QStringLiteral("policy"),
                                        QStringLiteral("Show or set expiry warnings, rescan interval and other policy"),
                                        &runPolicy}};

} // namespace

QString policyKeysHelp()
{
    QString text = QStringLiteral("Keys (default in brackets):\n");
    const Policy defaults;
    for (PolicyKey key : allPolicyKeys()) {
        const QString def = policyValueText(defaults, key);
        text += QStringLiteral("  %1 [%2]\n      %3\n      Allowed: %4\n")
                    .arg(policyKeyName(key), def.isEmpty() ? QStringLiteral("none") : def, policyKeyDescription(key),
                         policyKeyAllowed(key));
    }
    text +=
        QStringLiteral("\nSources shown by 'policy show': default, machine, user, enforced.\n"
                       "Exit status: 0 done, 1 failed (e.g. no permission), 2 bad key or value,\n"
                       "3 (show) a policy file has problems, which are listed on stderr.\n\n"
                       "Examples:\n"
                       "  certlifectl policy show\n"
                       "  certlifectl policy show --json --scope system\n"
                       "  certlifectl policy set ExpiryWarningDays 30\n"
                       "  sudo certlifectl policy set ExpiryWarningPercent 20 --scope system --enforce\n"
                       "  sudo certlifectl policy set AdditionalStores /etc/letsencrypt /etc/nginx/ssl --scope system\n"
                       "  certlifectl policy set RescanInterval 30m --scope user\n"
                       "  certlifectl policy unset ExpiryWarningDays\n");
    return text;
}

} // namespace certlife::cli
