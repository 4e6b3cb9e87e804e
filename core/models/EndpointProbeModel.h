// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "endpoints/ProbeResult.h"
#include "models/KeyedTableModel.h"

namespace certlife {

// The addresses of one endpoint store as its last scan probed them: whether the
// handshake happened (and why not), the certificate served, what is wrong with it
// (expired, name mismatch, chain incomplete, self-signed leaf), protocol and cipher.
class EndpointProbeModel : public KeyedTableModel<ProbeResult>
{
    Q_OBJECT
public:
    enum Column {
        EndpointColumn, // HOST:PORT
        AddressColumn,
        StatusColumn, // "Handshake OK", "Unreachable: connection refused", …
        FindingsColumn,
        CertificateColumn, // the served leaf's subject
        ExpiresColumn,     // its notAfter (UTC)
        ProtocolColumn,
        CipherColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        HandshakeRole = Qt::UserRole + 1, // bool: the handshake succeeded
        ProblemKindsRole,                 // QStringList: findingKindName() of every problem finding
    };

    explicit EndpointProbeModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setProbes(const QList<ProbeResult>& probes);
    const ProbeResult& probeAt(int row) const { return m_rows.at(row); }

private:
    QString displayText(const ProbeResult& probe, int column) const;
};

} // namespace certlife
