// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/DetailsHtml.h"

#include <QWidget>
#include <optional>

class QStackedWidget;
class QTextBrowser;
class QVBoxLayout;

namespace certlife::ui {

// A part of the event details supplied by another subsystem: the notification tasks
// add "Task runs" (the runs tied to the event's record). Sections are shown under the
// event's fields, in the order added, each given every event the user selects.
class EventDetailsSection : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;
    virtual QString title() const = 0;
    // nullptr: nothing selected. Must not block: load anything slow asynchronously.
    virtual void setEvent(const LifecycleEvent* event) = 0;
};

// Every field of the selected event; for 1001 (Replace) and 1101/1102 (stale bindings) the
// two certificates side by side (one above the other in a narrow pane); then the sections
// other subsystems add.
class EventDetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit EventDetailsPane(QWidget* parent = nullptr);

    void display(const LifecycleEvent& event, const QString& storeName = {});
    void clear();
    void addSection(EventDetailsSection* section); // takes ownership
    QString detailsText() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    ComparisonLayout layoutForWidth() const;
    void render();

    QStackedWidget* m_stack = nullptr;
    QTextBrowser* m_fields = nullptr;
    QVBoxLayout* m_sections = nullptr;
    QList<EventDetailsSection*> m_sectionWidgets;
    std::optional<LifecycleEvent> m_event; // shown, rendered again when the layout changes
    QString m_storeName;
    ComparisonLayout m_layout = ComparisonLayout::SideBySide;
};

} // namespace certlife::ui
