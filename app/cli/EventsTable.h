// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QList>
#include <QString>

namespace certlife::cli {

// The text output of `certlifectl events`: aligned columns, newest first. Column widths
// are fixed by the first page printed so later pages line up with it.
class EventsTable
{
public:
    explicit EventsTable(bool withChannel) : m_withChannel(withChannel) {}
    // The header and rows of the first page, rows only after that.
    QString format(const QList<LifecycleEvent>& events);

private:
    QStringList cells(const LifecycleEvent& e) const;
    bool m_withChannel;
    QList<int> m_widths; // empty until the first page
};

} // namespace certlife::cli
