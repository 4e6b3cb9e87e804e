// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>
#include <QFrame>

class QLabel;

namespace certlife::ui {

// One number on the overview ("12 Expired"), with the state's colour down its left
// edge. Clicking it opens what it counts.
class SummaryTile : public QFrame
{
    Q_OBJECT
public:
    SummaryTile(const QString& title, const QColor& color, QWidget* parent = nullptr);
    void setCount(int count);
    // No number yet (the stores are being read): an ellipsis, never a 0.
    void setPending();
    int count() const { return m_count; }
    QString numberText() const; // what the tile shows: the count, or "…" while pending
    void setSubtitle(const QString& text);
    QString subtitle() const;
    QString title() const;

Q_SIGNALS:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    int m_count = 0;
    QColor m_color;
    QLabel* m_number = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
};

} // namespace certlife::ui
