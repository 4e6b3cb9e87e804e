// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "CliProcess.h"
#include "TestEnvironment.h"
#include "util/Paths.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QScopeGuard>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// The System scope's directories as root creates and uses them. Under umask 0000 the
// first root pass once created /var/lib/certlife/stores 0777: an unprivileged user then
// swapped the System "My" store for her own directory and a root import wrote the
// private key into it, owned by her.
class TestSystemDirectories : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void firstRootPassUnderUmaskZeroCreatesEveryDirectoryAsDesigned();
    void importRefusesAMyStoreSwappedForAUsersDirectory();
    void importRefusesAStoresDirectoryOthersCanWrite();
    void deleteRefusesAStoreDirectoryOthersCanWrite();

private:
    static constexpr uid_t kNobody = 65534;
    static int modeOf(const QString& path)
    {
        struct stat st
        {};
        return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
    }
    static QString systemMy() { return Paths::defaultMyStore(Scope::System); }
    // A certificate with its key in one PEM file, to import.
    static QString keyAndCertificate(const TestEnvironment& env, GeneratedCert* made = nullptr)
    {
        const GeneratedCert cert = makeCertificate(CertSpec{});
        const QString path = env.path(QStringLiteral("incoming.pem"));
        writeFile(path, cert.pem() + cert.key.pkcs8Pem());
        if (made)
            *made = cert;
        return path;
    }
    static CliRun import(const QString& file)
    {
        return runCli({QStringLiteral("import"), file, QStringLiteral("--store"), QStringLiteral("My"),
                       QStringLiteral("--scope"), QStringLiteral("system")});
    }
};

void TestSystemDirectories::init()
{
    if (::geteuid() != 0)
        QSKIP("the System scope's directories are made and guarded by root: run as root");
}

void TestSystemDirectories::firstRootPassUnderUmaskZeroCreatesEveryDirectoryAsDesigned()
{
    TestEnvironment env;
    // Nothing exists yet below fresh/: the pass creates the whole System tree.
    const QString fresh = env.path(QStringLiteral("fresh"));
    qputenv("CERTLIFE_SYSTEM_CONFIG_DIR", QFile::encodeName(fresh + QStringLiteral("/etc/certlife")));
    qputenv("CERTLIFE_SYSTEM_STATE_DIR", QFile::encodeName(fresh + QStringLiteral("/var/lib/certlife")));
    qputenv("CERTLIFE_SYSTEM_DATA_DIR", QFile::encodeName(fresh + QStringLiteral("/var/lib/certlife")));
    // A certificate to read, so that the pass also writes its scan cache.
    QVERIFY(writeFile(Paths::systemCertificatesDir() + QStringLiteral("/ca.pem"), makeCertificate(CertSpec{}).pem()));
    const mode_t saved = ::umask(0); // inherited by certlifectl
    const auto restore = qScopeGuard([saved] { ::umask(saved); });
    const CliRun r = runCli({QStringLiteral("watch"), QStringLiteral("--once"), QStringLiteral("--scope"),
                             QStringLiteral("system"), QStringLiteral("--no-journal"), QStringLiteral("--no-tasks")});
    ::umask(saved);
    QVERIFY2(r.code == 0, qPrintable(r.err));

    const QString state = fresh + QStringLiteral("/var/lib/certlife");
    QCOMPARE(modeOf(fresh + QStringLiteral("/var")), 0755);
    QCOMPARE(modeOf(fresh + QStringLiteral("/var/lib")), 0755);
    QCOMPARE(modeOf(state), 0755); // users read the System event log
    QCOMPARE(modeOf(state + QStringLiteral("/stores")), 0755);
    QCOMPARE(modeOf(state + QStringLiteral("/stores/My")), 0700); // private keys
    QCOMPARE(modeOf(state + QStringLiteral("/scan-cache")), 0700);
    QDirIterator it(fresh, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    int directories = 0;
    while (it.hasNext()) {
        const QString dir = it.next();
        ++directories;
        QVERIFY2(!(modeOf(dir) & 022), qPrintable(QStringLiteral("%1 is mode 0%2").arg(dir).arg(modeOf(dir), 0, 8)));
    }
    QVERIFY(directories >= 6);
}

void TestSystemDirectories::importRefusesAMyStoreSwappedForAUsersDirectory()
{
    TestEnvironment env;
    const QString incoming = keyAndCertificate(env);
    QVERIFY(Paths::ensureDir(systemMy(), 0700, 0755).isEmpty());
    // Her directory in place of My (what a writable stores/ allowed).
    QVERIFY(QDir(systemMy()).removeRecursively());
    QVERIFY(QDir().mkpath(systemMy()));
    QCOMPARE(::chown(QFile::encodeName(systemMy()).constData(), kNobody, kNobody), 0);

    const CliRun refused = import(incoming);
    QVERIFY2(refused.code != 0, qPrintable(refused.out));
    QVERIFY2(refused.err.contains(
                 QStringLiteral("System store My: directory %1 is owned by uid 65534, not root").arg(systemMy())),
             qPrintable(refused.err));
    QCOMPARE(QDir(systemMy()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());

    // Root's own directory again: the same import goes through.
    QCOMPARE(::chown(QFile::encodeName(systemMy()).constData(), 0, 0), 0);
    QVERIFY(QFile::setPermissions(systemMy(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const CliRun imported = import(incoming);
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    QCOMPARE(QDir(systemMy()).entryList(QDir::Files).size(), 2); // certificate and key
}

void TestSystemDirectories::importRefusesAStoresDirectoryOthersCanWrite()
{
    TestEnvironment env;
    const QString incoming = keyAndCertificate(env);
    QVERIFY(Paths::ensureDir(systemMy(), 0700, 0755).isEmpty());
    const QString stores = QFileInfo(systemMy()).path();
    QCOMPARE(::chmod(QFile::encodeName(stores).constData(), 0777), 0); // as an old umask-0 pass left it
    const CliRun refused = import(incoming);
    QVERIFY2(refused.code != 0, qPrintable(refused.out));
    QVERIFY2(
        refused.err.contains(QStringLiteral("directory %1 is writable by group or others (mode 0777)").arg(stores)),
        qPrintable(refused.err));
    QCOMPARE(QDir(systemMy()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

void TestSystemDirectories::deleteRefusesAStoreDirectoryOthersCanWrite()
{
    TestEnvironment env;
    GeneratedCert cert;
    const QString incoming = keyAndCertificate(env, &cert);
    QVERIFY(Paths::ensureDir(systemMy(), 0700, 0755).isEmpty());
    const CliRun imported = import(incoming);
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    const QStringList files = QDir(systemMy()).entryList(QDir::Files);
    QCOMPARE(files.size(), 2);

    QCOMPARE(::chmod(QFile::encodeName(systemMy()).constData(), 0777), 0);
    const CliRun refused =
        runCli({QStringLiteral("delete"), QStringLiteral("--thumbprint"), cert.thumbprint(), QStringLiteral("--store"),
                QStringLiteral("My"), QStringLiteral("--scope"), QStringLiteral("system"), QStringLiteral("--yes")});
    QVERIFY2(refused.code != 0, qPrintable(refused.out));
    QVERIFY2(
        refused.err.contains(QStringLiteral("directory %1 is writable by group or others (mode 0777)").arg(systemMy())),
        qPrintable(refused.err));
    QCOMPARE(QDir(systemMy()).entryList(QDir::Files), files);
}

QTEST_GUILESS_MAIN(TestSystemDirectories)
#include "TestSystemDirectories.moc"
