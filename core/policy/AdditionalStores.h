// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/Policy.h"
#include "stores/StoreTypes.h"

namespace certlife {

// The stores the policy's AdditionalStores adds to a scope: each path becomes a
// read-only store (monitored, never written by Certlife). An existing regular file is a
// file store; anything else (a directory, or a path that does not exist yet) is a
// recursive directory store, so /etc/letsencrypt covers live/ and archive/.
// Ids are stable and readable: "policy-" and the path with every other character than
// [A-Za-z0-9._] as "-" (policy-etc-letsencrypt); when two paths would get the same id,
// both get the first 8 hex digits of their path's SHA-256 appended.
// Call it whenever the configuration is read, so the kind follows the file system.
QList<StoreConfig> additionalStoreConfigs(const Policy& policy, Scope scope);

} // namespace certlife
