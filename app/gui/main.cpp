#include "MainWindow.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("certlife"));
    QApplication::setApplicationDisplayName(QStringLiteral("Certlife"));
    QApplication::setOrganizationName(QStringLiteral("certlife"));
    QApplication::setApplicationVersion(QStringLiteral(CERTLIFE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.certlife.Certlife"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/certlife/certlife.svg")));
    certlife::ui::MainWindow window;
    window.show();
    return app.exec();
}
