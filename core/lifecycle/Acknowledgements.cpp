// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "lifecycle/Acknowledgements.h"

#include "lifecycle/EventText.h"
#include "util/Paths.h"
#include "x509/KeyIdentifiers.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace certlife {

namespace {

constexpr int kFormatVersion = 1;

QString isoUtc(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QDateTime parseIso(const QJsonValue& v)
{
    const QString text = v.toString();
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODate).toUTC();
}

std::optional<Sha256Digest> digestFromHex(const QString& hex)
{
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    if (bytes.size() != 32 || hex.size() != 64)
        return std::nullopt;
    Sha256Digest d{};
    std::copy(bytes.begin(), bytes.end(), d.begin());
    return d;
}

bool parseKind(const QString& text, AcknowledgementKind* out)
{
    for (AcknowledgementKind k :
         {AcknowledgementKind::Certificate, AcknowledgementKind::Store, AcknowledgementKind::Issuer})
        if (acknowledgementKindName(k) == text) {
            *out = k;
            return true;
        }
    return false;
}

QString keyOf(AcknowledgementKind kind, const QString& what)
{
    return acknowledgementKindName(kind) + QLatin1Char(':') + what;
}

} // namespace

QString acknowledgementKindName(AcknowledgementKind kind)
{
    switch (kind) {
    case AcknowledgementKind::Certificate: return QStringLiteral("certificate");
    case AcknowledgementKind::Store: return QStringLiteral("store");
    case AcknowledgementKind::Issuer: return QStringLiteral("issuer");
    }
    return {};
}

QString Acknowledgement::key() const
{
    switch (kind) {
    case AcknowledgementKind::Certificate: return keyOf(kind, toHexUpper(sha256));
    case AcknowledgementKind::Store: return keyOf(kind, storeId);
    case AcknowledgementKind::Issuer: return keyOf(kind, issuer);
    }
    return {};
}

QString Acknowledgement::target() const
{
    switch (kind) {
    case AcknowledgementKind::Certificate: return QStringLiteral("certificate \"%1\" (%2)").arg(subject, thumbprint);
    case AcknowledgementKind::Store: return QStringLiteral("store %1").arg(storeId);
    case AcknowledgementKind::Issuer: return QStringLiteral("issuer %1").arg(issuer);
    }
    return {};
}

QString Acknowledgement::untilText() const
{
    if (until.isValid())
        return isoUtc(until);
    return untilChanged ? QStringLiteral("until it changes") : QStringLiteral("for ever");
}

QString Acknowledgement::describe() const
{
    QString text = QStringLiteral("by %1 on %2, %3%4")
                       .arg(by.isEmpty() ? QStringLiteral("?") : by, isoUtc(at),
                            until.isValid() ? QStringLiteral("until ") : QString(), untilText());
    if (!note.isEmpty())
        text += QStringLiteral(": ") + note;
    return text;
}

const Acknowledgement* Acknowledgements::find(const QString& key) const
{
    const auto it = m_byKey.constFind(key);
    return it == m_byKey.cend() ? nullptr : &m_entries[*it];
}

void Acknowledgements::put(const Acknowledgement& acknowledgement)
{
    const auto it = m_byKey.constFind(acknowledgement.key());
    if (it != m_byKey.cend()) {
        m_entries[*it] = acknowledgement;
        return;
    }
    m_entries.append(acknowledgement);
    reindex();
}

bool Acknowledgements::remove(const QString& key)
{
    const auto it = m_byKey.constFind(key);
    if (it == m_byKey.cend())
        return false;
    m_entries.removeAt(*it);
    reindex();
    return true;
}

int Acknowledgements::dropLapsed(const QDateTime& now)
{
    const qsizetype before = m_entries.size();
    m_entries.removeIf([&](const Acknowledgement& a) { return a.lapsedBy(now); });
    reindex();
    return int(before - m_entries.size());
}

void Acknowledgements::reindex()
{
    m_byKey.clear();
    m_issuerMutes = 0;
    for (int i = 0; i < m_entries.size(); ++i) {
        m_byKey.insert(m_entries[i].key(), i);
        m_issuerMutes += m_entries[i].kind == AcknowledgementKind::Issuer ? 1 : 0;
    }
}

const Acknowledgement* Acknowledgements::inForce(const QString& key, qint64 nowSecs) const
{
    const Acknowledgement* a = find(key);
    if (!a || (a->until.isValid() && nowSecs >= a->until.toSecsSinceEpoch()))
        return nullptr;
    return a;
}

bool Acknowledgements::isStoreMuted(const QString& storeId, qint64 nowSecs) const
{
    return !m_entries.isEmpty() && inForce(keyOf(AcknowledgementKind::Store, storeId), nowSecs);
}

ExpiryStanding Acknowledgements::standingOf(const Sha256Digest& sha256, const QString& issuer, const QString& storeId,
                                            const QString& path, qint64 nowSecs) const
{
    ExpiryStanding standing;
    if (m_entries.isEmpty())
        return standing;
    const auto take = [&](const Acknowledgement& a, bool muted) {
        standing.acknowledged = true;
        standing.muted = muted;
        standing.acknowledgedUntil = a.until.isValid() ? a.until.toSecsSinceEpoch() : 0;
        standing.acknowledgement =
            (muted ? QStringLiteral("Muted (%1) ").arg(a.target()) : QStringLiteral("Acknowledged ")) + a.describe();
    };
    if (const Acknowledgement* a = inForce(keyOf(AcknowledgementKind::Certificate, toHexUpper(sha256)), nowSecs)) {
        const bool here = !a->untilChanged || a->locations.contains(AcknowledgedLocation{storeId, path});
        if (here) {
            take(*a, false);
            return standing;
        }
    }
    if (const Acknowledgement* a = inForce(keyOf(AcknowledgementKind::Store, storeId), nowSecs))
        take(*a, true);
    else if (const Acknowledgement* a = inForce(keyOf(AcknowledgementKind::Issuer, issuer), nowSecs))
        take(*a, true);
    return standing;
}

QByteArray Acknowledgements::toJson() const
{
    QJsonArray list;
    for (const Acknowledgement& a : m_entries) {
        QJsonObject o{{QStringLiteral("kind"), acknowledgementKindName(a.kind)},
                      {QStringLiteral("at"), isoUtc(a.at)},
                      {QStringLiteral("by"), a.by}};
        if (a.until.isValid())
            o.insert(QStringLiteral("until"), isoUtc(a.until));
        if (!a.note.isEmpty())
            o.insert(QStringLiteral("note"), a.note);
        switch (a.kind) {
        case AcknowledgementKind::Certificate: {
            o.insert(QStringLiteral("sha256"), toHexUpper(a.sha256));
            o.insert(QStringLiteral("thumbprint"), a.thumbprint);
            o.insert(QStringLiteral("subject"), a.subject);
            o.insert(QStringLiteral("untilChanged"), a.untilChanged);
            QJsonArray locations;
            for (const AcknowledgedLocation& l : a.locations)
                locations.append(QJsonObject{{QStringLiteral("store"), l.storeId}, {QStringLiteral("path"), l.path}});
            o.insert(QStringLiteral("locations"), locations);
            break;
        }
        case AcknowledgementKind::Store: o.insert(QStringLiteral("store"), a.storeId); break;
        case AcknowledgementKind::Issuer: o.insert(QStringLiteral("issuer"), a.issuer); break;
        }
        list.append(o);
    }
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion}, {QStringLiteral("acknowledgements"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Acknowledgements Acknowledgements::fromJson(const QByteArray& data, QString* error)
{
    Acknowledgements out;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    const auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return Acknowledgements();
    };
    if (!doc.isObject())
        return fail(QStringLiteral("not a JSON object (%1)").arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("version")).toInt() != kFormatVersion)
        return fail(QStringLiteral("version %1 is not %2")
                        .arg(root.value(QLatin1String("version")).toVariant().toString())
                        .arg(kFormatVersion));
    const QJsonArray list = root.value(QLatin1String("acknowledgements")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        Acknowledgement a;
        if (!parseKind(o.value(QLatin1String("kind")).toString(), &a.kind))
            return fail(QStringLiteral("entry %1: kind is not certificate, store or issuer").arg(i + 1));
        a.at = parseIso(o.value(QLatin1String("at")));
        a.by = o.value(QLatin1String("by")).toString();
        a.until = parseIso(o.value(QLatin1String("until")));
        a.note = o.value(QLatin1String("note")).toString();
        switch (a.kind) {
        case AcknowledgementKind::Certificate: {
            const std::optional<Sha256Digest> digest = digestFromHex(o.value(QLatin1String("sha256")).toString());
            if (!digest)
                return fail(QStringLiteral("entry %1: sha256 is not 64 hex digits").arg(i + 1));
            a.sha256 = *digest;
            a.thumbprint = o.value(QLatin1String("thumbprint")).toString();
            a.subject = o.value(QLatin1String("subject")).toString();
            a.untilChanged = o.value(QLatin1String("untilChanged")).toBool();
            for (const QJsonValue& v : o.value(QLatin1String("locations")).toArray())
                a.locations.append({v.toObject().value(QLatin1String("store")).toString(),
                                    v.toObject().value(QLatin1String("path")).toString()});
            break;
        }
        case AcknowledgementKind::Store:
            a.storeId = o.value(QLatin1String("store")).toString();
            if (a.storeId.isEmpty())
                return fail(QStringLiteral("entry %1: store is empty").arg(i + 1));
            break;
        case AcknowledgementKind::Issuer:
            a.issuer = o.value(QLatin1String("issuer")).toString();
            if (a.issuer.isEmpty())
                return fail(QStringLiteral("entry %1: issuer is empty").arg(i + 1));
            break;
        }
        out.put(a);
    }
    return out;
}

AcknowledgementsLoad loadAcknowledgements(Scope scope, const QString& path)
{
    AcknowledgementsLoad load;
    QFile file(path.isEmpty() ? Paths::acknowledgementsFile(scope) : path);
    if (!file.exists())
        return load;
    if (!file.open(QIODevice::ReadOnly)) {
        load.problem = QStringLiteral("%1: %2").arg(file.fileName(), file.errorString());
        return load;
    }
    QString why;
    load.acknowledgements = Acknowledgements::fromJson(file.readAll(), &why);
    if (!why.isEmpty())
        load.problem = QStringLiteral("%1: %2").arg(file.fileName(), why);
    return load;
}

AtomicWriteResult saveAcknowledgements(Scope scope, const Acknowledgements& acknowledgements, const QString& path)
{
    const QString file = path.isEmpty() ? Paths::acknowledgementsFile(scope) : path;
    const bool system = scope == Scope::System;
    const QString dirError = Paths::ensureDir(QFileInfo(file).absolutePath(), system ? 0755 : 0700);
    if (!dirError.isEmpty())
        return {dirError, false};
    return writeFileAtomically(file, acknowledgements.toJson(), system ? 0644 : 0600);
}

bool isTrustAnchorStore(Scope scope, const QString& storeId)
{
    return scope == Scope::System && storeId == QLatin1String("ssl-certs");
}

TrustAnchorUse TrustAnchorUse::of(Scope scope, const QList<StoreCertificate>& certificates)
{
    TrustAnchorUse use;
    for (const StoreCertificate& c : certificates)
        if (c.scope == scope && !isTrustAnchorStore(c.scope, c.storeId))
            use.noteIssuer(c.certificate().subject, c.certificate().issuer, c.certificate().der);
    return use;
}

bool TrustAnchorUse::isUsed(const QString& subject, const QByteArray& anchorDer) const
{
    const auto leaves = m_leaves.constFind(subject);
    if (leaves == m_leaves.cend())
        return false;
    // Read only for an anchor that is about to warn: the key identifiers are not kept.
    const QByteArray anchorKey = keyIdentifiersOf(anchorDer).subjectKeyId;
    if (anchorKey.isEmpty())
        return true; // the DN is all there is to go by
    for (const QByteArray& leaf : *leaves) {
        const QByteArray signedBy = leaf.isEmpty() ? QByteArray() : keyIdentifiersOf(leaf).authorityKeyId;
        if (signedBy.isEmpty() || signedBy == anchorKey)
            return true;
    }
    return false; // every certificate naming this DN was signed by another key of it
}

bool trustAnchorSilenced(TrustAnchorWarnings policy, const TrustAnchorUse& use, const QString& subject,
                         const QByteArray& anchorDer)
{
    switch (policy) {
    case TrustAnchorWarnings::Never: return true;
    case TrustAnchorWarnings::WhenUsed: return !use.isUsed(subject, anchorDer);
    case TrustAnchorWarnings::Always: return false;
    }
    return false;
}

LifecycleEvent acknowledgementEvent(EventId id, const Acknowledgement& a, const QString& who)
{
    const bool certificate = a.kind == AcknowledgementKind::Certificate;
    const bool added = id == EventId::Acknowledged;
    QString action =
        certificate ? (added ? Action::Acknowledge : Action::Unacknowledge) : (added ? Action::Mute : Action::Unmute);
    CertificateDetails details;
    QString storeId;
    if (certificate) {
        details.thumbprint = a.thumbprint;
        details.sha256 = toHexUpper(a.sha256);
        details.subjectCN = a.subject;
        if (!a.locations.isEmpty()) {
            storeId = a.locations.first().storeId;
            details.path = a.locations.first().path;
        }
    } else if (a.kind == AcknowledgementKind::Store) {
        storeId = a.storeId;
    } else {
        details.issuer = a.issuer;
    }
    LifecycleEvent e = makeLifecycleEvent(id, action, storeId, details);
    QString message = added
        ? QStringLiteral("%1 %2 %3 by %4")
              .arg(certificate ? QStringLiteral("Acknowledged") : QStringLiteral("Muted"), a.target(),
                   a.until.isValid() ? QStringLiteral("until ") + a.untilText() : a.untilText(), who)
        : QStringLiteral("%1 %2 by %3")
              .arg(certificate ? QStringLiteral("Removed the acknowledgement of") : QStringLiteral("Unmuted"),
                   a.target(), who);
    if (added && !a.note.isEmpty())
        message += QStringLiteral(": ") + a.note;
    e.message = message;
    return e;
}

} // namespace certlife
