// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/JournaldSink.h"

#include "util/Systemd.h"
#include "util/TerminalText.h"

#include <QStringList>
#include <cerrno>
#include <cstring>

#include <sys/uio.h>

namespace certlife {

QByteArray journalMessageId(EventId id)
{
    switch (id) {
    case EventId::Replace: return QByteArrayLiteral("0c1f3793fe87439691946d168b87fc2b");
    case EventId::Expired: return QByteArrayLiteral("d39aab22bd99461697082e165a36f882");
    case EventId::CloseToExpiration: return QByteArrayLiteral("ad25d1b5cb3544c0879b8343fc9cd5f7");
    case EventId::Deleted: return QByteArrayLiteral("2a1a073aa2314689910cb3a95a584ac5");
    case EventId::Archived: return QByteArrayLiteral("a806ead4cfcd4b67a26c1a975a0c07c2");
    case EventId::New: return QByteArrayLiteral("24e4c56ddeea49468ecb3c03d85f3686");
    case EventId::Exported: return QByteArrayLiteral("0a9a532cabb94668af77a5365630c77a");
    case EventId::StaleBinding: return QByteArrayLiteral("2ece6f1527434ee98dbf99abd86c3815");
    case EventId::BindingCurrent: return QByteArrayLiteral("e7453fa5003e45dba64d04d0add233f1");
    case EventId::Acknowledged: return QByteArrayLiteral("5b0f3c8e2d7a4f61a9e4c1d27b6e8f30");
    case EventId::AcknowledgementRemoved: return QByteArrayLiteral("e27d4a91c6b34085b3f1a8d5c09e6b72");
    }
    return {};
}

int journalPriority(EventLevel level)
{
    switch (level) {
    case EventLevel::Error: return 3;
    case EventLevel::Warning: return 4;
    case EventLevel::Information: return 6;
    }
    return 6;
}

namespace {

constexpr int kMaxValueChars = 4096;

// One line of printable text: control characters (newlines above all) are written
// as \xNN / \uNNNN, so a value can never start a new field or a new log line.
QString oneLine(const QString& value)
{
    QString out = escapeControlCharacters(value.left(kMaxValueChars));
    if (out.size() >= kMaxValueChars) {
        out.truncate(kMaxValueChars - 1);
        out += QChar(0x2026); // …
    }
    return out;
}

QString isoUtc(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString ekuText(const QList<ExtendedKeyUsage>& ekus)
{
    QStringList parts;
    for (const auto& e : ekus)
        parts << (e.name.isEmpty() || e.name == e.oid ? e.oid : QStringLiteral("%1 (%2)").arg(e.name, e.oid));
    return parts.join(QLatin1String(", "));
}

QString defaultMessage(const LifecycleEvent& e)
{
    const CertificateDetails& c = e.certificate;
    const QString who = c.subjectCN.isEmpty() ? c.subject : c.subjectCN;
    return QStringLiteral("%1: certificate %2 (%3) in store %4").arg(eventName(e.id), who, c.thumbprint, e.storeId);
}

} // namespace

QList<QByteArray> journalFields(const LifecycleEvent& e)
{
    QList<QByteArray> fields;
    const auto add = [&fields](const char* name, const QString& value) {
        if (!value.isEmpty())
            fields << QByteArray(name) + '=' + oneLine(value).toUtf8();
    };
    fields << "MESSAGE_ID=" + journalMessageId(e.id);
    fields << "PRIORITY=" + QByteArray::number(journalPriority(e.level()));
    fields << QByteArrayLiteral("SYSLOG_IDENTIFIER=certlife");
    add("MESSAGE", e.message.isEmpty() ? defaultMessage(e) : e.message);
    add("CERTLIFE_EVENT_ID", QString::number(int(e.id)));
    add("CERTLIFE_EVENT_NAME", eventName(e.id));
    add("CERTLIFE_LEVEL", levelName(e.level()));
    if (e.recordId > 0)
        add("CERTLIFE_RECORD_ID", QString::number(e.recordId));
    add("CERTLIFE_TIME", isoUtc(e.time));
    add("CERTLIFE_CHANNEL", scopeName(e.channel));
    add("CERTLIFE_ACTION", e.action);
    add("CERTLIFE_STORE", e.storeId);
    add("CERTLIFE_HOST", e.host);
    add("CERTLIFE_ACCOUNT", e.account);
    add("CERTLIFE_PROCESS", e.process);
    const CertificateDetails& c = e.certificate;
    add("CERTLIFE_THUMBPRINT", c.thumbprint);
    add("CERTLIFE_SHA256", c.sha256);
    add("CERTLIFE_SUBJECT", c.subject);
    add("CERTLIFE_SUBJECT_CN", c.subjectCN);
    add("CERTLIFE_ISSUER", c.issuer);
    add("CERTLIFE_TEMPLATE", c.templateName);
    add("CERTLIFE_SANS", c.sans.join(QLatin1String(", ")));
    add("CERTLIFE_EKUS", ekuText(c.ekus));
    add("CERTLIFE_NOT_BEFORE", isoUtc(c.notBefore));
    add("CERTLIFE_NOT_AFTER", isoUtc(c.notAfter));
    add("CERTLIFE_PATH", c.path);
    if (e.oldCertificate) {
        const CertificateDetails& o = *e.oldCertificate;
        add("CERTLIFE_OLD_THUMBPRINT", o.thumbprint);
        add("CERTLIFE_OLD_SHA256", o.sha256);
        add("CERTLIFE_OLD_SUBJECT", o.subject);
        add("CERTLIFE_OLD_NOT_AFTER", isoUtc(o.notAfter));
        add("CERTLIFE_OLD_PATH", o.path);
    }
    if (e.remainingSeconds)
        add("CERTLIFE_REMAINING_SECONDS", QString::number(*e.remainingSeconds));
    return fields;
}

static int sendToJournal(const QList<QByteArray>& fields)
{
    QList<iovec> iov;
    iov.reserve(fields.size());
    for (const QByteArray& f : fields)
        iov.append({const_cast<char*>(f.constData()), size_t(f.size())});
    return systemd::journalSendv(iov.constData(), int(iov.size()));
}

JournaldSink::JournaldSink(JournalSender send) : m_send(send ? std::move(send) : JournalSender(&sendToJournal)) {}

void JournaldSink::deliver(const QList<LifecycleEvent>& events)
{
    for (const LifecycleEvent& e : events) {
        const int r = m_send(journalFields(e));
        if (r < 0) {
            // No journald (containers, tests): the EventLog has the events; give up on
            // the rest of this batch rather than failing once per event.
            m_failures += int(events.size());
            m_lastError = r == -ENOSYS ? QStringLiteral("journald: libsystemd.so.0 is not installed")
                                       : QStringLiteral("journald: %1").arg(QString::fromLocal8Bit(std::strerror(-r)));
            return;
        }
    }
}

} // namespace certlife
