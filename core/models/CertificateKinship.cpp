// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateKinship.h"

#include <QObject>
#include <algorithm>

namespace certlife {

CertificateNames CertificateNames::of(const QString& subject, const QString& commonName, const QStringList& sans)
{
    CertificateNames names;
    names.subject = subject;
    if (!commonName.isEmpty())
        names.names << commonName.toLower();
    for (const QString& san : sans) {
        const qsizetype colon = san.indexOf(QLatin1Char(':'));
        const QString name = (colon >= 0 ? san.mid(colon + 1) : san).trimmed().toLower();
        if (!name.isEmpty() && !names.names.contains(name))
            names.names << name;
    }
    return names;
}

CertificateNames CertificateNames::of(const CertificateDetails& details)
{
    return of(details.subject, details.subjectCN, details.sans);
}

Kinship kinshipOf(const CertificateNames& reference, const CertificateNames& candidate)
{
    if (!reference.subject.isEmpty() && reference.subject == candidate.subject)
        return Kinship::SameSubject;
    for (const QString& name : candidate.names) {
        if (reference.names.contains(name))
            return Kinship::SharedName;
    }
    return Kinship::Unrelated;
}

QString kinshipText(Kinship kinship)
{
    switch (kinship) {
    case Kinship::SameSubject: return QObject::tr("same subject");
    case Kinship::SharedName: return QObject::tr("shares a name");
    case Kinship::Unrelated: break;
    }
    return {};
}

QList<int> orderByKinship(const CertificateNames& reference, const QList<CertificateNames>& candidates)
{
    QList<int> order(candidates.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    QList<Kinship> kinship;
    kinship.reserve(candidates.size());
    for (const CertificateNames& candidate : candidates)
        kinship << kinshipOf(reference, candidate);
    std::stable_sort(order.begin(), order.end(), [&kinship](int a, int b) { return kinship[a] < kinship[b]; });
    return order;
}

} // namespace certlife
