// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench decode: how fast one core turns DER into Certificates (fast path
// and OpenSSL alone), how fast a large PEM bundle is parsed on one and on two
// threads, and how much memory a held Certificate costs. The subcommand is wired
// into certlife-bench's registry (BenchMain) as "decode".
//
//   certlife-bench decode [--count N] [--seconds S]

#include "CertFactory.h"
#include "x509/CertificateParser.h"
#include "x509/MbedCertificateReader.h"
#include "x509/OpenSslCertificateReader.h"
#include "x509/PemReader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStringList>
#include <QTextStream>
#include <ctime>

using namespace certlife;
using namespace certlife::test;

namespace {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

// Leaves as a CA issues them: CN, 2 DNS SANs, EKU, key usage, issued by one CA.
QList<QByteArray> makeLeaves(KeyType type, int count)
{
    CertSpec caSpec;
    caSpec.cn = QStringLiteral("Bench Issuing CA");
    caSpec.extraSubject = {{QStringLiteral("C"), QStringLiteral("US")},
                           {QStringLiteral("O"), QStringLiteral("Certlife Bench")}};
    caSpec.isCA = true;
    caSpec.keyType = type;
    const GeneratedCert ca = makeCertificate(caSpec);
    QList<QByteArray> leaves;
    for (int i = 0; i < count; ++i) {
        CertSpec s;
        s.cn = QStringLiteral("host%1.bench.example").arg(i);
        s.dns = {s.cn, QStringLiteral("www%1.bench.example").arg(i)};
        s.ekuOids = {QStringLiteral("serverAuth"), QStringLiteral("clientAuth")};
        s.keyUsage = KuDigitalSignature | KuKeyEncipherment;
        s.keyType = type;
        s.serialHex = QByteArray::number(0x10000000 + i, 16).toUpper();
        leaves << makeCertificate(s, &ca).der;
    }
    return leaves;
}

// Other processes share this machine: besides wall-clock time, rates are given
// per second of CPU time actually received (thread or whole process).
double cpuSeconds(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Timing
{
    QElapsedTimer wall;
    double cpu0 = 0;
    clockid_t clock;
    explicit Timing(clockid_t c = CLOCK_THREAD_CPUTIME_ID) : clock(c)
    {
        wall.start();
        cpu0 = cpuSeconds(clock);
    }
    double wallSeconds() const { return double(wall.nsecsElapsed()) / 1e9; }
    QString rates(qint64 items) const
    {
        return QStringLiteral("%1/s (per CPU second: %2/s)")
            .arg(double(items) / wallSeconds(), 0, 'f', 0)
            .arg(double(items) / (cpuSeconds(clock) - cpu0), 0, 'f', 0);
    }
};

// Decodes the set over and over for about `seconds`.
template <typename Decode> QString rate(const QList<QByteArray>& ders, double seconds, Decode decode)
{
    Timing t;
    qint64 done = 0;
    while (t.wallSeconds() < seconds) {
        for (const QByteArray& der : ders)
            if (!decode(der))
                return QStringLiteral("FAILED");
        done += ders.size();
    }
    return t.rates(done);
}

qint64 residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.value(1).toLongLong() * 4096;
}

QByteArray pemOf(const QByteArray& der)
{
    QByteArray pem = "-----BEGIN CERTIFICATE-----\n";
    const QByteArray b64 = der.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 64)
        pem += b64.mid(i, 64) + '\n';
    return pem + "-----END CERTIFICATE-----\n";
}

} // namespace

int runDecodeBench(const QStringList& args)
{
    int count = 100000;
    double seconds = 2.0;
    for (qsizetype i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--count"))
            count = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toDouble();
    }
    if (count <= 0 || seconds <= 0) {
        out() << "usage: certlife-bench decode [--count N] [--seconds S]\n";
        return 2;
    }

    out() << "generating 500 EC P-256 and 500 RSA-2048 leaf certificates...\n";
    out().flush();
    const QList<QByteArray> ec = makeLeaves(KeyType::EcP256, 500);
    const QList<QByteArray> rsa = makeLeaves(KeyType::Rsa2048, 500);
    const QList<QByteArray> mixed = ec + rsa;
    out() << "DER sizes: EC " << ec.first().size() << " B, RSA " << rsa.first().size() << " B\n";

    auto fast = [](const QByteArray& d) { return MbedCertificateReader::fromDer(d).has_value(); };
    auto openssl = [](const QByteArray& d) { return OpenSslCertificateReader::fromDer(d).has_value(); };
    out() << "one core, fast path, EC leaves:    " << rate(ec, seconds, fast) << "\n";
    out() << "one core, fast path, RSA leaves:   " << rate(rsa, seconds, fast) << "\n";
    out() << "one core, fast path, mixed:        " << rate(mixed, seconds, fast) << "\n";
    out() << "one core, OpenSSL reader, mixed:   " << rate(mixed, seconds / 2, openssl) << "\n";

    // A PEM bundle of `count` certificates, parsed whole.
    QByteArray bundle;
    for (int i = 0; i < count; ++i)
        bundle += pemOf(mixed[i % mixed.size()]);
    qint64 blocks = 0;
    Timing framing;
    forEachPemBlock(bundle, [&](const PemBlockView& b) { blocks += b.der.isEmpty() ? 0 : 1; });
    out() << "PEM framing and base64 alone:      " << framing.rates(blocks) << "\n";
    const qint64 before = residentBytes();
    ParseOptions oneThread;
    oneThread.threads = 1;
    Timing single;
    ParsedFile parsed = parseCertificateData(bundle, oneThread);
    const QString singleRate = single.rates(count);
    const qint64 held = residentBytes() - before;
    if (parsed.certificates.size() != count || parsed.hasErrors()) {
        out() << "bundle parse failed: " << parsed.errors.value(0) << "\n";
        return 1;
    }
    out() << QStringLiteral("PEM bundle of %1 certificates (%2 MiB), one thread: ")
                 .arg(count)
                 .arg(double(bundle.size()) / (1 << 20), 0, 'f', 1)
          << singleRate << "\n";
    out() << QStringLiteral("resident per held certificate: %1 bytes (DER average %2 bytes)\n")
                 .arg(held / count)
                 .arg((ec.first().size() + rsa.first().size()) / 2);
    parsed = {};

    // Two threads sharing the bundle, as parseCertificateData does on this machine.
    ParseOptions twoThreads;
    twoThreads.threads = 2;
    Timing dual(CLOCK_PROCESS_CPUTIME_ID);
    parsed = parseCertificateData(bundle, twoThreads);
    out() << "same bundle, two threads:          " << dual.rates(parsed.certificates.size())
          << " — per CPU second counts both threads\n";
    out().flush();
    return 0;
}

#include "BenchMain.h"
static const certlife::bench::BenchRegistration decodeBenchRegistration{
    "decode", "X.509 decode rate: fast path, OpenSSL reader, PEM framing, bundle parse", &runDecodeBench};
