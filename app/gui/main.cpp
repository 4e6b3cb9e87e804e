// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "MainWindow.h"
#include "console/ConsoleController.h"
#include "console/ConsoleSettings.h"
#include "models/CatalogInventorySource.h"
#include "models/EventLogSource.h"
#include "services/DesktopNotifier.h"
#include "services/SystemdAgentProbe.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <cstdio>

using namespace certlife;

// --help and --version are answered before QApplication exists: they need no display
// (over SSH, in a package check) and must not be taken for Qt's own options.
static bool answeredCommandLine(int argc, char** argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The Certlife console: which X.509 certificates of this machine and of your account are\n"
                       "expired or about to expire, where they are, and the lifecycle history of the System and\n"
                       "User channels. It imports, exports, copies, moves, deletes and replaces certificates,\n"
                       "edits notification tasks and policies, and exports reports. The agent\n"
                       "(certlife-agent.service, certlifectl watch) records the events it shows.\n\n"
                       "Qt's own options are accepted too (-platform NAME, -style NAME, -geometry WxH+X+Y)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOption(help);
    parser.addOption(version);
    parser.addOption(QCommandLineOption(
        QStringLiteral("fleet"),
        QStringLiteral("Start on the fleet database at this libpq URI (every host's certificates and events, "
                       "read-only; docs/fleet.md). File > This computer switches back."),
        QStringLiteral("URI")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("password-file"),
        QStringLiteral("With --fleet: the file holding the password of the URI's user alone, mode 0600 (default: "
                       "the one last used with that URI, else PGPASSFILE or ~/.pgpass)."),
        QStringLiteral("FILE")));
    (void)parser.parse(args); // Qt's options are unknown here: the console ignores them below
    if (parser.isSet(version)) {
        std::printf("certlife %s\n", CERTLIFE_VERSION);
        return true;
    }
    if (!parser.isSet(help))
        return false;
    QString text = parser.helpText();
    text = QStringLiteral("Usage: certlife [options]") + text.mid(text.indexOf(QLatin1Char('\n')));
    text += QStringLiteral(
        "\nEnvironment:\n"
        "  CERTLIFE_NOW                 Take this ISO 8601 time as now (e.g. 2026-12-01T00:00:00Z).\n"
        "  XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME   User scope locations.\n"
        "  CERTLIFE_SYSTEM_CONFIG_DIR, CERTLIFE_SYSTEM_STATE_DIR, CERTLIFE_SYSTEM_DATA_DIR\n"
        "                               System scope locations (default /etc/certlife, /var/lib/certlife).\n");
    std::fputs(text.toLocal8Bit().constData(), stdout);
    return true;
}

// `--fleet URI [--password-file FILE]`; the password file last used with that URI when
// none is given. An empty URI: this computer.
static FleetLocation fleetOfCommandLine(const QStringList& args, const ConsoleSettings& settings)
{
    FleetLocation fleet;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        const auto value = [&](const QString& name) -> std::optional<QString> {
            if (arg == QLatin1String("--") + name && i + 1 < args.size())
                return args.at(++i);
            if (arg.startsWith(QLatin1String("--") + name + QLatin1Char('=')))
                return arg.mid(name.size() + 3);
            return std::nullopt;
        };
        if (const auto uri = value(QStringLiteral("fleet")))
            fleet.uri = *uri;
        else if (const auto file = value(QStringLiteral("password-file")))
            fleet.passwordFile = *file;
    }
    if (!fleet.uri.isEmpty() && fleet.passwordFile.isEmpty()) {
        for (const FleetLocation& recent : settings.recentFleets())
            if (recent.uri == fleet.uri)
                fleet.passwordFile = recent.passwordFile;
    }
    return fleet;
}

int main(int argc, char** argv)
{
    if (answeredCommandLine(argc, argv))
        return 0;
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

    ConsoleSettings settings;
    ConsoleController::Sources sources;
    sources.inventory = std::make_shared<CatalogInventorySource>(clock);
    sources.events = EventLogSource::forDefaultPaths();
    sources.clock = clock;
    sources.agent = std::make_shared<ui::SystemdAgentProbe>();
    sources.thresholds = &policyFileThresholds;
    ConsoleController controller(sources);
    ui::MainWindow::Services services;
    services.notifications = std::make_shared<ui::DesktopNotifier>(); // tray icon and expiry notifications
    ui::MainWindow window(&controller, &settings, services);
    window.show();
    controller.start(settings.pollIntervalMs());
    if (const FleetLocation fleet = fleetOfCommandLine(app.arguments(), settings); !fleet.uri.isEmpty())
        QCoro::connect(window.connectToFleet(fleet), &window, [](bool) {});
    return app.exec();
}
