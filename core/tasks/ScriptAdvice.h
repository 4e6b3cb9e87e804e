// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Scope.h"

#include <QString>

namespace certlife {

// How to fix what ScriptGuard refused, as a command or a step an administrator can
// follow ("chmod go-w '/srv/scripts'"), for a reason as ScriptGuard::inspect() words
// it. Empty when there is nothing better to say than the reason itself. Paths are
// quoted for a POSIX shell, so the advice can be pasted as it is.
QString scriptFixAdvice(const QString& reason, Scope scope);

} // namespace certlife
