// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace certlife {

// The first CN of an RFC 4514 name as Certlife prints it (most specific RDN first, so
// this is the issuer's or subject's last CN in encoding order), unescaped; empty when
// the name has none. The metrics' issuer_CN label.
QString commonNameOf(const QString& rfc4514Name);

} // namespace certlife
