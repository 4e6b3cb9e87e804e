// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A store may hold one certificate at several places: certbot's live/cert.pem (a link),
// live/fullchain.pem, archive/cert2.pem and archive/fullchain2.pem. What an admin
// counts, sees as one row and acts on is the certificate (its SHA-256) in the store,
// with all its locations (docs/stores.md "One certificate, several locations").

#include "stores/StoreTypes.h"

namespace certlife {

CertificateLocation locationOf(const StoredCertificate& stored);
// The certificate as read at that location.
StoredCertificate storedAt(const Certificate& certificate, const CertificateLocation& location);

// How the console and the CLI name where a certificate is: the primary location's path
// relative to `storeRoot` when inside it, "+N" for the other locations.
QString locationsText(const QList<CertificateLocation>& locations, const QString& storeRoot);

// The certificates of one scan, one per certificate (SHA-256), in the order of their
// first location in the scan. Its primary location (`stored`, first in `locations`) is
// the first that holds it alone in its file (not in a bundle), else its first location;
// the others follow in scan order.
QList<StoreCertificate> certificatesOf(const StoreScan& scan);
// certificatesOf() without copying: each certificate as the positions of its locations in
// scan.certificates, the primary one first, in the same order.
QList<QList<qsizetype>> locationGroups(const StoreScan& scan);

// The index in scan.certificates of each certificate's primary location, in the order
// of certificatesOf(scan): what it would copy, for a caller that only reads (counting
// 100,000 certificates need not copy each).
QList<qsizetype> primaryLocations(const StoreScan& scan);

// How many certificates the scan holds: certificatesOf(scan).size(), counted cheaply.
qsizetype certificateCount(const StoreScan& scan);

// Its locations in the scan, the primary one first (as certificatesOf() orders them);
// empty when the scan does not hold it.
QList<CertificateLocation> locationsIn(const StoreScan& scan, const Sha256Digest& sha256);

} // namespace certlife
