// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/CertificateClassifier.h"
#include "models/EndpointServing.h"

#include <QString>

namespace certlife {

// One row of the certificates table: a certificate in a store with its state as of the
// model's clock (ClassifiedCertificate), plus what the console shows and searches often.
// One row per certificate (SHA-256) and store, whatever the number of its locations
// (`locations`, the primary one, `stored`, first).
struct CertificateRow : ClassifiedCertificate
{
    QString storeKey; // storeKey(scope, id), models/Inventory.h
    QString storeName;
    QString host;       // a fleet's host (StoreInventory::host); empty: this computer
    QString thumbprint; // cached: searched and shown often
    QString sanText;    // cached sanListText()
    QString pathText;   // cached locationsText(): "live/example.org/cert.pem +3"
    // Where endpoint stores serve this certificate now, for a row of any other store
    // (the "Served" indicator); empty when none does, and for endpoint stores' own rows.
    QList<ServedLocation> servedAt;
    // Identity across rescans: the same certificate in the same store. Built with the row
    // (on the worker), compared on the UI thread.
    QString identity;

    static QString makeIdentity(const QString& storeKey, const Certificate& certificate);
};

} // namespace certlife
