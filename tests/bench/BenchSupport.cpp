#include "BenchSupport.h"

#include <QFile>
#include <QSysInfo>
#include <QThread>
#include <malloc.h>

namespace certlife::bench {

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

qint64 currentRssKiB() { return statusField("VmRSS:"); }
qint64 peakRssKiB() { return statusField("VmHWM:"); }

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

} // namespace certlife::bench
