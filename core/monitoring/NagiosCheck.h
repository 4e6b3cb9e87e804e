// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// `certlifectl check`: the Monitoring Plugins interface (Nagios, Icinga, Naemon,
// Sensu): one status line "CERTLIFE STATE - text | perfdata", then one line per
// certificate that is not OK, and the exit status 0 OK, 1 WARNING, 2 CRITICAL,
// 3 UNKNOWN. The states come from the one classification (CertificateClassifier.h),
// most urgent first, as the console and the agent have them.

#include "lifecycle/CertificateClassifier.h"

#include <QStringList>
#include <optional>

namespace certlife {

enum class CheckState : int { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };
QString checkStateName(CheckState state); // "OK", "WARNING", "CRITICAL", "UNKNOWN"

// Days left at or below which a certificate is WARNING / CRITICAL. Unset warning: the
// policy's expiry warning window (the agent's 1003); unset critical: expired (1002).
struct CheckThresholds
{
    std::optional<int> warningDays;
    std::optional<int> criticalDays;
};

struct CheckInput
{
    QList<ClassifiedCertificate> certificates;
    CheckThresholds thresholds;
    int readErrors = 0;     // files that could not be read: at least WARNING
    QString firstReadError; // "PATH: reason", shown
    QStringList unknown;    // why the check cannot say (no such store, unreadable configuration, …)
};

struct CheckResult
{
    CheckState state = CheckState::Unknown;
    QString text; // every line, each ending in '\n'
};

// The state of one certificate; archived ones are always OK.
CheckState certificateCheckState(const ClassifiedCertificate& status, const CheckThresholds& thresholds);

// Certificate fields are hostile: in the text every control character is escaped and a
// '|' (which would start the performance data) becomes '¦'; perfdata labels lose
// quotes, '=' and controls. At most kPerfdataCertificates certificates (the soonest
// to expire) get a days-left value of their own.
inline constexpr int kPerfdataCertificates = 5;
CheckResult evaluateCheck(const CheckInput& input);

} // namespace certlife
