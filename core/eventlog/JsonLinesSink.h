// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "eventlog/EventSink.h"

#include <QString>

namespace certlife {

// Appends one JSON object per line (LifecycleEvent::toJson) to a file. The file is
// opened for each batch (created 0600, never through a symlink, only if it is a
// regular file) and written with one write per batch, so a logrotate that moves it
// away simply makes the next batch start a new file.
class JsonLinesSink final : public EventSink
{
public:
    explicit JsonLinesSink(QString path);
    // Opens the file as a batch would (creating it): empty when it can be written, else
    // why not ("certlifectl watch --json-log" fails at start instead of losing events).
    QString checkWritable() const;
    void deliver(const QList<LifecycleEvent>& events) override;
    QString path() const { return m_path; }
    int failures() const { return m_failures; }
    QString lastError() const { return m_lastError; }

private:
    int openFile(QString* why) const; // a descriptor, or -1 and *why
    QString m_path;
    int m_failures = 0;
    QString m_lastError;
};

} // namespace certlife
