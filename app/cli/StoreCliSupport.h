// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CliCommand.h"
#include "stores/StoreCatalog.h"

namespace certlife::cli {

// "32M", "512K", "1G" (powers of 1024) or plain bytes; false when not a positive size.
bool parseByteSize(const QString& text, qint64* bytes);

// Without --scope, root works on the system scope and everyone else on their own.
Scope defaultStoreScope();

// Finds store `id` for a command: in the given scope, or else in whichever scope has it
// (when both do, the user must choose with --scope). On failure prints why and sets
// *exitCode.
std::optional<StoreCatalog::Entry> resolveStore(const StoreCatalog& catalog, const QString& id,
                                                std::optional<Scope> scope, CliIo& io, int* exitCode);

// Parses --scope; prints a usage error and returns false when it is not system or user.
bool parseScopeOption(const QCommandLineParser& parser, const QCommandLineOption& option, std::optional<Scope>* scope,
                      CliIo& io, int* exitCode);

// The paths the user typed, with file-name bytes that are not UTF-8 kept: Qt decodes
// argv lossily (U+FFFD), so such arguments are looked up in /proc/self/cmdline.
QStringList rawPathArguments(const QStringList& arguments);

// Warnings about stores.conf entries that were skipped.
void printCatalogWarnings(const StoreCatalog& catalog, CliIo& io);

} // namespace certlife::cli
