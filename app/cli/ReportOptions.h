// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The options of `certlifectl report`, read and checked into a ReportRequest.

#include "eventlog/EventQuery.h"
#include "reports/CertificateReport.h"
#include "reports/Report.h"

#include <QCommandLineParser>
#include <optional>

namespace certlife::cli {

struct ReportRequest
{
    ReportKind kind = ReportKind::Certificates;
    ReportFormat format = ReportFormat::Csv;
    QString out;                // a file, or "-" for standard output
    std::optional<Scope> scope; // unset: both scopes
    CertificateReportOptions certificates;
    EventQuery events; // the events' filters (limit and cursor unused)
    bool csvByteOrderMark = true;
    QString fleet;        // --fleet: the fleet database's URI; empty: this computer
    QString fleetHost;    // --host: one host of the fleet (lower case); empty: every host
    QString passwordFile; // --password-file: the URI's user's password
};

void addReportOptions(QCommandLineParser& parser);

// Fills *request from the parsed options. False with *error naming the option and the
// value when something is missing, malformed, or does not apply to the report's kind.
bool readReportOptions(const QCommandLineParser& parser, ReportRequest* request, QString* error);

// Event ids as an admin types them: "1001,1003-1005" (commas or spaces between items).
bool parseEventIdOption(const QString& text, QList<EventId>* ids, QString* error);

} // namespace certlife::cli
