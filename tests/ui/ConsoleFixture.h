// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real MainWindow over the demo data: fake inventory and desktop, real event logs
// in a temporary directory, a fixed clock. One per test case.

#include "ConsoleController.h"
#include "ConsoleSettings.h"
#include "ConsoleTestSupport.h"
#include "DemoData.h"
#include "MainWindow.h"
#include "NotificationTestSupport.h"
#include "PolicyReportFakes.h"
#include "ScriptedTaskDialogs.h"
#include "models/EventLogSource.h"

#include <QTest>

namespace certlife::test {

struct ConsoleFixture
{
    std::shared_ptr<FixedClock> clock;
    std::shared_ptr<FakeInventorySource> inventory = std::make_shared<FakeInventorySource>();
    std::shared_ptr<EventLogSource> events = EventLogSource::forDefaultPaths();
    std::shared_ptr<FixedAgentProbe> agent = std::make_shared<FixedAgentProbe>();
    std::shared_ptr<RecordingDesktop> desktop = std::make_shared<RecordingDesktop>();
    std::shared_ptr<ScriptedDialogs> dialogs = std::make_shared<ScriptedDialogs>();
    std::shared_ptr<RecordingNotifications> notifications = std::make_shared<RecordingNotifications>();
    std::shared_ptr<ScriptedPolicyDialogs> policyDialogs = std::make_shared<ScriptedPolicyDialogs>();
    std::shared_ptr<ScriptedReportDialogs> reportDialogs = std::make_shared<ScriptedReportDialogs>();
    std::shared_ptr<ScriptedTaskDialogs> taskDialogs = std::make_shared<ScriptedTaskDialogs>();
    std::unique_ptr<ui::ConsoleSettings> settings;
    std::unique_ptr<ui::ConsoleController> controller;
    std::unique_ptr<ui::MainWindow> window;

    // settingsFile: the console.conf to use (kept between fixtures to test persistence).
    ConsoleFixture(const DemoData& data, const QString& settingsFile, int pollIntervalMs = 50)
    {
        clock = std::make_shared<FixedClock>(data.now);
        inventory->cached = data.inventory;
        settings = std::make_unique<ui::ConsoleSettings>(settingsFile);
        ui::ConsoleController::Sources sources;
        sources.inventory = inventory;
        sources.events = events;
        sources.clock = clock;
        sources.agent = agent;
        sources.thresholds = &policyFileThresholds; // the policy files of the TestEnvironment
        controller = std::make_unique<ui::ConsoleController>(sources);
        ui::MainWindow::Services services;
        services.desktop = desktop;
        services.dialogs = dialogs;
        services.notifications = notifications;
        services.policy = policyDialogs;
        services.reports = reportDialogs;
        services.tasks = taskDialogs;
        window = std::make_unique<ui::MainWindow>(controller.get(), settings.get(), services);
        controller->start(pollIntervalMs);
    }

    // Shows the window and waits until the cached inventory is on screen.
    bool showAndLoad()
    {
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return false;
        return QTest::qWaitFor([this] { return controller->hasLoadedInventory(); });
    }
};

} // namespace certlife::test
