#include "MainWindow.h"

#include <QLabel>

namespace certlife::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Certlife"));
    setCentralWidget(new QLabel(tr("Certlife"), this));
    resize(1100, 700);
}

} // namespace certlife::ui
