// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateRow.h"

namespace certlife {

QString CertificateRow::makeIdentity(const QString& storeKey, const StoredCertificate& stored,
                                     const QString& thumbprint)
{
    return storeKey + QLatin1Char('\n') + stored.path + QLatin1Char('\n') + QString::number(stored.index)
        + QLatin1Char('\n') + thumbprint;
}

} // namespace certlife
