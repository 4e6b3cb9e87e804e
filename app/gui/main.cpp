#include "ConsoleController.h"
#include "ConsoleSettings.h"
#include "DesktopNotifier.h"
#include "MainWindow.h"
#include "models/CatalogInventorySource.h"
#include "models/EventLogSource.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>

using namespace certlife;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("certlife"));
    QApplication::setApplicationDisplayName(QStringLiteral("Certlife"));
    QApplication::setOrganizationName(QStringLiteral("certlife"));
    QApplication::setApplicationVersion(QStringLiteral(CERTLIFE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.certlife.Certlife"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/certlife/certlife.svg")));

    QString clockError;
    const std::shared_ptr<Clock> clock = Clock::fromEnvironment(&clockError);
    if (!clock) {
        QMessageBox::critical(nullptr, QStringLiteral("Certlife"), clockError);
        return 2;
    }

    ui::ConsoleSettings settings;
    ui::ConsoleController::Sources sources;
    sources.inventory = std::make_shared<CatalogInventorySource>(clock);
    sources.events = EventLogSource::forDefaultPaths();
    sources.clock = clock;
    sources.agent = std::make_shared<ui::SystemdAgentProbe>();
    sources.thresholds = &policyFileThresholds;
    ui::ConsoleController controller(sources);
    ui::MainWindow::Services services;
    services.notifications = std::make_shared<ui::DesktopNotifier>(); // tray icon and expiry notifications
    ui::MainWindow window(&controller, &settings, services);
    window.show();
    controller.start(settings.pollIntervalMs());
    return app.exec();
}
