// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QList>

namespace certlife {

// Somewhere events go besides the EventLog (journald, a JSON-lines file). The writer
// calls deliver() with each committed batch, record ids filled in. A sink never throws
// and never stops the writer: it fails soft and remembers why.
class EventSink
{
public:
    virtual ~EventSink() = default;
    virtual void deliver(const QList<LifecycleEvent>& events) = 0;
};

} // namespace certlife
