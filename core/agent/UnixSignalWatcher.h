// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace certlife {

// Turns SIGTERM/SIGINT/SIGHUP into a Qt signal on the event loop (self-pipe): a
// signal handler may only write a byte, everything else happens in the loop.
// One instance per process.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(const QList<int>& signalNumbers, QObject* parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void unixSignal(int signalNumber);

private:
    void readPipe();
    QSocketNotifier* m_notifier = nullptr;
    QList<int> m_signals;
};

} // namespace certlife
