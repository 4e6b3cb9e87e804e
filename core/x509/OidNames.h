// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife {

// Readable name of an extended key usage OID (OpenSSL's long names); the OID itself
// when no name is known. Both certificate readers use this so their output agrees.
QString extendedKeyUsageName(const QString& oid);

} // namespace certlife
