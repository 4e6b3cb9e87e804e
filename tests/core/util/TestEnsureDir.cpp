// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TestEnvironment.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

// Paths::ensureDir, through which Certlife creates every state, config, store and cache
// directory: explicit modes whatever the umask (umask 0000 once made a root pass create
// /var/lib/certlife/stores 0777), no symbolic link followed where someone else could
// have planted it, and as root nothing that is not root's alone.
class TestEnsureDir : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyComponentGetsItsModeUnderUmaskZero();
    void existingDirectoryKeepsItsMode();
    void linkInADirectoryOthersCanWriteIsNotFollowed();
    void linkOfAnotherUserInAStickyDirectoryIsNotFollowed();
    void trustedLinkIsFollowed();
    void asRootADirectoryOfSomeoneElseIsRefused();
    void rootOnlyCheckCoversEveryDirectoryBelowTheTop();

private:
    static int modeOf(const QString& path)
    {
        struct stat st
        {};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            return -1;
        return int(st.st_mode & 07777);
    }
    static bool chmodTo(const QString& path, int mode)
    {
        return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
    }
    static bool link(const QString& target, const QString& at)
    {
        return ::symlink(QFile::encodeName(target).constData(), QFile::encodeName(at).constData()) == 0;
    }
    static constexpr uid_t kNobody = 65534;
};

void TestEnsureDir::everyComponentGetsItsModeUnderUmaskZero()
{
    TestEnvironment env;
    const mode_t saved = ::umask(0);
    const auto restore = qScopeGuard([saved] { ::umask(saved); });
    const QString leaf = env.path(QStringLiteral("a/b/c"));
    QCOMPARE(Paths::ensureDir(leaf, 0700, 0755), QString());
    QCOMPARE(modeOf(env.path(QStringLiteral("a"))), 0755);
    QCOMPARE(modeOf(env.path(QStringLiteral("a/b"))), 0755);
    QCOMPARE(modeOf(leaf), 0700);

    // One mode for all (the default), and again on an existing tree: nothing changes.
    QCOMPARE(Paths::ensureDir(env.path(QStringLiteral("u/v")), 0700), QString());
    QCOMPARE(modeOf(env.path(QStringLiteral("u"))), 0700);
    QCOMPARE(modeOf(env.path(QStringLiteral("u/v"))), 0700);
    QCOMPARE(Paths::ensureDir(leaf, 0755, 0700), QString());
    QCOMPARE(modeOf(leaf), 0700);
}

void TestEnsureDir::existingDirectoryKeepsItsMode()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("kept"));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(chmodTo(dir, 0750));
    QCOMPARE(Paths::ensureDir(dir, 0700), QString());
    QCOMPARE(modeOf(dir), 0750);
    // A file where a directory should be.
    QVERIFY(QFile(env.path(QStringLiteral("file"))).open(QIODevice::WriteOnly));
    const QString why = Paths::ensureDir(env.path(QStringLiteral("file/sub")));
    QVERIFY2(why.startsWith(QLatin1String("cannot create directory "))
                 && why.contains(QLatin1String("Not a directory")),
             qPrintable(why));
}

void TestEnsureDir::linkInADirectoryOthersCanWriteIsNotFollowed()
{
    TestEnvironment env;
    const QString open = env.path(QStringLiteral("open"));
    const QString elsewhere = env.path(QStringLiteral("elsewhere"));
    QVERIFY(QDir().mkpath(open) && QDir().mkpath(elsewhere));
    QVERIFY(chmodTo(open, 0777)); // anyone could have planted the link
    QVERIFY(link(elsewhere, open + QStringLiteral("/state")));
    const QString why = Paths::ensureDir(open + QStringLiteral("/state/certlife"));
    QVERIFY2(why.contains(QLatin1String("/open/state is a symbolic link in a directory others can write")),
             qPrintable(why));
    QVERIFY(!QFileInfo::exists(elsewhere + QStringLiteral("/certlife")));
}

void TestEnsureDir::linkOfAnotherUserInAStickyDirectoryIsNotFollowed()
{
    if (::geteuid() != 0)
        QSKIP("needs root to give the link to another user");
    TestEnvironment env;
    const QString sticky = env.path(QStringLiteral("sticky"));
    const QString elsewhere = env.path(QStringLiteral("elsewhere"));
    QVERIFY(QDir().mkpath(sticky) && QDir().mkpath(elsewhere));
    QVERIFY(chmodTo(sticky, 01777)); // like /tmp
    const QString planted = sticky + QStringLiteral("/planted");
    QVERIFY(link(elsewhere, planted));
    QCOMPARE(::lchown(QFile::encodeName(planted).constData(), kNobody, kNobody), 0);
    QVERIFY(Paths::ensureDir(planted + QStringLiteral("/x"))
                .contains(QLatin1String("symbolic link in a directory others can write")));
    QVERIFY(!QFileInfo::exists(elsewhere + QStringLiteral("/x")));

    // Root's own link there cannot be swapped by others (sticky): followed.
    const QString own = sticky + QStringLiteral("/own");
    QVERIFY(link(elsewhere, own));
    QCOMPARE(Paths::ensureDir(own + QStringLiteral("/y")), QString());
    QVERIFY(QFileInfo(elsewhere + QStringLiteral("/y")).isDir());
}

void TestEnsureDir::trustedLinkIsFollowed()
{
    // Home directories behind a link (/home -> /data/home) are common; only this user or
    // root can change a link in a directory nobody else writes.
    TestEnvironment env;
    const QString real = env.path(QStringLiteral("data/home"));
    QVERIFY(QDir().mkpath(real));
    QVERIFY(chmodTo(env.root(), 0755));
    QVERIFY(link(real, env.path(QStringLiteral("home-link"))));
    QCOMPARE(Paths::ensureDir(env.path(QStringLiteral("home-link/.local/state/certlife"))), QString());
    QVERIFY(QFileInfo(real + QStringLiteral("/.local/state/certlife")).isDir());
}

void TestEnsureDir::asRootADirectoryOfSomeoneElseIsRefused()
{
    if (::geteuid() != 0)
        QSKIP("the ownership check applies to root");
    TestEnvironment env;
    const QString hers = env.path(QStringLiteral("state/hers"));
    QVERIFY(QDir().mkpath(hers));
    QCOMPARE(::chown(QFile::encodeName(hers).constData(), kNobody, kNobody), 0);
    QString why = Paths::ensureDir(hers);
    QVERIFY2(why.contains(QLatin1String("/state/hers is owned by uid 65534, not root")), qPrintable(why));

    const QString open = env.path(QStringLiteral("state/open"));
    QVERIFY(QDir().mkpath(open));
    QVERIFY(chmodTo(open, 0777));
    why = Paths::ensureDir(open, 0755);
    QVERIFY2(why.contains(QLatin1String("/state/open is writable by group or others (mode 0777)")), qPrintable(why));
    QCOMPARE(Paths::ensureDir(env.path(QStringLiteral("state/fine")), 0755), QString());
}

void TestEnsureDir::rootOnlyCheckCoversEveryDirectoryBelowTheTop()
{
    if (::geteuid() != 0)
        QSKIP("the directories must be root's: run as root");
    TestEnvironment env;
    const QString top = env.path(QStringLiteral("lib/certlife"));
    const QString store = top + QStringLiteral("/stores/My");
    QCOMPARE(Paths::ensureDir(store, 0700, 0755), QString());
    QCOMPARE(Paths::rootOnlyDirectoryProblem(store, top), QString());

    QVERIFY(chmodTo(top + QStringLiteral("/stores"), 0777));
    QVERIFY(Paths::rootOnlyDirectoryProblem(store, top)
                .contains(QLatin1String("/stores is writable by group or others (mode 0777)")));
    QVERIFY(chmodTo(top + QStringLiteral("/stores"), 0755));

    // Swapped for a link to a directory that is root's alone: still refused (the link
    // itself could be re-pointed by whoever could swap it).
    QVERIFY(QDir(store).removeRecursively());
    const QString other = env.path(QStringLiteral("other"));
    QVERIFY(QDir().mkpath(other));
    QVERIFY(link(other, store));
    QVERIFY(Paths::rootOnlyDirectoryProblem(store, top).contains(QLatin1String("/stores/My is a symbolic link")));
}

QTEST_GUILESS_MAIN(TestEnsureDir)
#include "TestEnsureDir.moc"
