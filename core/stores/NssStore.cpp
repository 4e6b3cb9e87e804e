// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/NssStore.h"

#include "stores/FileNames.h"
#include "stores/Parallel.h"
#include "stores/PosixFile.h"
#include "stores/ScanCache.h"
#include "x509/CertificateDecoder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <cerrno>
#include <sys/stat.h>

// Set by core/CMakeLists.txt on this file only, like the PDF helper's (reports/PdfHelper.cpp).
#if !defined(CERTLIFE_BUILD_DIR) || !defined(CERTLIFE_BUILD_NSS_HELPER) || !defined(CERTLIFE_NSS_HELPER_FROM_BINDIR)
#error "core/CMakeLists.txt defines where the NSS helper is"
#endif

namespace certlife {

namespace {

constexpr qsizetype kMaxNickname = 64 * 1024;
constexpr qsizetype kMaxDer = 1024 * 1024;
constexpr int kMaxErrorChars = 2000;

// The stamp of the database as a whole: cert9.db's identity, and every change of either
// database file or of a write-ahead log (SQLite in WAL mode writes there first) in the
// rest, folded into the ctime so that any change of any of them changes the stamp.
FileStamp databaseStamp(const FileStamp& certDb, const QByteArray& dir)
{
    FileStamp stamp = certDb;
    quint64 mix = quint64(certDb.ctimeNs);
    const auto fold = [&mix](quint64 v) {
        mix ^= v + 0x9E3779B97F4A7C15ULL + (mix << 6) + (mix >> 2);
        mix *= 0xBF58476D1CE4E5B9ULL;
    };
    for (const char* name : {"/key4.db", "/cert9.db-wal", "/key4.db-wal"}) {
        struct stat st = {};
        if (::stat((dir + name).constData(), &st) != 0) {
            fold(0xA5); // absent: differs from any file
            continue;
        }
        const FileStamp s = FileStamp::fromStat(st);
        for (quint64 v : {s.device, s.inode, quint64(s.size), quint64(s.mtimeNs), quint64(s.ctimeNs)})
            fold(v);
        stamp.size += s.size;
    }
    stamp.ctimeNs = qint64(mix);
    return stamp;
}

QString runningProgram()
{
    return QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/self/exe"))).canonicalFilePath();
}

// Reads "N N N …\n" after a record letter; false when malformed.
bool readNumbers(QByteArrayView line, QList<qint64>& numbers)
{
    for (QByteArrayView part : QByteArray(line.data(), line.size()).split(' ')) {
        bool ok = false;
        const qint64 n = QByteArray(part.data(), part.size()).toLongLong(&ok);
        if (!ok || n < 0)
            return false;
        numbers.append(n);
    }
    return true;
}

} // namespace

NssStore::NssStore(StoreConfig config) : Store(std::move(config)) {}

StoreListing NssStore::list(const std::atomic_bool&) const
{
    StoreListing listing;
    const QString dirName = QDir::cleanPath(path());
    const QByteArray dir = encodeFileName(dirName);
    struct stat st = {};
    if (::stat(dir.constData(), &st) != 0) {
        const int error = errno;
        listing.missing = error == ENOENT;
        listing.problems.append(ScanProblem{dirName,
                                            listing.missing
                                                ? QStringLiteral("does not exist")
                                                : QStringLiteral("cannot be read: %1").arg(errnoMessage(error))});
        return listing;
    }
    if (!S_ISDIR(st.st_mode)) {
        listing.problems.append(ScanProblem{
            dirName,
            QStringLiteral("is not an NSS database: an NSS store is the directory holding cert9.db and key4.db")});
        return listing;
    }
    struct stat certDb = {};
    if (::stat((dir + "/cert9.db").constData(), &certDb) != 0 || !S_ISREG(certDb.st_mode)) {
        struct stat old = {};
        const bool dbm = ::stat((dir + "/cert8.db").constData(), &old) == 0;
        listing.problems.append(ScanProblem{
            dirName,
            dbm ? QStringLiteral("is an NSS database in the old dbm format (cert8.db): only the sql: format "
                                 "(cert9.db, key4.db) is read; convert it with certutil --upgrade-merge")
                : QStringLiteral("is not an NSS database: it has no cert9.db")});
        return listing;
    }
    listing.files.append(ListedFile{dir, databaseStamp(FileStamp::fromStat(certDb), dir)});
    return listing;
}

std::optional<QByteArray> runNssHelper(const QString& helper, const QStringList& arguments, const QByteArray& input,
                                       const QString& afterTimeout, QString* error, bool* explained)
{
    if (explained)
        *explained = false;
    QProcess process;
    process.setProgram(helper);
    process.setArguments(arguments);
    process.start(QIODevice::ReadWrite);
    if (!process.waitForStarted(-1)) {
        *error = QStringLiteral("cannot start %1: %2").arg(helper, process.errorString());
        return std::nullopt;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(NssStore::kHelperTimeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        *error = QStringLiteral("%1 did not finish within %2 s%3")
                     .arg(helper)
                     .arg(NssStore::kHelperTimeoutMs / 1000)
                     .arg(afterTimeout);
        return std::nullopt;
    }
    const QString stderrText = QString::fromUtf8(process.readAllStandardError()).trimmed().left(kMaxErrorChars);
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 2 && !stderrText.isEmpty()) {
        *error = stderrText; // the helper's own explanation: "cannot open the NSS database …"
        if (explained)
            *explained = true;
        return std::nullopt;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("%1 failed (%2)%3")
                     .arg(helper,
                          process.exitStatus() == QProcess::NormalExit
                              ? QStringLiteral("exit status %1").arg(process.exitCode())
                              : QStringLiteral("crashed"),
                          stderrText.isEmpty() ? QString() : QStringLiteral(": ") + stderrText);
        return std::nullopt;
    }
    return process.readAllStandardOutput();
}

FileResultPtr NssStore::readItem(const ListedFile& item, const QByteArray& password, bool hasPassword,
                                 QString* error) const
{
    const QString helper = nssHelperPath();
    if (!QFileInfo(helper).isExecutable()) {
        *error = QStringLiteral("NSS databases are read by the program %1, which is missing (it comes with "
                                "certlifectl: reinstall certlife-agent, or build the target certlife-nss-read)")
                     .arg(helper);
        return nullptr;
    }
    QByteArray input;
    if (hasPassword)
        input = password + '\n';
    const std::optional<QByteArray> answer =
        runNssHelper(helper, {decodeFileName(item.path)}, input, QStringLiteral(": the database was not read"), error);
    if (!answer)
        return nullptr;
    NssHelperOutput output;
    QString why;
    if (!parseNssHelperOutput(*answer, &output, &why)) {
        *error = QStringLiteral("%1 gave an answer that cannot be read: %2").arg(helper, why);
        return nullptr;
    }

    auto result = std::make_shared<FileResult>();
    result->errors = output.problems;
    if (output.keysNeedPassword)
        result->errors.append(QLatin1String(kNssKeysNeedPassword));
    if (output.wrongPassword)
        result->errors.append(QLatin1String(kNssWrongPassword));
    const qsizetype count = output.entries.size();
    QList<std::optional<Certificate>> decoded(count);
    QStringList decodeErrors(count);
    parallelFor(count, 256,
                [&](qsizetype i) { decoded[i] = decodeCertificateDer(output.entries.at(i).der, &decodeErrors[i]); });
    for (qsizetype i = 0; i < count; ++i) {
        const NssHelperEntry& entry = output.entries.at(i);
        const QString nickname = QString::fromUtf8(entry.nickname);
        if (!decoded.at(i)) {
            result->errors.append(QStringLiteral("certificate \"%1\": %2").arg(nickname, decodeErrors.at(i)));
            continue;
        }
        Certificate& c = *decoded[i];
        c.hasPrivateKey = entry.hasPrivateKey;
        result->certificates.append(std::move(c));
        result->entryNames.append(nickname);
        result->entryTrust.append(QString::fromLatin1(entry.trust));
    }
    return result;
}

bool parseNssHelperOutput(QByteArrayView output, NssHelperOutput* out, QString* error)
{
    static constexpr QByteArrayView kMagic = "CERTLIFE-NSS 1\n";
    if (!output.startsWith(kMagic)) {
        *error = QStringLiteral("no CERTLIFE-NSS 1 header");
        return false;
    }
    qsizetype pos = kMagic.size();
    while (pos < output.size()) {
        const qsizetype eol = output.indexOf('\n', pos);
        if (eol < 0 || eol - pos > 200) {
            *error = QStringLiteral("a record header is not terminated at offset %1").arg(pos);
            return false;
        }
        const QByteArrayView line = output.sliced(pos, eol - pos);
        pos = eol + 1;
        QList<qint64> n;
        if (line.startsWith("C ") && readNumbers(line.sliced(2), n) && n.size() == 4 && n[3] <= 1) {
            if (n[0] > kMaxNickname || n[1] > 64 || n[2] > kMaxDer || n[0] + n[1] + n[2] > output.size() - pos) {
                *error = QStringLiteral("a certificate record of impossible lengths at offset %1").arg(pos);
                return false;
            }
            NssHelperEntry entry;
            entry.nickname = output.sliced(pos, n[0]).toByteArray();
            entry.trust = output.sliced(pos + n[0], n[1]).toByteArray();
            entry.der = output.sliced(pos + n[0] + n[1], n[2]).toByteArray();
            entry.hasPrivateKey = n[3] == 1;
            pos += n[0] + n[1] + n[2];
            out->entries.append(std::move(entry));
        } else if (line.startsWith("P ") && readNumbers(line.sliced(2), n) && n.size() == 1
                   && n[0] <= kMaxErrorChars * 4 && n[0] <= output.size() - pos) {
            out->problems.append(QString::fromUtf8(output.sliced(pos, n[0])));
            pos += n[0];
        } else if (line == "K nopassword") {
            out->keysNeedPassword = true;
        } else if (line == "K wrongpassword") {
            out->wrongPassword = true;
        } else if (line.startsWith("END ") && readNumbers(line.sliced(4), n) && n.size() == 1) {
            if (n[0] != out->entries.size() || pos != output.size()) {
                *error = QStringLiteral("it ends after %1 certificates, not %2").arg(out->entries.size()).arg(n[0]);
                return false;
            }
            return true;
        } else {
            *error = QStringLiteral("an unknown record at offset %1").arg(pos - line.size() - 1);
            return false;
        }
    }
    *error = QStringLiteral("it ends without END (cut off)");
    return false;
}

QString nssHelperPath()
{
    const QString program = runningProgram();
    const QString buildDir = QDir(QStringLiteral(CERTLIFE_BUILD_DIR)).canonicalPath();
    if (!buildDir.isEmpty() && program.startsWith(buildDir + QLatin1Char('/')))
        return QStringLiteral(CERTLIFE_BUILD_NSS_HELPER);
    return QDir::cleanPath(QFileInfo(program).absolutePath() + QLatin1Char('/')
                           + QStringLiteral(CERTLIFE_NSS_HELPER_FROM_BINDIR));
}

QString nssWriteHelperPath()
{
    return QFileInfo(nssHelperPath()).dir().filePath(QStringLiteral("certlife-nss-write"));
}

} // namespace certlife
