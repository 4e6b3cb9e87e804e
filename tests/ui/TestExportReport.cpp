// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../core/reports/ReportReaders.h"
#include "ConsoleFixture.h"
#include "commands/CommandRunner.h"
#include "TestEnvironment.h"
#include "dialogs/ReportExportDialog.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

Q_DECLARE_METATYPE(certlife::ReportFormat)

// File → Export report in the real main window: the Certificates page's filtered view
// and the Events page's filter exported in every format, and each file read back.
class TestExportReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void certificatesOfTheFilteredView_data();
    void certificatesOfTheFilteredView();
    void eventsOfTheEventsPageFilter_data();
    void eventsOfTheEventsPageFilter();
    void expiringWithinDaysIncludesExpired();
    void failureNamesTheFileAndLeavesNothing();
    void cancelledDialogWritesNothing();
    void dialogOffersTheViewAndFollowsTheFormat();

private:
    void addFormats();
    // Triggers File → Export report with the scripted answer; how its command ended
    // (nullopt: it did not end).
    std::optional<CommandOutcome> exportReport(const ReportChoice& choice);
    QByteArray readAll(const QString& path);

    std::unique_ptr<TestEnvironment> m_env;
    std::unique_ptr<ConsoleFixture> m_console;
};

const QString kFormulaCn = QStringLiteral("=cmd|' /C calc'!A0");

void TestExportReport::init()
{
    m_env = std::make_unique<TestEnvironment>();
    DemoData data = makeDemoData();
    // A hostile name in the user's own store: a spreadsheet would run it as a formula.
    demo::Spec hostile{kFormulaCn,
                       {},
                       20.5,
                       365,
                       nullptr,
                       {},
                       {QStringLiteral("clientAuth")},
                       false,
                       data.inventory[0].config.path + QStringLiteral("/formula.pem"),
                       {}};
    QCOMPARE(data.inventory[0].config.id, QStringLiteral("My"));
    data.inventory[0].scan.certificates << demo::issue(hostile, data.now, 0x9999);
    m_console = std::make_unique<ConsoleFixture>(data, m_env->path(QStringLiteral("console.conf")));
    QVERIFY(m_console->showAndLoad());
    QTRY_VERIFY(m_console->controller->eventCount() > 0);
}

void TestExportReport::cleanup()
{
    m_console.reset();
    m_env.reset();
}

void TestExportReport::addFormats()
{
    QTest::addColumn<ReportFormat>("format");
    QTest::newRow("csv") << ReportFormat::Csv;
    QTest::newRow("json") << ReportFormat::Json;
    QTest::newRow("html") << ReportFormat::Html;
    QTest::newRow("pdf") << ReportFormat::Pdf;
}

std::optional<CommandOutcome> TestExportReport::exportReport(const ReportChoice& choice)
{
    m_console->reportDialogs->choice = choice;
    QSignalSpy finished(m_console->window->commandRunner(), &CommandRunner::commandFinished);
    auto* action = m_console->window->findChild<QAction*>(QStringLiteral("exportReportAction"));
    if (!action || !action->isEnabled())
        return std::nullopt;
    action->trigger();
    if (!QTest::qWaitFor([&] { return finished.size() == 1; }, 60000))
        return std::nullopt;
    return finished.takeFirst().first().value<CommandOutcome>();
}

QByteArray TestExportReport::readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestExportReport::certificatesOfTheFilteredView_data()
{
    addFormats();
}

void TestExportReport::certificatesOfTheFilteredView()
{
    QFETCH(ReportFormat, format);
    CertificateView view;
    view.storeKey = storeKey(Scope::User, QStringLiteral("My"));
    m_console->window->showCertificates(view);
    CertificatesPage* page = m_console->window->certificatesPage();
    // The view's rows in its order: what the report must list, and nothing else.
    QStringList expected;
    for (int i = 0; i < page->filterModel()->rowCount(); ++i)
        expected
            << m_console->controller->certificates()->rowAt(page->filterModel()->sourceRow(i)).certificate().subjectCN;
    QCOMPARE(expected.size(), 6);
    QVERIFY(expected.contains(kFormulaCn));

    const QString path = m_env->path(QStringLiteral("view.") + reportFormatExtension(format));
    const std::optional<CommandOutcome> finished =
        exportReport({ReportKind::Certificates, CertificateReportOptions::Selection::View, 0, format, path});
    QVERIFY(finished);
    QVERIFY2(finished->isDone(), qPrintable(finished->message));
    QVERIFY(finished->message.contains(path));
    QVERIFY(m_console->window->statusBar()->currentMessage().contains(path));
    const ReportDialogContext context = m_console->reportDialogs->contexts.value(0);
    QCOMPARE(context.viewCount, 6);
    QVERIFY2(context.viewDescription.contains(QStringLiteral("Personal")), qPrintable(context.viewDescription));
    QVERIFY(context.certificateCount > context.viewCount);

    const QByteArray data = readAll(path);
    QVERIFY(!data.isEmpty());
    switch (format) {
    case ReportFormat::Csv: {
        const QList<QStringList> rows = readCsvReport(data);
        QCOMPARE(rows.size(), 1 + expected.size());
        const int cn = int(rows[0].indexOf(QStringLiteral("Subject CN")));
        const int store = int(rows[0].indexOf(QStringLiteral("Store")));
        const int storeId = int(rows[0].indexOf(QStringLiteral("Store id")));
        QVERIFY(cn >= 0 && store >= 0 && storeId >= 0);
        for (int i = 0; i < expected.size(); ++i) {
            const QString want = expected[i] == kFormulaCn ? QLatin1Char('\'') + kFormulaCn : expected[i];
            QCOMPARE(rows[i + 1][cn], want);
            QCOMPARE(rows[i + 1][store], QStringLiteral("Personal")); // the store's name, as the console shows it
            QCOMPARE(rows[i + 1][storeId], QStringLiteral("My"));
        }
        break;
    }
    case ReportFormat::Json: {
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(data, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.value(QStringLiteral("report")).toString(), QStringLiteral("certificates"));
        const QJsonArray rows = doc.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(rows[i].toObject().value(QStringLiteral("subjectCN")).toString(), expected[i]);
        QVERIFY(QJsonDocument(doc.value(QStringLiteral("filters")).toObject()).toJson().contains("Personal"));
        break;
    }
    case ReportFormat::Html: {
        const QString html = QString::fromUtf8(data);
        for (const QString& cn : expected)
            QVERIFY2(html.contains(cn.toHtmlEscaped().replace(QLatin1Char('\''), QStringLiteral("&#39;")))
                         || html.contains(cn.toHtmlEscaped()),
                     qPrintable(cn));
        QVERIFY(!html.contains(QStringLiteral("www.example.com"))); // another store's
        QVERIFY(html.contains(QStringLiteral("Content-Security-Policy")));
        break;
    }
    case ReportFormat::Pdf: {
        QVERIFY(data.startsWith("%PDF-"));
        QVERIFY(pdfCapacity(true, 3).firstPage >= expected.size()); // even three-line rows fit on page one
        QCOMPARE(countPdfPages(data), 1);
        QVERIFY(finished->message.contains(QStringLiteral("1 page")));
        const QString text = pdfText(path);
        if (!text.isEmpty()) {
            QVERIFY(text.contains(QStringLiteral("Page 1 of 1")));
            QVERIFY(text.contains(QStringLiteral("dev.localhost")));
            QVERIFY(!text.contains(QStringLiteral("www.example.com")));
        }
        break;
    }
    }
}

void TestExportReport::eventsOfTheEventsPageFilter_data()
{
    addFormats();
}

void TestExportReport::eventsOfTheEventsPageFilter()
{
    QFETCH(ReportFormat, format);
    EventQuery query;
    query.channel = Scope::System;
    query.ids = {EventId::Replace};
    m_console->window->showEvents(query);
    QTRY_COMPARE(m_console->controller->events()->filter().ids, query.ids);
    // Independently of the report: every matching record id, newest first.
    EventQuery all = query;
    all.limit = 100000;
    const EventPage direct = m_console->events->fetch(all);
    QVERIFY(direct.error.isEmpty());
    QVERIFY(direct.events.size() > pdfCapacity(false, 1).firstPage); // more than one PDF page
    QList<qint64> expectedIds;
    for (const LifecycleEvent& e : direct.events)
        expectedIds << e.recordId;

    const QString path = m_env->path(QStringLiteral("events.") + reportFormatExtension(format));
    const std::optional<CommandOutcome> finished =
        exportReport({ReportKind::Events, CertificateReportOptions::Selection::All, 0, format, path});
    QVERIFY(finished);
    QVERIFY2(finished->isDone(), qPrintable(finished->message));
    const QString described = m_console->reportDialogs->contexts.value(0).eventFilterDescription;
    QVERIFY2(described.contains(QStringLiteral("System")) && described.contains(QStringLiteral("1001")),
             qPrintable(described));

    const QByteArray data = readAll(path);
    switch (format) {
    case ReportFormat::Csv: {
        const QList<QStringList> rows = readCsvReport(data);
        QCOMPARE(rows.size(), 1 + expectedIds.size());
        const int record = int(rows[0].indexOf(QStringLiteral("Record")));
        const int channel = int(rows[0].indexOf(QStringLiteral("Channel")));
        const int id = int(rows[0].indexOf(QStringLiteral("Id")));
        const int store = int(rows[0].indexOf(QStringLiteral("Store")));
        QVERIFY(record >= 0 && channel >= 0 && id >= 0 && store >= 0);
        int named = 0;
        for (int i = 0; i < expectedIds.size(); ++i) {
            QCOMPARE(rows[i + 1][record].toLongLong(), expectedIds[i]);
            QCOMPARE(rows[i + 1][channel], QStringLiteral("System"));
            QCOMPARE(rows[i + 1][id], QStringLiteral("1001"));
            // The store by its name, as the Events page shows it.
            const QString shown = m_console->controller->events()->storeName(direct.events[i]);
            QCOMPARE(rows[i + 1][store], shown);
            named += shown != direct.events[i].storeId;
        }
        QVERIFY(named > 0); // the demo's stores have names that are not their ids
        break;
    }
    case ReportFormat::Json: {
        const QJsonObject doc = QJsonDocument::fromJson(data).object();
        QCOMPARE(doc.value(QStringLiteral("report")).toString(), QStringLiteral("events"));
        const QJsonArray rows = doc.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), expectedIds.size());
        for (int i = 0; i < expectedIds.size(); ++i)
            QCOMPARE(rows[i].toObject().value(QStringLiteral("recordId")).toInteger(), expectedIds[i]);
        break;
    }
    case ReportFormat::Html: {
        const QString html = QString::fromUtf8(data);
        QCOMPARE(int(html.count(QStringLiteral("<tr"))), 1 + int(expectedIds.size()));
        QVERIFY(html.contains(direct.events.first().certificate.thumbprint));
        QVERIFY(html.contains(direct.events.last().certificate.thumbprint));
        break;
    }
    case ReportFormat::Pdf: {
        QVERIFY(data.startsWith("%PDF-"));
        const int pages = countPdfPages(data);
        // Every Replace row wraps to the three-line maximum: its message and both SHA-1
        // thumbprints are wider than their columns. The page count follows from the
        // layout constants (as in TestReportPdf).
        QCOMPARE(pages, pdfCapacity(false, 3).pagesFor(int(expectedIds.size())));
        QVERIFY(pages > 1);
        QVERIFY(finished->message.contains(QStringLiteral("%1 pages").arg(pages)));
        const QString text = pdfText(path);
        if (!text.isEmpty()) {
            QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(pages)));
            // Every event is in it once: the table carries each row's thumbprint.
            for (const LifecycleEvent& e : direct.events)
                QVERIFY2(text.contains(e.certificate.thumbprint.left(16)), qPrintable(e.certificate.thumbprint));
        }
        break;
    }
    }
}

void TestExportReport::expiringWithinDaysIncludesExpired()
{
    const QString path = m_env->path(QStringLiteral("expiring.json"));
    const std::optional<CommandOutcome> finished = exportReport(
        {ReportKind::Certificates, CertificateReportOptions::Selection::ExpiringWithin, 10, ReportFormat::Json, path});
    QVERIFY(finished && finished->isDone());
    // Counted from the console's own table: notAfter at most 10 days away, expired included;
    // archived and acknowledged (here a muted trust anchor) are left out, as the report does.
    int expected = 0;
    for (const CertificateRow& row : m_console->controller->certificates()->rows())
        expected += isExpiryBin(row.expiry.state) && row.certificate().notAfter() <= m_console->clock->now().addDays(10)
            ? 1
            : 0;
    const QJsonArray rows = QJsonDocument::fromJson(readAll(path)).object().value(QStringLiteral("rows")).toArray();
    QCOMPARE(rows.size(), expected);
    bool sawExpired = false;
    for (const QJsonValue& row : rows)
        sawExpired |= row.toObject().value(QStringLiteral("state")).toString() == QStringLiteral("Expired");
    QVERIFY(sawExpired);
}

void TestExportReport::failureNamesTheFileAndLeavesNothing()
{
    const QString blocker = m_env->path(QStringLiteral("not-a-directory"));
    QVERIFY(writeFile(blocker, "x"));
    const QString path = blocker + QStringLiteral("/report.csv");
    const std::optional<CommandOutcome> finished =
        exportReport({ReportKind::Tasks, CertificateReportOptions::Selection::All, 0, ReportFormat::Csv, path});
    QVERIFY(finished);
    QCOMPARE(int(finished->status), int(CommandOutcome::Status::Failed));
    QCOMPARE(m_console->messages->errors.size(), 1);
    QVERIFY2(m_console->messages->errors[0].contains(path), qPrintable(m_console->messages->errors[0]));
    QVERIFY(!QFile::exists(path));
}

void TestExportReport::cancelledDialogWritesNothing()
{
    m_console->reportDialogs->choice.reset();
    QSignalSpy finished(m_console->window->commandRunner(), &CommandRunner::commandFinished);
    m_console->window->findChild<QAction*>(QStringLiteral("exportReportAction"))->trigger();
    QCOMPARE(m_console->reportDialogs->contexts.size(), 1);
    QVERIFY(finished.size() == 1 || finished.wait());
    QCOMPARE(int(finished.first().first().value<CommandOutcome>().status), int(CommandOutcome::Status::Cancelled));
    QVERIFY(m_console->messages->errors.isEmpty());
}

void TestExportReport::dialogOffersTheViewAndFollowsTheFormat()
{
    ReportDialogContext context;
    context.certificateCount = 120;
    context.viewCount = 6;
    context.viewDescription = QStringLiteral("store Personal (User)");
    context.eventFilterDescription = QStringLiteral("Channel System");
    context.suggestedDirectory = m_env->path(QStringLiteral("reports"));
    QStringList picked;
    ReportExportDialog dialog(context, [&](const QString& suggested, ReportFormat) {
        picked << suggested;
        return m_env->path(QStringLiteral("chosen/expiry.pdf"));
    });
    // A filtered view is what the admin most likely wants to hand on.
    ReportChoice choice = dialog.choice();
    QCOMPARE(choice.kind, ReportKind::Certificates);
    QCOMPARE(choice.selection, CertificateReportOptions::Selection::View);
    QCOMPARE(choice.format, ReportFormat::Pdf);
    QCOMPARE(choice.path, m_env->path(QStringLiteral("reports/certlife-certificates.pdf")));
    QVERIFY(dialog.findChildren<QRadioButton*>().size() >= 6);
    auto* format = dialog.findChild<QComboBox*>(QStringLiteral("reportFormat"));
    format->setCurrentIndex(format->findData(int(ReportFormat::Csv)));
    QCOMPARE(dialog.choice().path, m_env->path(QStringLiteral("reports/certlife-certificates.csv")));
    dialog.findChild<QRadioButton*>(QStringLiteral("kind_events"))->click();
    choice = dialog.choice();
    QCOMPARE(choice.kind, ReportKind::Events);
    QCOMPARE(choice.path, m_env->path(QStringLiteral("reports/certlife-events.csv")));
    // Browse: the picker's file is taken as is.
    for (QPushButton* button : dialog.findChildren<QPushButton*>())
        if (button->text().contains(QStringLiteral("Browse")))
            button->click();
    QCOMPARE(picked, QStringList{m_env->path(QStringLiteral("reports/certlife-events.csv"))});
    QCOMPARE(dialog.choice().path, m_env->path(QStringLiteral("chosen/expiry.pdf")));
    // No file, no export.
    dialog.findChild<QLineEdit*>(QStringLiteral("reportPath"))->clear();
    bool exportEnabled = true;
    for (QPushButton* button : dialog.findChildren<QPushButton*>())
        if (button->text().contains(QStringLiteral("Export")))
            exportEnabled = button->isEnabled();
    QVERIFY(!exportEnabled);
}

QTEST_MAIN(TestExportReport)
#include "TestExportReport.moc"
