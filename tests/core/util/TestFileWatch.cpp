// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "util/FileWatch.h"

#include <QDir>
#include <QFileSystemWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// watchExactly, how the agent and the console keep their file watches as stores come
// and go: what is wanted and exists is watched (and its changes are seen), what is no
// longer wanted is dropped, what does not exist yet is said, not watched.
class TestFileWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void watchesWhatIsWantedAndExists();
    void dropsWhatIsNoLongerWantedAndKeepsTheRest();
    void aKeptWatchStillSeesChanges();

private:
    QStringList watched() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QFileSystemWatcher> m_watcher;
    QString m_web, m_mail, m_catalog;
};

void TestFileWatch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_watcher = std::make_unique<QFileSystemWatcher>();
    m_web = m_dir->filePath(QStringLiteral("web"));
    m_mail = m_dir->filePath(QStringLiteral("mail"));
    m_catalog = m_dir->filePath(QStringLiteral("stores.conf"));
    QVERIFY(QDir().mkpath(m_web) && QDir().mkpath(m_mail));
    QVERIFY(writeFile(m_catalog, "[web]\n"));
}

QStringList TestFileWatch::watched() const
{
    QStringList paths = m_watcher->directories() + m_watcher->files();
    paths.sort();
    return paths;
}

void TestFileWatch::watchesWhatIsWantedAndExists()
{
    const QString later = m_dir->filePath(QStringLiteral("not-yet"));
    QCOMPARE(watchExactly(*m_watcher, {m_web, m_catalog, later}), QStringList{later});
    QCOMPARE(m_watcher->directories(), QStringList{m_web});
    QCOMPARE(m_watcher->files(), QStringList{m_catalog});

    // Once it exists, the next call watches it.
    QVERIFY(QDir().mkpath(later));
    QVERIFY(watchExactly(*m_watcher, {m_web, m_catalog, later}).isEmpty());
    QCOMPARE(watched(), (QStringList{later, m_catalog, m_web})); // sorted by name
}

void TestFileWatch::dropsWhatIsNoLongerWantedAndKeepsTheRest()
{
    watchExactly(*m_watcher, {m_web, m_mail, m_catalog});
    QCOMPARE(watched(), (QStringList{m_mail, m_catalog, m_web}));
    watchExactly(*m_watcher, {m_mail});
    QCOMPARE(watched(), QStringList{m_mail});
    watchExactly(*m_watcher, {});
    QVERIFY(watched().isEmpty());
}

void TestFileWatch::aKeptWatchStillSeesChanges()
{
    watchExactly(*m_watcher, {m_web, m_mail});
    watchExactly(*m_watcher, {m_web}); // mail is dropped, web kept
    QSignalSpy changed(m_watcher.get(), &QFileSystemWatcher::directoryChanged);
    QVERIFY(writeFile(m_mail + QStringLiteral("/new.pem"), "x"));
    QVERIFY(writeFile(m_web + QStringLiteral("/new.pem"), "x"));
    QTRY_VERIFY(!changed.isEmpty());
    QTest::qWait(100);
    for (const QList<QVariant>& signal : std::as_const(changed))
        QCOMPARE(signal.first().toString(), m_web);
}

QTEST_GUILESS_MAIN(TestFileWatch)
#include "TestFileWatch.moc"
