#pragma once

#include <QString>

class QLabel;
class QTableView;
class QWidget;

namespace certlife::ui {

// The pieces every page is built from, so pages look alike.
QLabel* makePageTitle(const QString& text, QWidget* parent);
QLabel* makeSectionTitle(const QString& text, QWidget* parent);
QLabel* makeMutedLabel(const QString& text, QWidget* parent);
// Row selection, no row numbers, compact rows, elided text, last column stretched.
QTableView* makeTable(QWidget* parent, const QString& objectName);

} // namespace certlife::ui
