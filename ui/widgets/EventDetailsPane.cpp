// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "EventDetailsPane.h"

#include "widgets/DetailsHtml.h"
#include "widgets/PageParts.h"

#include <QLabel>
#include <QResizeEvent>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace certlife::ui {

namespace {
// Below this width two columns of values break words (and hashes) mid-way.
constexpr int kSideBySideMinimumWidth = 480;
} // namespace

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
    m_event = event;
    m_storeName = storeName;
    m_layout = layoutForWidth();
    render();
    m_stack->setCurrentIndex(1);
    for (EventDetailsSection* section : std::as_const(m_sectionWidgets))
        section->setEvent(&event);
}

void EventDetailsPane::clear()
{
    m_event.reset();
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

ComparisonLayout EventDetailsPane::layoutForWidth() const
{
    return width() < kSideBySideMinimumWidth ? ComparisonLayout::Stacked : ComparisonLayout::SideBySide;
}

void EventDetailsPane::render()
{
    if (m_event)
        m_fields->setHtml(eventDetailsHtml(*m_event, m_storeName, m_layout));
}

void EventDetailsPane::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (const ComparisonLayout layout = layoutForWidth(); layout != m_layout) {
        m_layout = layout;
        render();
    }
}

QString EventDetailsPane::detailsText() const
{
    return m_stack->currentIndex() == 1 ? m_fields->toPlainText() : QString();
}

} // namespace certlife::ui
