// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// SoftHSM2 tokens made at test time in a temporary directory (scripts/setup installs
// softhsm2 and opensc's pkcs11-tool), so the pkcs11 stores are held to a real module.
// SOFTHSM2_CONF points at the directory's configuration for the test process and the
// helpers it starts, and back where it was when the SoftHsm goes.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace certlife::test {

inline QString softHsmModule()
{
    for (const char* path : {"/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"})
        if (QFileInfo::exists(QString::fromLatin1(path)))
            return QString::fromLatin1(path);
    return {};
}

// The bad modules tests/CMakeLists.txt builds (tests/pkcs11/BadModule.cpp).
inline QString badPkcs11Module(const QString& behaviour)
{
    return QDir::cleanPath(
        QStringLiteral(CERTLIFE_TEST_BINARY_DIR "/../tests/pkcs11/libcertlife-test-pkcs11-%1.so").arg(behaviour));
}

class SoftHsm
{
public:
    static constexpr const char* kUserPin = "5678";

    explicit SoftHsm(const QString& directory) : m_dir(directory), m_previous(qgetenv("SOFTHSM2_CONF"))
    {
        QDir().mkpath(m_dir + QStringLiteral("/tokens"));
        QFile conf(m_dir + QStringLiteral("/softhsm2.conf"));
        if (conf.open(QIODevice::WriteOnly))
            conf.write("directories.tokendir = " + QFile::encodeName(m_dir)
                       + "/tokens\nobjectstore.backend = file\n"
                         "log.level = ERROR\n");
        qputenv("SOFTHSM2_CONF", QFile::encodeName(conf.fileName()));
    }
    ~SoftHsm()
    {
        if (m_previous.isNull())
            qunsetenv("SOFTHSM2_CONF");
        else
            qputenv("SOFTHSM2_CONF", m_previous);
    }
    SoftHsm(const SoftHsm&) = delete;
    SoftHsm& operator=(const SoftHsm&) = delete;

    static bool available()
    {
        return !softHsmModule().isEmpty() && !QStandardPaths::findExecutable(QStringLiteral("softhsm2-util")).isEmpty()
            && !QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool")).isEmpty();
    }

    // Empty on success, else the tool's output.
    QString initToken(const QString& label) const
    {
        return run(QStringLiteral("softhsm2-util"),
                   {QStringLiteral("--init-token"), QStringLiteral("--free"), QStringLiteral("--label"), label,
                    QStringLiteral("--so-pin"), QStringLiteral("1234"), QStringLiteral("--pin"),
                    QString::fromLatin1(kUserPin)});
    }
    // pkcs11-tool --write-object FILE --type cert|privkey, logged in.
    QString writeObject(const QString& token, const QString& file, const QString& type, const QString& label,
                        const QString& idHex) const
    {
        QStringList args =
            tool(token) + QStringList{QStringLiteral("--write-object"), file, QStringLiteral("--type"), type};
        if (!label.isEmpty())
            args << QStringLiteral("--label") << label;
        if (!idHex.isEmpty())
            args << QStringLiteral("--id") << idHex;
        return run(QStringLiteral("pkcs11-tool"), args);
    }
    QString deleteObject(const QString& token, const QString& type, const QString& label) const
    {
        return run(QStringLiteral("pkcs11-tool"),
                   tool(token)
                       + QStringList{QStringLiteral("--delete-object"), QStringLiteral("--type"), type,
                                     QStringLiteral("--label"), label});
    }

private:
    static QStringList tool(const QString& token)
    {
        return {QStringLiteral("--module"), softHsmModule(),         QStringLiteral("--token-label"), token,
                QStringLiteral("--login"),  QStringLiteral("--pin"), QString::fromLatin1(kUserPin)};
    }
    static QString run(const QString& program, const QStringList& args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(60'000)) {
            p.kill();
            p.waitForFinished();
            return program + QStringLiteral(": did not finish");
        }
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return QStringLiteral("%1 %2: %3")
                .arg(program, args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()).trimmed());
        return {};
    }

    QString m_dir;
    QByteArray m_previous;
};

} // namespace certlife::test
