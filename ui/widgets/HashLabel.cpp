// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "HashLabel.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace certlife::ui {

HashLabel::HashLabel(const QString& name, QWidget* parent) : QWidget(parent)
{
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("hashText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Ignored: the label takes the width it is given and elides to it, instead of
    // asking for the whole hash and pushing the pane wider (or being clipped).
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_text->setMinimumWidth(m_text->fontMetrics().horizontalAdvance(QStringLiteral("ABCD…WXYZ")));
    m_text->setAccessibleName(name);
    m_text->installEventFilter(this); // re-elided whenever its width changes

    m_copy = new QToolButton(this);
    m_copy->setObjectName(QStringLiteral("copyHashButton"));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the whole %1").arg(name));
    m_copy->setAccessibleName(tr("Copy %1").arg(name));
    m_copy->setEnabled(false);
    connect(m_copy, &QToolButton::clicked, this, [this] {
        if (!m_hash.isEmpty())
            Q_EMIT copyRequested(m_hash);
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_copy);
}

void HashLabel::setHash(const QString& hash)
{
    m_hash = hash;
    m_text->setToolTip(hash);
    m_copy->setEnabled(!hash.isEmpty());
    elide();
}

QString HashLabel::shownText() const
{
    return m_text->text();
}

bool HashLabel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_text && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
        elide();
    return QWidget::eventFilter(watched, event);
}

void HashLabel::elide()
{
    // The label's own width once laid out; before that (hidden) the whole text.
    const int width = m_text->contentsRect().width();
    m_text->setText(width > 0 ? m_text->fontMetrics().elidedText(m_hash, Qt::ElideMiddle, width) : m_hash);
}

} // namespace certlife::ui
