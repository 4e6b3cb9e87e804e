// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventDetailsPane.h"

#include "widgets/DetailsHtml.h"
#include "widgets/PageParts.h"

#include <QLabel>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace certlife::ui {

EventDetailsPane::EventDetailsPane(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("eventDetails"));

    auto* content = new QWidget(this);
    m_fields = new QTextBrowser(content);
    m_fields->setObjectName(QStringLiteral("eventFields"));
    m_fields->setOpenLinks(false);
    m_fields->setFrameShape(QFrame::NoFrame);
    m_sections = new QVBoxLayout;
    m_sections->setContentsMargins(0, 0, 0, 0);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_fields, 1);
    contentLayout->addLayout(m_sections);

    m_stack = makeDetailsStack(this, tr("Select an event to see every field it recorded."), content);
}

void EventDetailsPane::display(const LifecycleEvent& event, const QString& storeName)
{
    m_fields->setHtml(eventDetailsHtml(event, storeName));
    m_stack->setCurrentIndex(1);
    for (EventDetailsSection* section : std::as_const(m_sectionWidgets))
        section->setEvent(&event);
}

void EventDetailsPane::clear()
{
    m_fields->clear();
    m_stack->setCurrentIndex(0);
    for (EventDetailsSection* section : std::as_const(m_sectionWidgets))
        section->setEvent(nullptr);
}

void EventDetailsPane::addSection(EventDetailsSection* section)
{
    section->setParent(this);
    m_sections->addWidget(makeSectionTitle(section->title(), this));
    m_sections->addWidget(section);
    m_sectionWidgets.append(section);
}

QString EventDetailsPane::detailsText() const
{
    return m_stack->currentIndex() == 1 ? m_fields->toPlainText() : QString();
}

} // namespace certlife::ui
