// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleFixture.h"
#include "TestEnvironment.h"
#include "lifecycle/SnapshotFile.h"
#include "lifecycle/StaleBindings.h"
#include "models/EventTableModel.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"
#include "util/Paths.h"
#include "widgets/EventDetailsPane.h"
#include "widgets/SummaryTile.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QComboBox>
#include <QTableView>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// A renewal the service never picked up, as the console shows it: the Overview's "Stale
// bindings" tile counts what the user's agent left in stale-bindings.json, and opens the
// 1101/1102 events, whose details put the served and the newer certificate side by side.
class TestConsoleStaleBindings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void tileCountsStaleBindingsAndOpensTheirEventsSideBySide();
    void aNarrowPaneStacksTheTwoCertificates();

private:
    static CertificateDetails certificate(const QString& thumbprint, const QString& notBefore, const QString& path)
    {
        CertificateDetails d;
        d.thumbprint = thumbprint;
        d.sha256 = thumbprint + thumbprint.left(24);
        d.subject = QStringLiteral("CN=shop.example.com");
        d.subjectCN = QStringLiteral("shop.example.com");
        d.issuer = QStringLiteral("CN=Demo ACME R11");
        d.sans = {QStringLiteral("DNS:shop.example.com")};
        d.notBefore = QDateTime::fromString(notBefore, Qt::ISODate);
        d.notAfter = d.notBefore.addDays(90);
        d.path = path;
        return d;
    }

    // With CERTLIFE_SCREENSHOT_DIR set: the window at 1440x900 and 1024x700, NAME-WxH.png.
    void save(const QString& name);

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ConsoleFixture> m_console;
};

void TestConsoleStaleBindings::save(const QString& name)
{
    const QString dir = qEnvironmentVariable("CERTLIFE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    MainWindow* window = m_console->window.get();
    for (const QSize size : {QSize(1440, 900), QSize(1024, 700)}) {
        window->resize(size);
        QTest::qWait(200); // let the layout settle and the views paint
        QVERIFY(QDir().mkpath(dir));
        const QString path =
            QDir(dir).filePath(QStringLiteral("%1-%2x%3.png").arg(name).arg(size.width()).arg(size.height()));
        QVERIFY(window->grab().toImage().save(path));
        qInfo("saved %s", qPrintable(path));
    }
}

void TestConsoleStaleBindings::init()
{
    m_env = std::make_unique<TestEnvironment>();
}

void TestConsoleStaleBindings::cleanup()
{
    m_console.reset();
    m_env.reset();
}

void TestConsoleStaleBindings::tileCountsStaleBindingsAndOpensTheirEventsSideBySide()
{
    const DemoData data = makeDemoData();
    const QString location = QStringLiteral("shop.example.com:443 [192.0.2.7]");
    const CertificateDetails served = certificate(QStringLiteral("1111111111111111111111111111111111111111"),
                                                  QStringLiteral("2026-01-01T00:00:00Z"), location);
    const CertificateDetails newer =
        certificate(QStringLiteral("2222222222222222222222222222222222222222"), QStringLiteral("2026-02-25T00:00:00Z"),
                    QStringLiteral("/etc/letsencrypt/live/shop/cert.pem"));
    LifecycleEvent stale = makeLifecycleEvent(EventId::StaleBinding, QString(), QStringLiteral("web"), newer, served);
    stale.channel = Scope::User;
    stale.time = data.now.addSecs(-600);
    writeEvents(Paths::eventLogFile(Scope::User), Scope::User, {stale});
    const QString bindingsFile = staleBindingsPath(SnapshotFile(Scope::User).path());
    const qint64 seen = data.now.addSecs(-4200).toSecsSinceEpoch();
    QVERIFY(saveStaleBindings(bindingsFile,
                              {StaleBinding{QStringLiteral("web"), location, served, newer, seen, seen + 3600}},
                              Scope::User)
                .ok());

    m_console = std::make_unique<ConsoleFixture>(data, m_env->path(QStringLiteral("console.conf")));
    QVERIFY(m_console->showAndLoad());
    MainWindow* window = m_console->window.get();
    SummaryTile* tile = window->overviewPage()->staleBindingsTile();
    QVERIFY(tile);
    QTRY_COMPARE(tile->count(), 1);
    QVERIFY(!tile->isHidden());
    QCOMPARE(tile->title(), QStringLiteral("Stale bindings"));
    // Seven tiles in a row, and the other pages' filter rows with every store name
    // loaded, still fit a 1024-pixel screen.
    QTRY_VERIFY(window->eventsPage()->findChild<QComboBox*>(QStringLiteral("eventStoreFilter"))->count() > 1);
    QVERIFY2(window->minimumSizeHint().width() <= 1024, qPrintable(QString::number(window->minimumSizeHint().width())));
    save(QStringLiteral("stale-overview"));

    // The tile opens the stale binding events (and their resolutions).
    QTest::mouseClick(tile, Qt::LeftButton);
    EventsPage* events = window->eventsPage();
    QCOMPARE(window->currentPage(), events);
    QCOMPARE(m_console->controller->events()->filter().ids,
             (QList<EventId>{EventId::StaleBinding, EventId::BindingCurrent}));
    QTRY_COMPARE(events->table()->model()->rowCount(), 1);
    const QRect rect = events->table()->visualRect(events->table()->model()->index(0, 0));
    QTest::mouseClick(events->table()->viewport(), Qt::LeftButton, {}, rect.center());
    QTRY_VERIFY(!events->details()->detailsText().isEmpty());
    const QString details = events->details()->detailsText();
    for (const QString& part :
         {QStringLiteral("1101 StaleBinding"), QStringLiteral("Endpoint"), location,
          QStringLiteral("Served by the endpoint"), QStringLiteral("Newer in a file store"), served.thumbprint,
          newer.thumbprint, QStringLiteral("/etc/letsencrypt/live/shop/cert.pem")})
        QVERIFY2(details.contains(part), qPrintable(part + QStringLiteral(" not in:\n") + details));
    // Side by side, the served certificate's column first.
    QVERIFY(details.indexOf(QStringLiteral("Served by the endpoint")) < details.indexOf(QStringLiteral("Newer in")));
    QVERIFY(details.indexOf(served.thumbprint) < details.indexOf(newer.thumbprint));
    save(QStringLiteral("stale-event"));

    // The agent put it right: a 1102, no stale binding left; the tile goes (no endpoint
    // store in the demo) after the next refresh.
    LifecycleEvent current =
        makeLifecycleEvent(EventId::BindingCurrent, QString(), QStringLiteral("web"),
                           certificate(newer.thumbprint, QStringLiteral("2026-02-25T00:00:00Z"), location), served);
    current.channel = Scope::User;
    current.time = data.now.addSecs(-60);
    writeEvents(Paths::eventLogFile(Scope::User), Scope::User, {current});
    QVERIFY(saveStaleBindings(bindingsFile, {}, Scope::User).ok());
    QCoro::waitFor(m_console->controller->refresh());
    QTRY_COMPARE(tile->count(), 0);
    QTRY_VERIFY(tile->isHidden());
    QTRY_COMPARE(events->table()->model()->rowCount(), 2);
    const QRect first = events->table()->visualRect(events->table()->model()->index(0, 0));
    QTest::mouseClick(events->table()->viewport(), Qt::LeftButton, {}, first.center());
    QTRY_VERIFY(events->details()->detailsText().contains(QStringLiteral("1102 BindingCurrent")));
    const QString resolved = events->details()->detailsText();
    QVERIFY2(resolved.contains(QStringLiteral("Served before (stale)"))
                 && resolved.contains(QStringLiteral("Served now")),
             qPrintable(resolved));
}

// Two columns of values in a narrow pane break words and hashes mid-way: there the two
// certificates are shown one above the other, the served one first, and side by side
// again when the pane is widened.
void TestConsoleStaleBindings::aNarrowPaneStacksTheTwoCertificates()
{
    const CertificateDetails served =
        certificate(QStringLiteral("1111111111111111111111111111111111111111"), QStringLiteral("2026-01-01T00:00:00Z"),
                    QStringLiteral("shop.example.com:443 [192.0.2.7]"));
    const CertificateDetails newer =
        certificate(QStringLiteral("2222222222222222222222222222222222222222"), QStringLiteral("2026-02-25T00:00:00Z"),
                    QStringLiteral("/etc/letsencrypt/live/shop/cert.pem"));
    const LifecycleEvent stale =
        makeLifecycleEvent(EventId::StaleBinding, QString(), QStringLiteral("web"), newer, served);
    EventDetailsPane pane;
    pane.resize(900, 600);
    pane.show();
    pane.display(stale);
    // Positions within the comparison (the message above it names both thumbprints too).
    const auto at = [](const QString& text, const QString& part) {
        return text.indexOf(part, text.indexOf(QStringLiteral("Stale binding\n")));
    };
    const QString wide = pane.detailsText();
    // Side by side: both column headings come before the first certificate's values.
    QVERIFY2(at(wide, QStringLiteral("Newer in a file store")) < at(wide, served.thumbprint), qPrintable(wide));

    pane.resize(400, 600);
    QTRY_VERIFY(pane.detailsText() != wide);
    const QString narrow = pane.detailsText();
    // Stacked: the served certificate's heading and values, then the newer one's.
    const qsizetype servedHeading = at(narrow, QStringLiteral("Served by the endpoint"));
    const qsizetype newerHeading = at(narrow, QStringLiteral("Newer in a file store"));
    QVERIFY2(servedHeading >= 0 && servedHeading < at(narrow, served.thumbprint), qPrintable(narrow));
    QVERIFY2(at(narrow, served.thumbprint) < newerHeading, qPrintable(narrow));
    QVERIFY2(newerHeading < at(narrow, newer.thumbprint), qPrintable(narrow));
    QVERIFY(narrow.contains(QStringLiteral("/etc/letsencrypt/live/shop/cert.pem")));

    pane.resize(900, 600);
    QTRY_COMPARE(pane.detailsText(), wide);
}

QTEST_MAIN(TestConsoleStaleBindings)
#include "TestConsoleStaleBindings.moc"
