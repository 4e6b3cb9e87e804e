// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which certificates a picker suggests first (Replace with…, a Replace task's test):
// the ones most likely meant, by the names they are for.

#include "lifecycle/LifecycleEvent.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace certlife {

// What a certificate is for: its subject DN, and its common name and alternative names
// ("DNS:www.example.org" is the name "www.example.org").
struct CertificateNames
{
    QString subject;
    QStringList names;

    static CertificateNames of(const QString& subject, const QString& commonName, const QStringList& sans);
    static CertificateNames of(const CertificateDetails& details);
};

// Best first: a renewal has the same subject; a certificate re-issued for another DN
// still serves a name of the old one.
enum class Kinship { SameSubject, SharedName, Unrelated };

Kinship kinshipOf(const CertificateNames& reference, const CertificateNames& candidate);
// "same subject", "shares a name", or empty.
QString kinshipText(Kinship kinship);
// The indices of `candidates`, those of the same subject first, then those sharing a
// name, then the rest; in their given order within each group.
QList<int> orderByKinship(const CertificateNames& reference, const QList<CertificateNames>& candidates);

} // namespace certlife
