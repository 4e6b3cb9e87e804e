// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventSink.h"

#include <QByteArray>
#include <QString>
#include <functional>

namespace certlife {

// MESSAGE_ID of each event id (journalctl MESSAGE_ID=…), fixed forever: monitoring
// rules match on them. The table is in docs/eventlog.md.
QByteArray journalMessageId(EventId id);
// syslog priority of a level: Information 6 (info), Warning 4 (warning), Error 3 (err).
int journalPriority(EventLevel level);

// The fields sent to journald for one event, each "NAME=value" in UTF-8: MESSAGE_ID,
// PRIORITY, SYSLOG_IDENTIFIER=certlife, MESSAGE and CERTLIFE_* (empty values left out).
// Names are fixed; values have control characters escaped (a newline becomes "\x0A")
// and are cut at 4096 characters, so a hostile certificate field can neither add a
// field nor forge a line.
QList<QByteArray> journalFields(const LifecycleEvent& e);

// Sends one entry of fields; returns 0 or a negative errno.
using JournalSender = std::function<int(const QList<QByteArray>& fields)>;

// Sends every event to the systemd journal with sd_journal_sendv. Without journald (or
// without libsystemd.so.0) it drops them, counts the failure and goes on.
class JournaldSink final : public EventSink
{
public:
    // `send` replaces sd_journal_sendv (tests; they must not write to the real journal).
    explicit JournaldSink(JournalSender send = {});
    void deliver(const QList<LifecycleEvent>& events) override;
    int failures() const { return m_failures; }
    QString lastError() const { return m_lastError; }

private:
    JournalSender m_send;
    int m_failures = 0;
    QString m_lastError;
};

} // namespace certlife
