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
    void deliver(const QList<LifecycleEvent>& events) override;
    QString path() const { return m_path; }
    int failures() const { return m_failures; }
    QString lastError() const { return m_lastError; }

private:
    QString m_path;
    int m_failures = 0;
    QString m_lastError;
};

} // namespace certlife
