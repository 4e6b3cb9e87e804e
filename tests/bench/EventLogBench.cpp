// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench events: batched insert rate of the EventLog and the latency of the
// first page (100 rows) of every kind of filter on a large log (docs/eventlog.md).
#include "../core/eventlog/EventFixtures.h"
#include "eventlog/EventLog.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <functional>
#include <time.h>

using namespace certlife;
using namespace certlife::test;

namespace {

constexpr int kCertificates = 20000;
constexpr int kEventsPerTick = 20; // one scan pass logs many events with the same time
constexpr qint64 kTickSeconds = 600;
const QString kRareText = QStringLiteral("rare-host.internal.corp");

struct Mix
{
    QList<CertificateDetails> certificates;
    QStringList stores;
    QList<int> storeWeights;
    QList<std::pair<EventId, int>> idWeights;
};

Mix makeMix()
{
    Mix m;
    const QStringList domains{QStringLiteral("example.org"), QStringLiteral("example.com"),
                              QStringLiteral("corp.local"), QStringLiteral("shop.example.net")};
    for (int i = 0; i < kCertificates; ++i)
        m.certificates << fixtureCertificate(i, domains[i % domains.size()]);
    m.certificates[4242] = fixtureCertificate(4242, kRareText); // a text that matches a handful of events
    m.stores = {QStringLiteral("system"),       QStringLiteral("My"),
                QStringLiteral("certbot-live"), QStringLiteral("certbot-archive"),
                QStringLiteral("nginx"),        QStringLiteral("apache"),
                QStringLiteral("postfix"),      QStringLiteral("dovecot"),
                QStringLiteral("openldap"),     QStringLiteral("haproxy"),
                QStringLiteral("k8s-ingress"),  QStringLiteral("docker"),
                QStringLiteral("vpn"),          QStringLiteral("radius"),
                QStringLiteral("grafana"),      QStringLiteral("gitlab"),
                QStringLiteral("jenkins"),      QStringLiteral("tls-endpoints"),
                QStringLiteral("smime"),        QStringLiteral("hsm-export")};
    m.storeWeights = {300, 120, 100, 90, 80, 60, 50, 40, 30, 30, 25, 20, 15, 10, 10, 8, 5, 4, 2, 1};
    m.idWeights = {{EventId::CloseToExpiration, 45},
                   {EventId::Expired, 15},
                   {EventId::New, 15},
                   {EventId::Deleted, 10},
                   {EventId::Replace, 8},
                   {EventId::Archived, 5},
                   {EventId::Exported, 2}};
    return m;
}

template <typename T> const T& pick(const QList<T>& values, const QList<int>& weights, QRandomGenerator& rng)
{
    int total = 0;
    for (int w : weights)
        total += w;
    int r = int(rng.bounded(total));
    for (int i = 0; i < values.size(); ++i) {
        if ((r -= weights[i]) < 0)
            return values[i];
    }
    return values.last();
}

LifecycleEvent makeEvent(const Mix& m, qint64 index, QRandomGenerator& rng)
{
    static const QList<int> idWeight = [&] {
        QList<int> w;
        for (const auto& p : m.idWeights)
            w << p.second;
        return w;
    }();
    QList<EventId> ids;
    for (const auto& p : m.idWeights)
        ids << p.first;
    const EventId id = pick(ids, idWeight, rng);
    const int cert = int(rng.bounded(kCertificates));
    LifecycleEvent e =
        fixtureEvent(id, 0, pick(m.stores, m.storeWeights, rng), fixtureTime((index / kEventsPerTick) * kTickSeconds));
    e.certificate = m.certificates[cert];
    if (e.oldCertificate)
        e.oldCertificate = m.certificates[(cert + 1) % kCertificates];
    e.message = QStringLiteral("%1 %2 in %3").arg(eventName(id), e.certificate.subjectCN, e.storeId);
    return e;
}

// CPU time of this process: the machine may be shared, so wall time alone misleads.
qint64 cpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

struct Case
{
    QString name;
    EventQuery q;
};

} // namespace

int runEventLogBench(const QStringList& args)
{
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("EventLog insert rate and first-page latency."));
    parser.addHelpOption();
    const QCommandLineOption eventsOpt(QStringLiteral("events"), QStringLiteral("Events to insert (1000000)."),
                                       QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption batchOpt(QStringLiteral("batch"), QStringLiteral("Events per append (10000)."),
                                      QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Runs per query, median reported (9)."),
                                     QStringLiteral("N"), QStringLiteral("9"));
    const QCommandLineOption dirOpt(
        QStringLiteral("dir"), QStringLiteral("Directory for the database (a temporary one)."), QStringLiteral("DIR"));
    const QCommandLineOption reuseOpt(QStringLiteral("reuse"),
                                      QStringLiteral("Query an existing database in --dir, insert nothing."));
    const QCommandLineOption explainOpt(QStringLiteral("explain"), QStringLiteral("Print each query's plan."));
    parser.addOptions({eventsOpt, batchOpt, runsOpt, dirOpt, reuseOpt, explainOpt});
    QStringList argv = args;
    argv[0] = QStringLiteral("certlife-bench events");
    parser.process(argv);
    const qint64 total = parser.value(eventsOpt).toLongLong();
    const int batchSize = std::max(1, parser.value(batchOpt).toInt());
    const int runs = std::max(1, parser.value(runsOpt).toInt());

    QTemporaryDir tmp;
    const QString dir = parser.isSet(dirOpt) ? parser.value(dirOpt) : tmp.path();
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/events.sqlite");
    const Mix mix = makeMix();
    QRandomGenerator rng(42);

    EventLog log(path, Scope::User);
    QString error;
    if (!log.open(&error)) {
        out << error << "\n";
        return 1;
    }
    if (!parser.isSet(reuseOpt)) {
        qint64 insertNs = 0, insertCpuNs = 0;
        for (qint64 done = 0; done < total;) {
            QList<LifecycleEvent> batch;
            const qint64 n = std::min<qint64>(batchSize, total - done);
            for (qint64 i = 0; i < n; ++i)
                batch << makeEvent(mix, done + i, rng);
            QElapsedTimer t;
            t.start();
            const qint64 cpu0 = cpuNs();
            if (!log.append(batch, &error)) {
                out << error << "\n";
                return 1;
            }
            insertNs += t.nsecsElapsed();
            insertCpuNs += cpuNs() - cpu0;
            done += n;
        }
        out << QStringLiteral("insert: %1 events in batches of %2: %3 s, %4 events/s (CPU %5 s, %6 events/CPU-s)\n")
                   .arg(total)
                   .arg(batchSize)
                   .arg(insertNs / 1e9, 0, 'f', 2)
                   .arg(qint64(total / (insertNs / 1e9)))
                   .arg(insertCpuNs / 1e9, 0, 'f', 2)
                   .arg(qint64(total / (insertCpuNs / 1e9)));
    }
    const qint64 logged = log.count({});
    out << QStringLiteral("log: %1 events, %2 MiB, full-text search: %3\n")
               .arg(logged)
               .arg(QFileInfo(path).size() / 1048576.0, 0, 'f', 0)
               .arg(log.hasFullTextSearch() ? QStringLiteral("FTS5 trigram") : QStringLiteral("scan"));

    const qint64 ticks = std::max<qint64>(1, logged / kEventsPerTick);
    const QDateTime newest = fixtureTime((ticks - 1) * kTickSeconds);
    const auto q = [](const std::function<void(EventQuery&)>& set) {
        EventQuery query;
        set(query);
        return query;
    };
    const QString thumbprint = mix.certificates[777].thumbprint;
    const QList<Case> cases{
        {QStringLiteral("no filter"), EventQuery{}},
        {QStringLiteral("one id (1005, 5%)"), q([](EventQuery& x) { x.ids = {EventId::Archived}; })},
        {QStringLiteral("rare id (1007, 2%)"), q([](EventQuery& x) { x.ids = {EventId::Exported}; })},
        {QStringLiteral("id set 1001,1003"), q([](EventQuery& x) {
             x.ids = {EventId::Replace, EventId::CloseToExpiration};
         })},
        {QStringLiteral("level Error"), q([](EventQuery& x) { x.level = EventLevel::Error; })},
        {QStringLiteral("last 7 days"), q([&](EventQuery& x) { x.since = newest.addDays(-7); })},
        {QStringLiteral("one day, 6 months ago"), q([&](EventQuery& x) {
             x.since = newest.addDays(-180);
             x.until = newest.addDays(-179);
         })},
        {QStringLiteral("store (10%)"), q([](EventQuery& x) { x.storeId = QStringLiteral("certbot-live"); })},
        {QStringLiteral("rare store (0.1%)"), q([](EventQuery& x) { x.storeId = QStringLiteral("hsm-export"); })},
        {QStringLiteral("text, every event"), q([](EventQuery& x) { x.text = QStringLiteral("Example"); })},
        {QStringLiteral("text, 25% of events"), q([](EventQuery& x) { x.text = QStringLiteral("example.COM"); })},
        {QStringLiteral("text, rare"), q([](EventQuery& x) { x.text = QStringLiteral("RARE-HOST"); })},
        {QStringLiteral("text, 2 chars"), q([](EventQuery& x) { x.text = QStringLiteral("t9"); })},
        {QStringLiteral("text, 111 certs (0.5%)"), q([](EventQuery& x) { x.text = QStringLiteral("host199"); })},
        {QStringLiteral("text, one certificate"), q([](EventQuery& x) { x.text = QStringLiteral("host12345."); })},
        {QStringLiteral("text, no match"), q([](EventQuery& x) { x.text = QStringLiteral("no-such-host"); })},
        {QStringLiteral("thumbprint"), q([&](EventQuery& x) { x.thumbprint = thumbprint; })},
        {QStringLiteral("id+store+time"), q([&](EventQuery& x) {
             x.ids = {EventId::Expired, EventId::CloseToExpiration};
             x.storeId = QStringLiteral("nginx");
             x.since = newest.addDays(-90);
             x.until = newest.addDays(-30);
         })},
        {QStringLiteral("text+store+level"), q([](EventQuery& x) {
             x.text = QStringLiteral("corp.local");
             x.storeId = QStringLiteral("postfix");
             x.level = EventLevel::Warning;
         })},
        {QStringLiteral("page 5000 (cursor mid-log)"), q([&](EventQuery& x) {
             x.after = EventCursor{newest.addSecs(-(ticks / 2) * kTickSeconds), 0, Scope::User};
         })},
        {QStringLiteral("ids, cursor mid-log"), q([&](EventQuery& x) {
             x.ids = {EventId::New, EventId::Deleted};
             x.after = EventCursor{newest.addSecs(-(ticks / 2) * kTickSeconds), 0, Scope::User};
         })},
    };
    out << QStringLiteral("first page (100 rows), median / max of %1 runs, and median CPU time:\n").arg(runs);
    double worst = 0;
    for (const Case& c : cases) {
        QList<double> ms, cpuMs;
        qsizetype rows = 0;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer t;
            t.start();
            const qint64 cpu0 = cpuNs();
            rows = log.query(c.q).size();
            cpuMs << (cpuNs() - cpu0) / 1e6;
            ms << t.nsecsElapsed() / 1e6;
        }
        const double med = median(ms);
        worst = std::max(worst, med);
        out << QStringLiteral("  %1 %2 ms  (max %3 ms, CPU %4 ms, %5 rows)\n")
                   .arg(c.name.leftJustified(28), 0)
                   .arg(med, 7, 'f', 2)
                   .arg(*std::max_element(ms.begin(), ms.end()), 0, 'f', 2)
                   .arg(median(cpuMs), 0, 'f', 2)
                   .arg(rows);
        if (parser.isSet(explainOpt))
            out << "      " << log.explainQuery(c.q).join(QStringLiteral("\n      ")) << "\n";
        out.flush();
    }
    QElapsedTimer t;
    t.start();
    const qint64 n = log.count(q([](EventQuery& x) { x.ids = {EventId::Replace}; }));
    out << QStringLiteral("count(ids=1001): %1 in %2 ms\n").arg(n).arg(t.nsecsElapsed() / 1e6, 0, 'f', 1);
    out << QStringLiteral("slowest median first page: %1 ms\n").arg(worst, 0, 'f', 2);
    return 0;
}

#include "BenchMain.h"
static const certlife::bench::BenchRegistration eventLogBenchRegistration{
    "events", "EventLog: batched insert rate and first-page latency of every filter", &runEventLogBench};
