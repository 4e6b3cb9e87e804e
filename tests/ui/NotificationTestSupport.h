// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The desktop's notification side as the GUI tests see it: records what the console
// shows and clicks it as a user would. Header-only.

#include "console/NotificationServices.h"

namespace certlife::test {

class RecordingNotifications final : public NotificationServices
{
public:
    QList<ExpiryNotification> shown;
    QList<ExpiryNotification> latest; // the tray menu's alerts
    bool active = false;              // the tray icon is up

    void setActive(bool on) override { active = on; }
    void setLatestAlerts(const QList<ExpiryNotification>& alerts) override { latest = alerts; }
    void notify(const ExpiryNotification& notification) override { shown << notification; }

    // A click on a shown notification (the "default" action), or on a tray menu alert.
    void click(const ExpiryNotification& notification)
    {
        Q_EMIT certificateRequested(notification.thumbprint, notification.storeKey);
    }
};

} // namespace certlife::test
