// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventJson.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace certlife::eventlog {

namespace {

class JsonWriter
{
public:
    explicit JsonWriter(QString& out) : m_out(out) {}

    void begin()
    {
        m_out += QLatin1Char('{');
        m_first = true;
    }
    void end()
    {
        m_out += QLatin1Char('}');
        m_first = false;
    }

    void key(QLatin1String name)
    {
        if (!m_first)
            m_out += QLatin1Char(',');
        m_first = false;
        m_out += QLatin1Char('"');
        m_out += name;
        m_out += QLatin1String("\":");
    }
    void string(QLatin1String name, const QString& value)
    {
        key(name);
        quoted(value);
    }
    void time(QLatin1String name, const QDateTime& value)
    {
        key(name);
        isoUtc(value);
    }
    void object(QLatin1String name)
    {
        key(name);
        begin();
    }
    void stringArray(QLatin1String name, const QStringList& values)
    {
        key(name);
        m_out += QLatin1Char('[');
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i)
                m_out += QLatin1Char(',');
            quoted(values[i]);
        }
        m_out += QLatin1Char(']');
    }
    void beginArray(QLatin1String name)
    {
        key(name);
        m_out += QLatin1Char('[');
        m_first = true;
    }
    void endArray()
    {
        m_out += QLatin1Char(']');
        m_first = false;
    }
    void beginElement()
    {
        if (!m_first)
            m_out += QLatin1Char(',');
        begin();
    }

private:
    void quoted(const QString& s)
    {
        m_out += QLatin1Char('"');
        for (const QChar ch : s) {
            const char16_t c = ch.unicode();
            if (c == u'"' || c == u'\\') {
                m_out += QLatin1Char('\\');
                m_out += ch;
            } else if (c < 0x20) {
                switch (c) {
                case u'\n': m_out += QLatin1String("\\n"); break;
                case u'\r': m_out += QLatin1String("\\r"); break;
                case u'\t': m_out += QLatin1String("\\t"); break;
                case u'\b': m_out += QLatin1String("\\b"); break;
                case u'\f': m_out += QLatin1String("\\f"); break;
                default:
                    m_out += QLatin1String("\\u00");
                    m_out += QLatin1Char("0123456789abcdef"[c >> 4]);
                    m_out += QLatin1Char("0123456789abcdef"[c & 0xf]);
                }
            } else {
                m_out += ch;
            }
        }
        m_out += QLatin1Char('"');
    }

    // "yyyy-MM-ddTHH:mm:ssZ" as Qt::ISODate writes a UTC time (whole seconds), or "".
    void isoUtc(const QDateTime& t)
    {
        m_out += QLatin1Char('"');
        if (t.isValid()) {
            char text[kIsoUtcLength];
            if (formatIsoUtc(t.toSecsSinceEpoch(), text))
                m_out += QLatin1String(text, kIsoUtcLength);
            else
                m_out += t.toUTC().toString(Qt::ISODate); // never seen in practice; Qt's own spelling
        }
        m_out += QLatin1Char('"');
    }

    QString& m_out;
    bool m_first = true;
};

void writeCertificate(JsonWriter& w, QLatin1String name, const CertificateDetails& c)
{
    w.object(name);
    w.string(QLatin1String("thumbprint"), c.thumbprint);
    w.string(QLatin1String("sha256"), c.sha256);
    w.string(QLatin1String("template"), c.templateName);
    w.string(QLatin1String("subject"), c.subject);
    w.string(QLatin1String("subjectCN"), c.subjectCN);
    w.string(QLatin1String("issuer"), c.issuer);
    w.stringArray(QLatin1String("sans"), c.sans);
    w.beginArray(QLatin1String("ekus"));
    for (const ExtendedKeyUsage& e : c.ekus) {
        w.beginElement();
        w.string(QLatin1String("oid"), e.oid);
        w.string(QLatin1String("name"), e.name);
        w.end();
    }
    w.endArray();
    w.time(QLatin1String("notBefore"), c.notBefore);
    w.time(QLatin1String("notAfter"), c.notAfter);
    w.string(QLatin1String("path"), c.path);
    w.end();
}

void writeCertificateLine(JsonLineWriter& w, QLatin1StringView name, const CertificateDetails& c)
{
    w.key(name);
    w.beginObject();
    w.field(QLatin1StringView("thumbprint"), c.thumbprint);
    w.field(QLatin1StringView("sha256"), c.sha256);
    w.field(QLatin1StringView("template"), c.templateName);
    w.field(QLatin1StringView("subject"), c.subject);
    w.field(QLatin1StringView("subjectCN"), c.subjectCN);
    w.field(QLatin1StringView("issuer"), c.issuer);
    w.key(QLatin1StringView("sans"));
    w.beginArray();
    for (const QString& san : c.sans)
        w.string(san);
    w.endArray();
    writeExtendedKeyUsagesJson(w, c.ekus);
    const auto time = [&w](QLatin1StringView key, const QDateTime& t) {
        if (t.isValid())
            w.fieldTime(key, t.toSecsSinceEpoch());
        else
            w.field(key, QStringView());
    };
    time(QLatin1StringView("notBefore"), c.notBefore);
    time(QLatin1StringView("notAfter"), c.notAfter);
    w.field(QLatin1StringView("path"), c.path);
    w.endObject();
}

} // namespace

void writeExtendedKeyUsagesJson(JsonLineWriter& w, const QList<ExtendedKeyUsage>& ekus)
{
    w.key(QLatin1StringView("ekus"));
    w.beginArray();
    for (const ExtendedKeyUsage& e : ekus) {
        w.beginObject();
        w.field(QLatin1StringView("oid"), e.oid);
        w.field(QLatin1StringView("name"), e.name);
        w.endObject();
    }
    w.endArray();
}

void writeEventHeadJson(JsonLineWriter& w, qint64 recordId, qint64 timeMs, EventId id, Scope channel)
{
    w.field(QLatin1StringView("recordId"), recordId);
    w.fieldTime(QLatin1StringView("time"), timeMs >= 0 ? timeMs / 1000 : -((-timeMs + 999) / 1000));
    w.field(QLatin1StringView("eventId"), qint64(id));
    w.field(QLatin1StringView("name"), eventName(id));
    w.field(QLatin1StringView("level"), levelName(eventLevel(id)));
    w.field(QLatin1StringView("channel"), scopeName(channel));
}

void writeEventJson(JsonLineWriter& w, const LifecycleEvent& e)
{
    w.beginObject();
    if (e.time.isValid()) {
        writeEventHeadJson(w, e.recordId, e.time.toMSecsSinceEpoch(), e.id, e.channel);
    } else { // an event not yet stamped: as toJson() writes it
        w.field(QLatin1StringView("recordId"), e.recordId);
        w.field(QLatin1StringView("time"), QStringView());
        w.field(QLatin1StringView("eventId"), qint64(e.id));
        w.field(QLatin1StringView("name"), eventName(e.id));
        w.field(QLatin1StringView("level"), levelName(eventLevel(e.id)));
        w.field(QLatin1StringView("channel"), scopeName(e.channel));
    }
    w.field(QLatin1StringView("host"), e.host);
    w.field(QLatin1StringView("account"), e.account);
    w.field(QLatin1StringView("process"), e.process);
    w.field(QLatin1StringView("action"), e.action);
    w.field(QLatin1StringView("store"), e.storeId);
    w.field(QLatin1StringView("message"), e.message);
    if (e.remainingSeconds)
        w.field(QLatin1StringView("remainingSeconds"), *e.remainingSeconds);
    writeCertificateLine(w, QLatin1StringView("certificate"), e.certificate);
    if (e.oldCertificate)
        writeCertificateLine(w, QLatin1StringView("oldCertificate"), *e.oldCertificate);
    w.endObject();
}

QString subjectJson(const LifecycleEvent& e)
{
    QString out;
    out.reserve(e.oldCertificate ? 1536 : 768);
    JsonWriter w(out);
    w.begin();
    writeCertificate(w, QLatin1String("certificate"), e.certificate);
    if (e.oldCertificate)
        writeCertificate(w, QLatin1String("oldCertificate"), *e.oldCertificate);
    w.end();
    return out;
}

qint64 detailsHash(const QString& subjectJson)
{
    quint64 h = 14695981039346656037ULL;
    for (const QChar ch : subjectJson) {
        h ^= ch.unicode();
        h *= 1099511628211ULL;
    }
    return qint64(h);
}

bool readSubjectJson(const QByteArray& subject, LifecycleEvent* e)
{
    const QJsonDocument doc = QJsonDocument::fromJson(subject);
    const QJsonObject o = doc.object();
    const QJsonValue certificate = o.value(QLatin1String("certificate"));
    if (!certificate.isObject())
        return false;
    e->certificate = CertificateDetails::fromJson(certificate.toObject());
    const QJsonValue old = o.value(QLatin1String("oldCertificate"));
    if (old.isObject())
        e->oldCertificate = CertificateDetails::fromJson(old.toObject());
    else
        e->oldCertificate.reset();
    return true;
}

} // namespace certlife::eventlog
