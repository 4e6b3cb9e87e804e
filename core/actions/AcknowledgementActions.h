// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Changing a scope's acknowledgements (lifecycle/Acknowledgements.h), as
// `certlifectl ack|unack|mute|unmute` and the console's commands do: the file is written
// atomically and the change recorded in the scope's event log (1201 Acknowledged, 1202
// AcknowledgementRemoved, with who, until and the note). The event log is opened first:
// a log that cannot be written changes nothing; an event that cannot be recorded puts
// the file back as it was. Blocking: the console calls it on a worker.

#include "lifecycle/Acknowledgements.h"
#include "util/Clock.h"

#include <memory>

namespace certlife {

struct AcknowledgementChange
{
    QString error;                 // empty when done; names the file or log and the reason
    bool permissionDenied = false; // the System scope needs root
    QList<LifecycleEvent> events;  // as recorded (with record ids)
    bool ok() const { return error.isEmpty(); }
};

// Adds each acknowledgement (or replaces the one with the same key), stamped with the
// clock's now and this process's account, in one write and one transaction.
// `acknowledgementsFile` and `eventLogFile` default to the scope's (Paths.h).
AcknowledgementChange addAcknowledgements(Scope scope, QList<Acknowledgement> acknowledgements,
                                          const std::shared_ptr<const Clock>& clock,
                                          const QString& acknowledgementsFile = {}, const QString& eventLogFile = {});
// Removes the acknowledgements with these keys (Acknowledgement::key()); a key that is
// not there is an error naming it, and nothing is removed.
AcknowledgementChange removeAcknowledgements(Scope scope, const QStringList& keys,
                                             const std::shared_ptr<const Clock>& clock,
                                             const QString& acknowledgementsFile = {},
                                             const QString& eventLogFile = {});

} // namespace certlife
