// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace certlife {

// File names on Linux are bytes, not text. Qt 6.4's QFile::decodeName turns bytes that
// are not UTF-8 into U+FFFD, so QFile::encodeName cannot give the original name back and
// such a file could never be opened again. These helpers keep every byte instead: an
// undecodable byte 0xHH becomes the lone surrogate U+DCHH (Python's "surrogateescape"),
// and encodeFileName turns it back into the byte. Valid UTF-8 names are plain QStrings.
//
// A QString from decodeFileName must be opened through encodeFileName (POSIX open),
// not through QFile, when it may hold such bytes; escapedFileName is for showing it.

QString decodeFileName(QByteArrayView bytes);
QByteArray encodeFileName(const QString& name);

// For display, logs and JSON: undecodable bytes and C0 controls and DEL as \xHH, the
// other characters a terminal must not get (C1 controls, bidi formatting; see
// util/TerminalText.h) as \uHHHH, a backslash as \\; everything else as is.
// Unambiguous, and always valid UTF-8.
QString escapedFileName(const QString& name);

} // namespace certlife
