// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real console over a TestEnvironment's real stores, policy, event logs and
// snapshots (CatalogInventorySource, EventLogSource), at a fixed instant: what the
// scenario tests drive beside the real certlifectl. Header only (tests/ui/Test*.cpp
// are the test programs).

#include "ConsoleTestSupport.h"
#include "MainWindow.h"
#include "TestEnvironment.h"
#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "models/CatalogInventorySource.h"
#include "models/EventLogSource.h"

#include <QTest>
#include <memory>

namespace certlife::test {

struct RealStoresConsole
{
    std::shared_ptr<FixedClock> clock;
    std::unique_ptr<ConsoleSettings> settings;
    std::unique_ptr<ConsoleController> controller;
    std::unique_ptr<ui::MainWindow> window;

    // services: the seams the test scripts; the desktop and store dialogs default to
    // recording and scripted ones (nothing opens a real dialog).
    RealStoresConsole(const TestEnvironment& env, const QDateTime& now, ui::MainWindow::Services services = {})
    {
        clock = std::make_shared<FixedClock>(now);
        settings = std::make_unique<ConsoleSettings>(env.path(QStringLiteral("console.conf")));
        ConsoleController::Sources sources;
        sources.inventory = std::make_shared<CatalogInventorySource>(clock, env.path(QStringLiteral("inventory.bin")));
        sources.events = EventLogSource::forDefaultPaths();
        sources.clock = clock;
        sources.agent = std::make_shared<FixedAgentProbe>();
        sources.thresholds = &policyFileThresholds;
        controller = std::make_unique<ConsoleController>(sources);
        if (!services.desktop)
            services.desktop = std::make_shared<RecordingDesktop>();
        if (!services.stores)
            services.stores = std::make_shared<ScriptedStoreDialogs>();
        window = std::make_unique<ui::MainWindow>(controller.get(), settings.get(), services);
        window->resize(1440, 900);
    }
    ~RealStoresConsole()
    {
        window.reset(); // before the controller it shows
        controller.reset();
    }

    // Starts polling, shows the window and waits until it is on screen.
    bool show()
    {
        controller->start(50);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
};

} // namespace certlife::test
