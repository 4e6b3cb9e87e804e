// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// Removing a certificate from a directory store: from one of its locations or from all
// of them, files holding it alone removed, PEM bundles rewritten without it.
#include "actions/ActionSupport.h"

#include "actions/NssWrites.h"
#include "stores/CertificateLocations.h"
#include "stores/Store.h"
#include "x509/CertificateParser.h"
#include "x509/PemReader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace certlife {

using namespace actions_detail;

namespace {

const QByteArrayView kPemBegin("-----BEGIN ");

int certificatesInFile(const StoreScan& content, const QString& path)
{
    int n = 0;
    for (const auto& sc : content.certificates)
        n += sc.path == path;
    return n;
}

bool isCertificateLabel(QByteArrayView label)
{
    return label == QByteArrayView("CERTIFICATE") || label == QByteArrayView("X509 CERTIFICATE")
        || label == QByteArrayView("TRUSTED CERTIFICATE");
}

// The PEM text without the certificate's blocks (and the line end after each); every
// other byte (other certificates, keys, comments) kept as it was. *removed: how many
// blocks went (0: the file holds it in no PEM block it could drop).
QByteArray withoutCertificate(const QByteArray& data, const Sha256Digest& sha256, int* removed)
{
    *removed = 0;
    QByteArray out;
    out.reserve(data.size());
    qsizetype copied = 0, pos = 0;
    PemBlockSpan span;
    QByteArray buffer;
    while (nextPemBlock(data, pos, span)) {
        if (span.problem != PemBlockSpan::Problem::None)
            continue;
        const PemBlockView block = decodePemBlock(data, span, buffer);
        if (!block.error.isEmpty() || !isCertificateLabel(block.label))
            continue;
        const QByteArray digest = QCryptographicHash::hash(block.der, QCryptographicHash::Sha256);
        if (digest.size() != qsizetype(sha256.size())
            || !std::equal(sha256.begin(), sha256.end(), reinterpret_cast<const quint8*>(digest.constData())))
            continue;
        const qsizetype start = span.labelStart - kPemBegin.size();
        qsizetype end = pos;
        if (end < data.size() && data[end] == '\r')
            ++end;
        if (end < data.size() && data[end] == '\n')
            ++end;
        out.append(data.constData() + copied, start - copied);
        copied = end;
        ++*removed;
    }
    buffer.fill('\0'); // a key block may have passed through it
    out.append(data.constData() + copied, data.size() - copied);
    return out;
}

// Whether the file still holds the certificate the scan found there: a renewal may have
// rewritten it in place while the admin read the confirmation question, and deleting
// the new certificate while recording the old one's deletion would be the worst outcome.
bool stillHolds(const QString& path, const Certificate& cert, const StoreConfig& store, QString* why)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray content = file.read(store.maxFileSize + 1);
    ParseOptions options;
    options.threads = 1;
    const ParsedFile parsed = parseCertificateData(content, options);
    for (const Certificate& now : parsed.certificates)
        if (now.sha256 == cert.sha256)
            return true;
    *why = QStringLiteral("%1 no longer holds this certificate (it changed since the store was read): nothing was "
                          "removed; look again")
               .arg(path);
    return false;
}

// The file a bundle's rewrite replaces: the path itself, or the file a link leads to,
// which must be inside the store (Certlife writes nowhere else). Empty with *why set.
QString rewriteTarget(const QString& path, const StoreConfig& store, QString* why)
{
    const QFileInfo info(path);
    if (!info.isSymLink())
        return path;
    const QString target = info.canonicalFilePath();
    const QString root = QFileInfo(store.path).canonicalFilePath();
    if (target.isEmpty() || root.isEmpty() || !target.startsWith(root + QLatin1Char('/'))) {
        *why = QStringLiteral("%1 is a link to a bundle outside the store (%2): Certlife rewrites files of the "
                              "store only; edit that bundle by hand")
                   .arg(path, target.isEmpty() ? QStringLiteral("missing") : target);
        return {};
    }
    return target;
}

// Removing from an NSS database: one location (the database), its entry, and its private
// key when no other certificate of the database uses that key (as a key file stays while
// another certificate of a directory store uses it).
RemovalPlan planNssRemoval(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                           const RemovalScope& scope)
{
    RemovalPlan plan;
    if (QString why = checkWritableNssStore(store); !why.isEmpty()) {
        plan.error = why;
        return plan;
    }
    const QList<CertificateLocation> locations = locationsIn(content, cert.certificate.sha256);
    if (locations.isEmpty()) {
        plan.error = QStringLiteral("store %1 does not hold %2").arg(store.id, cert.certificate.thumbprint());
        return plan;
    }
    const CertificateLocation& location = locations.first();
    if (!scope.allLocations() && scope.onlyPath != location.path) {
        plan.error = QStringLiteral("store %1 does not hold %2 at %3; it holds it at: %4")
                         .arg(store.id, cert.certificate.thumbprint(), scope.onlyPath, location.path);
        return plan;
    }
    plan.locations << location.path;
    const QString entry = QStringLiteral("nss:%1 %2").arg(location.path, location.entry);
    plan.files << entry;
    if (!location.keyPath.isEmpty()) {
        const bool shared =
            std::any_of(content.certificates.cbegin(), content.certificates.cend(), [&](const StoredCertificate& sc) {
                return sc.certificate.sha256 != cert.certificate.sha256 && sc.certificate.hasPrivateKey
                    && sc.certificate.spkiSha256 == cert.certificate.spkiSha256;
            });
        (shared ? plan.keptKeys : plan.files) << entry + QStringLiteral(" (private key)");
    }
    return plan;
}

void removeFromNss(const StoredCertificate& cert, const StoreConfig& store, const RemovalPlan& plan,
                   ActionResult& result)
{
    const bool withKey = plan.files.size() > 1;
    NssKeyOutcome keyOutcome = NssKeyOutcome::NoKey;
    result.error = nssDelete(store, cert.certificate.der, withKey, &keyOutcome);
    if (!result.ok())
        return;
    result.removedEntries << plan.files.first();
    if (withKey && keyOutcome == NssKeyOutcome::Removed)
        result.removedEntries << plan.files.at(1);
}

// The file a location's path resolves to, for telling which locations one file serves.
QString resolvedFile(const QString& path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? path : canonical;
}

} // namespace

namespace actions_detail {

QString smallestPath(const QStringList& paths)
{
    return paths.isEmpty() ? QString() : *std::min_element(paths.cbegin(), paths.cend());
}

void removeFromStore(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                     const RemovalScope& scope, ActionResult& result, RemovalPlan* planOut)
{
    const RemovalPlan plan = CertificateActions::planRemoval(cert, store, content, scope);
    if (planOut)
        *planOut = plan;
    if (!plan.ok()) {
        result.error = plan.error;
        return;
    }
    if (store.kind == StoreKind::Nss)
        return removeFromNss(cert, store, plan, result);
    // Every file is checked before any is touched.
    QStringList touched = plan.rewritten;
    for (const QString& path : plan.files)
        if (plan.locations.contains(path))
            touched << path;
    for (const QString& path : std::as_const(touched))
        if (!stillHolds(path, cert.certificate, store, &result.error))
            return;
    const auto stopped = [&](const QString& why) {
        if (result.removedFiles.isEmpty() && result.rewrittenFiles.isEmpty()) {
            result.error = why;
            return;
        }
        QStringList done = result.rewrittenFiles + result.removedFiles;
        result.error = QStringLiteral("%1; already done: %2 (the store still holds the certificate, so no "
                                      "deletion is recorded)")
                           .arg(why, done.join(QStringLiteral(", ")));
    };
    for (const QString& path : plan.rewritten) {
        QByteArray data;
        if (QString why = readLimited(path, store.maxFileSize, &data); !why.isEmpty())
            return stopped(why);
        int removed = 0;
        const QByteArray rest = withoutCertificate(data, cert.certificate.sha256, &removed);
        if (removed == 0)
            return stopped(
                QStringLiteral("%1 no longer holds this certificate as PEM: nothing more was changed").arg(path));
        struct stat st
        {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            return stopped(QStringLiteral("cannot read %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno))));
        const AtomicWriteResult written =
            writeFileAtomically(path, rest, int(st.st_mode & 07777), {}, FileOwner{st.st_uid, st.st_gid});
        if (!written.ok())
            return stopped(written.error);
        result.rewrittenFiles << path;
    }
    for (const QString& path : plan.files) {
        // A symlink (certbot's live/) is removed as the link; its target stays.
        QFile file(path);
        if (!file.remove()) {
            if (!plan.locations.contains(path))
                continue; // a key file: the certificate is gone either way (removedFiles tells)
            return stopped(QStringLiteral("cannot remove %1: %2").arg(path, file.errorString()));
        }
        result.removedFiles << path;
    }
}

} // namespace actions_detail

namespace CertificateActions {

RemovalPlan planRemoval(const StoredCertificate& cert, const StoreConfig& store, const StoreScan& content,
                        const RemovalScope& scope)
{
    RemovalPlan plan;
    if (store.kind == StoreKind::Nss)
        return planNssRemoval(cert, store, content, scope);
    if (store.readOnly) {
        plan.error = QStringLiteral("store %1 is read-only").arg(store.id);
        return plan;
    }
    if (store.kind != StoreKind::Directory) {
        plan.error = QStringLiteral("store %1 is a %2 store: Certlife removes certificates from directory stores only")
                         .arg(store.id, storeKindName(store.kind));
        return plan;
    }
    if (QString why = systemStoreDirectoryProblem(store); !why.isEmpty()) {
        plan.error = why;
        return plan;
    }
    const QList<CertificateLocation> locations = locationsIn(content, cert.certificate.sha256);
    for (const CertificateLocation& location : locations)
        if (!plan.locations.contains(location.path))
            plan.locations << location.path;
    if (plan.locations.isEmpty()) {
        plan.error = QStringLiteral("store %1 does not hold %2").arg(store.id, cert.certificate.thumbprint());
        return plan;
    }
    QStringList taken = plan.locations;
    if (!scope.allLocations()) {
        if (!plan.locations.contains(scope.onlyPath)) {
            plan.error = QStringLiteral("store %1 does not hold %2 at %3; it holds it at: %4")
                             .arg(store.id, cert.certificate.thumbprint(), scope.onlyPath,
                                  plan.locations.join(QStringLiteral(", ")));
            return plan;
        }
        taken = {scope.onlyPath};
    }

    // Each location taken: its file goes when it holds nothing else, else a PEM bundle is
    // rewritten (through a link: the file it leads to, which may serve other locations).
    QStringList removedPaths;
    QSet<QString> rewrittenFiles; // resolvedFile() of each rewritten bundle
    for (const QString& path : std::as_const(taken)) {
        const int inFile = certificatesInFile(content, path);
        const int ofThis = int(std::count_if(locations.cbegin(), locations.cend(),
                                             [&](const CertificateLocation& l) { return l.path == path; }));
        if (inFile == ofThis) {
            removedPaths << path;
            continue;
        }
        QString why;
        const QString target = rewriteTarget(path, store, &why);
        if (target.isEmpty()) {
            plan.error = why;
            return plan;
        }
        QByteArray data;
        if (QString unreadable = readLimited(target, store.maxFileSize, &data); !unreadable.isEmpty()) {
            plan.error = unreadable;
            return plan;
        }
        int removed = 0;
        withoutCertificate(data, cert.certificate.sha256, &removed);
        if (removed == 0) {
            plan.error = QStringLiteral("%1 holds %2 certificates and is not a PEM file: Certlife rewrites PEM "
                                        "bundles only; remove the certificate from that file by hand")
                             .arg(path)
                             .arg(inFile);
            return plan;
        }
        if (!rewrittenFiles.contains(resolvedFile(target))) {
            rewrittenFiles.insert(resolvedFile(target));
            plan.rewritten << target;
        }
    }
    // What still holds it: locations not removed whose file was not rewritten. A file
    // removed while another remaining location links to it would leave a dangling link.
    for (const QString& path : std::as_const(plan.locations)) {
        if (removedPaths.contains(path) || rewrittenFiles.contains(resolvedFile(path)))
            continue;
        const QString file = resolvedFile(path);
        for (const QString& gone : std::as_const(removedPaths)) {
            if (resolvedFile(gone) == file && !QFileInfo(gone).isSymLink()) {
                plan.error = QStringLiteral("%1 is the file %2 links to: remove that location as well, or every "
                                            "location of the certificate")
                                 .arg(gone, path);
                return plan;
            }
        }
        plan.remaining << path;
    }
    plan.files = removedPaths;

    // Key files: one goes when nothing left in the store uses it, neither another
    // certificate nor this one at a location that stays.
    const auto staysAfter = [&](const StoredCertificate& sc) {
        if (sc.certificate.sha256 != cert.certificate.sha256)
            return true;
        return plan.remaining.contains(sc.path);
    };
    QStringList keys;
    for (const CertificateLocation& location : locations)
        if (taken.contains(location.path) && !location.keyPath.isEmpty() && location.keyPath != location.path
            && !keys.contains(location.keyPath))
            keys << location.keyPath;
    for (const QString& key : std::as_const(keys)) {
        const bool used =
            std::any_of(content.certificates.cbegin(), content.certificates.cend(), [&](const StoredCertificate& sc) {
                return staysAfter(sc) && (sc.keyPath == key || sc.path == key);
            });
        if (used)
            plan.keptKeys << key;
        else if (!plan.files.contains(key))
            plan.files << key;
    }
    return plan;
}

} // namespace CertificateActions

} // namespace certlife
