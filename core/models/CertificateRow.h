// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/CertificateClassifier.h"
#include "models/EndpointServing.h"
#include "models/Inventory.h"

#include <QString>
#include <memory>
#include <utility>

namespace certlife {

// What a table's rows refer to: the inventory they were built from and how each of its
// stores is named. Shared by the rows and never changed (a rescan builds rows on another
// one), so a row's references stay valid for as long as the row lives, on any thread.
struct RowInventory
{
    struct Store
    {
        QString key;  // storeKey(scope, id)
        QString name; // displayName()
        QString root; // paths are shown relative to it (directory stores)
    };
    Inventory inventory;
    QList<Store> stores; // the inventory's, in its order
};

// A row across rescans: the same certificate in the same store.
struct CertificateIdentity
{
    QString storeKey;
    Sha256Digest sha256{};
    bool isNull() const { return storeKey.isEmpty(); }
    friend bool operator==(const CertificateIdentity&, const CertificateIdentity&) = default;
};
size_t qHash(const CertificateIdentity& identity, size_t seed = 0) noexcept;

// One row of the certificates table: a certificate in a store with its state as of the
// model's clock, one per certificate (SHA-256) and store, whatever the number of its
// locations (the primary one, `stored()`, first). The certificate is the inventory's,
// not a copy (100,000 rows would hold every certificate a second time); the row holds
// the inventory alive. Its texts are made when asked for.
class CertificateRow
{
public:
    CertificateRow() = default; // an empty certificate in no store
    // The certificate at scan.certificates[primary] of the inventory's store `store`, at
    // `locations` (every one, the primary first) when the store holds it at more than one.
    CertificateRow(std::shared_ptr<const RowInventory> inventory, qsizetype store, qsizetype primary,
                   QList<CertificateLocation> locations, ExpiryInfo expiry);

    // A moved-from row is an empty one: the certificate pointer goes with the inventory.
    CertificateRow(const CertificateRow&) = default;
    CertificateRow& operator=(const CertificateRow&) = default;
    CertificateRow(CertificateRow&& other) noexcept
        : expiry(std::move(other.expiry)),
          servedAt(std::move(other.servedAt)),
          m_inventory(std::move(other.m_inventory)),
          m_stored(std::exchange(other.m_stored, nullptr)),
          m_store(std::exchange(other.m_store, -1)),
          m_locations(std::move(other.m_locations))
    {}
    CertificateRow& operator=(CertificateRow&& other) noexcept
    {
        expiry = std::move(other.expiry);
        servedAt = std::move(other.servedAt);
        m_inventory = std::move(other.m_inventory);
        m_stored = std::exchange(other.m_stored, nullptr);
        m_store = std::exchange(other.m_store, -1);
        m_locations = std::move(other.m_locations);
        return *this;
    }

    const StoredCertificate& stored() const { return m_stored ? *m_stored : emptyStored(); } // at its primary location
    const Certificate& certificate() const { return stored().certificate; }
    const StoreInventory& store() const;
    const QString& storeId() const { return store().config.id; }
    Scope scope() const { return store().config.scope; }
    const QString& storeKey() const; // storeKey(scope, id), models/Inventory.h
    const QString& storeName() const;
    const QString& host() const { return store().host; } // a fleet's host; empty: this computer
    // Every location of the certificate in the store, the primary one first.
    QList<CertificateLocation> allLocations() const;
    qsizetype locationCount() const { return m_locations.isEmpty() ? 1 : m_locations.size(); }
    // Same locations as another row (what the path column and the actions depend on).
    bool sameLocations(const CertificateRow& other) const;

    QString thumbprint() const { return certificate().thumbprint(); }
    QString sanText() const;  // sanListText()
    QString pathText() const; // locationsText(): "live/example.org/cert.pem +3"
    CertificateIdentity identity() const { return {storeKey(), certificate().sha256}; }
    // The certificate in its store with its state, as the reports take it (a copy).
    ClassifiedCertificate classified() const;

    ExpiryInfo expiry;
    // Where endpoint stores serve this certificate now, for a row of any other store
    // (the "Served" indicator); empty when none does, and for endpoint stores' own rows.
    QList<ServedLocation> servedAt;

private:
    static const StoredCertificate& emptyStored();
    const RowInventory::Store& names() const;

    std::shared_ptr<const RowInventory> m_inventory;
    const StoredCertificate* m_stored = nullptr; // in m_inventory
    qsizetype m_store = -1;
    QList<CertificateLocation> m_locations; // empty when the primary is the only one
};

} // namespace certlife
