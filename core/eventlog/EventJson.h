// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "util/JsonLineWriter.h"

#include <QByteArray>
#include <QString>

namespace certlife::eventlog {

// How the EventLog stores what an event happened to, its subject: {"certificate":{…}}
// plus "oldCertificate" for a Replace, exactly the two objects of LifecycleEvent::toJson(),
// written directly into a string (QJsonObject costs more than SQLite's work for an
// insert). Events about the same certificates have the same text, which the log stores
// once. The rest of an event is in columns of its own. TestEventJson keeps this in step
// with toJson() field by field.
QString subjectJson(const LifecycleEvent& e);
// A stable 64-bit FNV-1a hash of a subject's JSON (the same in every process and on
// every platform, unlike qHash), to find a stored subject again.
qint64 detailsHash(const QString& subjectJson);
// Fills e's certificate (and old certificate) from a stored subject; false when the text
// is not what the writer wrote.
bool readSubjectJson(const QByteArray& subject, LifecycleEvent* e);

// One event as a line of JSON (`events --json`, `watch --json-log`; no newline): the
// fields of LifecycleEvent::toJson() in this order: recordId, time, eventId, name, level,
// channel, host, account, process, action, store, message, remainingSeconds (when
// set), certificate, oldCertificate (a Replace). EventLog::queryJson writes the same
// from its rows; TestEventJson holds the three to the same values.
void writeEventJson(JsonLineWriter& w, const LifecycleEvent& e);
// "ekus": [{"oid", "name"}, …], as events and `scan --json` write a certificate's EKUs.
void writeExtendedKeyUsagesJson(JsonLineWriter& w, const QList<ExtendedKeyUsage>& ekus);
// The fields before the certificates, shared by both writers.
void writeEventHeadJson(JsonLineWriter& w, qint64 recordId, qint64 timeMs, EventId id, Scope channel);

} // namespace certlife::eventlog
