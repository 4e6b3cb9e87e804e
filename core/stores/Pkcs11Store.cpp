// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/Pkcs11Store.h"

#include "stores/FileNames.h"

#include <QCryptographicHash>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certlife {

namespace {

constexpr qint64 kMaxPinFileSize = 4096;

quint64 word(const QByteArray& digest, int index)
{
    quint64 v = 0;
    std::memcpy(&v, digest.constData() + index * 8, 8);
    return v;
}

// The stamp of an object's content: its SHA-256 in the fields a file's stamp has, so the
// scan cache reuses the decoded certificate exactly while the DER at that URI is the same.
FileStamp contentStamp(const QByteArray& der)
{
    const QByteArray digest = QCryptographicHash::hash(der, QCryptographicHash::Sha256);
    return FileStamp{word(digest, 0), word(digest, 1), der.size(), qint64(word(digest, 2)), qint64(word(digest, 3))};
}

} // namespace

QString readPinFile(const QString& file, QByteArray* pin)
{
    pin->clear();
    const int fd = ::open(encodeFileName(file).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ELOOP ? QStringLiteral("it is a symbolic link (name the file itself)")
                              : QString::fromLocal8Bit(strerror(errno));
    struct stat st;
    QString why;
    if (::fstat(fd, &st) != 0)
        why = QString::fromLocal8Bit(strerror(errno));
    else if (!S_ISREG(st.st_mode))
        why = QStringLiteral("not a regular file");
    else if (st.st_uid != ::geteuid())
        why = QStringLiteral("owned by uid %1, not by the user reading it (uid %2)").arg(st.st_uid).arg(::geteuid());
    else if (st.st_mode & 077)
        why = QStringLiteral("others may read or change it (mode %1): chmod 600 it")
                  .arg(QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0')));
    else if (st.st_size > kMaxPinFileSize)
        why = QStringLiteral("larger than %1 bytes").arg(kMaxPinFileSize);
    if (why.isEmpty()) {
        QByteArray content(kMaxPinFileSize + 1, '\0');
        qsizetype got = 0;
        for (;;) {
            const ssize_t n = ::read(fd, content.data() + got, size_t(content.size() - got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                why = QString::fromLocal8Bit(strerror(errno));
            if (n <= 0 || (got += n) >= content.size())
                break;
        }
        if (why.isEmpty()) {
            // The PIN is the first line; editors add a newline that is not part of it.
            qsizetype end = content.indexOf('\n');
            end = end < 0 || end > got ? got : end;
            if (end > 0 && content.at(end - 1) == '\r')
                --end;
            *pin = QByteArray(content.constData(), end);
            if (pin->isEmpty())
                why = QStringLiteral("its first line is empty");
        }
        OPENSSL_cleanse(content.data(), size_t(content.size()));
    }
    ::close(fd);
    return why;
}

QString pkcs11StoreError(const StoreConfig& config, bool requireExisting)
{
    Pkcs11Target target;
    QString error;
    if (!parsePkcs11StoreUri(config.path, &target, &error))
        return error;
    if (!config.pkcs12PasswordFile.isEmpty() || config.recursive)
        return QStringLiteral("a PKCS#11 store has no PKCS#12 password and is not recursive (\"%1\")").arg(config.id);
    if (!config.sni.isEmpty() || !config.startTls.isEmpty())
        return QStringLiteral("only TLS endpoint stores have an SNI or a STARTTLS protocol; \"%1\" is a pkcs11 store")
            .arg(config.id);
    if (!config.pinFile.isEmpty() && !config.pinFile.startsWith(QLatin1Char('/')))
        return QStringLiteral("PIN file \"%1\" is not an absolute path").arg(config.pinFile);
    if (!requireExisting)
        return {};
    struct stat st;
    if (!target.modulePath.isEmpty()
        && (::stat(encodeFileName(target.modulePath).constData(), &st) != 0 || !S_ISREG(st.st_mode)))
        return QStringLiteral("PKCS#11 module \"%1\" is not a file").arg(target.modulePath);
    if (!config.pinFile.isEmpty()) {
        QByteArray pin;
        const QString why = readPinFile(config.pinFile, &pin);
        OPENSSL_cleanse(pin.data(), size_t(pin.size()));
        if (!why.isEmpty())
            return QStringLiteral("PIN file \"%1\": %2").arg(config.pinFile, why);
    }
    return {};
}

Pkcs11Store::Pkcs11Store(StoreConfig config) : Store(std::move(config)) {}

StoreListing pkcs11StoreListing(const StoreConfig& config, const Pkcs11Target& target, const Pkcs11Listing& listing,
                                bool hasPin)
{
    StoreListing out;
    if (!listing.error.isEmpty()) {
        out.missing = true; // not known: keep what the token held (docs/stores.md, "PKCS#11 tokens")
        out.problems.append({config.path, listing.error});
        return out;
    }
    if (!target.token.isEmpty() && listing.tokens.isEmpty()) {
        out.missing = true; // a card pulled out: not emptied
        out.problems.append({config.path, QStringLiteral("token \"%1\" is not present").arg(target.token)});
        return out;
    }
    for (const QString& warning : listing.warnings)
        out.problems.append({config.path, warning});
    bool keysUnknown = false;
    for (const Pkcs11Object& object : listing.objects) {
        ListedFile file;
        file.path = pkcs11ObjectUri(object.token, object.label, object.id, "cert").toUtf8();
        file.content = object.der;
        file.preloaded = true;
        file.stamp = contentStamp(object.der);
        if (object.privateKey == Pkcs11Object::PrivateKey::Yes)
            file.keyPath = pkcs11ObjectUri(object.token, object.label, object.id, "private");
        keysUnknown = keysUnknown || object.privateKey == Pkcs11Object::PrivateKey::Unknown;
        out.files.append(std::move(file));
    }
    // With a PIN the helper said which login failed; without one, say it once here.
    if (keysUnknown && !hasPin)
        out.problems.append({config.path,
                             config.pinFile.isEmpty()
                                 ? QStringLiteral("private keys not looked for: the token needs a login "
                                                  "and the store has no PIN file")
                                 : QStringLiteral("private keys not looked for: the token needs a login "
                                                  "and the PIN file cannot be used")});
    return out;
}

StoreListing Pkcs11Store::list(const std::atomic_bool& cancelled) const
{
    Pkcs11Target target;
    QString error;
    if (!parsePkcs11StoreUri(path(), &target, &error)) {
        StoreListing out;
        out.missing = true;
        out.problems.append({path(), error});
        return out;
    }
    QByteArray pin;
    QList<ScanProblem> pinProblems;
    const bool hasPinFile = !config().pinFile.isEmpty();
    if (hasPinFile) {
        if (const QString why = readPinFile(config().pinFile, &pin); !why.isEmpty())
            pinProblems.append({config().pinFile, QStringLiteral("PIN file not used: ") + why});
    }
    const bool hasPin = hasPinFile && pinProblems.isEmpty();
    const Pkcs11Listing listing =
        runPkcs11Helper(target, hasPin ? &pin : nullptr, pkcs11HelperTimeoutSeconds(), cancelled);
    OPENSSL_cleanse(pin.data(), size_t(pin.size()));
    StoreListing out = pkcs11StoreListing(config(), target, listing, hasPin);
    out.problems = pinProblems + out.problems;
    return out;
}

} // namespace certlife
