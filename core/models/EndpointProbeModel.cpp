// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/EndpointProbeModel.h"

#include "models/CertificateText.h"
#include "models/EndpointServing.h"

#include <QColor>
#include <algorithm>

namespace certlife {

EndpointProbeModel::EndpointProbeModel(QObject* parent) : KeyedTableModel(parent) {}

int EndpointProbeModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EndpointProbeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return KeyedTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case EndpointColumn: return tr("Endpoint");
    case AddressColumn: return tr("Address");
    case StatusColumn: return tr("Handshake");
    case FindingsColumn: return tr("Findings");
    case CertificateColumn: return tr("Served certificate");
    case ExpiresColumn: return tr("Expires (UTC)");
    case ProtocolColumn: return tr("Protocol");
    case CipherColumn: return tr("Cipher");
    case ColumnCount: break;
    }
    return {};
}

QString EndpointProbeModel::displayText(const ProbeResult& probe, int column) const
{
    switch (Column(column)) {
    case EndpointColumn: return probe.endpoint.hostPort();
    case AddressColumn: return probe.address.isEmpty() ? tr("(not resolved)") : probe.address;
    case StatusColumn: return probeStatusText(probe);
    case FindingsColumn: return problemFindingsText(probe);
    case CertificateColumn: return probe.chain.isEmpty() ? QString() : probe.chain.first().displayName();
    case ExpiresColumn: return probe.chain.isEmpty() ? QString() : formatUtcCompact(probe.chain.first().notAfter());
    case ProtocolColumn: return probe.protocol;
    case CipherColumn: return probe.cipher;
    case ColumnCount: break;
    }
    return {};
}

QVariant EndpointProbeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProbeResult& probe = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return displayText(probe, column);
    case Qt::ToolTipRole:
        if (column == FindingsColumn) {
            // Every finding with what the probe said about it.
            QStringList lines;
            for (const Finding& finding : probe.findings)
                lines << findingText(finding);
            return lines.join(QLatin1Char('\n'));
        }
        if (column == CertificateColumn && !probe.chain.isEmpty())
            return probe.chain.first().subject;
        return displayText(probe, column);
    case Qt::ForegroundRole: {
        const bool problem = std::any_of(probe.findings.begin(), probe.findings.end(),
                                         [](const Finding& f) { return isProblemFinding(f.kind); });
        if ((column == StatusColumn && !probe.handshakeSucceeded()) || (column == FindingsColumn && problem))
            return QColor(0xC6, 0x28, 0x28);
        return {};
    }
    case HandshakeRole: return probe.handshakeSucceeded();
    case ProblemKindsRole: {
        QStringList kinds;
        for (const Finding& finding : probe.findings)
            if (isProblemFinding(finding.kind))
                kinds << findingKindName(finding.kind);
        return kinds;
    }
    default: return {};
    }
}

void EndpointProbeModel::setProbes(const QList<ProbeResult>& probes)
{
    // One row per address (an unresolved name: its HOST:PORT); a rescan repaints them.
    updateRows(
        probes, [](const ProbeResult& p) { return p.location(); },
        [](const ProbeResult&, const ProbeResult&) { return false; }, kAlwaysIncremental);
}

} // namespace certlife
