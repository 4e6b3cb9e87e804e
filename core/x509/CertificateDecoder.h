// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QByteArrayView>
#include <optional>

namespace certlife {

// Decodes one DER certificate: the mbedTLS fast path first, OpenSSL for whatever it
// declines (Ed25519/Ed448, RSA-PSS keys, explicit curves, unusual names, …). Both
// produce identical Certificate values; tests/core/x509 hold them to that.
std::optional<Certificate> decodeCertificateDer(QByteArrayView der, QString* error = nullptr);

} // namespace certlife
