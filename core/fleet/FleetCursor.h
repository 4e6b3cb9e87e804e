// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/FleetPublish.h"

#include <QMap>
#include <QString>

namespace certlife::fleet {

// How far one channel's local state has been published to one fleet database
// (docs/fleet.md, "The publisher"): the local event log is the outbox, and this is the
// mark in it. Saved after the database committed, so a crash in between sends a batch
// again, which the database stores once. Lost or garbled, it starts again from nothing:
// everything is sent again, and nothing is stored twice.
struct FleetCursor
{
    QString database;        // the URI published to: another database starts from nothing
    QString host;            // the host published as
    QString logIdentity;     // the local log's identity: a new log starts from nothing
    qint64 lastRecordId = 0; // every event up to it is in the database
    qint64 lastRunId = 0;    // every task run up to it was sent at least once
    // Runs sent in a state that may still change (queued, running, waiting for a
    // retry), with that state: sent again when it changed.
    QMap<qint64, QString> openRuns;
    QString inventoryHash; // of the inventory last published (inventoryHash())
    // Events pruned locally before they were published (the heartbeat's count): the
    // record ids the log skipped past the mark.
    qint64 eventsLostToPruning = 0;
    // A User channel's (agent/FleetUserLogs.h): the log's files when a publish last read
    // them to their end; the same files unchanged are not read again.
    QString sourceSignature;

    bool operator==(const FleetCursor&) const = default;
};

// The cursor in FILE; an empty one when FILE does not exist. A file that cannot be read
// as a cursor gives an empty one too, and *warning says why (the caller logs it).
FleetCursor loadFleetCursor(const QString& path, QString* warning);

// Replaces FILE with CURSOR atomically (mode 0600). False with *error.
bool saveFleetCursor(const QString& path, const FleetCursor& cursor, QString* error);

// SAVED when it is a mark in the same log of the same host in the same database, else
// an empty cursor for them.
FleetCursor cursorFor(const FleetCursor& saved, const QString& database, const QString& host,
                      const QString& logIdentity);

// SHA-256 (hex) of an inventory, whatever the order of its certificates: equal hashes,
// nothing to send.
QString inventoryHash(const QList<FleetCertificate>& inventory);

} // namespace certlife::fleet
