// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/CertificateCommand.h"

#include <QObject>
#include <memory>

class QAction;
class QDropEvent;
class QTableView;

namespace certlife {
class ConsoleController;
}

namespace certlife::ui {

class CertificatesPage;
class CommandRunner;
class StoresPage;

// The certificate actions of the console: Import…, Export…, Copy to…, Move to…,
// Delete…, Replace with… as QActions (the Certificates page's toolbar and context
// menu), enabled for the selected certificate and what this user may change (disabled
// with the reason in the tooltip), and files dropped onto a store (a Stores page row,
// or the Certificates page while it shows one store) imported into it. The commands
// run through the window's CommandRunner.
class CertificateActionSet : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Import, Export, Copy, Move, Delete, Replace };

    CertificateActionSet(ConsoleController* controller, std::shared_ptr<ActionDialogs> dialogs, CommandRunner* runner,
                         CertificatesPage* certificates, StoresPage* stores, QWidget* window);

    QList<QAction*> actions() const { return m_actions; }
    QAction* action(Kind kind) const { return m_actions.at(int(kind)); }

    // Opens the import dialog with these files and this store (storeKey) preset.
    void importFiles(const QStringList& files, const QString& storeKey);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void trigger(Kind kind);
    void governActions();
    // The store (storeKey) a drop at this point of the view goes to; empty when none.
    QString dropTarget(QObject* viewport, const QPoint& position) const;
    static QStringList localFiles(const QDropEvent* event);

    ConsoleController* m_controller;
    std::shared_ptr<ActionDialogs> m_dialogs;
    CommandRunner* m_runner;
    CertificatesPage* m_certificates;
    StoresPage* m_stores;
    QWidget* m_window;
    QList<QAction*> m_actions;
};

} // namespace certlife::ui
