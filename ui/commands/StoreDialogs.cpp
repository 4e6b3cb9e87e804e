// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "commands/StoreDialogs.h"

#include "dialogs/AddStoreDialog.h"
#include "widgets/PlainMessageBox.h"

#include <QApplication>
#include <QMessageBox>

namespace certlife::ui {

std::optional<StoreConfig> StoreDialogs::askForNewStore(QWidget* parent, const QList<Scope>& writableScopes,
                                                        const std::function<QString(const StoreConfig&)>& validate)
{
    AddStoreDialog dialog(writableScopes, validate, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.config();
}

bool StoreDialogs::confirmRemoveStore(QWidget* parent, const StoreInventory& store)
{
    const QString text = QApplication::translate("StoreDialogs",
                                                 "Stop monitoring the store “%1” (%2)?\n\n"
                                                 "The files stay where they are; Certlife only stops watching them.")
                             .arg(store.displayName(), store.config.path);
    return plainMessageBox(parent, QMessageBox::Question, QApplication::translate("StoreDialogs", "Remove store"), text,
                           QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

} // namespace certlife::ui
