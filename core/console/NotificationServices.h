// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notify/ExpiryNotifier.h"

#include <QList>
#include <QObject>

namespace certlife {

// The desktop's side of expiry notifications: a tray icon and notification bubbles.
// What to show and when is decided in core (ExpiryNotifier); this only shows it and
// reports the user's clicks. DesktopNotifier is the real one; tests record and click.
class NotificationServices : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Notifications are on (the policy's ShowExpiryNotifications): show the tray icon
    // when the desktop has a tray.
    virtual void setActive(bool active) = 0;
    // The tray menu's latest alerts, newest first.
    virtual void setLatestAlerts(const QList<certlife::ExpiryNotification>& latest) = 0;
    virtual void notify(const certlife::ExpiryNotification& notification) = 0;

Q_SIGNALS:
    // A notification or a tray menu alert was clicked. An empty thumbprint (a combined
    // notification) asks for every certificate that needs attention.
    void certificateRequested(const QString& thumbprint, const QString& storeKey);
    void consoleRequested();
    void quitRequested();
};

} // namespace certlife
