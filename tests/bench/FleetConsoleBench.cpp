// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench fleet-console: the console over a large fleet (issue 17: 1,000 hosts ×
// 200 certificates and 10,000,000 events; the fleet Overview painted in under a second,
// the first page of events for each filter in under 50 ms, the console under 300 MiB),
// measured with the real window (offscreen) on a private PostgreSQL 15 cluster, against
// baselines in the same run: the same page read through a connection already open, and
// the same rows selected without the console. See docs/performance.md ("Fleet: the
// console").

#include "BenchMain.h"
#include "BenchSupport.h"

#include "MainWindow.h"
#include "PostgresCluster.h"
#include "TestEnvironment.h"
#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "console/FleetConsoleSource.h"
#include "console/FleetHostTableModel.h"
#include "fleet/FleetHosts.h"
#include "fleet/FleetReader.h"
#include "fleet/FleetSchema.h"
#include "models/CatalogInventorySource.h"
#include "models/CertificateTableModel.h"
#include "models/EventLogSource.h"
#include "models/EventTableModel.h"
#include "models/ExpirySummaryModel.h"

#include <QCommandLineParser>
#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTest>
#include <QTextStream>
#include <algorithm>
#include <cstdlib>
#include <ctime>

using namespace certlife;
using namespace certlife::test;

namespace certlife::bench {

namespace {

// The fleet's now: the synthetic dates are spread around it, and the console's clock is it.
const QDateTime kNow(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);
const QString kReader = QStringLiteral("bench_reader");
constexpr int kPageSize = 250; // the Events page's (EventTableModel's default)

struct Figures
{
    Sample best, median;
};

Figures figuresOf(QList<Sample> samples)
{
    std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.wallMs < b.wallMs; });
    return {samples.first(), samples[samples.size() / 2]};
}

QString text(const Figures& f)
{
    return QStringLiteral("%1 ms (CPU %2), median %3 ms")
        .arg(f.best.wallMs, 0, 'f', 1)
        .arg(f.best.cpuMs, 0, 'f', 1)
        .arg(f.median.wallMs, 0, 'f', 1);
}

QString loadAverage()
{
    double load[3] = {};
    ::getloadavg(load, 3);
    return QString::number(load[0], 'f', 2);
}

QString sqlTime(const QDateTime& t)
{
    return QStringLiteral("'%1'::timestamptz").arg(t.toString(Qt::ISODate));
}

QString hostName(const QString& number)
{
    return QStringLiteral("format('host%s.example.org', lpad((%1)::text, 4, '0'))").arg(number);
}

// The synthetic fleet, made by the server itself (generate_series) in the schema migrate()
// made: HOSTS hosts (every 37th silent for three days, every 53rd with a failed pass),
// CERTS certificates each (four stores, a tenth in the User channel, expiry spread from 30
// days ago to 970 days ahead, lifetimes of 90 days to 825), and EVENTS events over the two
// years before now, in passes of 50 events sharing a time, from hosts of uneven activity
// (host 1 the busiest), with the ids' realistic mix (1006 New and 1003 the most, 1201 the
// fewest) and the `data` the agents' `events --json` gives.
bool fillFleet(const PostgresCluster& cluster, const QString& database, int hosts, int certs, qint64 events,
               QTextStream& out, QString* error)
{
    const QString now = sqlTime(kNow);
    const QStringList setup{
        QStringLiteral("INSERT INTO certlife.fleet_hosts (role_name, host) SELECT format('certlife_host_bench%s', i), "
                       "%1 FROM generate_series(1, %2) i")
            .arg(hostName(QStringLiteral("i")))
            .arg(hosts),
        QStringLiteral("INSERT INTO certlife.hosts (host, agent_version, last_contact, last_pass_time, "
                       "last_pass_outcome, last_pass_error, rescan_interval_seconds) SELECT %1, '0.1.0', "
                       "CASE WHEN i %% 37 = 0 THEN %2 - interval '3 days' ELSE %2 - (i %% 240) * interval '1 minute' "
                       "END, %2 - (i %% 240) * interval '1 minute', CASE WHEN i %% 53 = 0 THEN 'errors' ELSE 'ok' END, "
                       "CASE WHEN i %% 53 = 0 THEN 'nginx: permission denied' END, 28800 FROM generate_series(1, %3) i")
            .arg(hostName(QStringLiteral("i")), now)
            .arg(hosts)
            .replace(QLatin1String("%%"), QLatin1String("%")),
        QStringLiteral(
            "INSERT INTO certlife.certificates (host, channel, store, sha256, thumbprint, paths, subject, sans, "
            "issuer, not_before, not_after, key, state, problems, updated_at) "
            "SELECT h.name, CASE WHEN c %% 10 = 0 THEN 'User' ELSE 'System' END, "
            "(ARRAY['My', 'ssl-certs', 'nginx', 'postfix'])[1 + c %% 4], "
            "upper(md5(h.name || '/' || c) || md5(c || '/' || h.name)), upper(left(md5('t' || h.name || c) || "
            "md5('u' || c), 40)), ARRAY[format('/etc/ssl/%s/svc%s.pem', h.name, c)], "
            "format('CN=svc%s.%s,O=Example Corp,C=DE', c, h.name), "
            "ARRAY[format('DNS:svc%s.%s', c, h.name), format('DNS:www.svc%s.%s', c, h.name)], "
            "(ARRAY['CN=Example Issuing CA 1,O=Example Corp', 'CN=R3,O=Let''s Encrypt,C=US', "
            "'CN=Example Issuing CA 2,O=Example Corp', 'CN=GTS CA 1P5,O=Google Trust Services LLC,C=US'])[1 + "
            "(h.i + c) %% 4], %1 + d.left_days * interval '1 day' - d.life * interval '1 day', %1 + d.left_days * "
            "interval '1 day', CASE WHEN c %% 3 = 0 THEN 'RSA 2048' ELSE 'EC 256' END, "
            "CASE WHEN c %% 97 = 0 THEN 'archived' WHEN d.left_days < 0 THEN 'expired' WHEN d.left_days * 10 <= "
            "d.life THEN 'expiring' WHEN d.left_days <= 30 THEN '30' WHEN d.left_days <= 60 THEN '60' WHEN "
            "d.left_days <= 90 THEN '90' ELSE 'healthy' END, '[]', %1 "
            "FROM (SELECT i, %2 AS name FROM generate_series(1, %3) i) h, generate_series(1, %4) c, "
            "LATERAL (SELECT ((h.i * 31 + c * 17) %% 1000) - 30 AS left_days) l, "
            "LATERAL (SELECT l.left_days, greatest((ARRAY[90, 365, 397, 825])[1 + (h.i * 7 + c * 13) %% 4], "
            "l.left_days + 30) AS life) d")
            .arg(now, hostName(QStringLiteral("i")))
            .arg(hosts)
            .arg(certs)
            .replace(QLatin1String("%%"), QLatin1String("%")),
    };
    for (const QString& sql : setup) {
        if (!cluster.exec(database, sql, error))
            return false;
    }
    out << "  " << hosts << " hosts and " << qint64(hosts) * certs << " certificates made\n";
    out.flush();
    // Events in chunks (one statement each, progress between them).
    constexpr qint64 kChunk = 500000;
    const double spanSeconds = 730.0 * 86400;
    for (qint64 from = 1; from <= events; from += kChunk) {
        const qint64 to = std::min(events, from + kChunk - 1);
        const QString sql =
            QStringLiteral(
                "INSERT INTO certlife.events (host, channel, log_identity, record_id, event_id, level, time, store, "
                "thumbprint, message, data) "
                "SELECT e.host, e.channel, 'bench', e.g, e.event_id, e.level, e.time, e.store, e.thumbprint, "
                "e.message, jsonb_build_object('recordId', e.g, 'time', to_char(e.time AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'eventId', e.event_id, 'level', e.level, 'channel', e.channel, "
                "'host', e.host, 'account', 'root', 'process', 'certlifectl[812]', 'action', e.action, 'store', "
                "e.store, 'message', e.message, 'certificate', jsonb_build_object('thumbprint', e.thumbprint, "
                "'sha256', upper(md5(e.cn) || md5(e.host)), 'subject', 'CN=' || e.cn || ',O=Example Corp', "
                "'subjectCN', e.cn, 'issuer', 'CN=Example Issuing CA 1,O=Example Corp', 'sans', "
                "jsonb_build_array('DNS:' || e.cn))) "
                "FROM (SELECT g, %1 AS host, CASE WHEN g %% 10 = 3 THEN 'User' ELSE 'System' END AS channel, "
                "k.event_id, CASE WHEN k.event_id IN (1002) THEN 'Error' WHEN k.event_id IN (1003, 1101) THEN "
                "'Warning' ELSE 'Information' END AS level, "
                "CASE WHEN k.event_id = 1001 THEN 'renew' WHEN k.event_id = 1004 THEN 'delete' WHEN k.event_id = "
                "1005 THEN 'archive' WHEN k.event_id = 1007 THEN 'export' ELSE 'detected' END AS action, "
                "%2 - interval '%3 seconds' + (g / 50) * interval '%4 seconds' AS time, "
                "(ARRAY['My', 'ssl-certs', 'nginx', 'postfix'])[1 + g %% 4] AS store, "
                "upper(left(md5(g::text), 40)) AS thumbprint, format('svc%s.%s', g %% 200, %1) AS cn, "
                "format('%s certificate svc%s in %s', k.event_id, g %% 200, (ARRAY['My', 'ssl-certs', 'nginx', "
                "'postfix'])[1 + g %% 4]) AS message "
                "FROM generate_series(%5::bigint, %6) g, "
                // the ids' mix from a hash of g: 30 %% New, 25 %% close to expiration, …, 1 %% acknowledged (1201)
                "LATERAL (SELECT (g * 7919) %% 100 AS b) m, "
                "LATERAL (SELECT CASE WHEN m.b < 30 THEN 1006 WHEN m.b < 40 THEN 1004 WHEN m.b < 55 THEN 1001 "
                "WHEN m.b < 80 THEN 1003 WHEN m.b < 90 THEN 1002 WHEN m.b < 92 THEN 1005 WHEN m.b < 93 THEN 1007 "
                "WHEN m.b < 96 THEN 1101 WHEN m.b < 99 THEN 1102 ELSE 1201 END AS event_id) k) e")
                // uneven activity: host = 1 + HOSTS × u², u uniform from a hash of g
                .arg(hostName(QStringLiteral("1 + floor(%1 * power(((g * 2654435761) %% 1000003) / 1000003.0, 2))")
                                  .arg(hosts)),
                     sqlTime(kNow))
                .arg(qint64(spanSeconds))
                .arg(spanSeconds * 50 / double(events), 0, 'f', 3)
                .arg(from)
                .arg(to)
                .replace(QLatin1String("%%"), QLatin1String("%"));
        if (!cluster.exec(database, sql, error))
            return false;
        out << "  events " << to << " of " << events << " (load " << loadAverage() << ")\n";
        out.flush();
    }
    return cluster.exec(database, QStringLiteral("VACUUM ANALYZE"), error);
}

// A database of this size: made once, kept with the cluster (--keep), upgraded by
// migrate() when the code's schema is newer.
bool prepareFleet(PostgresCluster& cluster, const QString& database, int hosts, int certs, qint64 events,
                  QTextStream& out, QString* error)
{
    fleet::FleetConnection admin;
    fleet::FleetError failure;
    std::optional<fleet::FleetAddress> address =
        fleet::parseFleetAddress(cluster.uri(QStringLiteral("postgres")), error);
    if (!address || !admin.open(*address, cluster.superuserPassword(), &failure)) {
        if (failure)
            *error = failure.message;
        return false;
    }
    QSqlQuery q(admin.database());
    q.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
    q.addBindValue(database);
    const bool exists = q.exec() && q.next();
    if (!exists && !cluster.createDatabase(database, error))
        return false;
    fleet::FleetConnection owner;
    address = fleet::parseFleetAddress(cluster.uri(database), error);
    if (!address || !owner.open(*address, cluster.superuserPassword(), &failure)) {
        if (failure)
            *error = failure.message;
        return false;
    }
    QElapsedTimer t;
    t.start();
    const int before = fleet::schemaVersion(owner.database(), error);
    if (!fleet::migrate(owner.database(), error))
        return false;
    if (exists && before < fleet::kSchemaVersion)
        out << "  kept fleet upgraded from schema version " << before << " to " << fleet::kSchemaVersion << " in "
            << qRound(ms(t)) << " ms\n";
    if (!exists) {
        out << "making the fleet (server-side, once; --keep DIR keeps it)\n";
        out.flush();
        t.restart();
        if (!fillFleet(cluster, database, hosts, certs, events, out, error))
            return false;
        out << "  made in " << QString::number(ms(t) / 1000, 'f', 1) << " s\n";
    }
    // The console's login: a member of certlife_reader with a password of this run.
    return cluster.exec(database,
                        QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1') THEN "
                                       "CREATE ROLE %1 LOGIN IN ROLE certlife_reader; END IF; END $$; "
                                       "ALTER ROLE %1 PASSWORD 'bench-reader-password'")
                            .arg(kReader),
                        error);
}

// Waits for F while the event loop runs; false after 120 s.
template <typename F> bool waitFor(F&& condition)
{
    return QTest::qWaitFor(condition, 120000);
}

struct EventFilter
{
    QString name;
    EventQuery query;
};

int runFleetConsoleBench(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption hostsOption(QStringLiteral("hosts"), QStringLiteral("Hosts in the fleet."),
                                         QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption certsOption(QStringLiteral("certs"), QStringLiteral("Certificates per host."),
                                         QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("Events in the fleet."),
                                          QStringLiteral("N"), QStringLiteral("10000000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of each page measurement."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption keepOption(QStringLiteral("keep"),
                                        QStringLiteral("Keep the cluster and its fleet in DIR for the next run."),
                                        QStringLiteral("DIR"));
    parser.addOptions({hostsOption, certsOption, eventsOption, runsOption, keepOption});
    parser.addHelpOption();
    parser.process(args);
    const int hosts = parser.value(hostsOption).toInt();
    const int certs = parser.value(certsOption).toInt();
    const qint64 eventCount = parser.value(eventsOption).toLongLong();
    const int runs = std::max(1, parser.value(runsOption).toInt());
    QTextStream out(stdout);

    const TestEnvironment env; // the console's settings and local logs in a temporary directory
    std::unique_ptr<PostgresCluster> cluster = parser.isSet(keepOption)
        ? std::make_unique<PostgresCluster>(parser.value(keepOption))
        : std::make_unique<PostgresCluster>();
    QString error;
    const QString database = QStringLiteral("fleet_h%1_c%2_e%3").arg(hosts).arg(certs).arg(eventCount);
    if (!cluster->start(&error) || !prepareFleet(*cluster, database, hosts, certs, eventCount, out, &error)) {
        out << "certlife-bench fleet-console: " << error << "\n";
        return 1;
    }
    const QString passwordFile = env.path(QStringLiteral("reader.password"));
    if (!fleet::createPasswordFile(passwordFile, QStringLiteral("bench-reader-password"), &error)) {
        out << "certlife-bench fleet-console: " << error << "\n";
        return 1;
    }
    const FleetLocation location{cluster->uri(database, kReader), passwordFile};
    auto clock = std::make_shared<FixedClock>(kNow);
    const qint64 certificates = qint64(hosts) * certs;

    out << "certlife-bench fleet-console: " << machineSummary() << ", " << hosts << " hosts, " << certificates
        << " certificates, " << eventCount << " events, PostgreSQL 15 over a Unix socket (SCRAM-SHA-256), "
        << "schema version " << fleet::kSchemaVersion << "\n";
    out << "load average before: " << loadAverage() << "\n";
    out.flush();

    // Baselines: one connection kept open (logged in once), the rows as selected, not used.
    const std::optional<fleet::FleetAddress> address = fleet::parseFleetAddress(location.uri, &error);
    fleet::FleetConnection open;
    fleet::FleetError failure;
    if (!address || !open.open(*address, QStringLiteral("bench-reader-password"), &failure)) {
        out << "certlife-bench fleet-console: " << (failure ? failure.message : error) << "\n";
        return 1;
    }
    QList<Sample> login, selectAll, hostCounts;
    for (int r = 0; r < runs; ++r) {
        login << measure([&] {
            fleet::FleetConnection c;
            fleet::FleetError ignored;
            c.open(*address, QStringLiteral("bench-reader-password"), &ignored);
        });
        selectAll << measure([&] {
            QSqlQuery q(open.database());
            q.setForwardOnly(true);
            q.exec(
                QStringLiteral("SELECT host, channel, store, sha256, thumbprint, paths, subject, sans, issuer, "
                               "not_before, not_after, key, state, problems, updated_at FROM certlife.certificates"));
            while (q.next()) {}
        });
        hostCounts << measure([&] {
            fleet::FleetError ignored;
            fleet::FleetReader(open.database(), clock).hosts(&ignored);
        });
    }
    out << "baseline: log in and out: " << text(figuresOf(login)) << "\n";
    out << "baseline: SELECT every certificate row (" << certificates
        << "), nothing done with them: " << text(figuresOf(selectAll)) << "\n";
    out << "FleetReader::hosts() on an open connection (By host): " << text(figuresOf(hostCounts)) << "\n";
    out.flush();

    // The console: started on this computer (nothing in it), then File → Connect to fleet.
    ConsoleSettings settings(env.path(QStringLiteral("console.conf")));
    ConsoleController::Sources sources;
    sources.inventory = std::make_shared<CatalogInventorySource>(clock);
    sources.events = EventLogSource::forDefaultPaths();
    sources.clock = clock;
    ConsoleController controller(sources);
    ui::MainWindow window(&controller, &settings, {});
    window.resize(1440, 900);
    window.show();
    controller.start(3600 * 1000); // no polling round during the measurements
    if (!waitFor([&] { return controller.hasLoadedSummary(); })) {
        out << "the local console did not start\n";
        return 1;
    }
    QCoreApplication::processEvents();
    const qint64 rssBefore = currentRssKiB();
    resetPeakRss();
    const double cpu0 = processCpuMs();
    QElapsedTimer t;
    t.start();
    bool connected = false;
    QCoro::connect(window.connectToFleet(location), &window, [&](bool ok) { connected = ok; });
    if (!waitFor([&] {
            return controller.isFleet() && controller.hasLoadedSummary()
                && controller.fleetHostModel()->rowCount() == hosts;
        })) {
        out << "the fleet Overview did not arrive within 120 s (connected " << connected << ")\n";
        return 1;
    }
    window.repaint();
    const double overviewPainted = ms(t);
    const double overviewCpu = processCpuMs() - cpu0;
    const int overviewTotal = controller.summary()->summary().total.total();
    if (!waitFor([&] { return controller.certificates()->rowCount() == certificates; })) {
        out << "the fleet's certificates did not arrive within 120 s (" << controller.certificates()->rowCount()
            << ")\n";
        return 1;
    }
    const double rowsIn = ms(t);
    const double rowsCpu = processCpuMs() - cpu0;
    // The first events page and the counts the switch starts, so that they do not run
    // beside the page measurements.
    waitFor([&] { return controller.events()->totalCount() >= 0 && controller.eventCount() >= 0; });
    const double countsIn = ms(t);
    QCoreApplication::processEvents();
    const qint64 peak = peakRssKiB();
    out << "console: Connect to fleet → Overview painted (" << overviewTotal << " certificates in its tiles, " << hosts
        << " hosts in By host): " << qRound(overviewPainted) << " ms (process CPU " << qRound(overviewCpu)
        << " ms); every certificate row in the models: " << qRound(rowsIn) << " ms (CPU " << qRound(rowsCpu)
        << " ms); the event counts (" << controller.eventCount() << " events): " << qRound(countsIn) << " ms\n";
    out << "console memory: VmHWM " << peak / 1024 << " MiB with the fleet open (RSS before connecting "
        << rssBefore / 1024 << " MiB, now " << currentRssKiB() / 1024 << " MiB)\n";
    out.flush();

    // The first page of events for each filter: through the Events page's model (a
    // worker's connection, the page in the table), the console's source alone (log in,
    // read, out), and the same page on the open connection (the baseline).
    EventQuery all;
    EventQuery oneHost;
    oneHost.host = QStringLiteral("host%1.example.org").arg(hosts / 2, 4, 10, QLatin1Char('0'));
    EventQuery expired;
    expired.ids = {EventId::Expired};
    EventQuery acknowledged;
    acknowledged.ids = {EventId::Acknowledged};
    EventQuery week;
    week.since = kNow.addDays(-400);
    week.until = week.since.addDays(7);
    EventQuery hostExpired = oneHost;
    hostExpired.ids = {EventId::Expired};
    const QList<EventFilter> filters{{QStringLiteral("all"), all},
                                     {QStringLiteral("one host (") + oneHost.host + QLatin1Char(')'), oneHost},
                                     {QStringLiteral("one id (1002 Expired, 10 %)"), expired},
                                     {QStringLiteral("one rare id (1201 Acknowledged, 1 %)"), acknowledged},
                                     {QStringLiteral("a week, 400 days ago"), week},
                                     {QStringLiteral("one host + 1002"), hostExpired}};
    const auto fleetSource = std::make_shared<FleetConsoleSource>(location, clock);
    EventTableModel* model = controller.events();
    bool met = overviewPainted < 1000 && peak < 300 * 1024;
    for (const EventFilter& filter : filters) {
        QList<Sample> shown, source, baseline, second;
        qint64 matching = -1;
        for (int r = 0; r < runs; ++r) {
            EventQuery q = filter.query;
            q.limit = kPageSize;
            // In the model: a new filter empties the table and the first page follows.
            EventQuery nothing; // another filter first, so that the next one reloads (and counts fast)
            nothing.host = QStringLiteral("no-such-host.invalid");
            model->setFilter(nothing);
            waitFor([&] { return !model->isLoading() && model->totalCount() >= 0; });
            bool loaded = false;
            const QMetaObject::Connection c =
                QObject::connect(model, &EventTableModel::pageLoaded, [&] { loaded = true; });
            shown << measure([&] {
                model->setFilter(filter.query);
                waitFor([&] { return loaded; });
            });
            QObject::disconnect(c);
            waitFor([&] { return model->totalCount() >= 0; });
            matching = model->totalCount();
            source << measure([&] { fleetSource->fetch(q); });
            fleet::FleetError ignored;
            const fleet::FleetReader reader(open.database(), clock);
            std::optional<QList<LifecycleEvent>> page;
            baseline << measure([&] { page = reader.events(q, &ignored); });
            if (page && !page->isEmpty()) { // the next page, after the first's last row
                q.after = EventCursor::of(page->constLast());
                second << measure([&] { reader.events(q, &ignored); });
            }
        }
        const Figures f = figuresOf(shown);
        met = met && f.median.wallMs < 50;
        out << "events, " << filter.name << " (" << matching << " match): page in the table " << text(f)
            << "; FleetConsoleSource::fetch " << text(figuresOf(source)) << "; baseline, the same page on an open "
            << "connection " << text(figuresOf(baseline)) << "; its next page "
            << (second.isEmpty() ? QStringLiteral("-") : text(figuresOf(second))) << "; ratio table/baseline "
            << QString::number(f.median.wallMs / std::max(0.001, figuresOf(baseline).median.wallMs), 'f', 1) << "\n";
        out.flush();
    }
    out << "load average after: " << loadAverage() << "\n";
    out << (met ? "targets met\n" : "targets NOT all met\n");
    return met ? 0 : 1;
}

const BenchRegistration registration{"fleet-console",
                                     "The console over a fleet of 1,000 hosts, 200,000 certificates, 10,000,000 "
                                     "events: Overview, event pages, memory",
                                     &runFleetConsoleBench, true};

} // namespace

} // namespace certlife::bench
