// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench fleet: the agent's publish (issue 17: 10,000 new events in under a
// second; a pass with nothing new writes only its heartbeat in under 20 ms over a Unix
// socket), on a private PostgreSQL 15 cluster, against a baseline in the same run: one
// connection that logs in, runs SELECT 1 and closes. See docs/performance.md ("Fleet").

#include "BenchMain.h"
#include "BenchSupport.h"

#include "PostgresCluster.h"
#include "TestEnvironment.h"
#include "agent/FleetPublisher.h"
#include "eventlog/EventLog.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetSchema.h"
#include "util/Paths.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTextStream>
#include <algorithm>
#include <cstdlib>

using namespace certlife;
using namespace certlife::test;

namespace certlife::bench {

namespace {

QString figures(QList<Sample> samples)
{
    std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.wallMs < b.wallMs; });
    const Sample& best = samples.first();
    const Sample& median = samples[samples.size() / 2];
    return QStringLiteral("best %1 ms (CPU %2 ms), median %3 ms (CPU %4 ms), of %5")
        .arg(best.wallMs, 0, 'f', 1)
        .arg(best.cpuMs, 0, 'f', 1)
        .arg(median.wallMs, 0, 'f', 1)
        .arg(median.cpuMs, 0, 'f', 1)
        .arg(samples.size());
}

// COUNT events in the System log, as a pass records them (1006 New, one certificate each).
bool fillLog(int count, QString* error)
{
    EventLog log(Paths::eventLogFile(Scope::System), Scope::System);
    if (!log.open(error))
        return false;
    QRandomGenerator rng(17);
    const QDateTime start(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
    constexpr int kBatch = 5000;
    for (int done = 0; done < count; done += kBatch) {
        QList<LifecycleEvent> events;
        for (int i = done; i < std::min(count, done + kBatch); ++i) {
            LifecycleEvent e;
            e.id = EventId::New;
            e.channel = Scope::System;
            e.time = start.addSecs(i);
            e.host = QStringLiteral("bench1");
            e.action = Action::Detected;
            e.storeId = QStringLiteral("My");
            Certificate cert = syntheticCertificate(i, rng);
            cert.notBeforeSecs = start.toSecsSinceEpoch();
            cert.notAfterSecs = start.addDays(90).toSecsSinceEpoch();
            e.certificate = CertificateDetails::from(cert, QStringLiteral("/etc/ssl/bench/%1.pem").arg(i));
            e.message = QStringLiteral("New certificate %1 in My").arg(cert.subjectCN);
            events << e;
        }
        if (!log.append(events, error))
            return false;
    }
    return true;
}

QList<fleet::FleetCertificate> inventory(int count)
{
    QRandomGenerator rng(18);
    QList<fleet::FleetCertificate> out;
    for (int i = 0; i < count; ++i) {
        const Certificate cert = syntheticCertificate(i, rng);
        fleet::FleetCertificate c;
        c.channel = QStringLiteral("System");
        c.store = QStringLiteral("My");
        c.sha256 = cert.sha256Hex();
        c.thumbprint = cert.thumbprint();
        c.paths = {QStringLiteral("/etc/ssl/bench/%1.pem").arg(i)};
        c.subject = cert.subject;
        c.sans = cert.sanStrings();
        c.issuer = cert.issuer;
        c.notBefore = QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
        c.notAfter = c.notBefore.addDays(90);
        c.key = QStringLiteral("EC 256");
        c.state = QStringLiteral("Healthy");
        out << c;
    }
    return out;
}

int runFleetBench(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("New events to publish."),
                                          QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption certsOption(QStringLiteral("certs"), QStringLiteral("Certificates in the inventory."),
                                         QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of each measurement."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({eventsOption, certsOption, runsOption});
    parser.addHelpOption();
    parser.process(args);
    const int eventCount = parser.value(eventsOption).toInt();
    const int runs = std::max(1, parser.value(runsOption).toInt());
    QTextStream out(stdout);

    const TestEnvironment env; // the System state directory in a temporary one
    PostgresCluster cluster;
    QString error;
    if (!cluster.start(&error) || !cluster.createDatabase(QStringLiteral("fleet"), &error)) {
        out << "certlife-bench fleet: " << error << "\n";
        return 1;
    }
    const QString host = QStringLiteral("bench1");
    const QString password = fleet::generatePassword();
    const QString passwordFile = env.path(QStringLiteral("bench1.password"));
    {
        fleet::FleetConnection admin;
        fleet::FleetError failure;
        const std::optional<fleet::FleetAddress> address =
            fleet::parseFleetAddress(cluster.uri(QStringLiteral("fleet")), &error);
        if (!address || !admin.open(*address, cluster.superuserPassword(), &failure)
            || !fleet::migrate(admin.database(), &error)
            || !fleet::addHost(admin.database(), host, fleet::defaultHostRole(host), password, &error)
            || !fleet::createPasswordFile(passwordFile, password, &error)) {
            out << "certlife-bench fleet: " << (failure ? failure.message : error) << "\n";
            return 1;
        }
    }
    out << "making a System log of " << eventCount << " events\n";
    out.flush();
    if (!fillLog(eventCount, &error)) {
        out << "certlife-bench fleet: " << error << "\n";
        return 1;
    }
    const QString uri = cluster.uri(QStringLiteral("fleet"), fleet::defaultHostRole(host));

    // Baseline: what any publish pays before it writes anything (log in over the socket
    // with SCRAM-SHA-256, one statement, close).
    QList<Sample> baseline;
    for (int r = 0; r < runs; ++r) {
        baseline << measure([&] {
            const std::optional<fleet::FleetAddress> address = fleet::parseFleetAddress(uri, &error);
            fleet::FleetConnection connection;
            fleet::FleetError failure;
            if (address && connection.open(*address, password, &failure)) {
                QSqlQuery q(connection.database());
                q.exec(QStringLiteral("SELECT 1"));
            }
        });
    }

    FleetPublishJob job;
    job.database = uri;
    job.passwordFile = passwordFile;
    job.host = host;
    job.eventLogFile = Paths::eventLogFile(Scope::System);
    job.pass.heartbeat.agentVersion = QStringLiteral(CERTLIFE_VERSION);
    job.pass.heartbeat.lastContact = QDateTime(QDate(2026, 12, 7), QTime(12, 0), Qt::UTC);
    job.pass.heartbeat.lastPassTime = job.pass.heartbeat.lastContact;
    job.pass.heartbeat.lastPassOutcome = QStringLiteral("ok");
    job.pass.inventory = inventory(parser.value(certsOption).toInt());

    // Every event new to the database: each run publishes as a log of its own.
    QList<Sample> firstPublish, nothingNew;
    int stored = 0;
    bool ok = true;
    for (int r = 0; r < runs; ++r) {
        job.pass.logIdentity = QStringLiteral("bench-run-%1").arg(r);
        job.cursorFile = env.path(QStringLiteral("cursor-%1.json").arg(r));
        FleetPublishReport report;
        firstPublish << measure([&] { report = publishToFleet(job); });
        ok = ok && report.ok && report.eventsStored == eventCount;
        stored = report.eventsStored;
        if (!report.ok)
            out << "  publish failed: " << report.problem << "\n";
        nothingNew << measure([&] { report = publishToFleet(job); });
        ok = ok && report.ok && report.eventsStored == 0 && !report.inventorySent;
    }
    for (int r = 0; r < runs * 3; ++r) // more samples of the one that must be quick
        nothingNew << measure([&] { publishToFleet(job); });

    double load[3] = {};
    ::getloadavg(load, 3);
    out << "certlife-bench fleet: " << machineSummary() << ", load average " << QString::number(load[0], 'f', 1)
        << ", PostgreSQL over a Unix socket, SCRAM-SHA-256; CPU is this process's (not the server's)\n";
    out << "  baseline (log in, SELECT 1, close):            " << figures(baseline) << "\n";
    out << "  publish " << eventCount << " new events + " << job.pass.inventory.size()
        << "-certificate inventory: " << figures(firstPublish) << " (" << stored << " stored)\n";
    out << "  publish with nothing new (heartbeat only):     " << figures(nothingNew) << "\n";
    return ok ? 0 : 1;
}

const BenchRegistration registration{"fleet", "Fleet publish: 10,000 new events, a pass with nothing new, a login",
                                     &runFleetBench};

} // namespace

} // namespace certlife::bench
