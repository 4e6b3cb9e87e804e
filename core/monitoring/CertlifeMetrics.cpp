// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "monitoring/CertlifeMetrics.h"

#include "eventlog/EventLog.h"
#include "eventlog/EventQuery.h"
#include "monitoring/CommonName.h"
#include "monitoring/PrometheusText.h"

#include <algorithm>

namespace certlife {

namespace {

QString scopeLabel(Scope scope)
{
    return scopeName(scope).toLower();
}

// The certificate states as label values: the console's bins, and archived.
QString stateLabel(const ClassifiedCertificate& s)
{
    switch (s.expiry.state) {
    case ExpiryState::Archived: return QStringLiteral("archived");
    case ExpiryState::Acknowledged: return QStringLiteral("acknowledged");
    case ExpiryState::Expired: return QStringLiteral("expired");
    case ExpiryState::Expiring: return QStringLiteral("expiring");
    case ExpiryState::Within30: return QStringLiteral("within_30_days");
    case ExpiryState::Within60: return QStringLiteral("within_60_days");
    case ExpiryState::Within90: return QStringLiteral("within_90_days");
    case ExpiryState::Healthy: return QStringLiteral("healthy");
    }
    return {};
}

const QStringList& stateLabels()
{
    static const QStringList labels{QStringLiteral("expired"),        QStringLiteral("expiring"),
                                    QStringLiteral("within_30_days"), QStringLiteral("within_60_days"),
                                    QStringLiteral("within_90_days"), QStringLiteral("healthy"),
                                    QStringLiteral("archived"),       QStringLiteral("acknowledged")};
    return labels;
}

// The x509-certificate-exporter's labels (those that apply to files), plus store and scope.
QList<QPair<QString, QString>> certificateLabels(const ClassifiedCertificate& s)
{
    const Certificate& c = s.certificate();
    return {{QStringLiteral("filepath"), s.stored.path},    {QStringLiteral("issuer_CN"), commonNameOf(c.issuer)},
            {QStringLiteral("scope"), scopeLabel(s.scope)}, {QStringLiteral("serial_number"), c.serialHex},
            {QStringLiteral("store"), s.storeId},           {QStringLiteral("subject_CN"), c.subjectCN}};
}

MetricFamily family(const char* name, const char* type, const char* help)
{
    return {QLatin1String(name), QLatin1String(type), QLatin1String(help), {}};
}

} // namespace

void collectLogMetrics(const EventLog* events, const TaskRunLog* runs, ScopeMetricsInput& input, QStringList* problems)
{
    if (events) {
        QMap<int, qint64> counts;
        for (const EventId id : EventQuery().effectiveIds()) {
            EventQuery q;
            q.channel = input.scope;
            q.ids = {id};
            counts.insert(int(id), events->count(q));
        }
        if (const QString error = events->lastError(); !error.isEmpty())
            problems->append(error);
        else
            input.eventsById = counts;
    }
    if (runs) {
        QList<TaskRunLog::StateCount> counts;
        QString error;
        if (runs->countByTaskAndState(&counts, &error))
            input.taskRuns = counts;
        else
            problems->append(error);
    }
}

QByteArray renderCertlifeMetrics(const QList<ScopeMetricsInput>& scopes)
{
    MetricFamily notAfter = family("x509_cert_not_after", "gauge",
                                   "Certificate's notAfter, in seconds since the epoch "
                                   "(archived certificates are left out).");
    MetricFamily notBefore =
        family("x509_cert_not_before", "gauge", "Certificate's notBefore, in seconds since the epoch.");
    MetricFamily expired = family("x509_cert_expired", "gauge", "1 when the certificate has expired, else 0.");
    MetricFamily readErrors =
        family("x509_read_errors", "gauge", "Files of the store that could not be read at the last scan.");
    MetricFamily states = family("certlife_certificates", "gauge",
                                 "Certificates of the store by state (the console's "
                                 "states; archived: superseded by a renewal, no expiry warnings).");
    MetricFamily eventCounts = family("certlife_events", "gauge",
                                      "Lifecycle events of each id in the channel's event "
                                      "log (within the policy's EventRetention).");
    MetricFamily taskRuns = family("certlife_task_runs", "gauge",
                                   "Notification task run attempts in the run log, by task "
                                   "and outcome.");
    MetricFamily lastPass = family("certlife_last_pass_timestamp_seconds", "gauge",
                                   "When the agent's last pass ended, in "
                                   "seconds since the epoch.");
    MetricFamily passDuration =
        family("certlife_last_pass_duration_seconds", "gauge", "How long the agent's last pass took.");

    for (const ScopeMetricsInput& scope : scopes) {
        const QString scopeText = scopeLabel(scope.scope);
        // Soonest first, so that when two certificates share every label (the same
        // names and serial in one file) the one kept is the one that expires first.
        QList<ClassifiedCertificate> certificates = scope.certificates;
        std::stable_sort(certificates.begin(), certificates.end(), [](const auto& a, const auto& b) {
            return a.certificate().notAfterSecs < b.certificate().notAfterSecs;
        });
        QMap<QString, QMap<QString, int>> perStore; // store -> state -> count
        for (const StoreScan& scan : scope.scans) {
            auto& counts = perStore[scan.storeId];
            for (const QString& state : stateLabels())
                counts.insert(state, 0);
            readErrors.samples << MetricSample{
                {{QStringLiteral("scope"), scopeText}, {QStringLiteral("store"), scan.storeId}},
                double(scan.problems.size())};
        }
        for (const ClassifiedCertificate& s : certificates) {
            ++perStore[s.storeId][stateLabel(s)];
            if (!isExpiryBin(s.expiry.state))
                continue;
            const auto labels = certificateLabels(s);
            notAfter.samples << MetricSample{labels, double(s.certificate().notAfterSecs)};
            notBefore.samples << MetricSample{labels, double(s.certificate().notBeforeSecs)};
            expired.samples << MetricSample{labels, s.expiry.state == ExpiryState::Expired ? 1.0 : 0.0};
        }
        for (auto store = perStore.cbegin(); store != perStore.cend(); ++store)
            for (auto state = store->cbegin(); state != store->cend(); ++state)
                states.samples << MetricSample{{{QStringLiteral("scope"), scopeText},
                                                {QStringLiteral("store"), store.key()},
                                                {QStringLiteral("state"), state.key()}},
                                               double(state.value())};
        if (scope.eventsById)
            for (auto it = scope.eventsById->cbegin(); it != scope.eventsById->cend(); ++it)
                eventCounts.samples << MetricSample{{{QStringLiteral("scope"), scopeText},
                                                     {QStringLiteral("event_id"), QString::number(it.key())},
                                                     {QStringLiteral("event"), eventName(EventId(it.key()))}},
                                                    double(it.value())};
        if (scope.taskRuns)
            for (const TaskRunLog::StateCount& c : *scope.taskRuns)
                taskRuns.samples << MetricSample{{{QStringLiteral("scope"), scopeText},
                                                  {QStringLiteral("task"), c.task},
                                                  {QStringLiteral("outcome"), taskRunStateName(c.state)}},
                                                 double(c.count)};
        if (scope.lastPassAt.isValid()) {
            lastPass.samples << MetricSample{{{QStringLiteral("scope"), scopeText}},
                                             double(scope.lastPassAt.toSecsSinceEpoch())};
            if (scope.lastPassMilliseconds >= 0)
                passDuration.samples << MetricSample{{{QStringLiteral("scope"), scopeText}},
                                                     double(scope.lastPassMilliseconds) / 1000.0};
        }
    }
    return renderExposition(
        {notAfter, notBefore, expired, readErrors, states, eventCounts, taskRuns, lastPass, passDuration});
}

} // namespace certlife
