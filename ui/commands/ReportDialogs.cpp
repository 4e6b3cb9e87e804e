// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/ReportDialogs.h"

#include "dialogs/ReportExportDialog.h"
#include "widgets/FileDialogStart.h"

#include <QApplication>
#include <QFileDialog>

namespace certlife::ui {

std::optional<ReportChoice> ReportDialogs::chooseReport(QWidget* parent, const ReportDialogContext& context)
{
    ReportExportDialog dialog(
        context,
        [this, &dialog](const QString& suggested, ReportFormat format) {
            return chooseOutputFile(&dialog, suggested, format);
        },
        parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.choice();
}

QString ReportDialogs::chooseOutputFile(QWidget* parent, const QString& suggestedPath, ReportFormat format)
{
    const QString extension = reportFormatExtension(format);
    const QString path = QFileDialog::getSaveFileName(
        parent, QApplication::translate("ReportDialogs", "Export report"), fileDialogSavePath(suggestedPath),
        QApplication::translate("ReportDialogs", "%1 files (*.%2)").arg(extension.toUpper(), extension));
    rememberFileDialogChoice(path);
    return path;
}

} // namespace certlife::ui
