// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// NSS's own tools (certutil, pk12util from libnss3-tools) for the tests that make NSS
// databases and check what Certlife did to them against NSS's listing. Header-only.

#include "stores/StoreCatalog.h"

#include <QDir>
#include <QList>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace certlife::test {

// Runs an NSS tool; its output (standard output and error) on failure, else empty.
inline QString runNssTool(const QString& tool, const QStringList& args, QByteArray* output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStandardPaths::findExecutable(tool), args);
    if (!p.waitForFinished(120'000)) {
        p.kill();
        p.waitForFinished();
        return QStringLiteral("%1 %2: did not finish").arg(tool, args.join(QLatin1Char(' ')));
    }
    const QByteArray out = p.readAll();
    if (output)
        *output = out;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("%1 %2: %3").arg(tool, args.join(QLatin1Char(' ')), QString::fromLocal8Bit(out));
    return {};
}

// Why the NSS tools cannot be used here, or empty (scripts/setup installs them).
inline QString nssToolsMissing()
{
    if (QStandardPaths::findExecutable(QStringLiteral("certutil")).isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("pk12util")).isEmpty())
        return QStringLiteral("certutil and pk12util (libnss3-tools, installed by scripts/setup) are not on PATH");
    return {};
}

inline QString nssSqlDb(const QString& dir)
{
    return QStringLiteral("sql:") + dir;
}

// A new database with an empty password (as Firefox makes one); error text or empty.
inline QString newNssDatabase(const QString& dir)
{
    QDir().mkpath(dir);
    return runNssTool(QStringLiteral("certutil"),
                      {QStringLiteral("-N"), QStringLiteral("-d"), nssSqlDb(dir), QStringLiteral("--empty-password")});
}

// certutil -A: the certificate in FILE under NICKNAME with TRUST; error text or empty.
inline QString addNssCertificate(const QString& dir, const QString& nickname, const QString& trust, const QString& file)
{
    return runNssTool(QStringLiteral("certutil"),
                      {QStringLiteral("-A"), QStringLiteral("-d"), nssSqlDb(dir), QStringLiteral("-n"), nickname,
                       QStringLiteral("-t"), trust, QStringLiteral("-i"), file});
}

// pk12util -i; error text or empty.
inline QString importNssPkcs12(const QString& dir, const QString& file, const QString& password)
{
    return runNssTool(
        QStringLiteral("pk12util"),
        {QStringLiteral("-i"), file, QStringLiteral("-d"), nssSqlDb(dir), QStringLiteral("-W"), password});
}

// The database at DIR as the User store ID in the environment's catalog; error text or empty.
inline QString addUserNssStore(const QString& id, const QString& dir)
{
    StoreConfig store;
    store.id = id;
    store.kind = StoreKind::Nss;
    store.scope = Scope::User;
    store.path = dir;
    StoreCatalog catalog = StoreCatalog::load();
    return catalog.add(store);
}

// A new empty database at DIR, added as the User store ID; error text or empty.
inline QString newUserNssStore(const QString& id, const QString& dir)
{
    const QString made = newNssDatabase(dir);
    return made.isEmpty() ? addUserNssStore(id, dir) : made;
}

// certutil -L's listing: nickname → trust flags (empty when certutil failed).
inline QMap<QString, QString> certutilListing(const QString& dir)
{
    QByteArray out;
    if (!runNssTool(QStringLiteral("certutil"), {QStringLiteral("-L"), QStringLiteral("-d"), nssSqlDb(dir)}, &out)
             .isEmpty())
        return {};
    QMap<QString, QString> listing;
    const QList<QByteArray> lines = out.split('\n');
    for (qsizetype i = 4; i < lines.size(); ++i) { // after the two title lines and the blank around them
        const QString line = QString::fromUtf8(lines.at(i)).trimmed();
        const qsizetype space = line.lastIndexOf(QLatin1Char(' '));
        if (space > 0)
            listing.insert(line.left(space).trimmed(), line.mid(space + 1));
    }
    return listing;
}

// certutil -K's listing: how many private keys the database holds.
inline int certutilKeyCount(const QString& dir, const QString& passwordFile = {})
{
    QByteArray out;
    QStringList args{QStringLiteral("-K"), QStringLiteral("-d"), nssSqlDb(dir)};
    if (!passwordFile.isEmpty())
        args << QStringLiteral("-f") << passwordFile;
    runNssTool(QStringLiteral("certutil"), args, &out); // exits 255 for "no keys found"
    return int(out.count("\n<"));
}

} // namespace certlife::test
