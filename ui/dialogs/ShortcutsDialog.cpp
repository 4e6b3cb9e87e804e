// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "dialogs/ShortcutsDialog.h"

#include "pages/ConsolePage.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QRegularExpression>
#include <QSet>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <tuple>

namespace certlife::ui {

namespace {

QString plainText(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    text.replace(QStringLiteral("&&"), QStringLiteral("&"));
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    return text;
}

// The menu that holds the action, else the page of the view it acts on.
QString whereOf(const QAction* action)
{
    const QList<QObject*> owners = action->associatedObjects();
    for (const QObject* owner : owners) {
        if (const auto* menu = qobject_cast<const QMenu*>(owner); menu && !menu->title().isEmpty())
            return plainText(menu->title());
    }
    for (const QObject* owner = action->parent(); owner; owner = owner->parent()) {
        if (const auto* page = qobject_cast<const ConsolePage*>(owner))
            return QObject::tr("%1 page").arg(page->title());
    }
    for (const QObject* owner : owners) {
        for (const QObject* up = owner; up; up = up->parent()) {
            if (const auto* page = qobject_cast<const ConsolePage*>(up))
                return QObject::tr("%1 page").arg(page->title());
        }
    }
    return QObject::tr("Everywhere");
}

} // namespace

QList<ShortcutEntry> shortcutEntries(const QWidget* window)
{
    QList<ShortcutEntry> entries;
    QSet<const QAction*> seen;
    const QList<QAction*> actions = window->findChildren<QAction*>();
    for (const QAction* action : actions) {
        if (action->shortcuts().isEmpty() || action->text().isEmpty() || seen.contains(action))
            continue;
        seen.insert(action);
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        entries << ShortcutEntry{plainText(action->text()), keys.join(QStringLiteral(", ")), whereOf(action),
                                 action->shortcut().toString(QKeySequence::PortableText)};
    }
    std::sort(entries.begin(), entries.end(), [](const ShortcutEntry& a, const ShortcutEntry& b) {
        return std::tie(a.where, a.action) < std::tie(b.where, b.action);
    });
    return entries;
}

ShortcutsDialog::ShortcutsDialog(QWidget* window) : QDialog(window)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    setObjectName(QStringLiteral("shortcutsDialog"));
    auto* list = new QTreeWidget(this);
    list->setObjectName(QStringLiteral("shortcutList"));
    list->setRootIsDecorated(false);
    list->setHeaderLabels({tr("Action"), tr("Keys"), tr("Where")});
    for (const ShortcutEntry& entry : shortcutEntries(window))
        new QTreeWidgetItem(list, {entry.action, entry.keys, entry.where});
    list->header()->resizeSection(0, 240);
    list->header()->resizeSection(1, 120);
    auto* general = new QLabel(tr("In every view: Tab and Shift+Tab move between fields, tables and panes; the arrows "
                                  "move within a table; Enter opens the row where a double click would; the "
                                  "context-menu key or Shift+F10 opens the row's menu. Alt and the underlined letter "
                                  "press a button or open a menu. In the search field, Down or Enter moves into the "
                                  "results."),
                               this);
    general->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(list, 1);
    layout->addWidget(general);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(620, 520);
}

} // namespace certlife::ui
