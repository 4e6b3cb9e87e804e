// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "reports/ReportSource.h"

namespace certlife {

BuiltReport buildReport(ReportSource& source, const ReportBuildRequest& request,
                        const std::shared_ptr<const Clock>& clock)
{
    BuiltReport built;
    switch (request.kind) {
    case ReportKind::Certificates: {
        const QDateTime now = clock->now();
        const QList<ClassifiedCertificate> certificates = source.certificates(request.scope, now, &built.warnings);
        CertificateReportOptions options = request.certificates;
        options.storeNames = source.storeNames(); // after the certificates: a fleet's are those read
        built.report = buildCertificateReport(certificates, now, options);
        break;
    }
    case ReportKind::Events:
        built.report = buildEventReport(source.events(request.events, &built.warnings), request.events, *clock,
                                        source.storeNames());
        break;
    case ReportKind::Tasks: {
        const std::optional<QList<TaskReportEntry>> entries =
            source.tasks(request.scope, &built.warnings, &built.error);
        if (!entries)
            return built;
        built.report = buildTaskReport(*entries, *clock, request.scope);
        break;
    }
    }
    built.report.host = source.hostDescription();
    return built;
}

} // namespace certlife
