// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/FileStamp.h"

#include <QByteArray>
#include <QString>

namespace certlife {

// strerror() text for an errno value, thread-safe.
QString errnoMessage(int error);

// "FIFO", "socket", "character device", … for a st_mode that is not a regular file.
QString fileTypeName(unsigned mode);

// Reads a whole regular file (symlinks followed) into *content, refusing anything that
// is not a regular file (FIFOs and devices are opened non-blocking, so they cannot hang
// the scan) or larger than maxSize. *stamp describes the file actually read. On failure
// returns false with a reason that does not repeat the path.
bool readRegularFile(const QByteArray& path, qint64 maxSize, QByteArray* content, FileStamp* stamp, QString* error);

// "12.5 MiB", "512 bytes": for messages about sizes.
QString formatByteSize(qint64 bytes);

} // namespace certlife
