// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/FileStamp.h"
#include "stores/StoreTypes.h"
#include "x509/CertificateParser.h"

#include <QByteArray>
#include <QHash>
#include <memory>

namespace certlife {

// What one file held when it was last parsed. Shared (never copied) between the
// cache, every path that reaches the same file, and the scan that produced it.
struct FileResult
{
    ContainerFormat format = ContainerFormat::Unknown;
    QList<Certificate> certificates;
    QStringList entryNames; // ParsedFile::entryNames: a keystore's aliases, an NSS database's nicknames
    QStringList entryTrust; // an NSS database's trust flags, as certutil shows them ("CT,C,C")
    QList<Sha256Digest> privateKeySpki;
    QStringList errors; // the parser's per-file problems ("PEM block 3: invalid base64")
};
using FileResultPtr = std::shared_ptr<const FileResult>;

// Parse results of one store's files by path (raw bytes), valid while the file's
// FileStamp (device, inode, size, mtime and ctime in ns) is unchanged. Kept between
// runs in a compact binary file (see docs/stores.md, "Scan cache"): a warm rescan of
// 100,000 unchanged files reads one file and stats the rest.
class ScanCache
{
public:
    struct Entry
    {
        FileStamp stamp;
        FileResultPtr result;
    };

    // The cached result for path when its stamp still matches, else nullptr.
    FileResultPtr lookup(const QByteArray& path, const FileStamp& stamp) const;
    void insert(const QByteArray& path, const FileStamp& stamp, FileResultPtr result);
    const QHash<QByteArray, Entry>& entries() const { return m_entries; }
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    // An empty cache when the file is missing; an empty cache and *error when it is from
    // another version or damaged (the scan then simply reads every file).
    static ScanCache load(const QString& file, QString* error = nullptr);
    // Atomically replaces the file (write to a temporary, rename), mode 0600.
    bool save(const QString& file, QString* error = nullptr) const;

    // <directory>/<scope>-<id>.bin
    static QString fileFor(const QString& directory, const StoreConfig& config);

private:
    QHash<QByteArray, Entry> m_entries;
};

} // namespace certlife
