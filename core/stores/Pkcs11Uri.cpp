// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/Pkcs11Uri.h"

#include <QStringList>

namespace certlife {

namespace {

const QString kScheme = QStringLiteral("pkcs11:");

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
}

// %XX decoded; false on a broken escape.
bool percentDecode(const QString& text, QByteArray* out)
{
    const QByteArray in = text.toUtf8();
    out->clear();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out->append(in[i]);
            continue;
        }
        bool ok = false;
        const int byte = i + 2 < in.size() ? in.mid(i + 1, 2).toInt(&ok, 16) : 0;
        if (!ok)
            return false;
        out->append(char(byte));
        i += 2;
    }
    return true;
}

} // namespace

QString pkcs11Encode(const QByteArray& value, bool everyByte)
{
    QString out;
    out.reserve(value.size() * 3);
    for (const char c : value) {
        if (!everyByte && isUnreserved(c))
            out += QLatin1Char(c);
        else
            out += QStringLiteral("%%1").arg(uint(uchar(c)), 2, 16, QLatin1Char('0')).toUpper();
    }
    return out;
}

QString pkcs11StoreUri(const Pkcs11Target& target)
{
    QString uri = kScheme;
    if (!target.token.isEmpty())
        uri += QStringLiteral("token=") + pkcs11Encode(target.token.toUtf8());
    if (!target.modulePath.isEmpty())
        uri += QStringLiteral("?module-path=") // '/' may stand as it is in a query
            + pkcs11Encode(target.modulePath.toUtf8()).replace(QStringLiteral("%2F"), QStringLiteral("/"));
    return uri;
}

bool parsePkcs11StoreUri(const QString& uri, Pkcs11Target* target, QString* error)
{
    *target = {};
    if (!uri.startsWith(kScheme)) {
        *error = QStringLiteral("\"%1\" is not a PKCS#11 URI (pkcs11:…)").arg(uri);
        return false;
    }
    const QString rest = uri.mid(kScheme.size());
    const qsizetype question = rest.indexOf(QLatin1Char('?'));
    const QString path = question < 0 ? rest : rest.left(question);
    const QString query = question < 0 ? QString() : rest.mid(question + 1);
    const auto attributes = [&](const QString& part, QChar separator, const QString& allowed, QString* value) {
        for (const QString& attribute : part.split(separator, Qt::SkipEmptyParts)) {
            const qsizetype eq = attribute.indexOf(QLatin1Char('='));
            const QString name = attribute.left(eq);
            QByteArray decoded;
            if (eq < 0 || name != allowed || !percentDecode(attribute.mid(eq + 1), &decoded)) {
                // The name only: a value may be a PIN (pin-value=…), not to be echoed into logs.
                *error = QStringLiteral("PKCS#11 URI: attribute \"%1\" is not understood (a store names token=… and "
                                        "?module-path=…)")
                             .arg(name.left(40));
                return false;
            }
            *value = QString::fromUtf8(decoded);
        }
        return true;
    };
    if (!attributes(path, QLatin1Char(';'), QStringLiteral("token"), &target->token)
        || !attributes(query, QLatin1Char('&'), QStringLiteral("module-path"), &target->modulePath))
        return false;
    if (!target->modulePath.isEmpty() && !target->modulePath.startsWith(QLatin1Char('/'))) {
        *error = QStringLiteral("PKCS#11 module \"%1\" is not an absolute path").arg(target->modulePath);
        return false;
    }
    return true;
}

QString pkcs11ObjectUri(const QByteArray& token, const QByteArray& label, const QByteArray& id, const char* type)
{
    QStringList parts;
    parts << QStringLiteral("token=") + pkcs11Encode(token);
    if (!label.isEmpty())
        parts << QStringLiteral("object=") + pkcs11Encode(label);
    if (!id.isEmpty())
        parts << QStringLiteral("id=") + pkcs11Encode(id, true);
    parts << QStringLiteral("type=") + QLatin1String(type);
    return kScheme + parts.join(QLatin1Char(';'));
}

} // namespace certlife
