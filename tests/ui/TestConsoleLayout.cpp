// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ConsoleFixture.h"
#include "TestEnvironment.h"
#include "models/CertificateFilterModel.h"
#include "models/CertificateTableModel.h"
#include "models/EventTableModel.h"
#include "models/ExpirySummaryModel.h"
#include "models/StoreListModel.h"
#include "pages/CertificatesPage.h"
#include "pages/EventsPage.h"
#include "pages/OverviewPage.h"
#include "pages/StoresPage.h"
#include "widgets/CertificateDetailsPane.h"
#include "widgets/ColumnChooser.h"
#include "widgets/EmptyStateOverlay.h"
#include "widgets/EventDetailsPane.h"
#include "widgets/ExpiryChartView.h"
#include "widgets/HashLabel.h"
#include "widgets/SummaryTile.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QTableView>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStyle>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QSplitter>
#include <QToolButton>

using namespace certlife;
using namespace certlife::test;
using namespace certlife::ui;

// What an admin sees of the console's layout and numbers at 1024x700 and 1440x900:
// chart texts whole and inside their slots, the important columns on screen, the
// column chooser remembered, one day count everywhere, store names, clean labels.
class TestConsoleLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void chartTextsAreWholeAndFit_data();
    void chartTextsAreWholeAndFit();
    void storeNamesAreWholeInByStore_data();
    void storeNamesAreWholeInByStore();
    void storeNamesAreWholeOnTheStoresPage_data();
    void storeNamesAreWholeOnTheStoresPage();
    void importantColumnsStayVisible_data();
    void importantColumnsStayVisible();
    void columnChooserHidesShowsAndIsRemembered();
    void daysLeftAgreesEverywhere_data();
    void daysLeftAgreesEverywhere();
    void eventsShowStoreNamesAndOneStorePerScope();
    void labelsShowNoMnemonicOrEntity_data();
    void labelsShowNoMnemonicOrEntity();
    void detailsPaneClearsWhenTheSelectionGoes();
    void hashesElideInTheMiddleAndCopyWhole();
    void emptyFilterResultSaysSo();
    void unreadableStoreDoesNotSayReadWrite();

private:
    ConsoleFixture& open(const QSize& size, const DemoData& data);
    static void sizes();

    std::unique_ptr<TestEnvironment> m_env;
    DemoData m_demo;
    std::unique_ptr<ConsoleFixture> m_console;
};

void TestConsoleLayout::initTestCase()
{
    m_env = std::make_unique<TestEnvironment>();
    m_demo = makeDemoData(); // writes the demo events into the test's event logs once
}

void TestConsoleLayout::cleanup()
{
    m_console.reset();
}

ConsoleFixture& TestConsoleLayout::open(const QSize& size, const DemoData& data)
{
    m_console.reset();
    m_console = std::make_unique<ConsoleFixture>(data, m_env->path(QStringLiteral("console.conf")));
    m_console->window->resize(size);
    [&] { QVERIFY(m_console->showAndLoad()); }();
    return *m_console;
}

void TestConsoleLayout::sizes()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1024x700") << QSize(1024, 700);
    QTest::newRow("1440x900") << QSize(1440, 900);
}

void TestConsoleLayout::chartTextsAreWholeAndFit_data()
{
    sizes();
}

void TestConsoleLayout::chartTextsAreWholeAndFit()
{
    QFETCH(QSize, size);
    ConsoleFixture& console = open(size, m_demo);
    console.window->showPage(console.window->overviewPage());
    ExpiryChartView* chart = console.window->overviewPage()->chart();
    QTest::qWait(50);
    QVERIFY(chart->isVisible());
    // The whole chart is on screen: no part of it (the legend, the axis title) cut off.
    QCOMPARE(chart->visibleRegion().boundingRect(), chart->rect());
    const BarChartLayout layout = chart->chartLayout();
    const ExpirySummary& summary = chart->summary();
    QCOMPARE(layout.barLabels.size(), summary.months.size());
    const QFontMetricsF months(layout.barLabelFont, chart);
    for (qsizetype i = 0; i < summary.months.size(); ++i) {
        const QDate month = summary.months[i].month;
        // Whole: the month's name (with its year when there is room), never elided.
        const QStringList whole{QLocale::c().toString(month, QStringLiteral("MMM yyyy")),
                                QLocale::c().toString(month, QStringLiteral("MMM"))};
        QVERIFY2(whole.contains(layout.barLabels[i]), qPrintable(layout.barLabels[i]));
        QVERIFY2(
            months.horizontalAdvance(layout.barLabels[i]) <= layout.barLabelRects[i].width(),
            qPrintable(QStringLiteral("%1 in %2 px").arg(layout.barLabels[i]).arg(layout.barLabelRects[i].width())));
        QVERIFY(QRectF(chart->rect()).contains(layout.barLabelRects[i]));
    }
    // Never smaller than the style's minimum.
    QVERIFY(layout.barLabelFont.pointSizeF() >= chart->chartData().style.minimumLabelPointSize);
    const QFontMetricsF legend(chart->chartData().style.labelFont, chart);
    const QList<BarChartLegendEntry>& entries = chart->chartData().legend;
    QCOMPARE(entries.size(), 5);
    QCOMPARE(entries.first().text, QStringLiteral("Expiring"));
    QCOMPARE(entries.last().text, QStringLiteral("Healthy"));
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QCOMPARE(entries[i].text, expiryStateName(ExpiryState(int(ExpiryState::Expiring) + int(i))));
        QVERIFY(legend.horizontalAdvance(entries[i].text) <= layout.legendTextRects[i].width());
        QVERIFY2(QRectF(chart->rect()).contains(layout.legendTextRects[i]), qPrintable(entries[i].text));
        for (qsizetype j = 0; j < i; ++j) // entries never overlap
            QVERIFY(!layout.legendTextRects[i].intersects(layout.legendTextRects[j]));
    }
    for (const QString& value : layout.axisLabels)
        QVERIFY(!value.contains(QChar(0x2026)));
}

void TestConsoleLayout::storeNamesAreWholeInByStore_data()
{
    sizes();
}

void TestConsoleLayout::storeNamesAreWholeInByStore()
{
    QFETCH(QSize, size);
    ConsoleFixture& console = open(size, m_demo);
    OverviewPage* overview = console.window->overviewPage();
    console.window->showPage(overview);
    QTest::qWait(50);
    QTableView* table = overview->storeTable();
    QAbstractItemModel* model = table->model();
    QCOMPARE(model->rowCount(), int(m_demo.inventory.size()) + 1); // every store and "All stores"
    // Each name fits its cell: its width in the cell's font, plus the cell's text margins
    // on both sides, is within the column (as the style draws it, nothing elided).
    const int margin = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
    const int nameWidth = table->columnWidth(ExpirySummaryModel::StoreColumn);
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, ExpirySummaryModel::StoreColumn);
        const QString name = index.data().toString();
        const QFont font = index.data(Qt::FontRole).isValid() ? index.data(Qt::FontRole).value<QFont>() : table->font();
        const int needed = QFontMetrics(font, table).horizontalAdvance(name) + 2 * margin;
        QVERIFY2(needed <= nameWidth,
                 qPrintable(QStringLiteral("%1: %2 px in a %3 px column").arg(name).arg(needed).arg(nameWidth)));
    }
    // The counts stay whole too: every column on screen, none scrolled off, the header
    // labels within their sections.
    QHeaderView* header = table->horizontalHeader();
    int columns = 0;
    for (int c = 0; c < model->columnCount(); ++c) {
        QVERIFY2(header->sectionSize(c) >= header->sectionSizeHint(c),
                 qPrintable(model->headerData(c, Qt::Horizontal).toString()));
        columns += header->sectionSize(c);
    }
    QVERIFY2(columns <= table->viewport()->width(),
             qPrintable(QStringLiteral("%1 > %2").arg(columns).arg(table->viewport()->width())));
    QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
    // The chart beside it keeps its texts whole (chartTextsAreWholeAndFit checks them).
    QVERIFY(overview->chart()->isVisible());
    QCOMPARE(overview->chart()->visibleRegion().boundingRect(), overview->chart()->rect());
}

void TestConsoleLayout::storeNamesAreWholeOnTheStoresPage_data()
{
    sizes();
}

// The Stores page in a narrow window: the kind and scope columns go, then the path
// elides (its tooltip has it), and each store's name stays whole.
void TestConsoleLayout::storeNamesAreWholeOnTheStoresPage()
{
    QFETCH(QSize, size);
    ConsoleFixture& console = open(size, m_demo);
    StoresPage* page = console.window->storesPage();
    console.window->showPage(page);
    QTest::qWait(50);
    QTableView* table = page->storeTable();
    QAbstractItemModel* model = table->model();
    QCOMPARE(model->rowCount(), int(m_demo.inventory.size()));
    const int margin = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
    const int nameWidth = table->columnWidth(StoreListModel::NameColumn);
    const QFontMetrics metrics(table->font(), table);
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString name = model->index(row, StoreListModel::NameColumn).data().toString();
        // The kind's icon sits before the name.
        const int needed = metrics.horizontalAdvance(name) + table->iconSize().width() + 4 * margin;
        QVERIFY2(needed <= nameWidth,
                 qPrintable(QStringLiteral("%1: %2 px in a %3 px column").arg(name).arg(needed).arg(nameWidth)));
    }
    QVERIFY(!table->isColumnHidden(StoreListModel::PathColumn));
    QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
}

void TestConsoleLayout::importantColumnsStayVisible_data()
{
    sizes();
}

void TestConsoleLayout::importantColumnsStayVisible()
{
    QFETCH(QSize, size);
    m_console.reset();                                          // it saves its settings as it goes
    QFile::remove(m_env->path(QStringLiteral("console.conf"))); // the defaults
    ConsoleFixture& console = open(size, m_demo);
    CertificatesPage* page = console.window->certificatesPage();
    console.window->showPage(page);
    QTest::qWait(50);
    QTableView* table = page->table();
    const QHeaderView* header = table->horizontalHeader();
    for (int column : {int(CertificateTableModel::SubjectColumn), int(CertificateTableModel::StateColumn),
                       int(CertificateTableModel::DaysLeftColumn), int(CertificateTableModel::NotAfterColumn),
                       int(CertificateTableModel::StoreColumn)}) {
        QVERIFY2(!header->isSectionHidden(column), qPrintable(ColumnChooser::of(table)->columnTitle(column)));
        // On screen without scrolling.
        QVERIFY2(header->sectionViewportPosition(column) + header->sectionSize(column) <= table->viewport()->width(),
                 qPrintable(ColumnChooser::of(table)->columnTitle(column)));
    }
    int shown = 0;
    for (int column = 0; column < header->count(); ++column)
        shown += header->isSectionHidden(column) ? 0 : 1;
    if (size.width() < 1200)
        QVERIFY2(shown < header->count(), "at 1024 px the less important columns give way");
    // The count under the filters is never cut.
    QLabel* count = page->findChild<QLabel*>(QStringLiteral("certificateCount"));
    QVERIFY(count->width() >= count->fontMetrics().horizontalAdvance(count->text()));
    // The tiles' numbers neither.
    OverviewPage* overview = console.window->overviewPage();
    console.window->showPage(overview);
    QTest::qWait(50);
    for (int i = 0; i < kExpiryBinCount; ++i) {
        SummaryTile* tile = overview->tile(ExpiryState(i));
        for (QLabel* label : tile->findChildren<QLabel*>()) {
            if (label->wordWrap())
                continue;
            QVERIFY2(label->width() >= label->fontMetrics().horizontalAdvance(label->text()),
                     qPrintable(label->text()));
        }
    }
}

void TestConsoleLayout::columnChooserHidesShowsAndIsRemembered()
{
    m_console.reset();
    QFile::remove(m_env->path(QStringLiteral("console.conf")));
    {
        ConsoleFixture& console = open(QSize(1440, 900), m_demo);
        QTableView* table = console.window->certificatesPage()->table();
        ColumnChooser* chooser = ColumnChooser::of(table);
        QVERIFY(chooser);
        QMenu menu;
        chooser->fillMenu(&menu);
        // One checkable entry per column the model has.
        QCOMPARE(menu.actions().size(), table->model()->columnCount());
        QAction* issuer = nullptr;
        QAction* thumbprint = nullptr;
        for (QAction* action : menu.actions()) {
            QVERIFY(action->isCheckable());
            if (action->data().toInt() == CertificateTableModel::IssuerColumn)
                issuer = action;
            if (action->data().toInt() == CertificateTableModel::ThumbprintColumn)
                thumbprint = action;
        }
        QVERIFY(issuer && thumbprint);
        if (!issuer->isChecked())
            issuer->trigger(); // shown
        QVERIFY(!table->isColumnHidden(CertificateTableModel::IssuerColumn));
        issuer->trigger(); // hidden again
        QVERIFY(table->isColumnHidden(CertificateTableModel::IssuerColumn));
        if (!thumbprint->isChecked())
            thumbprint->trigger();
        QVERIFY(!table->isColumnHidden(CertificateTableModel::ThumbprintColumn));
        console.window->close(); // saves the settings
    }
    // A new window, narrower: the user's choice stands.
    ConsoleFixture& console = open(QSize(1024, 700), m_demo);
    QTableView* table = console.window->certificatesPage()->table();
    console.window->showPage(console.window->certificatesPage());
    QTest::qWait(50);
    QVERIFY(table->isColumnHidden(CertificateTableModel::IssuerColumn));
    QVERIFY(!table->isColumnHidden(CertificateTableModel::ThumbprintColumn));
    QVERIFY(ColumnChooser::of(table)->userChose());
}

void TestConsoleLayout::daysLeftAgreesEverywhere_data()
{
    QTest::addColumn<qint64>("remainingSeconds");
    QTest::addColumn<qint64>("daysLeft");
    QTest::addColumn<QString>("text");
    QTest::addColumn<ExpiryState>("state");
    constexpr qint64 day = 86400;
    QTest::newRow("expired 35.5 days") << -(35 * day + day / 2) << qint64(-36) << "expired 36 days ago"
                                       << ExpiryState::Expired;
    QTest::newRow("expired 1 s") << qint64(-1) << qint64(-1) << "expired less than a day ago" << ExpiryState::Expired;
    QTest::newRow("expired 2 days") << -2 * day << qint64(-2) << "expired 2 days ago" << ExpiryState::Expired;
    QTest::newRow("30 days") << 30 * day << qint64(30) << "30 days left" << ExpiryState::Within30;
    QTest::newRow("30 days 23 h") << 31 * day - 3600 << qint64(30) << "30 days left" << ExpiryState::Within30;
    QTest::newRow("31 days") << 31 * day << qint64(31) << "31 days left" << ExpiryState::Within60;
    QTest::newRow("60 days 12 h") << 60 * day + day / 2 << qint64(60) << "60 days left" << ExpiryState::Within60;
    QTest::newRow("61 days") << 61 * day << qint64(61) << "61 days left" << ExpiryState::Within90;
    QTest::newRow("90 days 23 h") << 91 * day - 3600 << qint64(90) << "90 days left" << ExpiryState::Within90;
    QTest::newRow("91 days") << 91 * day << qint64(91) << "91 days left" << ExpiryState::Healthy;
}

void TestConsoleLayout::daysLeftAgreesEverywhere()
{
    QFETCH(qint64, remainingSeconds);
    QFETCH(qint64, daysLeft);
    QFETCH(QString, text);
    QFETCH(ExpiryState, state);
    const QDateTime now = utc(2026, 3, 1, 12);
    CertSpec spec;
    spec.cn = QStringLiteral("days.example");
    spec.notAfter = now.addSecs(remainingSeconds);
    // A long past, short lifetime: the 10 % warning window stays under the remaining days.
    spec.notBefore = std::min(now, spec.notAfter).addDays(-5);
    if (remainingSeconds > 0)
        spec.notBefore = now.addSecs(-remainingSeconds / 20);
    StoredCertificate stored;
    stored.certificate = *decodeCertificateDer(makeCertificate(spec).der);
    stored.path = QStringLiteral("/stores/web/days.pem");
    DemoData data;
    data.now = now;
    data.inventory = {
        storeWith(Scope::System, QStringLiteral("web"), QStringLiteral("Web servers"), {stored}, now.addSecs(-60))};
    ConsoleFixture& console = open(QSize(1024, 700), data);

    // The table: the number, its words as the tooltip, the state.
    CertificatesPage* page = console.window->certificatesPage();
    console.window->showPage(page);
    QAbstractItemModel* model = page->table()->model();
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex days = model->index(0, CertificateTableModel::DaysLeftColumn);
    QCOMPARE(days.data().toString(), QString::number(daysLeft));
    QCOMPARE(days.data(Qt::ToolTipRole).toString(), text);
    QCOMPARE(model->index(0, CertificateTableModel::StateColumn).data().toString(), expiryStateName(state));
    // The details pane says the same words.
    page->table()->selectRow(0);
    QTRY_VERIFY(page->details()->detailsText().contains(text));
    // The state's filter lists it, and its tile counts it.
    CertificateView view;
    view.states = {state};
    page->applyView(view);
    QCOMPARE(page->filterModel()->rowCount(), 1);
    QCOMPARE(console.window->overviewPage()->tile(state)->count(), 1);
    // The same words as the CLI and the reports derive them.
    QCOMPARE(daysLeftText(daysLeftOf(remainingSeconds)), text);
}

void TestConsoleLayout::eventsShowStoreNamesAndOneStorePerScope()
{
    ConsoleFixture& console = open(QSize(1024, 700), m_demo);
    EventsPage* page = console.window->eventsPage();
    console.window->showPage(page);
    EventTableModel* events = console.controller->events();
    QTRY_VERIFY(events->rowCount() > 0);
    QSet<QString> names;
    for (const StoreInventory& store : console.controller->inventory())
        names.insert(store.displayName());
    bool sawWeb = false;
    for (int row = 0; row < events->rowCount(); ++row) {
        const LifecycleEvent& event = events->eventAt(row);
        if (event.storeId.isEmpty())
            continue;
        const QString shown = events->index(row, EventTableModel::StoreColumn).data().toString();
        QVERIFY2(names.contains(shown), qPrintable(shown));
        sawWeb = sawWeb || (event.storeId == QStringLiteral("web") && shown == QStringLiteral("Web servers"));
    }
    QVERIFY(sawWeb);
    // At 1024x700 the time, the event, the store and the certificate are on screen.
    QTest::qWait(50);
    const QHeaderView* header = page->table()->horizontalHeader();
    for (int column : {int(EventTableModel::TimeColumn), int(EventTableModel::EventColumn),
                       int(EventTableModel::StoreColumn), int(EventTableModel::CertificateColumn)}) {
        QVERIFY(!header->isSectionHidden(column));
        QVERIFY(header->sectionViewportPosition(column) + header->sectionSize(column)
                <= page->table()->viewport()->width());
    }
    // The details name the store too.
    for (int row = 0; row < events->rowCount(); ++row) {
        if (events->eventAt(row).storeId == QStringLiteral("web")) {
            page->table()->selectRow(row);
            break;
        }
    }
    QTRY_VERIFY(page->findChild<EventDetailsPane*>()->findChild<QTextBrowser*>()->toPlainText().contains(
        QStringLiteral("Web servers (web)")));
    // One entry per store and scope, by name.
    auto* filter = page->findChild<QComboBox*>(QStringLiteral("eventStoreFilter"));
    QStringList entries;
    for (int i = 0; i < filter->count(); ++i)
        entries << filter->itemText(i);
    QCOMPARE(entries.removeDuplicates(), 0);
    QVERIFY(entries.contains(QStringLiteral("Personal (User)")));
    QVERIFY(entries.contains(QStringLiteral("Web servers (System)")));
    // Choosing a store lists its events only, from its scope's channel.
    filter->setCurrentIndex(filter->findText(QStringLiteral("Personal (User)")));
    QTRY_VERIFY(events->filter().storeId == QStringLiteral("My") && events->filter().channel == Scope::User);
    QTRY_VERIFY(events->rowCount() > 0);
    for (int row = 0; row < events->rowCount(); ++row)
        QCOMPARE(events->index(row, EventTableModel::StoreColumn).data().toString(), QStringLiteral("Personal"));
}

void TestConsoleLayout::labelsShowNoMnemonicOrEntity_data()
{
    sizes();
}

void TestConsoleLayout::labelsShowNoMnemonicOrEntity()
{
    QFETCH(QSize, size);
    ConsoleFixture& console = open(size, m_demo);
    for (ConsolePage* page : console.window->pages()) {
        console.window->showPage(page);
        QTest::qWait(20);
        for (QLabel* label : page->findChildren<QLabel*>()) {
            if (!label->isVisible())
                continue;
            // What the label shows: rich text rendered, plain text as is.
            QString shown = label->text();
            if (label->textFormat() == Qt::RichText
                || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(shown))) {
                QTextDocument document;
                document.setHtml(shown);
                shown = document.toPlainText();
            }
            QVERIFY2(!shown.contains(QStringLiteral("&amp;")) && !shown.contains(QStringLiteral("&lt;")),
                     qPrintable(shown));
            // A lone '&' is an unprocessed mnemonic (the label has no buddy to give it to).
            if (!label->buddy())
                QVERIFY2(!QRegularExpression(QStringLiteral("&\\w")).match(shown).hasMatch(), qPrintable(shown));
        }
        for (QAbstractButton* button : page->findChildren<QAbstractButton*>()) {
            if (!button->isVisible() || button->text().isEmpty())
                continue;
            QVERIFY2(!button->text().contains(QStringLiteral("&amp;")), qPrintable(button->text()));
            // A checkbox's label is never clipped.
            const int needed =
                button->fontMetrics().horizontalAdvance(QString(button->text()).remove(QLatin1Char('&')));
            QVERIFY2(button->width() >= needed, qPrintable(button->text()));
        }
    }
}

void TestConsoleLayout::detailsPaneClearsWhenTheSelectionGoes()
{
    ConsoleFixture& console = open(QSize(1024, 700), m_demo);
    CertificatesPage* page = console.window->certificatesPage();
    console.window->showPage(page);
    page->table()->selectRow(0);
    QTRY_VERIFY(!page->details()->detailsText().isEmpty());
    page->table()->clearSelection();
    page->table()->setCurrentIndex(QModelIndex());
    QTRY_VERIFY(page->details()->detailsText().isEmpty());
    // A filter that hides the selected row clears it too.
    page->table()->selectRow(0);
    QTRY_VERIFY(!page->details()->detailsText().isEmpty());
    page->setSearchText(QStringLiteral("no-such-certificate-anywhere"));
    QTRY_COMPARE(page->filterModel()->rowCount(), 0);
    QTRY_VERIFY(page->details()->detailsText().isEmpty());
}

void TestConsoleLayout::hashesElideInTheMiddleAndCopyWhole()
{
    ConsoleFixture& console = open(QSize(1024, 700), m_demo);
    CertificatesPage* page = console.window->certificatesPage();
    console.window->showPage(page);
    page->table()->selectRow(0);
    CertificateDetailsPane* details = page->details();
    QTRY_VERIFY(!details->detailsText().isEmpty());
    const CertificateRow& row = console.controller->certificates()->rowAt(page->filterModel()->sourceRow(0));
    const QString sha256 = row.certificate().sha256Hex();
    QCOMPARE(sha256.size(), 64);
    HashLabel* label = details->sha256Label();
    QCOMPARE(label->hash(), sha256);
    QVERIFY(details->detailsText().contains(sha256)); // the pane's text has it whole
    auto* text = label->findChild<QLabel*>(QStringLiteral("hashText"));
    QVERIFY(text);
    QCOMPARE(text->toolTip(), sha256);

    // A narrow pane: the hash is elided in the middle, both ends kept, and fits its label.
    details->setMaximumWidth(300);
    QTRY_VERIFY(details->width() <= 300);
    QTRY_VERIFY2(label->shownText().contains(QChar(0x2026)), qPrintable(label->shownText()));
    const QString shown = label->shownText();
    QVERIFY(shown != sha256);
    QVERIFY2(shown.startsWith(sha256.left(4)) && shown.endsWith(sha256.right(4)), qPrintable(shown));
    QVERIFY(text->fontMetrics().horizontalAdvance(shown) <= text->contentsRect().width());
    QCOMPARE(text->font().family(), QFontDatabase::systemFont(QFontDatabase::FixedFont).family()); // monospace
    // Copy gives the whole hash, not what is shown.
    QToolButton* copy = label->copyButton();
    QVERIFY(copy->isVisible() && copy->isEnabled());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(console.desktop->copied, QStringList{sha256});
    QTest::mouseClick(details->thumbprintLabel()->copyButton(), Qt::LeftButton);
    QCOMPARE(console.desktop->copied, (QStringList{sha256, row.thumbprint()}));

    // Given the room, the whole hash shows.
    details->setMaximumWidth(QWIDGETSIZE_MAX);
    console.window->resize(QSize(1440, 900));
    auto* splitter = qobject_cast<QSplitter*>(details->parentWidget());
    QVERIFY(splitter);
    splitter->setSizes({700, 700}); // the pane dragged wider
    QTRY_COMPARE(details->thumbprintLabel()->shownText(), row.thumbprint());

    // No selection: nothing to copy.
    page->table()->clearSelection();
    page->table()->setCurrentIndex(QModelIndex());
    QTRY_VERIFY(details->detailsText().isEmpty());
    QVERIFY(!copy->isEnabled());
}

void TestConsoleLayout::emptyFilterResultSaysSo()
{
    ConsoleFixture& console = open(QSize(1024, 700), m_demo);
    CertificatesPage* page = console.window->certificatesPage();
    console.window->showPage(page);
    page->setSearchText(QStringLiteral("no-such-certificate-anywhere"));
    QTRY_COMPARE(page->filterModel()->rowCount(), 0);
    auto* overlay = page->table()->findChild<EmptyStateOverlay*>();
    QVERIFY(overlay);
    QTRY_VERIFY(overlay->isShown());
    QVERIFY2(overlay->text().startsWith(QStringLiteral("No certificate matches")), qPrintable(overlay->text()));

    EventsPage* events = console.window->eventsPage();
    console.window->showPage(events);
    EventQuery nothing;
    nothing.text = QStringLiteral("no-such-certificate-anywhere");
    events->applyQuery(nothing);
    QTRY_COMPARE(console.controller->events()->rowCount(), 0);
    auto* eventOverlay = events->table()->findChild<EmptyStateOverlay*>();
    QVERIFY(eventOverlay);
    QTRY_VERIFY(eventOverlay->isShown() && eventOverlay->text().startsWith(QStringLiteral("No events match")));
}

void TestConsoleLayout::unreadableStoreDoesNotSayReadWrite()
{
    DemoData data = m_demo;
    for (StoreInventory& store : data.inventory) {
        if (store.config.id == QStringLiteral("web"))
            store.access = StoreAccess::Unreadable; // as checkStoreAccess finds it for a user without rights
        else if (!store.config.readOnly)
            store.access = StoreAccess::ReadOnly; // writable by its configuration, not by this user
    }
    ConsoleFixture& console = open(QSize(1024, 700), data);
    StoresPage* page = console.window->storesPage();
    console.window->showPage(page);
    QAbstractItemModel* model = page->storeTable()->model();
    int checked = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString name = model->index(row, StoreListModel::NameColumn).data().toString();
        const QString access = model->index(row, StoreListModel::AccessColumn).data().toString();
        QVERIFY2(access != QStringLiteral("Read-write"), qPrintable(name + QStringLiteral(": ") + access));
        if (name == QStringLiteral("Web servers")) {
            QCOMPARE(access, QStringLiteral("No access (cannot read)"));
            ++checked;
        }
    }
    QCOMPARE(checked, 1);

    // The real check: a missing path, a readable directory.
    StoreConfig config;
    config.path = m_env->path(QStringLiteral("no-such-store"));
    QCOMPARE(checkStoreAccess(config), StoreAccess::Missing);
    config.path = m_env->path(QString());
    QCOMPARE(checkStoreAccess(config), StoreAccess::ReadWrite);
    config.readOnly = true;
    QCOMPARE(checkStoreAccess(config), StoreAccess::ReadOnly);
}

QTEST_MAIN(TestConsoleLayout)
#include "TestConsoleLayout.moc"
