// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace certlife {

// Short, readable renderings of certificate fields shared by the models, the details
// panes and reports, so one certificate reads the same everywhere.

// The first value of an attribute in an RFC 4514 DN ("CN" of "CN=a,O=b" is "a");
// escaped commas are honoured. Empty when the attribute is absent.
QString dnAttribute(const QString& dn, const QString& attribute);
// The issuer's CN, else its O, else the whole DN.
QString shortDnName(const QString& dn);
// "www.example.org, example.org, IP:192.0.2.7": DNS names bare, other kinds prefixed.
QString sanListText(const QStringList& sanStrings);
// Whether sanListText(certificate.sanStrings()) contains `needle` (case-insensitive),
// without making the text (a search tries every row).
bool sanListTextContains(const Certificate& certificate, const QString& needle);
QString ekuListText(const QList<ExtendedKeyUsage>& ekus);
QString formatUtc(const QDateTime& time);        // "2026-03-01 14:00 UTC"
QString formatUtcCompact(const QDateTime& time); // "2026-03-01 14:00", for columns headed "(UTC)"
QString formatUtcSeconds(const QDateTime& time); // "2026-03-01 14:00:05 UTC"
QString formatPercent(double percent);           // "42 %", "0.4 %"
// daysLeftText(daysLeftOf(remainingSeconds)): "12 days left", "expired 3 days ago".
QString remainingText(qint64 remainingSeconds);

} // namespace certlife
