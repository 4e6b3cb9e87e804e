// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/NotificationServices.h"

#include <QCoro/QCoroTask>
#include <QDBusConnection>
#include <QHash>
#include <optional>

class QMenu;
class QSystemTrayIcon;

namespace certlife::ui {

// The real desktop: notifications through org.freedesktop.Notifications on the session
// bus (the "default" action, a click on the bubble, opens the certificate), falling back
// to the tray icon's balloon when no notification server answers. The tray icon shows
// only where the desktop has a system tray. Without a session bus (CI, a bare X server)
// it stays quiet and logs what it would have shown: nothing here can fail the console.
class DesktopNotifier final : public NotificationServices
{
    Q_OBJECT
public:
    explicit DesktopNotifier(QObject* parent = nullptr);
    // A given bus (tests: a private one with a fake notification server).
    explicit DesktopNotifier(const QDBusConnection& bus, QObject* parent = nullptr);
    ~DesktopNotifier() override;

    void setActive(bool active) override;
    void setLatestAlerts(const QList<certlife::ExpiryNotification>& latest) override;
    void notify(const certlife::ExpiryNotification& notification) override;

    QSystemTrayIcon* trayIcon() const { return m_tray; }
    QMenu* trayMenu() const { return m_menu; }
    bool usesTrayFallback() const { return m_busFailed; } // no bus, or no server answered

private Q_SLOTS:
    void actionInvoked(uint id, const QString& actionKey);
    void notificationClosed(uint id, uint reason);

private:
    struct Target
    {
        QString thumbprint;
        QString storeKey;
    };
    QCoro::Task<> sendWaiting();
    QCoro::Task<> sendOverBus(certlife::ExpiryNotification notification);
    QCoro::Task<bool> serverTakesMarkup();
    void showInTray(const certlife::ExpiryNotification& notification);
    void rebuildMenu();

    QDBusConnection m_bus;
    bool m_busFailed = false;                      // no notification server answered: use the tray
    QList<certlife::ExpiryNotification> m_waiting; // to send over the bus, oldest first
    bool m_sending = false;
    std::optional<bool> m_bodyMarkup;       // the server's "body-markup" capability, once asked
    QHash<uint, Target> m_sent;             // notification id → what a click opens
    QHash<QString, uint> m_idOfCertificate; // a newer notification replaces the older bubble
    QSystemTrayIcon* m_tray = nullptr;
    QMenu* m_menu = nullptr;
    QList<certlife::ExpiryNotification> m_latest;
    Target m_trayMessageTarget;
    bool m_active = false;
};

} // namespace certlife::ui
