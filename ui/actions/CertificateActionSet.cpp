// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertificateActionSet.h"

#include "CertificateCommands.h"
#include "ConsoleController.h"
#include "ImportCommand.h"
#include "models/CertificateFilterModel.h"
#include "models/StoreListModel.h"
#include "pages/CertificatesPage.h"
#include "pages/StoresPage.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace certlife::ui {

CertificateActionSet::CertificateActionSet(ConsoleController* controller, std::shared_ptr<ActionDialogs> dialogs,
                                           CertificatesPage* certificates, StoresPage* stores, QWidget* window)
    : QObject(window), m_controller(controller), m_dialogs(std::move(dialogs)), m_certificates(certificates),
      m_stores(stores), m_window(window)
{
    const std::pair<Kind, QString> names[] = {
        {Kind::Import, tr("&Import…")},   {Kind::Export, tr("&Export…")}, {Kind::Copy, tr("&Copy to…")},
        {Kind::Move, tr("&Move to…")},    {Kind::Delete, tr("&Delete…")}, {Kind::Replace, tr("&Replace with…")}};
    const char* objectNames[] = {"importAction", "exportAction", "copyAction", "moveAction", "deleteAction",
                                 "replaceAction"};
    for (const auto& [kind, text] : names) {
        auto* action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(objectNames[int(kind)]));
        connect(action, &QAction::triggered, this, [this, kind = kind] { trigger(kind); });
        m_actions << action;
    }
    action(Kind::Import)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    action(Kind::Delete)->setShortcut(QKeySequence::Delete);
    action(Kind::Delete)->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_certificates->addCertificateActions(m_actions);

    connect(m_certificates->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CertificateActionSet::updateActions);
    connect(m_controller, &ConsoleController::inventoryChanged, this, &CertificateActionSet::updateActions);

    // Drops: the views' viewports receive them; the filter decides the store.
    for (QTableView* view : {m_stores->storeTable(), m_certificates->table()}) {
        view->setAcceptDrops(true);
        view->viewport()->installEventFilter(this);
    }
    updateActions();
}

void CertificateActionSet::updateActions()
{
    const CertificateRow* row = m_certificates->currentRow();
    std::optional<StoreConfig> store;
    if (row) {
        for (const StoreInventory& s : m_controller->inventory())
            if (s.key() == row->storeKey)
                store = s.config;
    }
    bool anyWritable = false;
    bool otherWritable = false;
    for (const StoreInventory& s : m_controller->inventory()) {
        if (!whyNotWritable(*m_controller, s.config).isEmpty())
            continue;
        anyWritable = true;
        otherWritable = otherWritable || !row || s.key() != row->storeKey;
    }
    auto set = [this](Kind kind, const QString& whyNot, const QString& tip) {
        action(kind)->setEnabled(!m_busy && whyNot.isEmpty());
        action(kind)->setToolTip(m_busy ? tr("Another action is running") : whyNot.isEmpty() ? tip : whyNot);
    };
    const QString noRow = tr("Select a certificate first");
    const QString storeProblem = !row ? noRow : !store ? tr("Its store is no longer configured")
                                                       : whyNotWritable(*m_controller, *store);
    const QString scopeProblem = !row ? noRow
                               : m_controller->canModify(row->scope)
                                   ? QString()
                                   : tr("Changing the %1 scope's stores needs root").arg(scopeName(row->scope));
    set(Kind::Import, anyWritable ? QString() : tr("No store accepts new certificates here: add a directory store of "
                                                  "your own on the Stores page"),
        tr("Import certificates and keys from PEM, DER, PKCS#7 or PKCS#12 files into a store (Ctrl+I)"));
    set(Kind::Export, row ? QString() : noRow, tr("Write the certificate to a file, or with its key as PKCS#12"));
    set(Kind::Copy, !row ? noRow : otherWritable ? QString() : tr("No other store accepts new certificates here"),
        tr("Copy the certificate (and its key) into another store"));
    set(Kind::Move, !storeProblem.isEmpty() ? storeProblem
                    : otherWritable         ? QString()
                                            : tr("No other store accepts new certificates here"),
        tr("Move the certificate (and its key) into another store"));
    set(Kind::Delete, storeProblem, tr("Remove the certificate (and its key when unused) from its store"));
    set(Kind::Replace, scopeProblem, tr("Record that another certificate replaces this one (Switch-Certificate)"));
}

void CertificateActionSet::trigger(Kind kind)
{
    if (m_busy)
        return;
    CommandContext context{m_controller, m_dialogs, m_window};
    if (kind == Kind::Import) {
        runCommand(new ImportCommand(context, {}, m_certificates->filterModel()->storeKey(), this));
        return;
    }
    const CertificateRow* row = m_certificates->currentRow();
    if (!row)
        return;
    switch (kind) {
    case Kind::Export:
        runCommand(new ExportCommand(context, *row, this));
        break;
    case Kind::Copy:
    case Kind::Move:
        runCommand(new CopyMoveCommand(context, *row, kind == Kind::Move, this));
        break;
    case Kind::Delete:
        runCommand(new DeleteCommand(context, *row, this));
        break;
    case Kind::Replace:
        runCommand(new ReplaceCommand(context, *row, this));
        break;
    case Kind::Import:
        break;
    }
}

void CertificateActionSet::importFiles(const QStringList& files, const QString& storeKey)
{
    if (!m_busy)
        runCommand(new ImportCommand({m_controller, m_dialogs, m_window}, files, storeKey, this));
}

void CertificateActionSet::runCommand(CertificateCommand* command)
{
    m_busy = true;
    updateActions();
    connect(command, &CertificateCommand::finished, this, [this](const CommandOutcome& outcome) {
        m_busy = false;
        m_lastOutcome = outcome;
        updateActions();
        Q_EMIT commandFinished(outcome.message);
    });
    connect(command, &CertificateCommand::progress, this, &CertificateActionSet::commandProgress);
    command->start();
}

QStringList CertificateActionSet::localFiles(const QDropEvent* event)
{
    QStringList files;
    if (!event->mimeData() || !event->mimeData()->hasUrls())
        return files;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            files << url.toLocalFile();
    }
    return files;
}

QString CertificateActionSet::dropTarget(QObject* viewport, const QPoint& position) const
{
    QTableView* storeTable = m_stores->storeTable();
    if (viewport == storeTable->viewport()) {
        const QModelIndex index = storeTable->indexAt(position);
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(storeTable->model());
        if (!index.isValid() || !proxy)
            return {};
        const StoreInventory& store = m_controller->stores()->storeAt(proxy->mapToSource(index).row());
        return whyNotWritable(*m_controller, store.config).isEmpty() ? store.key() : QString();
    }
    // The Certificates page while it shows one store: the drop goes there.
    const QString key = m_certificates->filterModel()->storeKey();
    for (const StoreInventory& store : m_controller->inventory()) {
        if (store.key() == key && whyNotWritable(*m_controller, store.config).isEmpty())
            return key;
    }
    return {};
}

bool CertificateActionSet::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto* drag = static_cast<QDragMoveEvent*>(event);
        const bool acceptable = !m_busy && !localFiles(drag).isEmpty()
                             && !dropTarget(watched, drag->position().toPoint()).isEmpty();
        if (acceptable)
            drag->acceptProposedAction();
        else
            drag->ignore();
        return true;
    }
    case QEvent::Drop: {
        auto* drop = static_cast<QDropEvent*>(event);
        const QString storeKey = dropTarget(watched, drop->position().toPoint());
        const QStringList files = localFiles(drop);
        if (storeKey.isEmpty() || files.isEmpty() || m_busy) {
            drop->ignore();
            return true;
        }
        drop->acceptProposedAction();
        // After the drop returns: the dialog must not run inside the drag's own loop.
        QMetaObject::invokeMethod(this, [this, files, storeKey] { importFiles(files, storeKey); }, Qt::QueuedConnection);
        return true;
    }
    default:
        return QObject::eventFilter(watched, event);
    }
}

} // namespace certlife::ui
