// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "agent/ServiceManagerNotifier.h"

#ifdef CERTLIFE_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace certlife::ServiceManager {

static void send(const QByteArray& state)
{
#ifdef CERTLIFE_HAVE_SYSTEMD
    sd_notify(0, state.constData());
#else
    Q_UNUSED(state);
#endif
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
