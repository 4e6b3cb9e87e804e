// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/FileStamp.h"
#include "stores/StoreTypes.h"

#include <QByteArray>
#include <QList>
#include <atomic>
#include <memory>

namespace certlife {

struct FileResult; // stores/ScanCache.h
using FileResultPtr = std::shared_ptr<const FileResult>;

// One file a store holds, as reached: `path` keeps symlinks (certbot's
// live/NAME/cert.pem stays that, not archive/NAME/cert3.pem), in the exact bytes of
// the file system; `stamp` describes the file it leads to.
struct ListedFile
{
    QByteArray path;
    FileStamp stamp;
    // Entries that are not files (a PKCS#11 token's objects, Pkcs11Store): the content,
    // already read by the store, and a stamp made from its digest (same content, same
    // stamp: the scan cache then recognises it without decoding it again).
    QByteArray content;
    bool preloaded = false;
    QString keyPath; // where the store says the entry's private key is (a token's key object)
};

// What a store holds right now, before anything is read.
struct StoreListing
{
    QList<ListedFile> files;
    QList<ScanProblem> problems; // dangling links, loops, FIFOs, files over the size limit, …
    bool missing = false;        // the store's own path does not exist
};

// A place certificates live. Stores only say which files they hold; the Scanner reads
// and parses them (in parallel, with its cache), pairs keys with certificates and
// builds the StoreScan.
class Store
{
public:
    explicit Store(StoreConfig config);
    virtual ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const StoreConfig& config() const { return m_config; }
    QString id() const { return m_config.id; }
    QString displayName() const { return m_config.displayName.isEmpty() ? m_config.id : m_config.displayName; }
    StoreKind kind() const { return m_config.kind; }
    Scope scope() const { return m_config.scope; }
    QString path() const { return m_config.path; }
    bool isReadOnly() const { return m_config.readOnly; }

    // Lists the files to read. Runs on a worker thread (never touches shared state);
    // returns early, incomplete, once `cancelled` is set.
    virtual StoreListing list(const std::atomic_bool& cancelled) const = 0;

    // Stores whose listed items are not certificate files to parse (an NSS database)
    // read each item themselves, on a scan thread: its result, or nullptr and *error.
    // `password` is the store's password file's (StorePassword), when hasPassword.
    virtual bool readsItems() const { return false; }
    virtual FileResultPtr readItem(const ListedFile& item, const QByteArray& password, bool hasPassword,
                                   QString* error) const;

private:
    StoreConfig m_config;
};

// A directory of certificate files (optionally recursive). Follows symlinks to files
// and, when recursive, to directories, with loop protection by (device, inode).
class DirectoryStore final : public Store
{
public:
    explicit DirectoryStore(StoreConfig config);
    StoreListing list(const std::atomic_bool& cancelled) const override;
};

// One file (typically a bundle such as ca-certificates.crt, or a Java keystore).
class FileStore final : public Store
{
public:
    explicit FileStore(StoreConfig config);
    StoreListing list(const std::atomic_bool& cancelled) const override;
};

// The paths given on a command line (`certlifectl scan PATH...`): each a file or a
// directory. Keys pair with certificates across all of them.
class PathListStore final : public Store
{
public:
    PathListStore(StoreConfig config, QStringList paths);
    StoreListing list(const std::atomic_bool& cancelled) const override;

private:
    QStringList m_paths;
};

// Why a System store's directory must not be written (by an import, a copy, a delete),
// or empty: it must be root's alone, and so must the directories Certlife made above
// it (the System data directory and stores/ for the built-in My); otherwise a user
// able to write there could swap the directory and have root write a private key into
// hers. Empty for User stores.
QString systemStoreDirectoryProblem(const StoreConfig& config);

// The store a configuration describes; nullptr (and *error) for kinds that cannot be
// scanned as files (TLS endpoints are read elsewhere).
std::shared_ptr<Store> makeStore(const StoreConfig& config, QString* error = nullptr);

} // namespace certlife
