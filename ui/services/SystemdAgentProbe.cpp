// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "services/SystemdAgentProbe.h"

#include <QCoro/QCoroDBusPendingReply>
#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusObjectPath>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QCoreApplication>

namespace certlife::ui {

QCoro::Task<AgentService> SystemdAgentProbe::service(Scope scope)
{
    const QDBusConnection bus = scope == Scope::System ? QDBusConnection::systemBus() : QDBusConnection::sessionBus();
    AgentService result;
    if (!bus.isConnected()) {
        result.detail = QCoreApplication::translate("SystemdAgentProbe", "no D-Bus connection");
        co_return result;
    }
    const QString systemd = QStringLiteral("org.freedesktop.systemd1");
    QDBusMessage load =
        QDBusMessage::createMethodCall(systemd, QStringLiteral("/org/freedesktop/systemd1"),
                                       QStringLiteral("org.freedesktop.systemd1.Manager"), QStringLiteral("LoadUnit"));
    load << m_unit;
    QDBusPendingReply<QDBusObjectPath> unitReply = bus.asyncCall(load);
    co_await unitReply;
    if (unitReply.isError()) {
        result.detail = unitReply.error().message();
        co_return result;
    }
    QDBusMessage get = QDBusMessage::createMethodCall(
        systemd, unitReply.value().path(), QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("GetAll"));
    get << QStringLiteral("org.freedesktop.systemd1.Unit");
    QDBusPendingReply<QVariantMap> propsReply = bus.asyncCall(get);
    co_await propsReply;
    if (propsReply.isError()) {
        result.detail = propsReply.error().message();
        co_return result;
    }
    const QVariantMap props = propsReply.value();
    const QString loadState = props.value(QStringLiteral("LoadState")).toString();
    const QString active = props.value(QStringLiteral("ActiveState")).toString();
    const QString sub = props.value(QStringLiteral("SubState")).toString();
    if (loadState == QLatin1String("not-found")) {
        result.state = AgentService::State::Stopped;
        result.detail = QCoreApplication::translate("SystemdAgentProbe", "%1 is not installed").arg(m_unit);
    } else if (active == QLatin1String("active") || active == QLatin1String("reloading")) {
        result.state = AgentService::State::Running;
    } else if (active == QLatin1String("failed")) {
        result.state = AgentService::State::Failed;
    } else {
        result.state = AgentService::State::Stopped;
    }
    if (result.detail.isEmpty())
        result.detail = QStringLiteral("%1: %2 (%3)").arg(m_unit, active, sub);
    co_return result;
}

} // namespace certlife::ui
