// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/StaleBindings.h"

#include "endpoints/Endpoint.h"
#include "endpoints/ProbeFindings.h"
#include "lifecycle/EventText.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <optional>

namespace certlife {

namespace {

constexpr qint64 kMaxBindingsFileBytes = 64 * 1024 * 1024;

// A file store's certificate that may be the newer one: not a CA, valid now.
struct Candidate
{
    Certificate certificate;
    QString path;
};

// The file stores' candidates by the names a TLS client would check, so a pass does
// not run X509_check_host for every certificate against every endpoint.
class CandidateIndex
{
public:
    CandidateIndex(const QList<StoreScan>& scans, qint64 now)
    {
        QSet<QByteArray> seen;
        for (const StoreScan& scan : scans) {
            if (!scan.endpointProbes.isEmpty())
                continue; // an endpoint store: what it serves is not a candidate
            for (const StoredCertificate& sc : scan.certificates) {
                const Certificate& c = sc.certificate;
                if (c.isCA || c.notBeforeSecs > now || c.notAfterSecs < now)
                    continue;
                const QByteArray key(reinterpret_cast<const char*>(c.sha256.data()), int(c.sha256.size()));
                if (seen.contains(key))
                    continue;
                seen.insert(key);
                const int index = int(m_candidates.size());
                m_candidates.append({c, sc.path});
                bool hasIp = false;
                for (const SubjectAltName& san : c.sans) {
                    if (san.type == SubjectAltName::Type::Dns)
                        m_byName[normalized(san.value)].append(index);
                    else if (san.type == SubjectAltName::Type::Ip)
                        hasIp = true;
                }
                if (!c.subjectCN.isEmpty())
                    m_byName[normalized(c.subjectCN)].append(index);
                if (hasIp)
                    m_withIp.append(index);
            }
        }
    }

    // Candidates that may cover `name` (confirmed with certificateCoversName()).
    QList<int> lookup(const QString& name) const
    {
        if (isIpAddress(name))
            return m_withIp; // spelling of addresses varies: OpenSSL compares them
        const QString n = normalized(name);
        QList<int> out = m_byName.value(n);
        const qsizetype dot = n.indexOf(QLatin1Char('.'));
        if (dot > 0)
            out += m_byName.value(QStringLiteral("*") + n.mid(dot));
        return out;
    }

    const Candidate& at(int index) const { return m_candidates.at(index); }

private:
    static QString normalized(const QString& name)
    {
        QString n = name.trimmed().toLower();
        if (n.endsWith(QLatin1Char('.')))
            n.chop(1);
        return n;
    }

    QList<Candidate> m_candidates;
    QHash<QString, QList<int>> m_byName;
    QList<int> m_withIp;
};

// The newest candidate that covers the name, has S's key algorithm (an RSA and an ECDSA
// certificate served side by side must not make each other stale) and is newer than S.
const Candidate* newerThanServed(const CandidateIndex& index, const Certificate& served, const QString& name)
{
    const Candidate* best = nullptr;
    for (const int i : index.lookup(name)) {
        const Candidate& c = index.at(i);
        const Certificate& n = c.certificate;
        if (n.sha256 == served.sha256 || n.keyAlgorithm != served.keyAlgorithm
            || n.notBeforeSecs <= served.notBeforeSecs)
            continue;
        if (best
            && (n.notBeforeSecs < best->certificate.notBeforeSecs
                || (n.notBeforeSecs == best->certificate.notBeforeSecs
                    && n.notAfterSecs <= best->certificate.notAfterSecs)))
            continue;
        if (!certificateCoversName(n, name))
            continue;
        best = &c;
    }
    return best;
}

QString bindingKey(const QString& storeId, const QString& location)
{
    return storeId + QChar(0) + location;
}

} // namespace

QString staleBindingsPath(const QString& snapshotFile)
{
    return QFileInfo(snapshotFile).dir().filePath(QStringLiteral("stale-bindings.json"));
}

StaleBindingsLoad loadStaleBindings(const QString& path)
{
    StaleBindingsLoad out;
    QFile file(path);
    if (!file.exists())
        return out;
    const auto damaged = [&](const QString& why) {
        out.bindings.clear();
        out.problem = QStringLiteral("stale bindings %1: %2; every stale binding is measured afresh from this pass")
                          .arg(path, why);
        return out;
    };
    if (!file.open(QIODevice::ReadOnly))
        return damaged(file.errorString());
    if (file.size() > kMaxBindingsFileBytes)
        return damaged(QStringLiteral("larger than %1 bytes").arg(kMaxBindingsFileBytes));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return damaged(error.error != QJsonParseError::NoError ? error.errorString()
                                                               : QStringLiteral("not a JSON object"));
    for (const QJsonValue& v : doc.object().value(QLatin1String("bindings")).toArray()) {
        const QJsonObject o = v.toObject();
        StaleBinding b;
        b.storeId = o.value(QLatin1String("store")).toString();
        b.location = o.value(QLatin1String("location")).toString();
        b.served = CertificateDetails::fromJson(o.value(QLatin1String("served")).toObject());
        b.newer = CertificateDetails::fromJson(o.value(QLatin1String("newer")).toObject());
        b.firstSeenAt = o.value(QLatin1String("firstSeenAt")).toInteger();
        b.notifiedAt = o.value(QLatin1String("notifiedAt")).toInteger();
        if (b.storeId.isEmpty() || b.location.isEmpty() || b.served.isNull() || b.newer.isNull() || b.firstSeenAt <= 0
            || b.notifiedAt < 0)
            return damaged(QStringLiteral("a binding lacks its store, location, certificates or times"));
        out.bindings << b;
    }
    return out;
}

AtomicWriteResult saveStaleBindings(const QString& path, const QList<StaleBinding>& bindings, Scope scope)
{
    const bool system = scope == Scope::System;
    const QString dirError = Paths::ensureDir(QFileInfo(path).path(), system ? 0755 : 0700);
    if (!dirError.isEmpty())
        return {dirError, false};
    QJsonArray list;
    for (const StaleBinding& b : bindings)
        list.append(QJsonObject{{QStringLiteral("store"), b.storeId},
                                {QStringLiteral("location"), b.location},
                                {QStringLiteral("served"), b.served.toJson()},
                                {QStringLiteral("newer"), b.newer.toJson()},
                                {QStringLiteral("firstSeenAt"), b.firstSeenAt},
                                {QStringLiteral("notifiedAt"), b.notifiedAt}});
    const QByteArray data = QJsonDocument(QJsonObject{{QStringLiteral("bindings"), list}}).toJson();
    return writeFileAtomically(path, data, system ? 0644 : 0600);
}

StaleBindingPass evaluateStaleBindings(const QList<StoreScan>& scans, const QList<StaleBinding>& previous,
                                       const Policy& policy, qint64 now)
{
    StaleBindingPass pass;
    QHash<QString, StaleBinding> before;
    for (const StaleBinding& b : previous)
        before.insert(bindingKey(b.storeId, b.location), b);
    // Indexed only when an endpoint store was probed: a pass over file stores alone
    // (the common case, 100,000 certificates) has nothing to match them against.
    std::optional<CandidateIndex> index;
    for (const StoreScan& scan : scans) {
        if (scan.endpointProbes.isEmpty())
            continue;
        if (!index)
            index.emplace(scans, now);
        const CandidateIndex& candidates = *index;
        QList<StaleBinding> kept; // of this store, in the previous order, unless seen below
        for (const StaleBinding& b : previous)
            if (b.storeId == scan.storeId)
                kept << b;
        if (scan.storeMissing || scan.cancelled) {
            pass.bindings << kept; // nothing known this time: as it was
            continue;
        }
        QSet<QString> unreadable;
        for (const ScanProblem& p : scan.problems)
            unreadable.insert(p.path);
        QSet<QString> probed;
        for (const ProbeResult& r : scan.endpointProbes) {
            if (!r.handshakeSucceeded() || r.chain.isEmpty())
                continue;
            const QString location = r.location();
            if (probed.contains(location))
                continue;
            probed.insert(location);
            const Certificate& served = r.chain.first();
            const QString key = bindingKey(scan.storeId, location);
            const std::optional<StaleBinding> old =
                before.contains(key) ? std::optional<StaleBinding>(before.value(key)) : std::nullopt;
            const Candidate* newer = newerThanServed(candidates, served, r.endpoint.serviceName());
            if (!newer) {
                // Current: after a 1101, say so once; within the grace, nothing was said.
                if (old && old->notified())
                    pass.events << makeLifecycleEvent(EventId::BindingCurrent, QString(), scan.storeId,
                                                      CertificateDetails::from(served, location), old->served);
                continue;
            }
            StaleBinding b = old.value_or(StaleBinding{scan.storeId, location, {}, {}, now, 0});
            b.served = CertificateDetails::from(served, location);
            b.newer = CertificateDetails::from(newer->certificate, newer->path);
            const bool graceOver = now - b.firstSeenAt >= policy.staleBindingGraceSeconds;
            const bool again = b.notified() && policy.renotifyIntervalSeconds > 0
                && now - b.notifiedAt >= policy.renotifyIntervalSeconds;
            if (graceOver && (!b.notified() || again)) {
                b.notifiedAt = now;
                pass.events << makeLifecycleEvent(EventId::StaleBinding, QString(), scan.storeId, b.newer, b.served);
            }
            pass.bindings << b;
        }
        // Not probed this time: an unreachable address (a problem at it, or at its
        // HOST:PORT when the name did not resolve) keeps its binding; one gone is forgotten.
        for (const StaleBinding& b : kept)
            if (!probed.contains(b.location)
                && (unreadable.contains(b.location) || unreadable.contains(endpointOfLocation(b.location))))
                pass.bindings << b;
    }
    // Compared by what a pass decides on, not by every detail field (a details round trip
    // through JSON need not be bit-identical): an unchanged pass saves nothing.
    const auto decided = [](const QList<StaleBinding>& list) {
        QStringList out;
        for (const StaleBinding& b : list)
            out << QStringLiteral("%1|%2|%3|%4|%5|%6")
                       .arg(bindingKey(b.storeId, b.location), b.served.sha256, b.newer.sha256)
                       .arg(b.firstSeenAt)
                       .arg(b.notifiedAt)
                       .arg(b.newer.path);
        return out;
    };
    pass.changed = decided(pass.bindings) != decided(previous);
    return pass;
}

int currentlyStale(const QList<StaleBinding>& bindings)
{
    int count = 0;
    for (const StaleBinding& b : bindings)
        count += b.notified() ? 1 : 0;
    return count;
}

} // namespace certlife
