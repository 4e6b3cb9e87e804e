// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "monitoring/CertificateStatus.h"

#include "lifecycle/ExpiryEvaluator.h"
#include "lifecycle/Snapshot.h"
#include "lifecycle/SnapshotFile.h"

#include <QFile>
#include <QFileInfo>

namespace certlife {

bool ArchivedCertificates::contains(const Sha256Digest& digest) const
{
    return sha256.contains(QByteArray(reinterpret_cast<const char*>(digest.data()), qsizetype(digest.size())));
}

ArchivedCertificates ArchivedCertificates::of(const ScopeSnapshot& snapshot)
{
    ArchivedCertificates result;
    result.snapshotFound = true;
    for (int i = 0; i < snapshot.recordCount(); ++i) {
        const CertificateState& state = snapshot.state(i);
        if (state.archived)
            result.sha256.insert(QByteArray(reinterpret_cast<const char*>(state.sha256.data()), qsizetype(state.sha256.size())));
    }
    return result;
}

ArchivedCertificates readArchivedCertificates(Scope scope, const QString& snapshotFile)
{
    const QString path = SnapshotFile(scope, snapshotFile).path();
    if (!QFileInfo::exists(path))
        return {};
    QFile file(path);
    ArchivedCertificates result;
    if (!file.open(QIODevice::ReadOnly)) {
        result.problem = QStringLiteral("cannot read the %1 snapshot %2: %3").arg(scopeName(scope).toLower(), path, file.errorString());
        return result;
    }
    QString error;
    const std::optional<ScopeSnapshot> snapshot = parseSnapshot(file.readAll(), &error);
    if (!snapshot) {
        result.problem = QStringLiteral("the %1 snapshot %2 is damaged (%3); the agent's next pass replaces it")
                             .arg(scopeName(scope).toLower(), path, error);
        return result;
    }
    return ArchivedCertificates::of(*snapshot);
}

QList<CertificateStatus> certificateStatuses(const QList<StoreScan>& scans, const ExpiryThresholds& thresholds,
                                             const ArchivedCertificates archived[2], qint64 nowSecs)
{
    // The evaluator's window arithmetic only; its clock is not consulted.
    const ExpiryEvaluator evaluators[2] = {ExpiryEvaluator(thresholds.of(Scope(0)).asPolicy(), nullptr),
                                           ExpiryEvaluator(thresholds.of(Scope(1)).asPolicy(), nullptr)};
    QList<CertificateStatus> out;
    for (const StoreScan& scan : scans) {
        const ExpiryEvaluator& evaluator = evaluators[int(scan.scope)];
        for (const StoredCertificate& stored : scan.certificates) {
            const Certificate& cert = stored.certificate;
            CertificateStatus s;
            s.scope = scan.scope;
            s.storeId = scan.storeId;
            s.stored = stored;
            s.expiry = evaluateExpiry(cert.notBeforeSecs, cert.notAfterSecs, nowSecs, evaluator);
            s.remainingSeconds = cert.notAfterSecs - nowSecs;
            s.warningWindowSeconds = evaluator.warningWindowSeconds(cert.notBeforeSecs, cert.notAfterSecs);
            s.archived = archived[int(scan.scope)].contains(cert.sha256);
            out << s;
        }
    }
    return out;
}

QString commonNameOf(const QString& name)
{
    // Walk the attributes: "TYPE=VALUE" separated by unescaped ',' or '+'.
    qsizetype i = 0;
    while (i < name.size()) {
        const qsizetype eq = name.indexOf(QLatin1Char('='), i);
        if (eq < 0)
            return {};
        const QString type = name.mid(i, eq - i).trimmed();
        QByteArray value; // UTF-8: a \HH escape is one byte of it
        QString run;      // unescaped text not yet in value
        qsizetype j = eq + 1;
        for (; j < name.size(); ++j) {
            const QChar c = name.at(j);
            if (c == QLatin1Char(',') || c == QLatin1Char('+'))
                break;
            if (c != QLatin1Char('\\') || j + 1 == name.size()) {
                run += c;
                continue;
            }
            value += run.toUtf8();
            run.clear();
            const QString pair = name.mid(j + 1, 2);
            const auto isHex = [](QChar h) { return h.isDigit() || (h.toLower() >= QLatin1Char('a') && h.toLower() <= QLatin1Char('f')); };
            if (pair.size() == 2 && isHex(pair[0]) && isHex(pair[1]) && pair[0].unicode() < 128 && pair[1].unicode() < 128) {
                value.append(char(pair.toInt(nullptr, 16)));
                j += 2;
            } else {
                run += name.at(j + 1); // \, \+ \" …: the character itself
                j += 1;
            }
        }
        value += run.toUtf8();
        if (type.compare(QLatin1String("CN"), Qt::CaseInsensitive) == 0 || type == QLatin1String("2.5.4.3"))
            return QString::fromUtf8(value);
        i = j + 1;
    }
    return {};
}

} // namespace certlife
