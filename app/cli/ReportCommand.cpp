// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl report: certificate, event and task reports as CSV, JSON, HTML or PDF,
// through the same core/reports code the console's File → Export report uses.

#include "CliCommand.h"
#include "ReportOptions.h"
#include "ReportSources.h"

#include "eventlog/EventLogSet.h"
#include "reports/CertificateReport.h"
#include "reports/EventReport.h"
#include "reports/ReportWriter.h"
#include "reports/TaskReport.h"
#include "stores/FileNames.h"
#include "stores/StoreCatalog.h"
#include "util/Clock.h"

#include <QFile>
#include <cstdio>

namespace certlife::cli {

namespace {

const char kUsage[] = "certlifectl report --kind certificates|events|tasks --format csv|json|html|pdf --out FILE "
                      "[--within-days N] [--scope system|user] [filters]";

const char kDescription[] =
    "Write a report of certificates, lifecycle events or notification tasks.\n\n"
    "Certificates come from the configured stores of both scopes (or --scope), judged\n"
    "by each scope's expiry policy as the console and the agent judge them, most urgent\n"
    "first; archived ones (superseded by a renewal) are left out unless\n"
    "--include-archived, acknowledged and muted ones (certlifectl ack, mute)\n"
    "unless --include-acknowledged. Events come from the event logs of both channels,\n"
    "filtered by channel, id, level, time, store and text; tasks from the task\n"
    "directories with their last run.\n\n"
    "Formats: csv (UTF-8 with a byte order mark for Excel, RFC 4180, cells that a\n"
    "spreadsheet would run as a formula are prefixed with '), json (one document),\n"
    "html (self-contained, no scripts), pdf (A4 landscape, paginated, with the\n"
    "upcoming-expiry chart for certificates). --out - writes to standard output.\n\n"
    "Exit status: 0 written, 1 could not write, 2 bad arguments, 3 written but some\n"
    "stores, files or logs could not be read (warnings on stderr).\n\n"
    "Examples:\n"
    "  certlifectl report --kind certificates --format pdf --out expiry.pdf --within-days 60\n"
    "  certlifectl report --kind certificates --format csv --out all.csv --scope system\n"
    "  certlifectl report --kind certificates --format html --out web.html --search example.org --state expiring\n"
    "  certlifectl report --kind events --format csv --out replaced.csv --id 1001,1004 --since 2026-01-01\n"
    "  certlifectl report --kind events --format json --out - --level error --channel system | jq .rows\n"
    "  certlifectl report --kind tasks --format html --out tasks.html\n";

QList<Scope> scopesOf(const std::optional<Scope>& scope)
{
    return scope ? QList<Scope>{*scope} : QList<Scope>{Scope::System, Scope::User};
}

// Reports name a store by its name, as the console shows it (a store removed since
// keeps its id).
ReportStoreNames catalogStoreNames()
{
    ReportStoreNames names;
    const StoreCatalog catalog = StoreCatalog::load(); // named: entries() refers into it
    for (const StoreCatalog::Entry& entry : catalog.entries())
        names.insert(entry.config.scope, entry.config.id, entry.config.displayName);
    return names;
}

struct Built
{
    Report report;
    QStringList warnings;
};

Built buildCertificates(const ReportRequest& request, const std::shared_ptr<const Clock>& clock)
{
    Built built;
    QList<StoreScan> scans;
    for (const Scope scope : scopesOf(request.scope))
        scans << scanConfiguredStores(scope);
    for (const StoreScan& scan : scans)
        for (const ScanProblem& p : scan.problems)
            built.warnings << (p.error.startsWith(p.path) ? p.error : QStringLiteral("%1: %2").arg(p.path, p.error));
    // Judged as the console and the agent judge them: each scope's policy, the
    // certificates the lifecycle engine holds archived, and the admin's acknowledgements.
    const QDateTime now = clock->now();
    CertificateClassifier classifier(policyFileThresholds(), now);
    for (const Scope scope : scopesOf(request.scope)) {
        ArchivedCertificates archived = recogniseArchived(scope, scans);
        if (!archived.problem.isEmpty())
            built.warnings << archived.problem;
        classifier.setArchived(scope, std::move(archived));
    }
    built.warnings << classifier.readAcknowledgements();
    classifier.recogniseTrustAnchorUse(storeCertificates(scans));
    CertificateReportOptions options = request.certificates;
    options.storeNames = catalogStoreNames();
    built.report = buildCertificateReport(classifier.classify(scans), now, options);
    return built;
}

Built buildEvents(const ReportRequest& request, const Clock& clock)
{
    Built built;
    const QList<Scope> channels = request.events.channel ? QList<Scope>{*request.events.channel} : scopesOf({});
    EventLogSet logs;
    logs.open(channels, EventLogSet::Access::Read);
    built.warnings << logs.errors();
    const QList<LifecycleEvent> events = fetchReportEvents(logs.logs(), request.events);
    built.warnings << logs.queryErrors();
    built.report = buildEventReport(events, request.events, clock, catalogStoreNames());
    return built;
}

Built buildTasks(const ReportRequest& request, const Clock& clock)
{
    Built built;
    const QList<TaskReportEntry> entries = loadTaskReportEntries(scopesOf(request.scope), &built.warnings);
    built.report = buildTaskReport(entries, clock, request.scope);
    return built;
}

bool writeToStandardOutput(const QByteArray& data, CliIo& io)
{
    io.out.flush();
    QFile out;
    return out.open(stdout, QIODevice::WriteOnly) && out.write(data) == data.size() && out.flush();
}

} // namespace

int runReport(const QStringList& args, CliIo& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kDescription));
    addReportOptions(parser);
    int code = ExitOk;
    if (!parseCommandLine(parser, args, io, &code, QString::fromLatin1(kUsage)))
        return code;
    ReportRequest request;
    QString error;
    if (!readReportOptions(parser, &request, &error))
        return fail(io, ExitUsage, error + QStringLiteral("\nusage: ") + QString::fromLatin1(kUsage));
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&error);
    if (!clock)
        return fail(io, ExitUsage, error);

    Built built;
    switch (request.kind) {
    case ReportKind::Certificates: built = buildCertificates(request, clock); break;
    case ReportKind::Events: built = buildEvents(request, *clock); break;
    case ReportKind::Tasks: built = buildTasks(request, *clock); break;
    }

    ReportWriteOptions writeOptions;
    writeOptions.csvByteOrderMark = request.csvByteOrderMark;
    if (request.out == QLatin1String("-")) {
        QByteArray data;
        error = renderReport(built.report, request.format, &data, nullptr, writeOptions);
        if (!error.isEmpty())
            return fail(io, ExitFailure, error);
        if (!writeToStandardOutput(data, io))
            return fail(io, ExitFailure, QStringLiteral("cannot write the report to standard output"));
    } else {
        const ReportWriteResult written = writeReport(built.report, request.format, request.out, writeOptions);
        if (!written.ok())
            return fail(io, ExitFailure, written.error);
        io.out << QStringLiteral("Wrote %1 (%2, %3 row%4%5)\n")
                      .arg(escapedFileName(request.out), reportFormatName(request.format),
                           QString::number(built.report.rows.size()),
                           built.report.rows.size() == 1 ? QString() : QStringLiteral("s"),
                           written.pages > 0
                               ? QStringLiteral(", %1 page%2").arg(written.pages).arg(written.pages == 1 ? "" : "s")
                               : QString());
        io.out.flush();
    }
    for (const QString& w : built.warnings)
        io.err << "certlifectl: warning: " << w << "\n";
    io.err.flush();
    return built.warnings.isEmpty() ? ExitOk : ExitPartial;
}

static const CommandRegistration reportRegistration{
    {QStringLiteral("report"), QStringLiteral("Write a certificate, event or task report (CSV, JSON, HTML, PDF)."),
     &runReport}};

} // namespace certlife::cli
