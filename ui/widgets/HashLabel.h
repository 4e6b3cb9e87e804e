// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace certlife::ui {

// A hash (thumbprint, SHA-256) in one monospace line that never clips: narrower than
// the hash, it is elided in the middle (both ends stay, which is how people compare
// hashes); the tooltip and Copy always have the whole text.
class HashLabel : public QWidget
{
    Q_OBJECT
public:
    explicit HashLabel(const QString& name, QWidget* parent = nullptr);

    void setHash(const QString& hash);
    QString hash() const { return m_hash; }
    QString shownText() const; // what the label shows now, elided or whole
    QToolButton* copyButton() const { return m_copy; }

Q_SIGNALS:
    void copyRequested(const QString& hash); // the whole hash

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void elide();

    QString m_hash;
    QLabel* m_text = nullptr;
    QToolButton* m_copy = nullptr;
};

} // namespace certlife::ui
