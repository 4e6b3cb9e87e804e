// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "policy/AdditionalStores.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QHash>

namespace certlife {

namespace {

QString readableId(const QString& path)
{
    QString id = QStringLiteral("policy-");
    bool dash = true; // no leading or doubled dashes
    for (QChar c : path) {
        const bool keep = (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('.') || c == QLatin1Char('_');
        if (keep) {
            id += c;
            dash = false;
        } else if (!dash) {
            id += QLatin1Char('-');
            dash = true;
        }
    }
    while (id.endsWith(QLatin1Char('-')))
        id.chop(1);
    return id;
}

} // namespace

QList<StoreConfig> additionalStoreConfigs(const Policy& policy, Scope scope)
{
    QHash<QString, int> uses;
    for (const QString& path : policy.additionalStores)
        ++uses[readableId(path)];
    QList<StoreConfig> configs;
    for (const QString& path : policy.additionalStores) {
        StoreConfig c;
        c.id = readableId(path);
        if (uses.value(c.id) > 1)
            c.id += QLatin1Char('-')
                + QString::fromLatin1(
                        QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
        c.displayName = path;
        c.scope = scope;
        c.path = path;
        const QFileInfo fi(path);
        c.kind = fi.isFile() ? StoreKind::File : StoreKind::Directory;
        c.recursive = c.kind == StoreKind::Directory;
        c.readOnly = true;
        configs << c;
    }
    return configs;
}

} // namespace certlife
