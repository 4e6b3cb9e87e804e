// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/ExpiryState.h"
#include "stores/StoreTypes.h"
#include "util/Scope.h"

#include <QString>

namespace certlife {

// One row of the certificates table: a stored certificate, where it lives, and its
// expiry as of the model's clock.
struct CertificateRow
{
    StoredCertificate stored;
    QString storeKey;   // storeKey(scope, id), models/Inventory.h
    QString storeName;
    Scope scope = Scope::User;
    ExpiryInfo expiry;
    QString thumbprint; // cached: searched and shown often
    QString sanText;    // cached sanListText()
    // Identity across rescans: the same certificate at the same place in the same store.
    // Built with the row (on the worker), compared on the UI thread.
    QString identity;

    const Certificate& certificate() const { return stored.certificate; }
    static QString makeIdentity(const QString& storeKey, const StoredCertificate& stored, const QString& thumbprint);
};

} // namespace certlife
