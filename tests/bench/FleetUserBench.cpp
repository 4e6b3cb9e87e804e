// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench fleet-users: what the User channels add to the system agent's publish
// (docs/fleet.md, "User channels"), on a private PostgreSQL 15 cluster: N fake accounts
// (homes in a temporary directory, chowned to uids 5001 …: run as root), each opted in
// with a User log of E events. Interleaved in one run, A B C A B C: the System channel
// alone with nothing new (no accounts), the accounts unchanged since the last publish
// (nothing copied), and the accounts' logs touched (each copied and read, nothing new to
// send); then one first publish of every account's events. See docs/performance.md.

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
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QTextStream>
#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

namespace certlife::bench {

namespace {

QString figures(QList<Sample> samples)
{
    std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.wallMs < b.wallMs; });
    return QStringLiteral("best %1 ms (CPU %2 ms), median %3 ms (CPU %4 ms), of %5")
        .arg(samples.first().wallMs, 0, 'f', 1)
        .arg(samples.first().cpuMs, 0, 'f', 1)
        .arg(samples[samples.size() / 2].wallMs, 0, 'f', 1)
        .arg(samples[samples.size() / 2].cpuMs, 0, 'f', 1)
        .arg(samples.size());
}

bool chownTree(const QString& home, uint uid)
{
    bool ok = ::lchown(QFile::encodeName(home).constData(), uid, uid) == 0;
    QDirIterator it(home, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        ok = ::lchown(QFile::encodeName(it.next()).constData(), uid, uid) == 0 && ok;
    return ok;
}

// An opted-in account whose User log holds COUNT events (1006 New).
bool makeAccount(const FleetAccount& account, int count, QString* error)
{
    const QString config = account.home + QStringLiteral("/.config/certlife");
    QDir().mkpath(config);
    QFile policy(config + QStringLiteral("/policy.conf"));
    if (!policy.open(QIODevice::WriteOnly) || policy.write("[Policy]\nFleetPublishUserEvents=true\n") < 0) {
        *error = policy.errorString();
        return false;
    }
    policy.close();
    {
        EventLog log(account.home + QStringLiteral("/.local/state/certlife/events.sqlite"), Scope::User);
        if (!log.open(error))
            return false;
        QRandomGenerator rng(account.uid);
        const QDateTime start(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
        QList<LifecycleEvent> events;
        for (int i = 0; i < count; ++i) {
            LifecycleEvent e;
            e.id = EventId::New;
            e.channel = Scope::User;
            e.time = start.addSecs(i);
            e.account = account.name;
            e.action = Action::Detected;
            e.storeId = QStringLiteral("My");
            Certificate cert = syntheticCertificate(i, rng);
            cert.notBeforeSecs = start.toSecsSinceEpoch();
            cert.notAfterSecs = start.addDays(90).toSecsSinceEpoch();
            e.certificate = CertificateDetails::from(cert, QStringLiteral("%1/certs/%2.pem").arg(account.home).arg(i));
            e.message = QStringLiteral("New certificate %1 in My").arg(cert.subjectCN);
            events << e;
        }
        if (!log.append(events, error))
            return false;
    }
    if (!chownTree(account.home, account.uid)) {
        *error = QStringLiteral("cannot chown %1 (run as root)").arg(account.home);
        return false;
    }
    return true;
}

int runFleetUserBench(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption accountsOption(QStringLiteral("accounts"), QStringLiteral("Opted-in accounts."),
                                            QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("Events in each account's log."),
                                          QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of each measurement."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({accountsOption, eventsOption, runsOption});
    parser.addHelpOption();
    parser.process(args);
    const int accountCount = std::max(1, parser.value(accountsOption).toInt());
    const int eventCount = std::max(1, parser.value(eventsOption).toInt());
    const int runs = std::max(1, parser.value(runsOption).toInt());
    QTextStream out(stdout);
    if (::geteuid() != 0) {
        out << "certlife-bench fleet-users: run as root (the fake homes are chowned to other uids)\n";
        return 1;
    }

    const TestEnvironment env;
    PostgresCluster cluster;
    QString error;
    if (!cluster.start(&error) || !cluster.createDatabase(QStringLiteral("fleet"), &error)) {
        out << "certlife-bench fleet-users: " << error << "\n";
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
            out << "certlife-bench fleet-users: " << (failure ? failure.message : error) << "\n";
            return 1;
        }
    }
    QList<FleetAccount> accounts;
    qint64 logBytes = 0;
    out << "making " << accountCount << " accounts with " << eventCount << " events each\n";
    out.flush();
    for (int i = 0; i < accountCount; ++i) {
        const FleetAccount account{QStringLiteral("user%1").arg(i), uint(5001 + i),
                                   env.path(QStringLiteral("home/user%1").arg(i))};
        if (!makeAccount(account, eventCount, &error)) {
            out << "certlife-bench fleet-users: " << error << "\n";
            return 1;
        }
        logBytes += QFileInfo(account.home + QStringLiteral("/.local/state/certlife/events.sqlite")).size();
        accounts << account;
    }
    {
        EventLog system(Paths::eventLogFile(Scope::System), Scope::System);
        if (!system.open(&error)) {
            out << "certlife-bench fleet-users: " << error << "\n";
            return 1;
        }
    }

    FleetPublishJob job;
    job.database = cluster.uri(QStringLiteral("fleet"), fleet::defaultHostRole(host));
    job.passwordFile = passwordFile;
    job.host = host;
    job.eventLogFile = Paths::eventLogFile(Scope::System);
    job.cursorFile = env.path(QStringLiteral("cursor.json"));
    job.pass.logIdentity = QStringLiteral("bench-system");
    job.pass.heartbeat.agentVersion = QStringLiteral(CERTLIFE_VERSION);
    job.pass.heartbeat.lastContact = QDateTime(QDate(2026, 12, 7), QTime(12, 0), Qt::UTC);
    job.pass.heartbeat.lastPassTime = job.pass.heartbeat.lastContact;
    job.pass.heartbeat.lastPassOutcome = QStringLiteral("ok");
    job.users.database = job.database;
    job.users.host = host;
    job.users.cursorDir = env.path(QStringLiteral("fleet-user-cursors"));
    job.users.limits.eventsPerPublish = eventCount + 1; // each log read to its end in one publish

    // The first publish of every account's events (and the System channel's nothing).
    FleetPublishJob first = job;
    first.users.accounts = accounts;
    FleetPublishReport report;
    const Sample firstPublish = measure([&] { report = publishToFleet(first); });
    const int firstStored = report.userEventsStored;
    bool ok = report.ok && report.userProblems.isEmpty() && firstStored == accountCount * eventCount;
    if (!ok)
        out << "  first publish: " << report.problem << report.userProblems.join(QLatin1Char(';')) << " ("
            << report.userEventsStored << " stored)\n";

    QList<Sample> systemOnly, unchanged, touched;
    for (int r = 0; r < runs; ++r) {
        FleetPublishJob none = job; // no accounts: the System channel alone
        systemOnly << measure([&] { report = publishToFleet(none); });
        ok = ok && report.ok;
        unchanged << measure([&] { report = publishToFleet(first); });
        ok = ok && report.ok && report.userProblems.isEmpty() && report.userEventsStored == 0;
        for (const FleetAccount& account : accounts) // a new modification time: copied and read again
            ::utimensat(
                AT_FDCWD,
                QFile::encodeName(account.home + QStringLiteral("/.local/state/certlife/events.sqlite")).constData(),
                nullptr, 0);
        touched << measure([&] { report = publishToFleet(first); });
        ok = ok && report.ok && report.userProblems.isEmpty() && report.userEventsStored == 0;
    }

    double load[3] = {};
    ::getloadavg(load, 3);
    out << "certlife-bench fleet-users: " << machineSummary() << ", load average " << QString::number(load[0], 'f', 1)
        << "; " << accountCount << " accounts, " << eventCount << " events and "
        << QString::number(double(logBytes) / accountCount / 1024.0, 'f', 0)
        << " KiB of log each; CPU is this process's (not the server's)\n";
    out << "  first publish of every account's events:        " << QString::number(firstPublish.wallMs, 'f', 1)
        << " ms (CPU " << QString::number(firstPublish.cpuMs, 'f', 1) << " ms), " << firstStored << " stored\n";
    out << "  System channel alone, nothing new (baseline):    " << figures(systemOnly) << "\n";
    out << "  with the accounts, their logs unchanged:         " << figures(unchanged) << "\n";
    out << "  with the accounts, their logs touched (copied):  " << figures(touched) << "\n";
    return ok ? 0 : 1;
}

const BenchRegistration registration{
    "fleet-users", "Fleet publish of opted-in accounts' User logs: first, unchanged, touched", &runFleetUserBench};

} // namespace

} // namespace certlife::bench
