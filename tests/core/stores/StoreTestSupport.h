// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Small helpers shared by the store tests (header only: tests/**/Test*.cpp are the test
// executables, this is not one).

#include "CertFactory.h"
#include "stores/PosixFile.h"
#include "stores/Scanner.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QFile>
#include <QTest>
#include <unistd.h>

namespace certlife::test {

inline StoreConfig directoryConfig(const QString& path, bool recursive = false,
                                   const QString& id = QStringLiteral("test"))
{
    StoreConfig c;
    c.id = id;
    c.kind = StoreKind::Directory;
    c.path = path;
    c.recursive = recursive;
    return c;
}

inline ScanOptions cacheIn(const QString& directory)
{
    ScanOptions o;
    o.cacheDirectory = directory;
    return o;
}

inline StoreScan scanWith(Scanner& scanner, const StoreConfig& config)
{
    return QCoro::waitFor(scanner.scan(makeStore(config)));
}

inline StoreScan scanOnce(const StoreConfig& config, ScanOptions options = {})
{
    Scanner scanner(std::move(options));
    return scanWith(scanner, config);
}

inline QStringList certificatePaths(const StoreScan& scan)
{
    QStringList out;
    for (const StoredCertificate& c : scan.certificates)
        out << c.path;
    return out;
}

inline QStringList problemText(const StoreScan& scan)
{
    QStringList out;
    for (const ScanProblem& p : scan.problems)
        out << p.path + QStringLiteral(": ") + p.error;
    return out;
}

inline const StoredCertificate* findByThumbprint(const StoreScan& scan, const QString& thumbprint)
{
    for (const StoredCertificate& c : scan.certificates)
        if (c.certificate.thumbprint() == thumbprint)
            return &c;
    return nullptr;
}

inline bool makeSymlink(const QString& target, const QString& link)
{
    return ::symlink(QFile::encodeName(target).constData(), QFile::encodeName(link).constData()) == 0;
}

// A certificate with its own CN and serial (all share the cached EC key unless given one).
inline GeneratedCert makeNamedCert(const QString& cn, const QByteArray& serial = "01", std::optional<TestKey> key = {})
{
    CertSpec spec;
    spec.cn = cn;
    spec.dns = {cn};
    spec.serialHex = serial;
    spec.subjectKey = key;
    return makeCertificate(spec);
}

} // namespace certlife::test
