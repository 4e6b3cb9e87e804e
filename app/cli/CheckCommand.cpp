// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl check: a Nagios/Icinga plugin (Monitoring Plugins guidelines). The
// judging is core's (monitoring/NagiosCheck.h); this is its command line.

#include "CliCommand.h"
#include "MonitoringSupport.h"

#include "util/Clock.h"
#include "monitoring/NagiosCheck.h"

namespace certlife::cli {

namespace {

const QString kUsage =
    QStringLiteral("certlifectl check [--store ID]... [--warning DAYS] [--critical DAYS] [--scope system|user]");

const QString kDescription =
    QStringLiteral("Check the monitored certificates for Nagios, Icinga, Naemon or Sensu (a plugin as the\n"
                   "Monitoring Plugins guidelines describe it): one status line with performance data, one\n"
                   "more line per certificate that is not OK, and the state as the exit status.\n"
                   "\n"
                   "  CERTLIFE WARNING - 1 warning of 12 certificates: shop.example.org (system/My) expires\n"
                   "  in 9 days | soonest_days=9;30:;0: 'shop.example.org system/My'=9;30:;0: ...\n"
                   "\n"
                   "A certificate is CRITICAL once it has expired, or with --critical when DAYS days or fewer\n"
                   "are left; WARNING when DAYS days or fewer are left (--warning), or, without --warning, when\n"
                   "it is inside the policy's expiry warning window (ExpiryWarningPercent/ExpiryWarningDays,\n"
                   "the agent's event 1003; 'certlifectl policy show'). Archived certificates (superseded by\n"
                   "a renewal the agent recognised, or archived by 'certlifectl switch') are never counted:\n"
                   "they get no expiry warnings either. A file that cannot be read makes the result at least\n"
                   "WARNING. Both scopes' stores are checked unless --scope names one; each scope is judged by\n"
                   "its own policy.\n"
                   "\n"
                   "Performance data (days are whole days left, negative once expired; warn;crit are ranges,\n"
                   "'T:' alerting below T): soonest_days, the soonest-expiring certificate; one value for each\n"
                   "of the 5 soonest, labelled with its name, scope and store; the counts certificates,\n"
                   "critical, expired, warning, ok, archived and read_errors.\n"
                   "\n"
                   "Run it as a user who can read the stores (an unreadable file is a warning). It scans the\n"
                   "stores itself (with the scan cache) and reads the agent's snapshot for the archived flags.\n"
                   "\n"
                   "Examples (NRPE, Icinga 2 CheckCommand):\n"
                   "  command[check_certlife]=/usr/bin/certlifectl check --scope system --warning 21 --critical 7\n"
                   "  certlifectl check --store ssl-private --store policy-etc-letsencrypt\n"
                   "\n"
                   "'certlifectl scan' is not a monitoring check: its exit status says whether files could\n"
                   "be read, not whether certificates expire.\n"
                   "\n"
                   "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments, a configuration that\n"
                   "cannot be read, no such store, a store that cannot be scanned, a damaged snapshot).");

int unknown(CliIo& io, const QString& why)
{
    CheckInput input;
    input.unknown << why;
    io.out << evaluateCheck(input).text;
    io.out.flush();
    return int(CheckState::Unknown);
}

bool parseDays(const QCommandLineParser& parser, const QString& name, std::optional<int>* out, QString* error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int days = parser.value(name).toInt(&ok);
    if (!ok || days < 0 || days > 36500) {
        *error = QStringLiteral("--%1 takes a whole number of days from 0 to 36500, not \"%2\"")
                     .arg(name, parser.value(name));
        return false;
    }
    *out = days;
    return true;
}

int runCheck(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("Check only this store (repeat for more; 'certlifectl store list' shows the "
                       "ids). Default: every store the scopes monitor."),
        QStringLiteral("ID"));
    const QCommandLineOption warning(
        QStringLiteral("warning"),
        QStringLiteral("WARNING at DAYS days left or fewer. Default: the policy's expiry warning "
                       "window."),
        QStringLiteral("DAYS"));
    const QCommandLineOption critical(QStringLiteral("critical"),
                                      QStringLiteral("CRITICAL at DAYS days left or fewer. Default: once expired."),
                                      QStringLiteral("DAYS"));
    const QCommandLineOption scope(QStringLiteral("scope"), QStringLiteral("Only this scope's stores. Default: both."),
                                   QStringLiteral("system|user"));
    parser.addOptions({store, warning, critical, scope});
    int code = ExitOk;
    // The guidelines' UNKNOWN for bad arguments: 2 would read as CRITICAL.
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code == ExitOk ? ExitOk : unknown(io, QStringLiteral("bad arguments (see above)"));
    if (!parser.positionalArguments().isEmpty())
        return unknown(
            io,
            QStringLiteral("unexpected argument \"%1\"; usage: %2").arg(parser.positionalArguments().first(), kUsage));
    QString error;
    CheckInput input;
    QList<Scope> scopes;
    if (!parseDays(parser, QStringLiteral("warning"), &input.thresholds.warningDays, &error)
        || !parseDays(parser, QStringLiteral("critical"), &input.thresholds.criticalDays, &error)
        || !parseMonitoringScopes(parser, scope, &scopes, &error))
        return unknown(io, error);
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&error);
    if (!clock)
        return unknown(io, error);

    const PolicyStore policies;
    QList<MonitoredScope> monitored;
    for (const Scope s : scopes)
        monitored << monitoredScope(s, policies, &input.unknown);
    const QStringList wanted = parser.values(store);
    for (const QString& id : wanted) {
        const bool known = std::any_of(monitored.cbegin(), monitored.cend(), [&](const MonitoredScope& m) {
            return std::any_of(m.stores.cbegin(), m.stores.cend(), [&](const StoreConfig& c) { return c.id == id; });
        });
        if (!known)
            input.unknown << QStringLiteral("no store \"%1\" in the %2 scope%3 (certlifectl store list)")
                                 .arg(id,
                                      scopes.size() == 1 ? scopeName(scopes.first()).toLower()
                                                         : QStringLiteral("system or user"),
                                      scopes.size() == 1 ? QString() : QStringLiteral("s"));
    }
    if (!wanted.isEmpty())
        for (MonitoredScope& m : monitored)
            m.stores.removeIf([&](const StoreConfig& c) { return !wanted.contains(c.id); });
    input.unknown.removeDuplicates(); // the machine policy is in both scopes
    if (!input.unknown.isEmpty()) {
        io.out << evaluateCheck(input).text;
        return int(CheckState::Unknown);
    }

    scanMonitoredScopes(monitored, &input.unknown);
    for (const MonitoredScope& m : monitored) {
        for (qsizetype i = 0; i < m.scans.size(); ++i) {
            const StoreScan& scan = m.scans[i];
            const StoreConfig& config = m.stores[i];
            if (scan.storeMissing && wanted.contains(config.id))
                input.unknown << QStringLiteral("store %1 (%2) does not exist").arg(config.id, config.path);
            for (const ScanProblem& p : scan.problems) {
                if (p.path == config.path) { // the store itself, not one of its files
                    input.unknown << QStringLiteral("store %1 cannot be scanned: %2").arg(config.id, p.error);
                } else if (input.readErrors++ == 0) {
                    input.firstReadError = QStringLiteral("%1: %2").arg(p.path, p.error);
                }
            }
        }
    }
    input.unknown.removeDuplicates();
    input.certificates = monitoredStatuses(monitored, clock->now().toSecsSinceEpoch());
    const CheckResult result = evaluateCheck(input);
    io.out << result.text;
    io.out.flush();
    return int(result.state);
}

const CommandRegistration registration{
    {QStringLiteral("check"),
     QStringLiteral("Nagios/Icinga check of the certificates (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)"),
     &runCheck}};

} // namespace

} // namespace certlife::cli
