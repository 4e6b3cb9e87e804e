// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// What the tests of the console's certificate actions share (TestConsoleActions,
// TestConsoleStoreActions): a TestEnvironment with the user's My store and a "web"
// store, the real console over them, and helpers to read what the actions left.
#pragma once

#include "ActionTestSupport.h"
#include "CertFactory.h"
#include "TestEnvironment.h"
#include "eventlog/EventLog.h"
#include "pages/CertificatesPage.h"
#include "stores/StoreCatalog.h"
#include "util/Paths.h"

#include <QDir>
#include <QTest>
#include <sys/stat.h>

namespace certlife::test {

inline const QDateTime kActionsNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

inline int fileMode(const QString& path)
{
    struct stat st
    {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

inline QList<LifecycleEvent> userEvents()
{
    EventLog log(Paths::eventLogFile(Scope::User), Scope::User);
    if (!log.openReadOnly())
        return {};
    EventQuery query;
    query.limit = 1000;
    return log.query(query);
}

inline QByteArray pemWithKey(const GeneratedCert& cert)
{
    return cert.pem() + cert.key.pkcs8Pem();
}

class ConsoleActionsFixture
{
protected:
    void setUpStores()
    {
        m_env = std::make_unique<TestEnvironment>();
        QVERIFY(QDir().mkpath(myStore()));
        QVERIFY(QDir().mkpath(webStore()));
        QVERIFY(QDir().mkpath(m_env->path(QStringLiteral("incoming"))));
        addStore(QStringLiteral("web"), webStore(), false);
    }

    void tearDownStores()
    {
        m_console.reset();
        m_env.reset();
    }

    QString myStore() const { return Paths::defaultMyStore(Scope::User); }
    QString webStore() const { return m_env->path(QStringLiteral("stores/web")); }

    void addStore(const QString& id, const QString& path, bool readOnly)
    {
        StoreConfig config;
        config.id = id;
        config.displayName = id;
        config.scope = Scope::User;
        config.path = path;
        config.readOnly = readOnly;
        StoreCatalog catalog = StoreCatalog::load();
        const QString error = catalog.add(config);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    bool selectCertificate(const QString& thumbprint)
    {
        ui::CertificatesPage* page = m_console->window->certificatesPage();
        m_console->window->showPage(page);
        return QTest::qWaitFor([&] { return page->selectThumbprint(thumbprint); }, 10000) && page->currentRow()
            && page->currentRow()->thumbprint() == thumbprint;
    }

    QStringList storeFiles(const QString& dir) const { return QDir(dir).entryList(QDir::Files, QDir::Name); }

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<RealStoresConsole> m_console;
};

} // namespace certlife::test
