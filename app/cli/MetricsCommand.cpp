// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl metrics: the Prometheus metrics the agent writes to its textfile
// (policy MetricsTextfile), printed for a scrape by hand, a cron job or a debugging eye.

#include "CliCommand.h"
#include "MonitoringSupport.h"

#include "agent/AgentStatus.h"
#include "eventlog/EventLogSet.h"
#include "util/Clock.h"
#include "monitoring/CertlifeMetrics.h"
#include "tasks/TaskRunLog.h"
#include "util/Paths.h"
#include "util/TerminalText.h"

#include <QFileInfo>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl metrics [--scope system|user]");

const QString kDescription =
    QStringLiteral("Print the certificates' metrics in the Prometheus text format: the same the agent\n"
                   "writes after every pass to the file the policy names (MetricsTextfile, for\n"
                   "node_exporter's textfile collector, e.g.\n"
                   "/var/lib/prometheus/node-exporter/certlife.prom). The stores are scanned now.\n"
                   "\n"
                   "The x509-certificate-exporter's metrics, with its names and labels (subject_CN,\n"
                   "issuer_CN, serial_number, filepath) plus store and scope, one series per certificate\n"
                   "and file, so its dashboards and alerts work unchanged:\n"
                   "  x509_cert_not_after, x509_cert_not_before   seconds since the epoch\n"
                   "  x509_cert_expired                           1 once expired\n"
                   "  x509_read_errors{scope,store}               files that could not be read\n"
                   "Archived certificates (superseded by a recognised renewal) are left out of these, as\n"
                   "they get no expiry warnings; certlife_certificates counts them.\n"
                   "Certlife's own:\n"
                   "  certlife_certificates{scope,store,state}    by state: expired, expiring (the policy's\n"
                   "                                              warning window), within_30_days,\n"
                   "                                              within_60_days, within_90_days, healthy,\n"
                   "                                              archived\n"
                   "  certlife_events{scope,event_id,event}       events in the event log, by id\n"
                   "  certlife_task_runs{scope,task,outcome}      task run attempts, by outcome\n"
                   "  certlife_last_pass_timestamp_seconds{scope} when the agent's last pass ended\n"
                   "  certlife_last_pass_duration_seconds{scope}  how long it took\n"
                   "Label values are escaped as the format requires: certificate fields may hold anything.\n"
                   "\n"
                   "Example alert: (x509_cert_not_after - time()) / 86400 < 14\n"
                   "\n"
                   "Exit status: 0 done, 3 printed, but something could not be read (named on stderr:\n"
                   "an event log, a snapshot, the configuration), 2 usage error.");

int runMetrics(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    const QCommandLineOption scope(QStringLiteral("scope"), QStringLiteral("Only this scope. Default: both."),
                                   QStringLiteral("system|user"));
    parser.addOption(scope);
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, kUsage))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return fail(
            io, ExitUsage,
            QStringLiteral("unexpected argument '%1'\nusage: %2").arg(parser.positionalArguments().first(), kUsage));
    QString error;
    QList<Scope> scopes;
    if (!parseMonitoringScopes(parser, scope, &scopes, &error))
        return fail(io, ExitUsage, error);
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&error);
    if (!clock)
        return fail(io, ExitUsage, error);

    QStringList problems;
    const PolicyStore policies;
    QList<MonitoredScope> monitored;
    for (const Scope s : scopes)
        monitored << monitoredScope(s, policies, &problems);
    scanMonitoredScopes(monitored, &problems);
    const qint64 now = clock->now().toSecsSinceEpoch();

    QList<ScopeMetricsInput> inputs;
    for (const MonitoredScope& m : monitored) {
        ScopeMetricsInput input;
        input.scope = m.scope;
        input.scans = m.scans;
        input.certificates = monitoredStatuses({m}, now);
        EventLogSet logs;
        logs.open({m.scope}, EventLogSet::Access::Read);
        problems << logs.errors();
        std::unique_ptr<TaskRunLog> runs;
        if (QFileInfo::exists(Paths::eventLogFile(m.scope))) {
            runs = std::make_unique<TaskRunLog>(Paths::eventLogFile(m.scope));
            if (!runs->openReadOnly(&error)) {
                if (!runs->noRunsYet())
                    problems << error;
                runs.reset();
            }
        }
        collectLogMetrics(logs.log(m.scope), runs.get(), input, &problems);
        if (const std::optional<AgentStatus> status = AgentStatus::load(m.scope);
            status && status->lastPassAt.isValid()) {
            input.lastPassAt = status->lastPassAt;
            input.lastPassMilliseconds = status->lastPassMilliseconds;
        }
        inputs << input;
    }
    io.out << QString::fromUtf8(renderCertlifeMetrics(inputs));
    io.out.flush();
    problems.removeDuplicates(); // the machine policy is in both scopes
    for (const QString& p : problems)
        io.err << "certlifectl: " << escapeControlCharacters(p) << "\n";
    io.err.flush();
    return problems.isEmpty() ? ExitOk : ExitPartial;
}

const CommandRegistration registration{
    {QStringLiteral("metrics"),
     QStringLiteral("Print the Prometheus metrics (x509-certificate-exporter names and Certlife's own)"), &runMetrics}};

} // namespace

} // namespace certlife::cli
