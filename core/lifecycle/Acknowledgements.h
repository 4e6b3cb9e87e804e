// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The admin's decisions about what counts (docs/acknowledgements.md): a certificate
// acknowledged (until a date, or until it changes: while one of the locations it was
// acknowledged at still holds it), a store or an issuer muted (until a date or for
// ever). One file per scope, Paths::acknowledgementsFile(scope), written atomically.
// While one is in force the certificate's state is Acknowledged: the agent logs no
// 1002/1003 for it (so no task runs), the desktop does not notify, and the counts leave
// it out (ExpiryState.h). The trust anchor policy (TrustAnchorWarnings) is judged here
// too, as a mute the policy makes.

#include "lifecycle/ExpiryState.h"
#include "lifecycle/LifecycleEvent.h"
#include "lifecycle/Snapshot.h"
#include "stores/StoreTypes.h"
#include "util/AtomicFile.h"

#include <QHash>
#include <QSet>

namespace certlife {

enum class AcknowledgementKind : quint8 { Certificate, Store, Issuer };
QString acknowledgementKindName(AcknowledgementKind kind); // "certificate", "store", "issuer"

struct AcknowledgedLocation
{
    QString storeId;
    QString path;
    friend bool operator==(const AcknowledgedLocation&, const AcknowledgedLocation&) = default;
};

struct Acknowledgement
{
    AcknowledgementKind kind = AcknowledgementKind::Certificate;
    // Certificate: its identity and, for listings, its name and SHA-1 thumbprint.
    Sha256Digest sha256{};
    QString thumbprint; // SHA-1, upper-case hex
    QString subject;    // display name
    // Certificate acknowledged until it changes: where it was. It stays acknowledged
    // while one of them holds it; a renewal (another certificate at the path) ends it.
    QList<AcknowledgedLocation> locations;
    bool untilChanged = false;
    QString storeId; // Store
    QString issuer;  // Issuer: the DN, RFC 4514, compared as written
    QDateTime until; // invalid: no date (for ever, or until it changes)
    QDateTime at;    // when it was made (UTC)
    QString by;      // who (the account, as events name it)
    QString note;

    QString key() const;       // identity within a scope: "certificate:SHA256", "store:ID", "issuer:DN"
    QString target() const;    // "certificate \"www\" (AB12…)", "store web", "issuer CN=R3, …"
    QString untilText() const; // "2026-05-01", "until it changes", "for ever"
    // "by alice on 2026-04-01, until 2026-05-01: renewal ordered" (one line)
    QString describe() const;
    bool lapsedBy(const QDateTime& now) const { return until.isValid() && now >= until; }
};

class Acknowledgements
{
public:
    const QList<Acknowledgement>& entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    const Acknowledgement* find(const QString& key) const;
    // Adds it, or replaces the one with the same key.
    void put(const Acknowledgement& acknowledgement);
    bool remove(const QString& key);
    // Drops those whose date has passed (the file keeps only what may still apply).
    int dropLapsed(const QDateTime& now);

    // What the acknowledgements make of a certificate at a location (the standing's
    // archived flag is left to the caller). Dated ones lapse by the standing's
    // acknowledgedUntil, so a later classification with the same standing sees it.
    ExpiryStanding standingOf(const Sha256Digest& sha256, const QString& issuer, const QString& storeId,
                              const QString& path, qint64 nowSecs) const;
    bool isStoreMuted(const QString& storeId, qint64 nowSecs) const;
    bool mutesIssuers() const { return m_issuerMutes > 0; }

    QByteArray toJson() const;
    static Acknowledgements fromJson(const QByteArray& data, QString* error);

private:
    void reindex();
    const Acknowledgement* inForce(const QString& key, qint64 nowSecs) const;

    QList<Acknowledgement> m_entries;
    QHash<QString, int> m_byKey;
    int m_issuerMutes = 0;
};

struct AcknowledgementsLoad
{
    Acknowledgements acknowledgements;
    QString problem; // the file exists but could not be read: nothing is acknowledged
};
// The scope's file (or `path`); none is no acknowledgement.
AcknowledgementsLoad loadAcknowledgements(Scope scope, const QString& path = {});
AtomicWriteResult saveAcknowledgements(Scope scope, const Acknowledgements& acknowledgements, const QString& path = {});

// The system CA store: the built-in System store "ssl-certs" (StoreCatalog::builtInStores).
bool isTrustAnchorStore(Scope scope, const QString& storeId);

// Which trust anchors a monitored certificate chains to: the issuers of the
// certificates in the scope's other stores (a self-signed one names itself: not a use).
// By key identifier where both sides have one (the leaf's AKI is the anchor's SKI), so
// of two roots with one DN (a re-keyed CA) only the one that signed counts as used; by
// DN otherwise (a leaf without an AKI, an anchor without an SKI, or a certificate whose
// DER is not known: the agent's snapshot keeps none of the stores it did not scan).
class TrustAnchorUse
{
public:
    // `der`: the certificate's DER when known (its AKI is read from it when needed).
    void noteIssuer(const QString& subject, const QString& issuer, const QByteArray& der = {})
    {
        if (issuer != subject)
            m_leaves[issuer].append(der);
    }
    // `anchorDer`: the anchor's DER, when known; without it the match is by DN.
    bool isUsed(const QString& subject, const QByteArray& anchorDer = {}) const;
    // Of the scans of `scope` (every other scope's are ignored).
    static TrustAnchorUse of(Scope scope, const QList<StoreCertificate>& certificates);

private:
    QHash<QString, QList<QByteArray>> m_leaves; // issuer DN → the DERs of the certificates naming it
};

// The standing the trust anchor policy gives a certificate of a trust anchor store:
// muted with `never`, and with `when-used` unless a monitored certificate chains to it.
bool trustAnchorSilenced(TrustAnchorWarnings policy, const TrustAnchorUse& use, const QString& subject,
                         const QByteArray& anchorDer = {});

// The events of an acknowledgement (1201) and of its removal (1202), stamped with this
// process's origin and time by the caller; the message names what, until, the note and
// who (`who`: the account that made or removed it).
LifecycleEvent acknowledgementEvent(EventId id, const Acknowledgement& acknowledgement, const QString& who);

} // namespace certlife
