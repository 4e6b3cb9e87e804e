// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleServices.h"
#include "widgets/PlainMessageBox.h"

#include "dialogs/AddStoreDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QMessageBox>
#include <QUrl>

namespace certlife::ui {

bool DesktopServices::openFolder(const QString& directory)
{
    return QDesktopServices::openUrl(QUrl::fromLocalFile(directory));
}

void DesktopServices::copyToClipboard(const QString& text)
{
    QGuiApplication::clipboard()->setText(text);
}

std::optional<StoreConfig> ConsoleDialogs::askForNewStore(QWidget* parent, const QList<Scope>& writableScopes,
                                                          const std::function<QString(const StoreConfig&)>& validate)
{
    AddStoreDialog dialog(writableScopes, validate, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.config();
}

bool ConsoleDialogs::confirmRemoveStore(QWidget* parent, const StoreInventory& store)
{
    const QString text = QApplication::translate("ConsoleDialogs",
                                                 "Stop monitoring the store “%1” (%2)?\n\n"
                                                 "The files stay where they are; Certlife only stops watching them.")
                             .arg(store.displayName(), store.config.path);
    return plainMessageBox(parent, QMessageBox::Question, QApplication::translate("ConsoleDialogs", "Remove store"),
                           text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

void ConsoleDialogs::showError(QWidget* parent, const QString& title, const QString& text)
{
    plainMessageBox(parent, QMessageBox::Warning, title, text);
}

void ConsoleDialogs::showAbout(QWidget* parent)
{
    QMessageBox::about(parent, QApplication::translate("ConsoleDialogs", "About Certlife"),
                       QApplication::translate("ConsoleDialogs",
                                               "<h3>Certlife %1</h3>"
                                               "<p>Certificate lifecycle console for Linux: watches certificate "
                                               "stores, warns before certificates expire, and keeps the history "
                                               "of every renewal, replacement and expiry.</p>")
                           .arg(QApplication::applicationVersion()));
}

} // namespace certlife::ui
