// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "actions/NssWrites.h"

#include "stores/FileNames.h"
#include "stores/NssStore.h"
#include "stores/StorePassword.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

namespace certlife {

namespace {

void appendField(QByteArray& request, const QByteArray& field)
{
    request += QByteArray::number(field.size()) + '\n' + field;
}

// Runs certlife-nss-write OP DIR with the store's password and `fields` on its standard
// input; its standard output, or empty with *error.
QByteArray runWriteHelper(const StoreConfig& store, const char* op, const QList<QByteArray>& fields, QString* error)
{
    const QString helper = nssWriteHelperPath();
    if (!QFileInfo(helper).isExecutable()) {
        *error = QStringLiteral("NSS databases are changed by the program %1, which is missing (it comes with "
                                "certlifectl: reinstall certlife-agent, or build the target certlife-nss-write)")
                     .arg(helper);
        return {};
    }
    const StorePassword password(store);
    if (!password.error().isEmpty()) {
        *error = QStringLiteral("cannot read the password file %1 of store %2: %3")
                     .arg(password.file(), store.id, password.error());
        return {};
    }
    QByteArray request = password.password() + '\n';
    for (const QByteArray& field : fields)
        appendField(request, field);
    const SecureBytes wipeRequest(request); // a key or a password passes through it

    bool explained = false;
    const std::optional<QByteArray> answer =
        runNssHelper(helper, {QString::fromLatin1(op), QDir::cleanPath(store.path)}, request,
                     QStringLiteral(" (the database may be locked by another program)"), error, &explained);
    if (!answer) {
        if (explained)
            *error = QStringLiteral("store %1: %2").arg(store.id, *error);
        return {};
    }
    const QByteArray& out = *answer;
    if (!out.startsWith("OK")) {
        *error = QStringLiteral("%1 gave an answer that cannot be read").arg(helper);
        return {};
    }
    return out;
}

} // namespace

QString nssNicknameProblem(const QString& nickname)
{
    const QByteArray utf8 = nickname.toUtf8();
    if (utf8.isEmpty() || utf8.size() > 255)
        return QStringLiteral("a nickname must have 1 to 255 bytes");
    for (const QChar c : nickname)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Surrogate
            || c.category() == QChar::Other_Format)
            return QStringLiteral("a nickname must not hold control or formatting characters (line breaks, NUL, "
                                  "escapes, direction overrides)");
    return {};
}

QString nssTrustProblem(const QString& trust)
{
    static const QRegularExpression form(QStringLiteral("^[pPcCTuw]*,[pPcCTuw]*,[pPcCTuw]*$"));
    if (!form.match(trust).hasMatch())
        return QStringLiteral("\"%1\" are not trust flags as certutil -t takes them: SSL,S/MIME,JAR/XPI, each of "
                              "the letters p P c C T u w (for example C,, or P,,)")
            .arg(trust);
    return {};
}

QString defaultNssNickname(const Certificate& cert)
{
    QString nickname;
    for (const QChar c : cert.displayName())
        if (c.category() != QChar::Other_Control && c.category() != QChar::Other_Surrogate
            && c.category() != QChar::Other_Format)
            nickname += c;
    nickname = nickname.simplified();
    while (nickname.toUtf8().size() > 255)
        nickname.chop(1);
    return nickname.isEmpty() ? cert.thumbprint() : nickname;
}

QString nssImport(const StoreConfig& store, const NssImport& import)
{
    if (QString why = nssNicknameProblem(import.nickname); !why.isEmpty())
        return why;
    if (!import.trust.isEmpty())
        if (QString why = nssTrustProblem(import.trust); !why.isEmpty())
            return why;
    const QByteArray key = import.key.isNull() ? QByteArray() : import.key.toPkcs8Der();
    const SecureBytes wipeKey(key);
    QString error;
    runWriteHelper(store, "import", {import.nickname.toUtf8(), import.trust.toLatin1(), import.der, key}, &error);
    return error;
}

QString nssDelete(const StoreConfig& store, const QByteArray& der, bool withKey, NssKeyOutcome* keyOutcome)
{
    QString error;
    const QByteArray out = runWriteHelper(store, "delete", {der, withKey ? "1" : "0"}, &error);
    *keyOutcome = out.startsWith("OK key-removed") ? NssKeyOutcome::Removed
        : out.startsWith("OK key-kept")            ? NssKeyOutcome::Kept
                                                   : NssKeyOutcome::NoKey;
    return error;
}

PrivateKey nssPrivateKey(const StoreConfig& store, const Certificate& cert, QString* error)
{
    // A one-time password: the key crosses the pipe encrypted, never in the clear.
    QByteArray transport(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(transport.data()), int(transport.size())) != 1) {
        *error = QStringLiteral("no random bytes for the key's transport password");
        return {};
    }
    transport = transport.toHex();
    const SecureBytes wipeTransport(transport);
    const QByteArray out = runWriteHelper(store, "export-key", {cert.der, transport}, error);
    if (out.isEmpty())
        return {};
    const qsizetype eol = out.indexOf('\n');
    bool ok = false;
    const qsizetype length = eol > 3 ? out.mid(3, eol - 3).toLongLong(&ok) : -1;
    if (!ok || length != out.size() - eol - 1) {
        *error = QStringLiteral("%1 gave an answer that cannot be read").arg(nssWriteHelperPath());
        return {};
    }
    BIO* bio = BIO_new_mem_buf(out.constData() + eol + 1, int(length));
    EVP_PKEY* key = bio ? d2i_PKCS8PrivateKey_bio(bio, nullptr, nullptr, transport.data()) : nullptr;
    BIO_free(bio);
    PrivateKey privateKey(key);
    if (privateKey.isNull() || privateKey.spkiSha256() != cert.spkiSha256) {
        *error = QStringLiteral("store %1: the key NSS gave out is not the private key of %2")
                     .arg(store.id, cert.thumbprint());
        return {};
    }
    return privateKey;
}

} // namespace certlife
