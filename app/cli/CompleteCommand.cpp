// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: 2026 The Certlife developers
//
// certlifectl __complete: the words the shell completions (packaging/completion) offer
// that only the configuration knows. Hidden from --help. It reads, never scans: a TAB
// must answer at once and must not rewrite a scan cache.

#include "CliCommand.h"

#include "policy/Policy.h"
#include "stores/ScanCache.h"
#include "stores/Scanner.h"
#include "stores/StoreCatalog.h"
#include "tasks/TaskRegistry.h"
#include "util/TerminalText.h"

#include <QSet>

namespace certlife::cli {

namespace {

const QString kUsage = QStringLiteral("certlifectl __complete stores|tasks|thumbprints|policy-keys");

// One word per line, control characters escaped: a hostile store id, task name or
// subject must not inject lines or escape sequences into the user's terminal.
void printWord(CliIo& io, const QString& word, const QString& description = {})
{
    io.out << escapeControlCharacters(word);
    if (!description.isEmpty())
        io.out << '\t' << escapeControlCharacters(description);
    io.out << '\n';
}

// Thumbprints as of the last scan this user's processes made of each store (the scan
// cache of `certlifectl scan --store` and of the agent), with the subject CN.
void printThumbprints(const StoreCatalog& catalog, CliIo& io)
{
    const QString cacheDir = Scanner::cacheDirectory(Scanner::processScope());
    QSet<QString> seen;
    for (const StoreCatalog::Entry& entry : catalog.entries()) {
        const ScanCache cache = ScanCache::load(ScanCache::fileFor(cacheDir, entry.config));
        for (const ScanCache::Entry& file : cache.entries()) {
            if (!file.result)
                continue;
            for (const Certificate& cert : file.result->certificates) {
                const QString thumbprint = cert.thumbprint();
                if (!seen.contains(thumbprint)) {
                    seen.insert(thumbprint);
                    printWord(io, thumbprint, cert.subjectCN);
                }
            }
        }
    }
}

int runComplete(const QStringList& args, CliIo& io)
{
    const QString kind = args.value(1);
    if (kind == QLatin1String("stores")) {
        QSet<QString> seen;
        const StoreCatalog catalog = StoreCatalog::load(); // entries() of a temporary would dangle
        for (const StoreCatalog::Entry& entry : catalog.entries()) {
            if (!seen.contains(entry.config.id)) {
                seen.insert(entry.config.id);
                printWord(io, entry.config.id, entry.config.displayName);
            }
        }
    } else if (kind == QLatin1String("tasks")) {
        for (const Scope scope : {Scope::System, Scope::User}) {
            TaskRegistry registry(scope);
            registry.load();
            for (const NotificationTask& task : registry.tasks())
                printWord(io, task.name);
        }
    } else if (kind == QLatin1String("thumbprints")) {
        printThumbprints(StoreCatalog::load(), io);
    } else if (kind == QLatin1String("policy-keys")) {
        for (const PolicyKey key : allPolicyKeys())
            printWord(io, policyKeyName(key));
    } else {
        return fail(io, ExitUsage, QStringLiteral("usage: ") + kUsage);
    }
    return ExitOk;
}

const CommandRegistration registration{
    {QStringLiteral("__complete"), QStringLiteral("Words for the shell completions"), &runComplete, /*hidden=*/true}};

} // namespace

} // namespace certlife::cli
