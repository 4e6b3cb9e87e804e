// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace certlife::test {

// Points every Certlife path (XDG_* for the user scope, CERTLIFE_SYSTEM_* for the
// system scope, the system certificate dir) into a fresh temporary directory, so a
// test never reads or writes /etc, /var/lib or $HOME. Restores nothing: each test
// executable is its own process and creates one per test case as needed.
class TestEnvironment
{
public:
    TestEnvironment();
    QString root() const { return m_dir.path(); }
    QString path(const QString& relative) const { return m_dir.filePath(relative); }
    // Environment for child processes (certlifectl) run by tests.
    QStringList processEnvironment() const;

private:
    QTemporaryDir m_dir;
};

// Directory of the reference certificate corpus (tests/data/corpus).
QString corpusDir();
// A path inside the source tree (`relative` to its top), for data the tests read from
// it. Not __FILE__ or QFINDTESTDATA: a compiler cache may make __FILE__ relative.
QString sourcePath(const QString& relative);
// Path of a built executable (certlifectl), from the CMake-provided binary dir.
QString binaryPath(const QString& name);

} // namespace certlife::test
