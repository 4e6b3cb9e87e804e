// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>

#include "stores/Store.h"

#include <QByteArray>
#include <QString>

namespace certlife {

// An NSS database in the sql: format (cert9.db and key4.db in one directory: Firefox
// and Chromium profiles, ~/.pki/nssdb, certmonger, FreeIPA). It lists as one item, the
// directory, stamped by both database files and their write-ahead logs, so an
// unchanged database comes from the scan cache without being opened. Reading it runs
// the helper certlife-nss-read (app/nss/main.cpp), which alone links libnss3 and opens
// the database read-only: NSS is initialised once per process and for one database,
// which neither the agent nor the console could promise. docs/stores.md, "NSS databases".
class NssStore final : public Store
{
public:
    explicit NssStore(StoreConfig config);
    StoreListing list(const std::atomic_bool& cancelled) const override;
    bool readsItems() const override { return true; }
    FileResultPtr readItem(const ListedFile& item, const QByteArray& password, bool hasPassword,
                           QString* error) const override;

    // How long the helper may take before it is killed and the store reports it.
    static constexpr int kHelperTimeoutMs = 60'000;
};

// Problems of an NSS database read that depend on the password file, not only on the
// database: the scan cache treats them apart (stores/ScanJob.cpp).
inline constexpr char kNssKeysNeedPassword[] =
    "the key database has a password and the store has no password file: private keys were not looked for";
inline constexpr char kNssWrongPassword[] =
    "the store's password file does not open the key database: private keys were not looked for";

// Where the helper is: in the build tree for programs of this build (the tests),
// else libexec/certlife/certlife-nss-read beside the installed bin/ (as the PDF helper).
QString nssHelperPath();
// certlife-nss-write (app/nss/write.cpp), which changes a database for the actions: beside
// the reader, wherever that is.
QString nssWriteHelperPath();

// Runs an NSS helper (the reader or the writer) with `input` on its standard input
// (passwords and keys: never on the command line) and kills it after kHelperTimeoutMs.
// Its standard output, or nullopt with *error: the helper's own explanation alone when it
// exits with status 2 and says why (*explained then true), else a line naming the helper
// and how it ended; `afterTimeout` says what a timeout means for the caller.
std::optional<QByteArray> runNssHelper(const QString& helper, const QStringList& arguments, const QByteArray& input,
                                       const QString& afterTimeout, QString* error, bool* explained = nullptr);

// What the helper wrote, decoded (every length checked); false and *error when it is not
// the helper's format. Exposed for the tests.
struct NssHelperEntry
{
    QByteArray nickname;
    QByteArray trust;
    QByteArray der;
    bool hasPrivateKey = false;
};
struct NssHelperOutput
{
    QList<NssHelperEntry> entries;
    QStringList problems;
    bool keysNeedPassword = false;
    bool wrongPassword = false;
};
bool parseNssHelperOutput(QByteArrayView output, NssHelperOutput* out, QString* error);

} // namespace certlife
