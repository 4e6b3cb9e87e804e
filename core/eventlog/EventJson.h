#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace certlife::eventlog {

// How the EventLog stores an event: LifecycleEvent::toJson() cut in two compact JSON
// objects, written directly into a string (QJsonObject costs more per event than all
// of SQLite's work for it). TestEventJson keeps them in step with toJson() field by field.
//
// The event without its certificates: recordId, time, eventId, … message, remainingSeconds.
QString eventDataJson(const LifecycleEvent& e);
// Its subject: {"certificate":{…}} plus "oldCertificate" for a Replace. Events about the
// same certificates have the same text, which the log stores once.
QString subjectJson(const LifecycleEvent& e);
// A stable 64-bit FNV-1a hash of a subject's JSON (the same in every process and on
// every platform, unlike qHash), to find a stored subject again.
qint64 detailsHash(const QString& subjectJson);
// Joins the two back into an event; nullopt when either is not what the writer wrote.
std::optional<LifecycleEvent> eventFromStored(const QByteArray& eventData, const QByteArray& subject);

} // namespace certlife::eventlog
