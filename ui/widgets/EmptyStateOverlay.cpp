// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EmptyStateOverlay.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>

namespace certlife::ui {

EmptyStateOverlay::EmptyStateOverlay(QAbstractItemView* view, const QString& text) : QObject(view), m_view(view)
{
    m_label = new QLabel(text, view->viewport());
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    m_label->setObjectName(QStringLiteral("emptyState"));
    m_label->setStyleSheet(QStringLiteral("color: #78909c; font-size: 11pt; padding: 24px;"));
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    view->installEventFilter(this);
    connectModel();
    update();
}

void EmptyStateOverlay::setText(const QString& text)
{
    m_label->setText(text);
}

QString EmptyStateOverlay::text() const
{
    return m_label->text();
}

bool EmptyStateOverlay::isShown() const
{
    return !m_label->isHidden();
}

void EmptyStateOverlay::connectModel()
{
    for (auto& c : m_connections)
        disconnect(c);
    QAbstractItemModel* model = m_view ? m_view->model() : nullptr;
    if (!model)
        return;
    m_connections[0] = connect(model, &QAbstractItemModel::rowsInserted, this, &EmptyStateOverlay::update);
    m_connections[1] = connect(model, &QAbstractItemModel::rowsRemoved, this, &EmptyStateOverlay::update);
    m_connections[2] = connect(model, &QAbstractItemModel::modelReset, this, &EmptyStateOverlay::update);
    m_connections[3] = connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyStateOverlay::update);
}

bool EmptyStateOverlay::eventFilter(QObject* watched, QEvent* event)
{
    if (m_view && watched == m_view->viewport() && event->type() == QEvent::Resize)
        update();
    if (m_view && watched == m_view && event->type() == QEvent::Show) {
        connectModel(); // the view may have been given its model after the overlay
        update();
    }
    return QObject::eventFilter(watched, event);
}

void EmptyStateOverlay::update()
{
    if (!m_view)
        return;
    const bool empty = !m_view->model() || m_view->model()->rowCount(m_view->rootIndex()) == 0;
    m_label->setGeometry(m_view->viewport()->rect());
    m_label->setVisible(empty);
}

} // namespace certlife::ui
