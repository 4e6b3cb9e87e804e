// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QList>
#include <QString>

namespace certlife {

// Event ids as an admin types them in a filter box or after `--id`: "1001, 1003-1005",
// names too ("Replace, expired"). Empty text is an empty list (every id). False, with
// *error naming the bad part, on anything else. The console's Events page and the
// `events` and `report` commands all read ids with it.
bool parseEventIdList(const QString& text, QList<EventId>* ids, QString* error);
QString formatEventIdList(const QList<EventId>& ids); // "1001, 1003"

} // namespace certlife
