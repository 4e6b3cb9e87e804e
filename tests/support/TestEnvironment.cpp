// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestEnvironment.h"

#include <QDir>
#include <QProcessEnvironment>

namespace certlife::test {

TestEnvironment::TestEnvironment()
{
    const QString r = m_dir.path();
    const auto set = [&](const char* name, const QString& sub) {
        QDir().mkpath(r + sub);
        qputenv(name, QFile::encodeName(r + sub));
    };
    set("HOME", QStringLiteral("/home"));
    set("XDG_CONFIG_HOME", QStringLiteral("/home/.config"));
    set("XDG_STATE_HOME", QStringLiteral("/home/.local/state"));
    set("XDG_DATA_HOME", QStringLiteral("/home/.local/share"));
    set("XDG_RUNTIME_DIR", QStringLiteral("/run"));
    set("CERTLIFE_SYSTEM_CONFIG_DIR", QStringLiteral("/etc/certlife"));
    set("CERTLIFE_SYSTEM_STATE_DIR", QStringLiteral("/var/lib/certlife"));
    set("CERTLIFE_SYSTEM_DATA_DIR", QStringLiteral("/var/lib/certlife"));
    set("CERTLIFE_SYSTEM_CERTS_DIR", QStringLiteral("/etc/ssl/certs"));
    QFile::setPermissions(r + QStringLiteral("/run"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    qunsetenv("CERTLIFE_NOW");
}

QStringList TestEnvironment::processEnvironment() const
{
    return QProcessEnvironment::systemEnvironment().toStringList();
}

QString corpusDir()
{
    return QStringLiteral(CERTLIFE_TEST_CORPUS_DIR);
}

QString sourcePath(const QString& relative)
{
    return QStringLiteral(CERTLIFE_TEST_SOURCE_DIR) + QLatin1Char('/') + relative;
}

QString binaryPath(const QString& name)
{
    return QStringLiteral(CERTLIFE_TEST_BINARY_DIR) + QLatin1Char('/') + name;
}

} // namespace certlife::test
