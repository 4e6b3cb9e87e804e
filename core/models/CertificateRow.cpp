// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateRow.h"

namespace certlife {

QString CertificateRow::makeIdentity(const QString& storeKey, const Certificate& certificate)
{
    return storeKey + QLatin1Char('\n') + certificate.sha256Hex();
}

} // namespace certlife
