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
    // WITH_HOST: a HOST column (`events --fleet`: the events of many hosts).
    explicit EventsTable(bool withChannel, bool withHost = false) : m_withChannel(withChannel), m_withHost(withHost) {}
    // The header and rows of the first page, rows only after that.
    QString format(const QList<LifecycleEvent>& events);

private:
    QStringList cells(const LifecycleEvent& e) const;
    bool m_withChannel;
    bool m_withHost;
    QList<int> m_widths; // empty until the first page
};

} // namespace certlife::cli
