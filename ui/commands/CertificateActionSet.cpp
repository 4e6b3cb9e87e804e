// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertificateActionSet.h"

#include "console/ConsoleController.h"
#include "commands/CertificateCommands.h"
#include "commands/CommandRunner.h"
#include "commands/ImportCommand.h"
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
                                           CommandRunner* runner, CertificatesPage* certificates, StoresPage* stores,
                                           QWidget* window)
    : QObject(window),
      m_controller(controller),
      m_dialogs(std::move(dialogs)),
      m_runner(runner),
      m_certificates(certificates),
      m_stores(stores),
      m_window(window)
{
    const std::pair<Kind, QString> names[] = {{Kind::Import, tr("&Import…")}, {Kind::Export, tr("&Export…")},
                                              {Kind::Copy, tr("&Copy to…")},  {Kind::Move, tr("&Move to…")},
                                              {Kind::Delete, tr("&Delete…")}, {Kind::Replace, tr("&Replace with…")}};
    const char* objectNames[] = {"importAction", "exportAction", "copyAction",
                                 "moveAction",   "deleteAction", "replaceAction"};
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

    connect(m_certificates->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, m_runner,
            &CommandRunner::updateActions);
    connect(m_controller, &ConsoleController::inventoryChanged, m_runner, &CommandRunner::updateActions);

    // Drops: the views' viewports receive them; the filter decides the store.
    for (QTableView* view : {m_stores->storeTable(), m_certificates->table()}) {
        view->setAcceptDrops(true);
        view->viewport()->installEventFilter(this);
    }
    governActions();
}

void CertificateActionSet::governActions()
{
    // What every action's availability reads: the selected row, its store, and which
    // stores this user may add certificates to.
    struct Situation
    {
        const CertificateRow* row = nullptr;
        std::optional<StoreConfig> store;
        bool anyWritable = false;
        bool otherWritable = false;
    };
    auto situation = [this] {
        Situation now;
        now.row = m_certificates->currentRow();
        for (const StoreInventory& s : m_controller->inventory()) {
            if (now.row && s.key() == now.row->storeKey())
                now.store = s.config;
            if (!whyNotWritable(*m_controller, s.config).isEmpty())
                continue;
            now.anyWritable = true;
            now.otherWritable = now.otherWritable || !now.row || s.key() != now.row->storeKey();
        }
        return now;
    };
    const QString noRow = tr("Select a certificate first");
    auto storeProblem = [this, noRow](const Situation& now) {
        return !now.row  ? noRow
            : !now.store ? tr("Its store is no longer configured")
                         : whyNotWritable(*m_controller, *now.store);
    };
    using Availability = CommandRunner::Availability;
    m_runner->govern(action(Kind::Import), [situation] {
        return Availability{situation().anyWritable ? QString()
                                                    : tr("No store accepts new certificates here: add a directory "
                                                         "store of your own on the Stores page"),
                            tr("Import certificates and keys from PEM, DER, PKCS#7 or PKCS#12 files into a store "
                               "(Ctrl+I)")};
    });
    m_runner->govern(action(Kind::Export), [situation, noRow] {
        return Availability{situation().row ? QString() : noRow,
                            tr("Write the certificate to a file, or with its key as PKCS#12")};
    });
    m_runner->govern(action(Kind::Copy), [situation, noRow] {
        const Situation now = situation();
        return Availability{!now.row                ? noRow
                                : now.otherWritable ? QString()
                                                    : tr("No other store accepts new certificates here"),
                            tr("Copy the certificate (and its key) into another store")};
    });
    m_runner->govern(action(Kind::Move), [situation, storeProblem] {
        const Situation now = situation();
        const QString problem = storeProblem(now);
        return Availability{!problem.isEmpty()      ? problem
                                : now.otherWritable ? QString()
                                                    : tr("No other store accepts new certificates here"),
                            tr("Move the certificate (and its key) into another store")};
    });
    m_runner->govern(action(Kind::Delete), [situation, storeProblem] {
        return Availability{storeProblem(situation()),
                            tr("Remove the certificate (and its key when unused) from its store")};
    });
    m_runner->govern(action(Kind::Replace), [this, noRow] {
        const CertificateRow* row = m_certificates->currentRow();
        return Availability{!row ? noRow
                                : m_controller->canModify(row->scope())
                                ? QString()
                                : tr("Changing the %1 scope's stores needs root").arg(scopeName(row->scope())),
                            tr("Record that another certificate replaces this one (Switch-Certificate)")};
    });
}

void CertificateActionSet::trigger(Kind kind)
{
    if (m_runner->isBusy())
        return;
    CommandContext context{m_controller, m_dialogs, m_window};
    if (kind == Kind::Import) {
        m_runner->start(new ImportCommand(context, {}, m_certificates->filterModel()->storeKey()));
        return;
    }
    const CertificateRow* row = m_certificates->currentRow();
    if (!row)
        return;
    switch (kind) {
    case Kind::Export: m_runner->start(new ExportCommand(context, *row)); break;
    case Kind::Copy:
    case Kind::Move: m_runner->start(new CopyMoveCommand(context, *row, kind == Kind::Move)); break;
    case Kind::Delete: m_runner->start(new DeleteCommand(context, *row)); break;
    case Kind::Replace: m_runner->start(new ReplaceCommand(context, *row)); break;
    case Kind::Import: break;
    }
}

void CertificateActionSet::importFiles(const QStringList& files, const QString& storeKey)
{
    m_runner->start(new ImportCommand({m_controller, m_dialogs, m_window}, files, storeKey));
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
        const bool acceptable = !m_runner->isBusy() && !localFiles(drag).isEmpty()
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
        if (storeKey.isEmpty() || files.isEmpty() || m_runner->isBusy()) {
            drop->ignore();
            return true;
        }
        drop->acceptProposedAction();
        // After the drop returns: the dialog must not run inside the drag's own loop.
        QMetaObject::invokeMethod(
            this, [this, files, storeKey] { importFiles(files, storeKey); }, Qt::QueuedConnection);
        return true;
    }
    default: return QObject::eventFilter(watched, event);
    }
}

} // namespace certlife::ui
