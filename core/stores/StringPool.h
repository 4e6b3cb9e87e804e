// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <array>

namespace certlife {

// Makes equal strings share one buffer. 100,000 certificates from one CA carry the same
// issuer, key algorithm and EKU list; sharing them keeps a scan near 1 KiB per
// certificate. Safe to use from several threads (sharded locks).
class StringPool
{
public:
    QString intern(const QString& s);
    QList<ExtendedKeyUsage> intern(const QList<ExtendedKeyUsage>& ekus);
    // Interns the fields of a certificate that repeat across certificates.
    void internRepeatedFields(Certificate& c);

private:
    struct Shard
    {
        QMutex mutex;
        QSet<QString> strings;
        QHash<QString, QList<ExtendedKeyUsage>> ekuLists;
    };
    Shard& shardFor(size_t hash) { return m_shards[hash % m_shards.size()]; }
    std::array<Shard, 16> m_shards;
};

} // namespace certlife
