// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/StringPool.h"

namespace certlife {

QString StringPool::intern(const QString& s)
{
    if (s.isEmpty())
        return s;
    Shard& shard = shardFor(qHash(s));
    QMutexLocker lock(&shard.mutex);
    const auto it = shard.strings.constFind(s);
    if (it != shard.strings.constEnd())
        return *it;
    shard.strings.insert(s);
    return s;
}

QList<ExtendedKeyUsage> StringPool::intern(const QList<ExtendedKeyUsage>& ekus)
{
    if (ekus.isEmpty())
        return ekus;
    QString key;
    for (const ExtendedKeyUsage& e : ekus)
        key += e.oid + QLatin1Char(' ');
    Shard& shard = shardFor(qHash(key));
    QMutexLocker lock(&shard.mutex);
    const auto it = shard.ekuLists.constFind(key);
    if (it != shard.ekuLists.constEnd() && it.value() == ekus)
        return it.value();
    if (it == shard.ekuLists.constEnd())
        shard.ekuLists.insert(key, ekus);
    return ekus;
}

void StringPool::internRepeatedFields(Certificate& c)
{
    c.issuer = intern(c.issuer);
    c.keyAlgorithm = intern(c.keyAlgorithm);
    c.templateName = intern(c.templateName);
    c.ekus = intern(c.ekus);
}

} // namespace certlife
