// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench lifecycle: what the lifecycle adds to a `watch --once` pass over many
// unchanged certificates (snapshot load, diff, expiry, save), and a pass with renewals.

#include "BenchMain.h"
#include "BenchSupport.h"
#include "lifecycle/ExpiryEvaluator.h"
#include "lifecycle/LifecycleEngine.h"
#include "lifecycle/SnapshotDiff.h"
#include "lifecycle/SnapshotFile.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

using namespace certlife;

namespace {

Certificate syntheticCertificate(int i, QRandomGenerator& rng, int generation)
{
    Certificate c = bench::syntheticCertificate(i, rng);
    const qint64 start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch() + (i % 90) * 86400
        + generation * 60 * 86400;
    c.notBeforeSecs = start;
    c.notAfterSecs = start + 90 * 86400;
    return c;
}

double ms(QElapsedTimer& t)
{
    const double v = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    return v;
}

int runLifecycleBench(const QStringList& args)
{
    int count = 100000;
    int storeCount = 4;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--certs") && i + 1 < args.size())
            count = args[++i].toInt();
        else if (args[i] == QLatin1String("--stores") && i + 1 < args.size())
            storeCount = args[++i].toInt();
        else {
            QTextStream(stderr) << "usage: certlife-bench lifecycle [--certs N (100000)] [--stores K (4)]\n";
            return args[i] == QLatin1String("--help") ? 0 : 2;
        }
    }
    QTemporaryDir dir;
    qputenv("XDG_STATE_HOME", QFile::encodeName(dir.path()));
    QRandomGenerator rng(42);
    QList<StoreScan> scans(storeCount);
    for (int s = 0; s < storeCount; ++s) {
        scans[s].storeId = QStringLiteral("store%1").arg(s);
        scans[s].scope = Scope::User;
    }
    for (int i = 0; i < count; ++i)
        scans[i % storeCount].certificates.append(
            {syntheticCertificate(i, rng, 0),
             QStringLiteral("/srv/certs/store%1/host-%2.pem").arg(i % storeCount).arg(i),
             0,
             {}});

    QTextStream out(stdout);
    const auto clock = std::make_shared<FixedClock>(QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC));
    QElapsedTimer t;
    t.start();
    {
        LifecycleEngine engine(clock, Policy{});
        engine.process(scans, Scope::User);
    }
    out << "certificates: " << count << " in " << storeCount << " stores\n";
    out << QStringLiteral("first pass (baseline, save):        %1 ms\n").arg(ms(t), 8, 'f', 1);
    const QString file = SnapshotFile(Scope::User).path();
    out << QStringLiteral("snapshot size:                      %1 MiB\n")
               .arg(QFileInfo(file).size() / 1048576.0, 8, 'f', 1);

    // An unchanged pass as a fresh `watch --once` process does it, step by step.
    const SnapshotFile snapshotFile(Scope::User);
    SnapshotLoad loaded = snapshotFile.load();
    const double load = ms(t);
    SnapshotDiff diff = diffSnapshot(std::move(*loaded.snapshot), scans);
    const double diffTime = ms(t);
    bool changed = false;
    const QList<LifecycleEvent> expiry =
        ExpiryEvaluator(Policy{}, clock).evaluate(diff.next, diff.observedStores, &changed);
    const double expiryTime = ms(t);
    const QByteArray bytes = serializeSnapshot(diff.next);
    const double serialize = ms(t);
    out << QStringLiteral("unchanged: load                     %1 ms\n").arg(load, 8, 'f', 1)
        << QStringLiteral("unchanged: diff                     %1 ms  (%2 events)\n")
               .arg(diffTime, 8, 'f', 1)
               .arg(diff.events.size())
        << QStringLiteral("unchanged: expiry                   %1 ms  (%2 events)\n")
               .arg(expiryTime, 8, 'f', 1)
               .arg(expiry.size())
        << QStringLiteral("(serialize, only when changed:      %1 ms)\n").arg(serialize, 8, 'f', 1);
    t.restart();
    {
        LifecycleEngine engine(clock, Policy{});
        const QList<LifecycleEvent> events = engine.process(scans, Scope::User);
        out << QStringLiteral("unchanged: whole engine pass        %1 ms  (%2 events)\n")
                   .arg(ms(t), 8, 'f', 1)
                   .arg(events.size());
    }
    // 1 % of the certificates renewed in place.
    for (int i = 0; i < count; i += 100)
        scans[i % storeCount].certificates[i / storeCount].certificate = syntheticCertificate(i, rng, 1);
    t.restart();
    {
        LifecycleEngine engine(clock, Policy{});
        const QList<LifecycleEvent> events = engine.process(scans, Scope::User);
        out << QStringLiteral("1 % renewed: whole pass with save    %1 ms  (%2 events)\n")
                   .arg(ms(t), 8, 'f', 1)
                   .arg(events.size());
    }
    return 0;
}

const bench::BenchRegistration registration{
    "lifecycle", "Lifecycle: snapshot load, diff, expiry and save over many certificates", &runLifecycleBench};

} // namespace
