// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "StoreCliSupport.h"

#include "stores/FileNames.h"
#include "util/TerminalText.h"

#include <QFile>
#include <unistd.h>

namespace certlife::cli {

bool parseByteSize(const QString& text, qint64* bytes)
{
    QString t = text.trimmed().toUpper();
    if (t.endsWith(QLatin1String("IB")))
        t.chop(2);
    else if (t.endsWith(QLatin1Char('B')) && t.size() > 1 && !t.at(t.size() - 2).isDigit())
        t.chop(1);
    qint64 unit = 1;
    if (t.endsWith(QLatin1Char('K')))
        unit = 1024;
    else if (t.endsWith(QLatin1Char('M')))
        unit = 1024 * 1024;
    else if (t.endsWith(QLatin1Char('G')))
        unit = 1024LL * 1024 * 1024;
    if (unit != 1)
        t.chop(1);
    bool ok = false;
    const qint64 n = t.toLongLong(&ok);
    if (!ok || n <= 0 || n > (qint64(1) << 40) / unit)
        return false;
    *bytes = n * unit;
    return true;
}

Scope defaultStoreScope()
{
    return ::geteuid() == 0 ? Scope::System : Scope::User;
}

bool parseScopeOption(const QCommandLineParser& parser, const QCommandLineOption& option, std::optional<Scope>* scope,
                      CliIo& io, int* exitCode)
{
    if (!parser.isSet(option))
        return true;
    Scope s;
    if (!parseScope(parser.value(option), &s)) {
        *exitCode =
            fail(io, ExitUsage, QStringLiteral("--scope must be system or user, not \"%1\"").arg(parser.value(option)));
        return false;
    }
    *scope = s;
    return true;
}

std::optional<StoreCatalog::Entry> resolveStore(const StoreCatalog& catalog, const QString& id,
                                                std::optional<Scope> scope, CliIo& io, int* exitCode)
{
    if (scope) {
        if (auto entry = catalog.find(*scope, id))
            return entry;
        *exitCode = fail(io, ExitFailure,
                         QStringLiteral("no store \"%1\" in the %2 scope; 'certlifectl store list' shows the stores")
                             .arg(id, *scope == Scope::System ? QStringLiteral("system") : QStringLiteral("user")));
        return std::nullopt;
    }
    const QList<StoreCatalog::Entry> found = catalog.findById(id);
    if (found.size() == 1)
        return found.first();
    if (found.isEmpty()) {
        *exitCode =
            fail(io, ExitFailure, QStringLiteral("no store \"%1\"; 'certlifectl store list' shows the stores").arg(id));
        return std::nullopt;
    }
    *exitCode = fail(io, ExitUsage,
                     QStringLiteral("store \"%1\" exists in both the system and the user scope: "
                                    "add --scope system or --scope user")
                         .arg(id));
    return std::nullopt;
}

QStringList rawPathArguments(const QStringList& arguments)
{
    bool lossy = false;
    for (const QString& a : arguments)
        lossy = lossy || a.contains(QChar(QChar::ReplacementCharacter));
    if (!lossy)
        return arguments;
    QFile cmdline(QStringLiteral("/proc/self/cmdline"));
    if (!cmdline.open(QIODevice::ReadOnly))
        return arguments;
    const QList<QByteArray> raw = cmdline.readAll().split('\0');
    QStringList out;
    for (const QString& a : arguments) {
        QString exact = a;
        if (a.contains(QChar(QChar::ReplacementCharacter))) {
            for (const QByteArray& r : raw) {
                if (QString::fromLocal8Bit(r) == a) {
                    exact = decodeFileName(r);
                    break;
                }
            }
        }
        out.append(exact);
    }
    return out;
}

void printCatalogWarnings(const StoreCatalog& catalog, CliIo& io)
{
    for (const QString& w : catalog.loadErrors())
        io.err << "certlifectl: warning: " << escapeControlCharacters(w) << '\n';
    io.err.flush();
}

} // namespace certlife::cli
