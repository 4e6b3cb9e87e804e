// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The scan cache's file format (internal to ScanCache). All integers are LEB128
// varints (signed ones zig-zag encoded):
//
//   header   "CLSCACHE" | u32 format version | u32 parser generation
//            | u64 string table offset | u64 entry count | blob CERTLIFE_VERSION
//   entries  each: path blob, stamp (device, inode, size, mtime, ctime), format,
//            errors (strings), private-key SPKI hashes (32 bytes each), certificates
//   table    count, then each string as a UTF-8 blob
//
// A string is written either inline (UTF-8) or as an index into the table. Fields
// that repeat across certificates (issuer, key algorithm, template, EKU OIDs and
// names, error texts) go to the table, so they are stored and loaded once and every
// certificate shares one QString; fields unique to a certificate (subject, CN,
// serial, SANs) are inline, which spares hashing 300,000 strings per save. The table
// comes last so the file is written in one sequential pass.

#include "stores/ScanCache.h"

#include <QIODevice>

namespace certlife::cachefile {

inline constexpr char kMagic[8] = {'C', 'L', 'S', 'C', 'A', 'C', 'H', 'E'};
inline constexpr quint32 kFormatVersion = 4; // 3: entry names (keystore aliases); 4: NSS trust flags
// Bump when the x509 decoder's output changes (a new field, a fixed format) so results
// parsed by an older build are not reused. A new CERTLIFE_VERSION also invalidates.
inline constexpr quint32 kParserGeneration = 3; // 3: year 0000 unreadable, every PKCS#12 key

// Writes the whole cache to `device` (positioned at 0, seekable). False on a write error,
// with *failedErrno the errno of the write that failed when known (else 0).
bool write(QIODevice& device, const QHash<QByteArray, ScanCache::Entry>& entries, int* failedErrno = nullptr);

// Reads a whole cache file's bytes. False (entries untouched) when it is not a cache,
// is from another version, or is damaged anywhere.
bool read(const uchar* data, qsizetype size, QHash<QByteArray, ScanCache::Entry>& entries);

} // namespace certlife::cachefile
