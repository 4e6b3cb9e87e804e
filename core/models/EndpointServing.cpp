// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/EndpointServing.h"

#include <QCoreApplication>

namespace certlife {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("EndpointServing", text);
}
} // namespace

QByteArray sha256Key(const Sha256Digest& sha256)
{
    return QByteArray(reinterpret_cast<const char*>(sha256.data()), qsizetype(sha256.size()));
}

QHash<QByteArray, QList<ServedLocation>> servedLocations(const Inventory& inventory)
{
    QHash<QByteArray, QList<ServedLocation>> served;
    for (const StoreInventory& store : inventory) {
        if (store.config.kind != StoreKind::TlsEndpoint)
            continue;
        const QString key = store.key();
        const QString name = store.displayName();
        // Only handshakes of the last scan: an unreachable address serves nothing now.
        for (const StoredCertificate& stored : store.scan.certificates) {
            QList<ServedLocation>& where = served[sha256Key(stored.certificate.sha256)];
            ServedLocation location{key, name, stored.path, stored.index};
            if (!where.contains(location))
                where.append(std::move(location));
        }
    }
    return served;
}

QList<EndpointObservation> endpointObservations(const Inventory& inventory, const Sha256Digest& sha256)
{
    QList<EndpointObservation> observations;
    for (const StoreInventory& store : inventory) {
        if (store.config.kind != StoreKind::TlsEndpoint)
            continue;
        for (const ProbeResult& probe : store.scan.endpointProbes) {
            for (qsizetype i = 0; i < probe.chain.size(); ++i) {
                if (probe.chain[i].sha256 == sha256) {
                    observations.append({store.displayName(), store.config.scope, probe, int(i)});
                    break;
                }
            }
        }
    }
    return observations;
}

QString findingKindText(FindingKind kind)
{
    switch (kind) {
    case FindingKind::HandshakeError: return tr("Handshake error");
    case FindingKind::Expired: return tr("Expired");
    case FindingKind::NameMismatch: return tr("Name mismatch");
    case FindingKind::ChainIncomplete: return tr("Chain incomplete");
    case FindingKind::SelfSignedLeaf: return tr("Self-signed leaf");
    case FindingKind::Protocol: return tr("Protocol");
    case FindingKind::Cipher: return tr("Cipher");
    }
    return {};
}

bool isProblemFinding(FindingKind kind)
{
    return kind != FindingKind::Protocol && kind != FindingKind::Cipher;
}

QString findingText(const Finding& finding)
{
    if (finding.detail.isEmpty())
        return findingKindText(finding.kind);
    return tr("%1: %2").arg(findingKindText(finding.kind), finding.detail);
}

QString problemFindingsText(const ProbeResult& probe)
{
    QStringList problems;
    for (const Finding& finding : probe.findings) {
        // A failed handshake says why in the status already.
        if (isProblemFinding(finding.kind) && finding.kind != FindingKind::HandshakeError)
            problems << findingKindText(finding.kind);
    }
    if (!probe.handshakeSucceeded())
        return problems.join(QLatin1String("; "));
    return problems.isEmpty() ? tr("None") : problems.join(QLatin1String("; "));
}

QString probeStatusText(const ProbeResult& probe)
{
    switch (probe.failure) {
    case ProbeFailure::None: return tr("Handshake OK");
    case ProbeFailure::Resolve: return tr("Does not resolve: %1").arg(probe.error);
    case ProbeFailure::Refused:
    case ProbeFailure::ConnectTimeout: return tr("Unreachable: %1").arg(probe.error);
    case ProbeFailure::Closed:
    case ProbeFailure::HandshakeTimeout:
    case ProbeFailure::StartTls:
    case ProbeFailure::Tls: return tr("Handshake failed: %1").arg(probe.error);
    case ProbeFailure::Cancelled: return tr("Not probed: the scan was cancelled");
    }
    return probe.error;
}

} // namespace certlife
