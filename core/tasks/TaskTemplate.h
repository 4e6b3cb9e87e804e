// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace certlife {

// The values a task run receives, both as argument placeholders and as
// environment variables. For Replace, OldCertHash/NewCertHash are the old and new
// thumbprints and Thumbprint is the new one; for Expire, OldCertHash and Thumbprint
// are the expiring certificate's and NewCertHash is empty. The paths follow the same
// rule (Path is Thumbprint's file); Domains are the DNS names of Thumbprint's certificate.
// For Stale (1101), OldCertHash is the certificate the endpoint serves, NewCertHash and
// Thumbprint the newer one a file store holds, and Endpoint the endpoint (HOST:PORT);
// OldCertPath is its location "HOST:PORT [ADDRESS]", NewCertPath and Path the file.
struct TaskValues
{
    int eventId = 0;
    qint64 eventRecordId = 0;
    QString oldCertHash;
    QString newCertHash;
    QString thumbprint;
    QString store;
    QString subject;
    QString path; // the file the event found the certificate in; empty when unknown
    QString oldCertPath;
    QString newCertPath;
    QString endpoint; // HOST:PORT of the endpoint the event is about (1101, 1102, a served certificate); else empty
    QString domains;  // DNS subjectAltNames separated by single spaces (taskDomains())
    QString notAfter; // ISO 8601 UTC, empty when unknown
    QString channel;  // "System" or "User"
    QString task;
    QString script;               // the registered path (argv[0] is /proc/self/fd/N, see docs/tasks.md)
    QList<qint64> eventRecordIds; // {EventRecordIds}: every event the run handles
    bool digest = false;          // a digest run: no single-event values, the events in eventsFile
    QString eventsFile;           // digest: CERTLIFE_EVENTS_FILE

    static TaskValues fromEvent(const LifecycleEvent& event, const QString& taskName, const QString& script);
    // A digest run's values: the record ids and the events file; the values that name
    // one event are empty.
    static TaskValues forDigest(const QList<LifecycleEvent>& events, const QString& taskName, const QString& script,
                                const QString& eventsFile);
};

// The placeholders an argument template may use: {OldCertHash} {NewCertHash}
// {Thumbprint} {EventRecordId} {Store} {Subject} {NotAfter} {Path} {OldCertPath}
// {NewCertPath} {Domains} {Endpoint} {EventRecordIds}. "{{" and "}}" stand for literal braces.
const QStringList& taskPlaceholders();
// Those a digest task may use: the ones that do not name a single event.
const QStringList& digestPlaceholders();
// The placeholders a (valid) template uses.
QStringList placeholdersIn(const QString& templ);

// Empty when the template is valid, else the reason (unknown placeholder, lone brace).
QString validateTemplate(const QString& templ);

// A certificate's DNS names as one value, as certbot's RENEWED_DOMAINS: separated by
// single spaces, each once, in the certificate's order. A name holding white space or a
// control character cannot be a DNS name and would make the list ambiguous: left out.
QString taskDomains(const QStringList& sans);

// Expands a valid template into exactly one argument. Values are inserted
// literally: nothing in them is interpreted (no splitting, no globbing, no nesting).
QString expandTemplate(const QString& templ, const TaskValues& values);

// The PATH of every run: system directories only. ScriptGuard looks up the command of
// a "#!/usr/bin/env NAME" line in it, as env will.
QStringList taskSearchPath();

// The whole environment of a run (nothing is inherited): PATH, LANG and CERTLIFE_*.
QList<QPair<QString, QString>> taskEnvironment(const TaskValues& values);

} // namespace certlife
