// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Test-only stand-in for the stores branch's DirectoryStore: reads every file below a
// directory (following file symlinks, keeping the path as reached) into a StoreScan
// with parseCertificateData, in sorted path order.

#include "stores/StoreTypes.h"
#include "x509/CertificateParser.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace certlife::test {

inline StoreScan readStoreDirectory(const QString& storeId, const QString& dir, Scope scope = Scope::User)
{
    StoreScan scan;
    scan.storeId = storeId;
    scan.scope = scope;
    if (!QFileInfo(dir).isDir()) {
        scan.storeMissing = true;
        return scan;
    }
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    for (const QString& path : files) {
        ++scan.filesSeen;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            scan.problems.append({path, f.errorString()});
            continue;
        }
        ++scan.filesParsed;
        const ParsedFile parsed = parseCertificateData(f.readAll());
        if (parsed.hasErrors())
            scan.problems.append({path, parsed.errors.join(QLatin1String("; "))});
        for (int i = 0; i < parsed.certificates.size(); ++i)
            scan.certificates.append({parsed.certificates[i], path, i, {}});
    }
    return scan;
}

} // namespace certlife::test
