// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Scope.h"
#include "x509/Certificate.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace certlife {

// Event ids and levels as Windows' CertificateServicesClient-Lifecycle logs (1001-1007),
// and Certlife's own: stale bindings of TLS endpoints (1101-1102, docs/endpoints.md) and an
// admin's acknowledgements (1201-1202).
// The ids are not contiguous: loop over allEventIds().
enum class EventId : int {
    Replace = 1001,
    Expired = 1002,
    CloseToExpiration = 1003,
    Deleted = 1004,
    Archived = 1005,
    New = 1006,
    Exported = 1007,
    StaleBinding = 1101,           // an endpoint serves an older certificate than a file store holds for its name
    BindingCurrent = 1102,         // … and serves the newer one (or one at least as new) again
    Acknowledged = 1201,           // a certificate acknowledged, a store or issuer muted
    AcknowledgementRemoved = 1202, // … and undone
};
const QList<EventId>& allEventIds(); // in id order
enum class EventLevel : quint8 { Information, Warning, Error };

QString eventName(EventId id);              // "Replace", "Expired", …
EventLevel eventLevel(EventId id);          // Information/Warning/Error as in DESIGN.md
QString levelName(EventLevel level);        // "Information", "Warning", "Error"
bool parseEventId(int value, EventId* out); // only the ids of allEventIds()
bool parseLevel(const QString& text, EventLevel* out);

// Actions, spelled as Windows spells them.
namespace Action {
inline const QString Enroll = QStringLiteral("enroll");
inline const QString Import = QStringLiteral("import");
inline const QString MoveOrCopy = QStringLiteral("MoveOrCopy");
inline const QString Renew = QStringLiteral("renew");
inline const QString Supersede = QStringLiteral("supersede");
inline const QString Replace = QStringLiteral("replace");
inline const QString Detected = QStringLiteral("detected");
inline const QString Export = QStringLiteral("export");
inline const QString Delete = QStringLiteral("delete");
inline const QString Archive = QStringLiteral("archive");
inline const QString Expire = QStringLiteral("expire");
inline const QString Acknowledge = QStringLiteral("acknowledge");
inline const QString Unacknowledge = QStringLiteral("unacknowledge");
inline const QString Mute = QStringLiteral("mute");
inline const QString Unmute = QStringLiteral("unmute");
} // namespace Action

// The certificate fields an event records (never key material).
struct CertificateDetails
{
    QString thumbprint; // SHA-1, upper-case hex
    QString sha256;     // upper-case hex
    QString templateName;
    QString subject;
    QString subjectCN;
    QString issuer;
    QStringList sans; // "DNS:example.com", …
    QList<ExtendedKeyUsage> ekus;
    QDateTime notBefore;
    QDateTime notAfter;
    QString path; // file it was found in, when known

    static CertificateDetails from(const Certificate& cert, const QString& path = {});
    QJsonObject toJson() const;
    static CertificateDetails fromJson(const QJsonObject& o);
    bool isNull() const { return thumbprint.isEmpty(); }
    friend bool operator==(const CertificateDetails&, const CertificateDetails&) = default;
};

struct LifecycleEvent
{
    qint64 recordId = 0; // assigned by the EventLog
    QDateTime time;      // UTC
    EventId id = EventId::New;
    Scope channel = Scope::User;
    QString host;
    QString account; // "root", or "root (via sudo from alice)" (EventOrigin.h)
    QString process;
    QString action;
    QString storeId;
    CertificateDetails certificate;                   // the subject of the event; the new one for Replace
    std::optional<CertificateDetails> oldCertificate; // Replace only
    std::optional<qint64> remainingSeconds;           // Expired (negative) and CloseToExpiration
    QString message;                                  // one readable line

    EventLevel level() const { return eventLevel(id); }
    QJsonObject toJson() const;
    static std::optional<LifecycleEvent> fromJson(const QJsonObject& o, QString* error = nullptr);

    // host, account and process of this process (for events it records itself); under
    // sudo the account names the invoking user too (EventOrigin.h)
    void stampOrigin();
};

} // namespace certlife
