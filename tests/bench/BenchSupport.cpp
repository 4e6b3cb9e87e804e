// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "BenchSupport.h"

#include <QFile>
#include <QSysInfo>
#include <QThread>
#include <malloc.h>
#include <time.h>

namespace certlife::bench {

double ms(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

static qint64 statusField(const char* name)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(name))
            return line.mid(qsizetype(qstrlen(name))).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

qint64 currentRssKiB()
{
    return statusField("VmRSS:");
}
qint64 peakRssKiB()
{
    return statusField("VmHWM:");
}

void resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

qint64 trimmedRssKiB()
{
    ::malloc_trim(0);
    return currentRssKiB();
}

QString machineSummary()
{
    return QStringLiteral("%1 cores, %2").arg(QThread::idealThreadCount()).arg(QSysInfo::prettyProductName());
}

Certificate syntheticCertificate(int i, QRandomGenerator& rng)
{
    Certificate c;
    for (auto& b : c.sha256)
        b = quint8(rng.generate());
    for (auto& b : c.sha1)
        b = quint8(rng.generate());
    const QString host = QStringLiteral("host-%1.example.org").arg(i);
    c.subject = QStringLiteral("CN=%1,O=Example Operations,C=DE").arg(host);
    c.subjectCN = host;
    c.issuer = QStringLiteral("CN=Example Issuing CA %1,O=Example,C=DE").arg(i % 4);
    c.sans = {{SubjectAltName::Type::Dns, host}, {SubjectAltName::Type::Dns, QStringLiteral("www.") + host}};
    c.ekus = {{QStringLiteral("1.3.6.1.5.5.7.3.1"), QStringLiteral("TLS Web Server Authentication")}};
    c.keyAlgorithm = QStringLiteral("EC");
    return c;
}

} // namespace certlife::bench
