#pragma once

#include <QMainWindow>

namespace certlife::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace certlife::ui
