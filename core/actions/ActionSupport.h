#pragma once

// Internal helpers shared by the certificate actions.

#include "actions/AtomicFile.h"
#include "actions/CertificateActions.h"

namespace certlife::actions_detail {

LifecycleEvent makeEvent(EventId id, const QString& action, const StoreConfig& store, const Certificate& cert,
                         const QString& path, const ActionContext& context);

// Empty when the store accepts new files; otherwise why not.
QString checkWritableDirectoryStore(const StoreConfig& store);

// Reads a whole file with the size limit; returns an error naming the file.
QString readLimited(const QString& path, qint64 maxSize, QByteArray* out);

// Tracks files written by an action so a failure can take them all back.
class WrittenFiles
{
public:
    QString write(const QString& path, const QByteArray& data, int mode, std::optional<FileOwner> owner);
    void rollback();
    QStringList paths() const { return m_paths; }

private:
    QStringList m_paths;
};

// "<name>-<first 8 of the thumbprint>" within the store directory: readable and unique.
QString certificateFileStem(const StoreConfig& store, const Certificate& cert);

bool storeHolds(const StoreScan& content, const Certificate& cert);

} // namespace certlife::actions_detail
