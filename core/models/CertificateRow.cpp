// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateRow.h"

#include "models/CertificateText.h"
#include "stores/CertificateLocations.h"

#include <QHashFunctions>
#include <cstring>

namespace certlife {

size_t qHash(const CertificateIdentity& identity, size_t seed) noexcept
{
    size_t digest = 0; // the digest is uniform already: its first bytes are a hash
    std::memcpy(&digest, identity.sha256.data(), sizeof digest);
    return qHashMulti(seed, identity.storeKey, digest);
}

CertificateRow::CertificateRow(std::shared_ptr<const RowInventory> inventory, qsizetype store, qsizetype primary,
                               QList<CertificateLocation> locations, ExpiryInfo expiry)
    : expiry(std::move(expiry)), m_inventory(std::move(inventory)), m_store(store), m_locations(std::move(locations))
{
    // Through a const inventory: never detached, so the address stays the inventory's.
    const RowInventory& shared = *m_inventory;
    m_stored = &shared.inventory.at(store).scan.certificates.at(primary);
    if (m_locations.size() == 1)
        m_locations.clear();
}

const StoredCertificate& CertificateRow::emptyStored()
{
    static const StoredCertificate empty;
    return empty;
}

const StoreInventory& CertificateRow::store() const
{
    static const StoreInventory none;
    return m_inventory ? m_inventory->inventory.at(m_store) : none;
}

const RowInventory::Store& CertificateRow::names() const
{
    static const RowInventory::Store none;
    return m_inventory ? m_inventory->stores.at(m_store) : none;
}

const QString& CertificateRow::storeKey() const
{
    return names().key;
}

const QString& CertificateRow::storeName() const
{
    return names().name;
}

QList<CertificateLocation> CertificateRow::allLocations() const
{
    return m_locations.isEmpty() ? QList<CertificateLocation>{locationOf(stored())} : m_locations;
}

bool CertificateRow::sameLocations(const CertificateRow& other) const
{
    // Field by field: a rescan compares 100,000 rows on the UI thread.
    const StoredCertificate& a = stored();
    const StoredCertificate& b = other.stored();
    return a.path == b.path && a.index == b.index && a.keyPath == b.keyPath && a.entry == b.entry && a.trust == b.trust
        && m_locations == other.m_locations && names().root == other.names().root;
}

QString CertificateRow::sanText() const
{
    return sanListText(certificate().sanStrings());
}

QString CertificateRow::pathText() const
{
    return locationsText(allLocations(), names().root);
}

ClassifiedCertificate CertificateRow::classified() const
{
    ClassifiedCertificate out;
    out.stored = stored();
    out.storeId = storeId();
    out.scope = scope();
    out.locations = allLocations();
    out.expiry = expiry;
    return out;
}

} // namespace certlife
