// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/ServiceManagerNotifier.h"

#include "util/Systemd.h"

namespace certlife::ServiceManager {

static void send(const QByteArray& state)
{
    systemd::notify(state.constData());
}

static QByteArray statusLine(const QString& status)
{
    QString s = status;
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return "STATUS=" + s.toUtf8();
}

void notifyReady(const QString& status)
{
    send("READY=1\n" + statusLine(status));
}
void notifyReloading()
{
    send("RELOADING=1");
}
void notifyStopping()
{
    send("STOPPING=1");
}
void notifyStatus(const QString& status)
{
    send(statusLine(status));
}

} // namespace certlife::ServiceManager
