// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/Policy.h"
#include "stores/StoreTypes.h"

#include <QList>
#include <QStringList>

namespace certlife {

// The stores a scope monitors right now: the catalog's (built-in and configured) plus
// the policy's AdditionalStores. Problems (unreadable stores.conf, bad entries) are
// reported, never fatal.
struct MonitoredStores
{
    QList<StoreConfig> stores;
    QStringList problems;
};
MonitoredStores monitoredStores(Scope scope, const Policy& policy);

} // namespace certlife
