// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real MainWindow over the demo data: fake inventory and desktop, real event logs
// in a temporary directory, a fixed clock. One per test case.

#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "ConsoleTestSupport.h"
#include "DemoData.h"
#include "MainWindow.h"
#include "NotificationTestSupport.h"
#include "PolicyReportFakes.h"
#include "ScriptedTaskDialogs.h"
#include "TestEnvironment.h"
#include "commands/CommandRunner.h"
#include "models/EventLogSource.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <functional>
#include <optional>

namespace certlife::test {

struct ConsoleFixture
{
    std::shared_ptr<FixedClock> clock;
    std::shared_ptr<FakeInventorySource> inventory = std::make_shared<FakeInventorySource>();
    std::shared_ptr<EventLogSource> events = EventLogSource::forDefaultPaths();
    std::shared_ptr<FixedAgentProbe> agent = std::make_shared<FixedAgentProbe>();
    std::shared_ptr<RecordingDesktop> desktop = std::make_shared<RecordingDesktop>();
    std::shared_ptr<ScriptedStoreDialogs> dialogs = std::make_shared<ScriptedStoreDialogs>();
    std::shared_ptr<RecordingMessages> messages = std::make_shared<RecordingMessages>();
    std::shared_ptr<RecordingNotifications> notifications = std::make_shared<RecordingNotifications>();
    std::shared_ptr<ScriptedPolicyDialogs> policyDialogs = std::make_shared<ScriptedPolicyDialogs>();
    std::shared_ptr<ScriptedReportDialogs> reportDialogs = std::make_shared<ScriptedReportDialogs>();
    std::shared_ptr<ScriptedTaskDialogs> taskDialogs = std::make_shared<ScriptedTaskDialogs>();
    std::shared_ptr<ScriptedFleetDialogs> fleetDialogs = std::make_shared<ScriptedFleetDialogs>();
    std::unique_ptr<ConsoleSettings> settings;
    std::unique_ptr<ConsoleController> controller;
    std::unique_ptr<ui::MainWindow> window;

    // settingsFile: the console.conf to use (kept between fixtures to test persistence).
    // beforeStart sets up the inventory source before the controller starts: the first
    // scan may begin inside the constructor (an await on work already finished goes on
    // at once), so what it must see cannot be set after.
    ConsoleFixture(const DemoData& data, const QString& settingsFile,
                   const std::function<void(FakeInventorySource&)>& beforeStart = {}, int pollIntervalMs = 50)
    {
        clock = std::make_shared<FixedClock>(data.now);
        inventory->cached = data.inventory;
        if (beforeStart)
            beforeStart(*inventory);
        settings = std::make_unique<ConsoleSettings>(settingsFile);
        ConsoleController::Sources sources;
        sources.inventory = inventory;
        sources.events = events;
        sources.clock = clock;
        sources.agent = agent;
        sources.thresholds = &policyFileThresholds; // the policy files of the TestEnvironment
        controller = std::make_unique<ConsoleController>(sources);
        ui::MainWindow::Services services;
        services.desktop = desktop;
        services.stores = dialogs;
        services.messages = messages;
        services.notifications = notifications;
        services.policy = policyDialogs;
        services.reports = reportDialogs;
        services.tasks = taskDialogs;
        services.fleet = fleetDialogs;
        window = std::make_unique<ui::MainWindow>(controller.get(), settings.get(), services);
        controller->start(pollIntervalMs);
    }

    // Starts a command (`trigger` clicks or triggers its action) and waits on the
    // runner's one signal; how the command ended, nullopt when none ended.
    std::optional<ui::CommandOutcome> runCommand(const std::function<void()>& trigger, int timeoutMs = 20000)
    {
        QSignalSpy finished(window->commandRunner(), &ui::CommandRunner::commandFinished);
        trigger();
        if (finished.isEmpty() && !finished.wait(timeoutMs))
            return std::nullopt;
        return finished.first().first().value<ui::CommandOutcome>();
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

// A test program's demo console: the TestEnvironment and demo data made once
// (initTestCase: start()), a fresh window over them for every test function (init:
// open(), cleanup: close()), with no console.conf left from the test before.
struct DemoConsoleCase
{
    std::unique_ptr<TestEnvironment> env;
    DemoData data;
    QString settingsFile;
    std::unique_ptr<ConsoleFixture> console;

    void start()
    {
        env = std::make_unique<TestEnvironment>();
        data = makeDemoData();
        settingsFile = env->path(QStringLiteral("console.conf"));
    }
    bool open()
    {
        QFile::remove(settingsFile);
        console = std::make_unique<ConsoleFixture>(data, settingsFile);
        return console->showAndLoad();
    }
    void close() { console.reset(); }
};

} // namespace certlife::test
