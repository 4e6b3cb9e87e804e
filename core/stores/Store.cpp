// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/Store.h"

#include "stores/FileNames.h"
#include "stores/FileWalker.h"
#include "stores/NssStore.h"
#include "stores/Pkcs11Store.h"
#include "util/Paths.h"

#include <QDir>

namespace certlife {

Store::Store(StoreConfig config) : m_config(std::move(config)) {}
Store::~Store() = default;

FileResultPtr Store::readItem(const ListedFile&, const QByteArray&, bool, QString* error) const
{
    *error = QStringLiteral("store %1 does not read items itself").arg(id());
    return nullptr;
}

DirectoryStore::DirectoryStore(StoreConfig config) : Store(std::move(config)) {}

StoreListing DirectoryStore::list(const std::atomic_bool& cancelled) const
{
    FileWalker::Options options{.recursive = config().recursive, .maxFileSize = config().maxFileSize};
    for (const QString& name : config().generatedBundles)
        options.generatedBundles << encodeFileName(name);
    FileWalker walker(options, cancelled);
    const auto status = walker.addDirectory(FileWalker::normalizedRoot(path()));
    StoreListing listing = walker.take();
    listing.missing = status == FileWalker::RootStatus::Missing;
    return listing;
}

FileStore::FileStore(StoreConfig config) : Store(std::move(config)) {}

StoreListing FileStore::list(const std::atomic_bool& cancelled) const
{
    FileWalker walker({.recursive = false, .maxFileSize = config().maxFileSize}, cancelled);
    const auto status = walker.addFile(FileWalker::normalizedRoot(path()));
    StoreListing listing = walker.take();
    listing.missing = status == FileWalker::RootStatus::Missing;
    return listing;
}

PathListStore::PathListStore(StoreConfig config, QStringList paths)
    : Store(std::move(config)), m_paths(std::move(paths))
{}

StoreListing PathListStore::list(const std::atomic_bool& cancelled) const
{
    FileWalker walker({.recursive = config().recursive, .maxFileSize = config().maxFileSize}, cancelled);
    bool allMissing = !m_paths.isEmpty();
    for (const QString& p : m_paths) {
        if (cancelled.load(std::memory_order_relaxed))
            break;
        allMissing = walker.addPath(FileWalker::normalizedRoot(p)) == FileWalker::RootStatus::Missing && allMissing;
    }
    StoreListing listing = walker.take();
    listing.missing = allMissing;
    return listing;
}

std::shared_ptr<Store> makeStore(const StoreConfig& config, QString* error)
{
    switch (config.kind) {
    case StoreKind::Directory: return std::make_shared<DirectoryStore>(config);
    case StoreKind::File:
    case StoreKind::KeyStore: // one file; the parser recognises a keystore by its content
        return std::make_shared<FileStore>(config);
    case StoreKind::Pkcs11: return std::make_shared<Pkcs11Store>(config);
    case StoreKind::Nss: return std::make_shared<NssStore>(config);
    case StoreKind::TlsEndpoint: break;
    }
    if (error)
        *error = QStringLiteral("store \"%1\" is a TLS endpoint; it is not read from files").arg(config.id);
    return nullptr;
}

QString systemStoreDirectoryProblem(const StoreConfig& config)
{
    if (config.scope != Scope::System)
        return {};
    const QString dataDir = QDir::cleanPath(Paths::dataDir(Scope::System));
    const QString dir = QDir::cleanPath(config.path);
    const QString top = dir.startsWith(dataDir + QLatin1Char('/')) ? dataDir : dir;
    const QString why = Paths::rootOnlyDirectoryProblem(dir, top);
    return why.isEmpty() ? why : QStringLiteral("System store %1: %2").arg(config.id, why);
}

} // namespace certlife
