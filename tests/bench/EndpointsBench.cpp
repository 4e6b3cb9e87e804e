// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench endpoints: probing TLS endpoints on loopback at the default concurrency
// (issue 16: 1,000 endpoints in < 5 s; 10 hanging endpoints hold a pass no longer than
// their timeout + 1 s). The servers run in this process, on their own thread.
#include "BenchMain.h"
#include "BenchSupport.h"
#include "EndpointTestSupport.h"
#include "TlsTestServer.h"

#include "endpoints/TlsProbe.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <sys/resource.h>

namespace certlife::bench {

namespace {

using test::TlsTestServer;

double threadCpuSeconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double processCpuSeconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Timed
{
    double seconds = 0;
    double probeCpu = 0; // the probing thread
    double totalCpu = 0; // the process: probes and the servers
    int succeeded = 0;
    int timedOut = 0;
};

Timed probeAll(const QList<Endpoint>& endpoints, const ProbeOptions& options)
{
    Timed t;
    const double cpu0 = threadCpuSeconds();
    const double all0 = processCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    const QList<ProbeResult> results = probeEndpointsBlocking(endpoints, options);
    t.seconds = double(timer.nsecsElapsed()) / 1e9;
    t.probeCpu = threadCpuSeconds() - cpu0;
    t.totalCpu = processCpuSeconds() - all0;
    for (const ProbeResult& r : results) {
        t.succeeded += r.handshakeSucceeded() ? 1 : 0;
        t.timedOut += r.failure == ProbeFailure::HandshakeTimeout ? 1 : 0;
    }
    return t;
}

// The peer an admin scripts today: `openssl s_client` per endpoint, one after another
// (connect, handshake, verify against the same trust file at the probe's clock, close).
// Wall time and the children's CPU.
struct PeerTimed
{
    double seconds = 0;
    double cpu = 0;
    int succeeded = 0;
};

double childrenCpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

PeerTimed opensslSClient(const QList<Endpoint>& endpoints, const QString& trust, const QDateTime& at)
{
    PeerTimed t;
    const double cpu0 = childrenCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    for (const Endpoint& e : endpoints) {
        QProcess client;
        client.setProgram(QStringLiteral("openssl"));
        const QString address = e.host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(e.host).arg(e.port)
                                                                  : QStringLiteral("%1:%2").arg(e.host).arg(e.port);
        client.setArguments({QStringLiteral("s_client"), QStringLiteral("-connect"), address,
                             QStringLiteral("-servername"), e.sni, QStringLiteral("-CAfile"), trust,
                             QStringLiteral("-attime"), QString::number(at.toSecsSinceEpoch()),
                             QStringLiteral("-verify_return_error"), QStringLiteral("-brief")});
        client.setStandardOutputFile(QProcess::nullDevice());
        client.setStandardErrorFile(QProcess::nullDevice());
        client.start();
        client.closeWriteChannel(); // end of input: s_client closes once the handshake is done
        if (client.waitForFinished(15000) && client.exitStatus() == QProcess::NormalExit && client.exitCode() == 0)
            ++t.succeeded;
    }
    t.seconds = double(timer.nsecsElapsed()) / 1e9;
    t.cpu = childrenCpuSeconds() - cpu0;
    return t;
}

int runEndpointsBench(const QStringList& args)
{
    QTextStream out(stdout);
    const int count = args.size() > 1 ? args[1].toInt() : 1000;
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max; // a listening socket per endpoint
    ::setrlimit(RLIMIT_NOFILE, &limit);

    QTemporaryDir dir;
    const test::EndpointPki pki;
    const QDateTime issued(QDate(2026, 1, 15), QTime(0, 0), Qt::UTC);
    const test::GeneratedCert leaf = pki.leaf(QStringLiteral("test.example"), issued);
    const QString trust = dir.filePath(QStringLiteral("trust.pem"));
    pki.writeTrustFile(trust);

    TlsTestServer server;
    QList<Endpoint> endpoints;
    for (int i = 0; i < count; ++i) {
        const bool v6 = i % 2 == 1;
        const quint16 port = server.listen(v6 ? QStringLiteral("::1") : QStringLiteral("127.0.0.1"),
                                           TlsTestServer::Mode::Tls, pki.chainOf(leaf));
        if (port == 0) {
            out << "certlife-bench endpoints: cannot listen (file descriptors?)\n";
            return 1;
        }
        Endpoint e;
        e.host = v6 ? QStringLiteral("::1") : QStringLiteral("127.0.0.1");
        e.port = port;
        e.sni = QStringLiteral("test.example");
        endpoints << e;
    }
    QList<Endpoint> withHanging = endpoints.mid(0, 90);
    for (int i = 0; i < 10; ++i) {
        Endpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = server.listen(e.host, TlsTestServer::Mode::Silent);
        withHanging.insert(i * 9, e);
    }
    server.start();

    ProbeOptions options; // the defaults: 5 s connect, 10 s handshake, 32 at once
    options.trustedCertificates = trust;
    options.clock = std::make_shared<FixedClock>(issued.addDays(10));
    const Timed all = probeAll(endpoints, options);

    ProbeOptions hangingOptions = options;
    hangingOptions.handshakeTimeoutMs = 2000; // the pass must end by 3 s
    const Timed hanging = probeAll(withHanging, hangingOptions);

    // The peer on a sample (a process per endpoint: 1,000 would take most of a minute),
    // and Certlife one at a time on the same sample: per-endpoint costs, same run.
    const QList<Endpoint> sample = endpoints.mid(0, std::min<qsizetype>(endpoints.size(), 100));
    const PeerTimed peer = opensslSClient(sample, trust, issued.addDays(10));
    ProbeOptions oneAtATime = options;
    oneAtATime.maxConcurrent = 1;
    const Timed sequential = probeAll(sample, oneAtATime);

    double load[3] = {0, 0, 0};
    ::getloadavg(load, 3);
    const auto verdict = [](bool met) { return met ? QStringLiteral("ok") : QStringLiteral("MISSED"); };
    const auto f3 = [](double v) { return QString::number(v, 'f', 3); };
    out << "certlife-bench endpoints: " << count << " endpoints on loopback (half 127.0.0.1, half ::1; leaf and "
        << "intermediate, EC P-256), " << machineSummary() << ", load average " << QString::number(load[0], 'f', 1)
        << "\n";
    out << "  " << count << " endpoints:         " << f3(all.seconds) << " s, " << all.succeeded << " handshakes, "
        << QString::number(all.succeeded / all.seconds, 'f', 0) << "/s (probe thread CPU " << f3(all.probeCpu)
        << " s; process CPU, servers included, " << f3(all.totalCpu)
        << " s; target < 5 s: " << verdict(all.seconds < 5.0 && all.succeeded == count) << ")\n";
    out << "  90 + 10 hanging (2 s):  " << f3(hanging.seconds) << " s, " << hanging.succeeded << " handshakes, "
        << hanging.timedOut << " timeouts (probe thread CPU " << f3(hanging.probeCpu)
        << " s; target < timeout + 1 s = 3 s: "
        << verdict(hanging.seconds < 3.0 && hanging.succeeded == 90 && hanging.timedOut == 10) << ")\n";
    const double ourPerEndpointMs = all.seconds * 1000.0 / count;
    const double ourSequentialMs = sequential.seconds * 1000.0 / double(sample.size());
    const double peerPerEndpointMs = peer.seconds * 1000.0 / double(sample.size());
    out << "  peer, openssl s_client one after another, " << sample.size() << " endpoints: " << f3(peer.seconds)
        << " s, " << peer.succeeded << " verified, " << QString::number(peerPerEndpointMs, 'f', 1)
        << " ms/endpoint (children CPU " << f3(peer.cpu) << " s)\n";
    out << "  certlife one at a time, same " << sample.size() << ":  " << f3(sequential.seconds) << " s, "
        << sequential.succeeded << " handshakes, " << QString::number(ourSequentialMs, 'f', 1)
        << " ms/endpoint (probe thread CPU " << f3(sequential.probeCpu)
        << " s): " << QString::number(peerPerEndpointMs / ourSequentialMs, 'f', 1) << "x the peer\n";
    out << "  certlife at 32 at once: " << QString::number(ourPerEndpointMs, 'f', 1)
        << " ms/endpoint: " << QString::number(peerPerEndpointMs / ourPerEndpointMs, 'f', 1) << "x the peer\n";
    const bool met = all.seconds < 5.0 && all.succeeded == count && hanging.seconds < 3.0 && hanging.timedOut == 10;
    return met ? 0 : 1;
}

const BenchRegistration registration{
    "endpoints", "TLS endpoint probes on loopback: 1,000 endpoints, and a pass with hanging ones", &runEndpointsBench};

} // namespace

} // namespace certlife::bench
