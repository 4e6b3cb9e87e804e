#include "ReportSources.h"

#include "eventlog/EventLog.h"
#include "policy/PolicyStore.h"
#include "util/Paths.h"
#include "x509/CertificateParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace certlife::cli {

namespace {

const QString kDefaultStoreId = QStringLiteral("My");

// TODO(lead): replace with StoreCatalog + Scanner after merging branch stores. This
// stand-in reads only the default "My" store of the scope (Paths::defaultMyStore), its
// files directly inside the directory, and pairs keys found in the same store with
// their certificates (hasPrivateKey).
StoreScan readDefaultStore(Scope scope)
{
    StoreScan scan;
    scan.storeId = kDefaultStoreId;
    scan.scope = scope;
    const QString path = Paths::defaultMyStore(scope);
    const QFileInfo info(path);
    if (!info.exists()) {
        scan.storeMissing = true;
        return scan;
    }
    const QDir dir(path);
    if (!info.isDir() || !info.isReadable()) {
        scan.problems.append({path, QStringLiteral("%1: cannot list the store directory").arg(path)});
        return scan;
    }
    QSet<QByteArray> keySpkis;
    for (const QFileInfo& file : dir.entryInfoList(QDir::Files | QDir::Hidden, QDir::Name)) {
        ++scan.filesSeen;
        if (file.size() > kDefaultMaxFileSize) {
            scan.problems.append({file.filePath(), QStringLiteral("%1: larger than %2 bytes, skipped")
                                                       .arg(file.filePath()).arg(kDefaultMaxFileSize)});
            continue;
        }
        QFile f(file.filePath());
        if (!f.open(QIODevice::ReadOnly)) {
            scan.problems.append({file.filePath(), QStringLiteral("%1: %2").arg(file.filePath(), f.errorString())});
            continue;
        }
        ++scan.filesParsed;
        const ParsedFile parsed = parseCertificateData(f.readAll());
        for (const QString& e : parsed.errors)
            scan.problems.append({file.filePath(), QStringLiteral("%1: %2").arg(file.filePath(), e)});
        for (const Sha256Digest& spki : parsed.privateKeySpki)
            keySpkis.insert(QByteArray(reinterpret_cast<const char*>(spki.data()), int(spki.size())));
        for (int i = 0; i < parsed.certificates.size(); ++i)
            scan.certificates.append({parsed.certificates[i], file.filePath(), i, {}});
    }
    for (StoredCertificate& c : scan.certificates) {
        const Sha256Digest& spki = c.certificate.spkiSha256;
        if (keySpkis.contains(QByteArray(reinterpret_cast<const char*>(spki.data()), int(spki.size()))))
            c.certificate.hasPrivateKey = true;
    }
    return scan;
}

} // namespace

QList<StoreScan> scanConfiguredStores(Scope scope)
{
    return {readDefaultStore(scope)};
}

ReportPolicies reportPolicies()
{
    const PolicyStore store;
    return {store.effective(Scope::System).policy, store.effective(Scope::User).policy};
}

std::vector<std::unique_ptr<EventLog>> openEventLogs(const QList<Scope>& channels, QStringList* problems)
{
    std::vector<std::unique_ptr<EventLog>> logs;
    for (const Scope channel : channels) {
        const QString path = Paths::eventLogFile(channel);
        if (!QFileInfo::exists(path))
            continue; // nothing recorded in this channel yet
        auto log = std::make_unique<EventLog>(path, channel);
        QString error;
        if (!log->openReadOnly(&error)) {
            problems->append(error);
            continue;
        }
        logs.push_back(std::move(log));
    }
    return logs;
}

} // namespace certlife::cli
