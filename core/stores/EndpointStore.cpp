// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/EndpointStore.h"

#include "util/Clock.h"

namespace certlife {

QList<Endpoint> storeEndpoints(const StoreConfig& config, QString* error)
{
    QList<Endpoint> endpoints;
    StartTls startTls = StartTls::None;
    if (!parseStartTls(config.startTls, &startTls)) {
        if (error)
            *error = QStringLiteral("STARTTLS protocol \"%1\" is not one of %2")
                         .arg(config.startTls, startTlsNames().join(QStringLiteral(", ")));
        return {};
    }
    const QStringList texts = config.path.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    for (const QString& text : texts) {
        Endpoint endpoint;
        const QString why = parseEndpoint(text, &endpoint);
        if (!why.isEmpty()) {
            if (error)
                *error = why;
            return {};
        }
        endpoint.sni = config.sni.trimmed().toLower();
        endpoint.startTls = startTls;
        endpoints << endpoint;
    }
    if (endpoints.isEmpty() && error)
        *error = QStringLiteral("store \"%1\" names no endpoint (HOST:PORT)").arg(config.id);
    return endpoints;
}

QString endpointStoreError(const StoreConfig& config)
{
    QString error;
    storeEndpoints(config, &error);
    if (error.isEmpty() && !config.sni.isEmpty()) {
        Endpoint probe;
        if (!parseEndpoint(config.sni + QStringLiteral(":1"), &probe).isEmpty())
            error = QStringLiteral("SNI \"%1\" is not a host name").arg(config.sni);
    }
    return error;
}

StoreScan endpointStoreScan(const StoreConfig& config, const QList<ProbeResult>& probes, const QDateTime& scannedAt)
{
    StoreScan scan;
    scan.storeId = config.id;
    scan.scope = config.scope;
    scan.scannedAt = scannedAt;
    bool anyResolved = probes.isEmpty();
    for (const ProbeResult& probe : probes) {
        ++scan.filesSeen;
        if (!probe.address.isEmpty())
            anyResolved = true;
        if (!probe.handshakeSucceeded()) {
            scan.problems.append({probe.location(), probe.error});
            continue;
        }
        ++scan.filesParsed;
        for (int i = 0; i < probe.chain.size(); ++i)
            scan.certificates.append(StoredCertificate{probe.chain[i], probe.location(), i, {}});
    }
    scan.storeMissing = !anyResolved;
    scan.endpointProbes = probes;
    return scan;
}

QCoro::Task<StoreScan> scanEndpointStore(StoreConfig config, ProbeOptions options)
{
    QString error;
    const QList<Endpoint> endpoints = storeEndpoints(config, &error);
    if (!error.isEmpty()) {
        StoreScan failed;
        failed.storeId = config.id;
        failed.scope = config.scope;
        failed.problems.append({config.path, error});
        co_return failed;
    }
    QCoro::Task<QList<ProbeResult>> probing = probeEndpoints(endpoints, options);
    const QList<ProbeResult> probes = co_await probing;
    const QDateTime now = options.clock ? options.clock->now() : SystemClock().now();
    co_return endpointStoreScan(config, probes, now);
}

} // namespace certlife
