// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlifectl report: certificate, event and task reports as CSV, JSON, HTML or PDF,
// through the same core/reports code the console's File → Export report uses.

#include "CliCommand.h"
#include "FleetCliSupport.h"
#include "ReportOptions.h"
#include "ReportSources.h"

#include "reports/ReportSource.h"
#include "reports/ReportWriter.h"
#include "stores/FileNames.h"
#include "util/Clock.h"

#include <QFile>
#include <cstdio>

namespace certlife::cli {

namespace {

const char kUsage[] = "certlifectl report --kind certificates|events|tasks --format csv|json|html|pdf --out FILE "
                      "[--within-days N] [--scope system|user] [filters] "
                      "[--fleet URI [--host NAME] [--password-file FILE]]";

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
    "--fleet URI reports the certificates and events every host's agent published to\n"
    "the fleet database (docs/fleet.md) instead of this computer's, with a Host column;\n"
    "--host NAME only that host's. The certificates are judged by this computer's policy,\n"
    "as the console's fleet mode judges them. A fleet has no task report.\n\n"
    "Exit status: 0 written, 1 could not write, 2 bad arguments, 3 written but some\n"
    "stores, files or logs could not be read (warnings on stderr); with --fleet 5 when\n"
    "the database cannot be reached or refuses the login, 1 when it refuses the read.\n\n"
    "Examples:\n"
    "  certlifectl report --kind certificates --format pdf --out expiry.pdf --within-days 60\n"
    "  certlifectl report --kind certificates --format csv --out all.csv --scope system\n"
    "  certlifectl report --kind certificates --format html --out web.html --search example.org --state expiring\n"
    "  certlifectl report --kind events --format csv --out replaced.csv --id 1001,1004 --since 2026-01-01\n"
    "  certlifectl report --kind events --format json --out - --level error --channel system | jq .rows\n"
    "  certlifectl report --kind tasks --format html --out tasks.html\n"
    "  certlifectl report --kind certificates --format pdf --out fleet.pdf --within-days 30 \\\n"
    "      --fleet 'postgresql://db.example.com/certlife?user=alice&sslmode=verify-full' --password-file ~/.fleet\n";

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

    ReportBuildRequest build;
    build.kind = request.kind;
    build.scope = request.scope;
    build.certificates = request.certificates;
    build.events = request.events;
    BuiltReport built;
    if (request.fleet.isEmpty()) {
        LocalReportSource local;
        built = buildReport(local, build, clock);
    } else {
        fleet::FleetConnection connection;
        fleet::FleetAddress address;
        if (!connectToFleet(QStringLiteral("fleet"), request.fleet, request.passwordFile, QString::fromLatin1(kUsage),
                            connection, &address, io, &code))
            return code;
        FleetReportSource fleetSource(connection.database(), clock, request.fleetHost,
                                      request.fleetHost.isEmpty()
                                          ? QStringLiteral("fleet %1").arg(request.fleet)
                                          : QStringLiteral("%1 (fleet %2)").arg(request.fleetHost, request.fleet));
        built = buildReport(fleetSource, build, clock);
        if (fleetSource.failure())
            return failFleet(io, *fleetSource.failure());
    }
    if (!built.error.isEmpty())
        return fail(io, ExitFailure, built.error);

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
