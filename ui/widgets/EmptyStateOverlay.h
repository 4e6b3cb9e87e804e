// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QPointer>

class QAbstractItemView;
class QLabel;

namespace certlife::ui {

// A centred, muted sentence over an item view while its model has no rows ("No
// certificates match the search"), so an empty table never looks broken.
class EmptyStateOverlay : public QObject
{
    Q_OBJECT
public:
    EmptyStateOverlay(QAbstractItemView* view, const QString& text);
    void setText(const QString& text);
    QString text() const;
    bool isShown() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void update();
    void connectModel();

    QPointer<QAbstractItemView> m_view;
    QLabel* m_label = nullptr;
    QMetaObject::Connection m_connections[4];
};

} // namespace certlife::ui
