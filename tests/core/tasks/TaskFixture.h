// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers shared by the task tests (core and CLI): a directory that ScriptGuard
// trusts, scripts that record what they receive, and detached CMS signatures.

#include "CertFactory.h"
#include "tasks/TrustedPath.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <memory>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/cms.h>
#include <openssl/x509.h>
#include <sys/stat.h>

namespace certlife::test {

// Scripts must not live under /tmp (world-writable: ScriptGuard refuses it), so
// they go into a private directory beside the test executable in the build tree.
class ScriptDir
{
public:
    ScriptDir() : m_dir(QCoreApplication::applicationDirPath() + QStringLiteral("/task-scripts-XXXXXX")) {}

    QString path() const { return m_dir.path(); }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }

    // Empty when ScriptGuard trusts the directory (else the tests cannot run here).
    QString problem() const
    {
        QString why;
        if (!m_dir.isValid())
            return QStringLiteral("cannot create a directory beside the test executable");
        if (!openTrustedDirectory(path(), TrustRule::forScope(Scope::System), QStringLiteral("test directory"), &why))
            return why + QStringLiteral(" (build outside world-writable directories to run the task tests)");
        return {};
    }

    QString write(const QString& name, const QByteArray& content, int mode = 0700) const
    {
        const QString p = filePath(name);
        QDir().mkpath(QFileInfo(p).absolutePath());
        QFile f(p);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(content);
        f.close();
        ::chmod(QFile::encodeName(p).constData(), mode_t(mode));
        return p;
    }

    // A script that writes its argv (NUL-separated) to OUT/argv-RECORD-PID and its
    // exact initial environment to OUT/env-RECORD-PID, then runs `extra` (bash).
    QString writeRecorder(const QString& name, const QString& outDir, const QByteArray& extra = {}) const
    {
        QDir().mkpath(outDir);
        const QByteArray script = "#!/bin/bash\nset -eu\n"
                                  "out='"
            + QFile::encodeName(outDir)
            + "'\n"
              "id=\"${CERTLIFE_EVENT_RECORD_ID}-$$\"\n"
              "printf '%s\\0' \"$@\" > \"$out/argv-$id\"\n"
              "cat /proc/$$/environ > \"$out/env-$id\"\n"
            + extra + "\n";
        return write(name, script);
    }

private:
    QTemporaryDir m_dir;
};

inline QString sha256Hex(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex().toUpper());
}

inline QString sha256OfFile(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return sha256Hex(f.readAll());
}

inline QByteArray readAllOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Files a recorder script wrote, e.g. recorded(out, "argv") -> the argv-* files.
inline QStringList recordedFiles(const QString& outDir, const QString& kind)
{
    QStringList files = QDir(outDir).entryList({kind + QStringLiteral("-*")}, QDir::Files, QDir::Name);
    for (QString& f : files)
        f = outDir + QLatin1Char('/') + f;
    return files;
}

inline QStringList splitNul(const QByteArray& data)
{
    QStringList items;
    for (const QByteArray& part : data.split('\0'))
        items << QString::fromUtf8(part);
    if (!items.isEmpty() && items.last().isEmpty())
        items.removeLast();
    return items;
}

inline QHash<QString, QString> environmentOf(const QByteArray& data)
{
    QHash<QString, QString> env;
    for (const QString& entry : splitNul(data))
        env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
    return env;
}

// A detached CMS signature (DER) of `content` by `signer`, as
// `openssl cms -sign -binary -outform DER` makes it (detached by default).
inline QByteArray signDetached(const QByteArray& content, const GeneratedCert& signer)
{
    const unsigned char* p = reinterpret_cast<const unsigned char*>(signer.der.constData());
    std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &p, long(signer.der.size())), X509_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(content.constData(), int(content.size())), BIO_free);
    std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
        CMS_sign(cert.get(), signer.key.pkey.get(), nullptr, in.get(), CMS_DETACHED | CMS_BINARY),
        CMS_ContentInfo_free);
    if (!cms)
        return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
    i2d_CMS_bio(out.get(), cms.get());
    char* data = nullptr;
    const long len = BIO_get_mem_data(out.get(), &data);
    return QByteArray(data, int(len));
}

struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs certlifectl with the test's environment (TestEnvironment moved every path).
inline CliResult runCertlifectl(const QString& binary, const QStringList& args, const QStringList& environment)
{
    QProcess p;
    p.setEnvironment(environment);
    p.start(binary, args);
    CliResult r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("certlifectl did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace certlife::test
