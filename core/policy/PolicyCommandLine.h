#pragma once

#include "policy/Policy.h"
#include "util/Scope.h"

#include <QStringList>

namespace certlife {

// A word of a command line as a POSIX shell reads it back: unchanged when it holds only
// safe characters, otherwise in single quotes ('it'\''s').
QString shellQuote(const QString& word);

// The `certlifectl policy set|unset` command that applies one change, for an admin to
// copy: "sudo certlifectl policy set ExpiryWarningDays 30 --scope system". `values`
// empty: unset. Used by the CLI's permission message and the console's Policy page, so
// both tell the admin the same command.
QString policyCommandLine(Scope scope, PolicyKey key, const QStringList& values, bool enforce, bool sudo);

} // namespace certlife
