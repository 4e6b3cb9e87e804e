// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/StoreTypes.h"

#include <QStringList>
#include <optional>

namespace certlife {

// The stores Certlife watches, per scope: built-in ones, the ones configured in
// Paths::storesFile(scope) (QSettings INI, one [ID] group per store; the format is in
// docs/stores.md), and extra ones added at run time (the policy's AdditionalStores).
//
// Built in: User "My" (Paths::defaultMyStore(User), created 0700 when missing),
// System "My" (Paths::defaultMyStore(System)) and, read-only, System "ssl-certs"
// (Paths::systemCertificatesDir()).
class StoreCatalog
{
public:
    enum class Origin : quint8 { BuiltIn, Configured, Runtime };
    struct Entry
    {
        StoreConfig config;
        Origin origin = Origin::Configured;
    };

    // Reads both scopes. Never fails: an unreadable file or a malformed entry is skipped
    // and described in loadErrors() (file, store id and reason).
    static StoreCatalog load();

    const QList<Entry>& entries() const { return m_entries; } // System first, then User
    QList<StoreConfig> stores() const;
    QList<StoreConfig> stores(Scope scope) const;
    std::optional<Entry> find(Scope scope, const QString& id) const;
    QList<Entry> findById(const QString& id) const; // in either scope
    const QStringList& loadErrors() const { return m_loadErrors; }

    // Validates (id syntax, unique in its scope, absolute path that exists and matches
    // the kind, password file readable) and writes the store to stores.conf of its
    // scope. Returns an error naming the offending value, or an empty string.
    QString add(StoreConfig config);
    // Removes a configured store of a scope from stores.conf. Built-in and run-time
    // stores cannot be removed this way.
    QString remove(Scope scope, const QString& id);

    // A store known to this process only, never written to stores.conf: the policy's
    // AdditionalStores. Validated like add() except that the path need not exist yet
    // (the scan then says it is missing). Returns an error, or an empty string.
    QString addRuntimeStore(StoreConfig config);
    void clearRuntimeStores();

    // Why a configuration cannot be used, or empty. requireExistingPath: add() does,
    // run-time stores do not.
    static QString validate(const StoreConfig& config, bool requireExistingPath);
    static QList<StoreConfig> builtInStores();

private:
    QString duplicateError(const StoreConfig& config) const;
    void loadScope(Scope scope);

    QList<Entry> m_entries;
    QStringList m_loadErrors;
};

} // namespace certlife
