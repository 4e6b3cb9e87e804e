// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QStringList>

namespace certlife {

// The fields in which two certificates differ, one line each naming the field and
// both values ("subject: \"CN=a\" != \"CN=b\""); empty when they agree on every
// field. Certificate::operator== compares identity (SHA-256) only: this is what
// tests and the differential fuzzer use to hold both readers to the same output.
QStringList certificateDifferences(const Certificate& a, const Certificate& b);

} // namespace certlife
