// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/Policy.h"
#include "util/Scope.h"

#include <QStringList>

namespace certlife {

// The `certlifectl policy set|unset` command that applies one change, for an admin to
// copy: "sudo certlifectl policy set ExpiryWarningDays 30 --scope system". `values`
// empty: unset. Used by the CLI's permission message and the console's Policy page, so
// both tell the admin the same command.
QString policyCommandLine(Scope scope, PolicyKey key, const QStringList& values, bool enforce, bool sudo);

} // namespace certlife
