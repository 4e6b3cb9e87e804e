// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The console over REAL stores in a temporary directory (TestEnvironment): the real
// CatalogInventorySource and event logs, a fixed clock, and the certificate actions'
// dialogs answered by the test (ScriptedActionDialogs). One per test case.

#include "commands/ActionDialogs.h"
#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "ConsoleTestSupport.h"
#include "MainWindow.h"
#include "commands/CertificateActionSet.h"
#include "commands/CommandRunner.h"
#include "models/CatalogInventorySource.h"
#include "models/EventLogSource.h"

#include <QSignalSpy>
#include <QTest>
#include <deque>

namespace certlife::test {

class ScriptedActionDialogs final : public ui::ActionDialogs
{
public:
    // Answers; nullopt = the user cancels.
    std::optional<ui::ImportAnswer> importAnswer;
    bool importWithPresets = false;   // answer with the files and store the dialog was opened with
    std::deque<QByteArray> passwords; // one per password question; empty: cancel
    std::optional<ui::ExportAnswer> exportAnswer;
    std::optional<QString> targetStore;
    bool confirmDeletion = false;
    int deleteOption = 0; // the option chosen when confirming (0: every location)
    std::optional<int> replacement;

    // What was asked.
    QStringList presetFiles;
    QString presetStore;
    QList<ui::StoreChoice> offeredStores;
    QList<bool> passwordRetries;
    QList<ui::DeleteQuestion> deleteQuestions;
    QList<ui::CertificateSummary> replacementCandidates;

    std::optional<ui::ImportAnswer> askImport(QWidget*, const QStringList& files, const QList<ui::StoreChoice>& stores,
                                              const QString& storeKey) override
    {
        presetFiles = files;
        presetStore = storeKey;
        offeredStores = stores;
        if (importWithPresets)
            return ui::ImportAnswer{files, storeKey};
        return importAnswer;
    }
    std::optional<QByteArray> askPassword(QWidget*, const QString&, bool retry) override
    {
        passwordRetries << retry;
        if (passwords.empty())
            return std::nullopt;
        QByteArray next = passwords.front();
        passwords.pop_front();
        return next;
    }
    std::optional<ui::ExportAnswer> askExport(QWidget*, const ui::CertificateSummary&) override { return exportAnswer; }
    std::optional<QString> askTargetStore(QWidget*, bool, const ui::CertificateSummary&,
                                          const QList<ui::StoreChoice>& stores) override
    {
        offeredStores = stores;
        return targetStore;
    }
    std::optional<int> askDelete(QWidget*, const ui::DeleteQuestion& question) override
    {
        deleteQuestions << question;
        if (!confirmDeletion)
            return std::nullopt;
        return deleteOption;
    }
    std::optional<int> askReplacement(QWidget*, const ui::CertificateSummary&,
                                      const QList<ui::CertificateSummary>& candidates) override
    {
        replacementCandidates = candidates;
        return replacement;
    }
};

struct RealStoresConsole
{
    std::shared_ptr<FixedClock> clock;
    std::shared_ptr<CatalogInventorySource> inventory;
    std::shared_ptr<EventLogSource> events = EventLogSource::forDefaultPaths();
    std::shared_ptr<FixedAgentProbe> agent = std::make_shared<FixedAgentProbe>();
    std::shared_ptr<RecordingDesktop> desktop = std::make_shared<RecordingDesktop>();
    std::shared_ptr<RecordingMessages> messages = std::make_shared<RecordingMessages>();
    std::shared_ptr<ScriptedActionDialogs> actionDialogs = std::make_shared<ScriptedActionDialogs>();
    std::unique_ptr<ConsoleSettings> settings;
    std::unique_ptr<ConsoleController> controller;
    std::unique_ptr<ui::MainWindow> window;

    // Create the TestEnvironment (and the stores) first: the paths are read here.
    RealStoresConsole(const QDateTime& now, const QString& stateDir)
    {
        clock = std::make_shared<FixedClock>(now);
        inventory =
            std::make_shared<CatalogInventorySource>(clock, stateDir + QStringLiteral("/console-inventory.bin"));
        settings = std::make_unique<ConsoleSettings>(stateDir + QStringLiteral("/console.conf"));
        ConsoleController::Sources sources;
        sources.inventory = inventory;
        sources.events = events;
        sources.clock = clock;
        sources.agent = agent;
        controller = std::make_unique<ConsoleController>(sources);
        ui::MainWindow::Services services;
        services.desktop = desktop;
        services.messages = messages;
        services.actionDialogs = actionDialogs;
        window = std::make_unique<ui::MainWindow>(controller.get(), settings.get(), services);
        controller->start(50);
    }

    ui::CertificateActionSet* actions() const { return window->certificateActions(); }
    ui::CommandRunner* runner() const { return window->commandRunner(); }

    QString lastMessage; // what the last run() command said when it finished (the status bar's text)

    // Shows the window and waits for the first scan of the stores.
    bool showAndScan()
    {
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return false;
        return QTest::qWaitFor(
            [this] {
                return controller->hasLoadedInventory() && !controller->isScanning()
                    && controller->lastScan(Scope::User).isValid();
            },
            20000);
    }

    // Triggers an action and waits until its command has finished.
    bool run(ui::CertificateActionSet::Kind kind)
    {
        QSignalSpy finished(runner(), &ui::CommandRunner::commandFinished);
        actions()->action(kind)->trigger();
        if (finished.count() == 0 && !finished.wait(20000))
            return false;
        lastMessage = finished.first().first().value<ui::CommandOutcome>().message;
        return true;
    }
};

} // namespace certlife::test
