// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "widgets/ViewKeyboard.h"

#include <QAbstractItemView>
#include <QAction>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QTableView>
#include <QTreeView>

namespace certlife::ui {

namespace {

// Reopens a keyboard context menu at the current row: the platform puts it at the
// mouse pointer (xcb, Wayland) or not at all (Shift+F10), and a view's
// customContextMenuRequested takes viewport coordinates, which a keyboard event's are not.
class ViewKeys final : public QObject
{
public:
    static constexpr const char* kName = "certlifeViewKeys"; // found by name: the class has no meta-object
    explicit ViewKeys(QAbstractItemView* view) : QObject(view), m_view(view) { setObjectName(QLatin1String(kName)); }

    std::function<void(const QModelIndex&)> open;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched != m_view)
            return false;
        if (event->type() == QEvent::ContextMenu
            && static_cast<QContextMenuEvent*>(event)->reason() == QContextMenuEvent::Keyboard)
            return openContextMenu();
        if (event->type() != QEvent::KeyPress)
            return false;
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_F10 && key->modifiers() == Qt::ShiftModifier)
            return openContextMenu();
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && open && m_view->currentIndex().isValid()) {
            open(m_view->currentIndex());
            return true;
        }
        return false;
    }

private:
    bool openContextMenu()
    {
        if (m_view->contextMenuPolicy() != Qt::CustomContextMenu)
            return false;
        const QModelIndex current = m_view->currentIndex();
        if (!current.isValid())
            return true; // no row: nothing to act on
        m_view->scrollTo(current);
        const QRect row = m_view->visualRect(current);
        const QPoint at(std::clamp(row.left() + 16, 0, std::max(0, m_view->viewport()->width() - 1)), row.center().y());
        Q_EMIT m_view->customContextMenuRequested(at);
        return true;
    }

    QAbstractItemView* m_view;
};

ViewKeys* keysOf(QAbstractItemView* view)
{
    if (auto* keys = view->findChild<QObject*>(QLatin1String(ViewKeys::kName), Qt::FindDirectChildrenOnly))
        return static_cast<ViewKeys*>(keys);
    auto* keys = new ViewKeys(view);
    view->installEventFilter(keys);
    return keys;
}

} // namespace

void setUpViewKeyboard(QAbstractItemView* view)
{
    view->setTabKeyNavigation(false);
    keysOf(view);
}

void openOnEnter(QAbstractItemView* view, std::function<void(const QModelIndex&)> open)
{
    keysOf(view)->open = std::move(open);
}

namespace {

bool rowShown(const QAbstractItemView* view, const QModelIndex& index)
{
    if (!index.isValid())
        return false;
    if (const auto* table = qobject_cast<const QTableView*>(view))
        return !table->isRowHidden(index.row());
    if (const auto* tree = qobject_cast<const QTreeView*>(view))
        return !tree->isRowHidden(index.row(), index.parent());
    if (const auto* list = qobject_cast<const QListView*>(view))
        return !list->isRowHidden(index.row());
    return true;
}

bool focusRow(QAbstractItemView* view, const QModelIndex& index)
{
    view->setFocus(Qt::TabFocusReason);
    view->setCurrentIndex(index);
    view->scrollTo(index);
    return true;
}

class DownKey final : public QObject
{
public:
    DownKey(QLineEdit* field, std::function<void()> act) : QObject(field), m_act(std::move(act)) {}

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() != QEvent::KeyPress || static_cast<QKeyEvent*>(event)->key() != Qt::Key_Down
            || static_cast<QKeyEvent*>(event)->modifiers() != Qt::NoModifier)
            return false;
        m_act();
        return true;
    }

private:
    std::function<void()> m_act;
};

} // namespace

bool focusFirstRow(QAbstractItemView* view)
{
    const QAbstractItemModel* model = view->model();
    for (int row = 0; model && row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (rowShown(view, index))
            return focusRow(view, index);
    }
    return false;
}

bool focusRows(QAbstractItemView* view)
{
    const QModelIndex current = view->currentIndex();
    return rowShown(view, current) ? focusRow(view, current) : focusFirstRow(view);
}

void onDownKey(QLineEdit* field, std::function<void()> act)
{
    field->installEventFilter(new DownKey(field, std::move(act)));
}

QAction* addViewShortcut(QAbstractItemView* view, const QString& text, const QKeySequence& key,
                         std::function<void()> act)
{
    auto* action = new QAction(text, view);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(action, &QAction::triggered, view, std::move(act));
    view->addAction(action);
    return action;
}

} // namespace certlife::ui
