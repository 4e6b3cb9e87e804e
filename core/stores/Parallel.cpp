#include "stores/Parallel.h"

#include <QThread>

namespace certlife {

QThreadPool* scanThreadPool()
{
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool; // lives as long as the process: scans may run until exit
        p->setMaxThreadCount(QThread::idealThreadCount());
        p->setObjectName(QStringLiteral("certlife-scan"));
        return p;
    }();
    return pool;
}

} // namespace certlife
