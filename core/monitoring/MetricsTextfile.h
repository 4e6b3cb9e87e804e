// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writing the metrics where node_exporter's textfile collector reads them (policy
// MetricsTextfile, e.g. /var/lib/prometheus/node-exporter/certlife.prom).

#include "policy/PolicyStore.h"
#include "util/Scope.h"

#include <QByteArrayView>
#include <QString>

namespace certlife {

// The file the agent of `scope` writes, empty for none. The System agent takes the
// machine policy's value. A user's agent takes only a value its user set in their own
// policy.conf: the machine's value names the system agent's file, and each user's agent
// overwriting it would be wrong even where it is allowed.
QString metricsTextfileFor(Scope scope, const EffectivePolicy& policy);

// Replaces `path` with `data` atomically (a temporary file in the same directory, then
// rename: the collector never reads half a file; its name does not end in .prom, so a
// crash leaves nothing the collector reads), mode 0644. Refused, as everything a root
// process writes for others: a directory on the way that is a symbolic link, that is not
// owned by root or the scope's owner, or that group or others may write (TrustedPath.h);
// a target that exists and is not a regular file (a symbolic link, a directory). The
// write goes through the directory descriptor that was checked. Returns the error, or
// an empty string.
QString writeMetricsTextfile(const QString& path, QByteArrayView data, Scope scope);

} // namespace certlife
