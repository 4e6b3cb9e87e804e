// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/DerReader.h"

#include "x509/Certificate.h"

#include <QStringDecoder>
#include <arpa/inet.h>

namespace certlife::der {

bool readTlv(QByteArrayView& in, Tlv& out)
{
    if (in.size() < 2)
        return false;
    const auto* p = reinterpret_cast<const quint8*>(in.data());
    const qsizetype n = in.size();
    const quint8 tag = p[0];
    if ((tag & 0x1F) == 0x1F) // high tag numbers never occur in what we read
        return false;
    qsizetype pos = 1;
    qsizetype len = p[pos++];
    if (len & 0x80) {
        const int octets = len & 0x7F;
        if (octets == 0 || octets > 4 || pos + octets > n)
            return false;
        len = 0;
        for (int i = 0; i < octets; ++i)
            len = (len << 8) | p[pos++];
    }
    if (len < 0 || len > n - pos)
        return false;
    out.tag = tag;
    out.value = in.sliced(pos, len);
    out.whole = in.first(pos + len);
    in = in.sliced(pos + len);
    return true;
}

QString oidToString(QByteArrayView content)
{
    if (content.isEmpty() || content.size() > 128)
        return {};
    QString out;
    quint64 value = 0;
    bool first = true;
    for (qsizetype i = 0; i < content.size(); ++i) {
        const quint8 b = quint8(content[i]);
        if (value > (quint64(1) << 56))
            return {};
        value = (value << 7) | (b & 0x7F);
        if (b & 0x80)
            continue;
        if (first) {
            const quint64 arc0 = value < 40 ? 0 : value < 80 ? 1 : 2;
            out = QString::number(arc0) + QLatin1Char('.') + QString::number(value - arc0 * 40);
            first = false;
        } else {
            out += QLatin1Char('.') + QString::number(value);
        }
        value = 0;
    }
    if (quint8(content.back()) & 0x80)
        return {};
    return out;
}

QByteArray oidToDer(const QString& dotted)
{
    const QStringList parts = dotted.split(QLatin1Char('.'));
    if (parts.size() < 2)
        return {};
    QList<quint64> arcs;
    for (const QString& part : parts) {
        bool ok = false;
        arcs.append(part.toULongLong(&ok));
        if (!ok)
            return {};
    }
    if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
        return {};
    arcs[1] += arcs[0] * 40;
    QByteArray out;
    for (qsizetype i = 1; i < arcs.size(); ++i) {
        char base128[10];
        int n = 0;
        quint64 v = arcs[i];
        do {
            base128[n++] = char(v & 0x7F);
            v >>= 7;
        } while (v);
        while (n > 0) {
            --n;
            out.append(char(base128[n] | (n > 0 ? 0x80 : 0)));
        }
    }
    return out;
}

QString ipAddressText(QByteArrayView bytes)
{
    // inet_ntop rather than QHostAddress: the same RFC 5952 text, without loading Qt
    // Network (and its Kerberos and proxy libraries) into every certlifectl start.
    const auto* ip = reinterpret_cast<const quint8*>(bytes.data());
    char text[INET6_ADDRSTRLEN];
    if (bytes.size() == 4 && inet_ntop(AF_INET, ip, text, sizeof text))
        return QString::fromLatin1(text);
    if (bytes.size() == 16 && inet_ntop(AF_INET6, ip, text, sizeof text))
        return QString::fromLatin1(text);
    return QLatin1Char('#') + toHexUpper(ip, int(bytes.size()));
}

QString stringValue(const Tlv& tlv)
{
    const QByteArrayView v = tlv.value;
    switch (tlv.tag) {
    case 0x0C: // UTF8String
        return QString::fromUtf8(v);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x1A: // VisibleString
    case 0x12: // NumericString
        return QString::fromLatin1(v);
    case 0x14: // T61String: treated as Latin-1, as OpenSSL does
        return QString::fromLatin1(v);
    case 0x1E: { // BMPString: UTF-16BE
        auto decode = QStringDecoder(QStringDecoder::Utf16BE);
        return decode(v);
    }
    case 0x1C: { // UniversalString: UTF-32BE
        auto decode = QStringDecoder(QStringDecoder::Utf32BE);
        return decode(v);
    }
    default: return {};
    }
}

QString templateFromExtension(const QString& extensionOid, QByteArrayView extensionValue)
{
    QByteArrayView in = extensionValue;
    Tlv outer;
    if (!readTlv(in, outer))
        return {};
    if (extensionOid == QLatin1String(kTemplateNameOid))
        return stringValue(outer);
    if (extensionOid != QLatin1String(kTemplateInfoOid) || outer.tag != 0x30)
        return {};
    QByteArrayView seq = outer.value;
    Tlv oid;
    if (!readTlv(seq, oid) || oid.tag != 0x06)
        return {};
    QString text = oidToString(oid.value);
    if (text.isEmpty())
        return {};
    auto readInt = [&](qint64& v) {
        Tlv t;
        if (!readTlv(seq, t) || t.tag != 0x02 || t.value.isEmpty() || t.value.size() > 4)
            return false;
        v = 0;
        for (char c : t.value)
            v = (v << 8) | quint8(c);
        return true;
    };
    qint64 major = 0, minor = 0;
    if (readInt(major)) {
        text += QStringLiteral(" v%1").arg(major);
        if (readInt(minor))
            text += QStringLiteral(".%1").arg(minor);
    }
    return text;
}

} // namespace certlife::der
