// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ReportTestSupport.h"
#include "TestEnvironment.h"

#include "pdf/PdfReportWriter.h"
#include "reports/EventReport.h"
#include "reports/PdfHelper.h"
#include "reports/ReportWriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The PDF as a reader gets it: a real PDF whose page count follows from the layout
// constants (rows never split, the header repeats), and, where poppler's pdftotext is
// installed, the text on each page. Drawn in this process (renderPdf) and, as
// certlifectl and the console get it, by the PDF helper program.
class TestReportPdf : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smallReportIsOnePageWithEverything();
    void paginationFollowsTheLayout_data();
    void paginationFollowsTheLayout();
    void tallRowsTakeThreeLines();
    void hugeCellsRenderQuicklyAndStayInTheirCell();
    void eventReportHasNoChartAndMoreRowsOnPageOne();
    void writesAtomicallyAndNamesTheFileOnError();
    void helperDrawsWhatThisProcessDraws();
    void helperThatIsMissingOrMisbehavesIsAnError();

private:
    static inline const QDateTime kNow = utc(2026, 3, 1);
    static Report certificates(int count, int sansPerCertificate = 1)
    {
        QList<StoreCertificate> certs;
        for (int i = 0; i < count; ++i) {
            CertSpec spec;
            spec.cn = QStringLiteral("h%1.example").arg(i, 3, 10, QLatin1Char('0'));
            for (int s = 0; s < sansPerCertificate; ++s)
                spec.dns << QStringLiteral("s%1.%2").arg(s).arg(spec.cn);
            spec.notAfter = utc(2026, 3, 2).addDays(i % 300);
            certs << storedCertificate(spec);
        }
        return buildCertificateReport(certs, ExpiryThresholds{}, std::make_shared<FixedClock>(kNow));
    }
    static PdfRenderResult render(const Report& report)
    {
        PdfRenderResult result = renderPdf(report);
        if (!result.error.isEmpty())
            qWarning("%s", qPrintable(result.error));
        return result;
    }
    // The text of each page (pdftotext separates pages with form feeds); empty when
    // pdftotext is not installed.
    static QStringList pagesText(const QByteArray& pdf, const TestEnvironment& env)
    {
        const QString path = env.path(QStringLiteral("report.pdf"));
        writeFile(path, pdf);
        // NFKC: pdftotext keeps the font's ligatures ("ﬁ"); compare plain letters.
        const QString text = pdfText(path).normalized(QString::NormalizationForm_KC);
        if (text.isEmpty())
            return {};
        QStringList pages = text.split(QLatin1Char('\f'));
        if (pages.last().trimmed().isEmpty())
            pages.removeLast();
        return pages;
    }
};

void TestReportPdf::smallReportIsOnePageWithEverything()
{
    TestEnvironment env;
    CertSpec hostile;
    hostile.cn = QStringLiteral("<script>alert(1)</script>");
    hostile.notAfter = utc(2026, 2, 1);
    CertSpec plain;
    plain.cn = QStringLiteral("www.example.org");
    plain.notAfter = utc(2026, 5, 10);
    const Report report = buildCertificateReport({storedCertificate(hostile), storedCertificate(plain)},
                                                 ExpiryThresholds{}, std::make_shared<FixedClock>(kNow));
    const PdfRenderResult pdf = render(report);
    QVERIFY(pdf.pdf.startsWith("%PDF-"));
    QVERIFY(pdf.pdf.trimmed().endsWith("%%EOF"));
    QCOMPARE(pdf.pages, 1);
    QCOMPARE(countPdfPages(pdf.pdf), 1);

    const QStringList pages = pagesText(pdf.pdf, env);
    if (pages.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed: the page text is not checked");
    QCOMPARE(pages.size(), 1);
    const QString& text = pages[0];
    for (const QString& expected :
         {QStringLiteral("Certificate report"), reportHostName(), QStringLiteral("2026-03-01 00:00 UTC"),
          QStringLiteral("all certificates"), QStringLiteral("Upcoming expirations, next 12 months: 1"),
          QStringLiteral("Already expired: 1"), QStringLiteral("May 2026"), QStringLiteral("<script>alert(1)</script>"),
          QStringLiteral("www.example.org"), QStringLiteral("2026-05-10 00:00"), QStringLiteral("Page 1 of 1")})
        QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" missing from:\n") + text));
}

void TestReportPdf::paginationFollowsTheLayout_data()
{
    const PdfCapacity capacity = pdfCapacity(true, 1);
    QVERIFY(capacity.firstPage > 5 && capacity.otherPages > capacity.firstPage);
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("pages");
    QTest::newRow("one row") << 1 << 1;
    QTest::newRow("first page full") << capacity.firstPage << 1;
    QTest::newRow("one more") << capacity.firstPage + 1 << 2;
    QTest::newRow("second page full") << capacity.firstPage + capacity.otherPages << 2;
    QTest::newRow("200 certificates") << 200 << capacity.pagesFor(200);
}

void TestReportPdf::paginationFollowsTheLayout()
{
    QFETCH(int, rows);
    QFETCH(int, pages);
    TestEnvironment env;
    const PdfRenderResult pdf = render(certificates(rows));
    QCOMPARE(pdf.pages, pages);
    QCOMPARE(countPdfPages(pdf.pdf), pages);

    const QStringList text = pagesText(pdf.pdf, env);
    if (text.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed: the page text is not checked");
    QCOMPARE(text.size(), pages);
    const PdfCapacity capacity = pdfCapacity(true, 1);
    static const QRegularExpression rowName(QStringLiteral("(?<!\\S)h\\d{3}\\.example(?!\\S)"));
    int seen = 0;
    for (int p = 0; p < pages; ++p) {
        // Each page: its header row, its share of whole rows, its own page number.
        QCOMPARE(int(text[p].count(QStringLiteral("Thumbprint (SHA-1)"))), 1);
        QVERIFY2(text[p].contains(QStringLiteral("Page %1 of %2").arg(p + 1).arg(pages)), qPrintable(text[p]));
        QCOMPARE(text[p].contains(QStringLiteral("Certificate report (continued)")), p > 0);
        const int onPage = int(text[p].count(rowName));
        const int expected = p == 0 ? std::min(rows, capacity.firstPage) : std::min(rows - seen, capacity.otherPages);
        QCOMPARE(onPage, expected);
        seen += onPage;
    }
    QCOMPARE(seen, rows);
}

void TestReportPdf::tallRowsTakeThreeLines()
{
    TestEnvironment env;
    // Five SANs each: two shown and "+3 more", so every row is three lines high.
    const PdfCapacity capacity = pdfCapacity(true, 3);
    const int rows = capacity.firstPage + capacity.otherPages + 1;
    const PdfRenderResult pdf = render(certificates(rows, 5));
    QCOMPARE(pdf.pages, 3);
    QCOMPARE(countPdfPages(pdf.pdf), 3);
    const QStringList text = pagesText(pdf.pdf, env);
    if (!text.isEmpty())
        QCOMPARE(int(text.join(QString()).count(QStringLiteral("+3 more"))), rows);
}

void TestReportPdf::hugeCellsRenderQuicklyAndStayInTheirCell()
{
    TestEnvironment env;
    // What a store can hold: a 100,000-character CN (one word, and words), 10,000 SANs.
    // Measuring the whole rest of the word at every line break made the first take
    // minutes (32,000 characters took 29 s).
    const QString word = QStringLiteral("w").repeated(100'000);
    QStringList words;
    for (int i = 0; words.join(QLatin1Char(' ')).size() < 100'000 && i < 20'000; ++i)
        words << QStringLiteral("word%1").arg(i);
    QList<StoreCertificate> certs;
    for (const QString& cn : {word, words.join(QLatin1Char(' '))}) {
        CertSpec spec;
        spec.subjectEntries = {{QStringLiteral("CN"), cn, NameEntry::Encoding::Utf8}};
        spec.notAfter = utc(2026, 6, 1);
        certs << storedCertificate(spec);
        QCOMPARE(certs.last().stored.certificate.subjectCN.size(), cn.size()); // the decoder keeps it whole
    }
    CertSpec manySans;
    manySans.cn = QStringLiteral("many.example");
    for (int i = 0; i < 10'000; ++i)
        manySans.dns << QStringLiteral("host%1.many.example").arg(i);
    manySans.notAfter = utc(2026, 7, 1);
    certs << storedCertificate(manySans);
    CertSpec plain;
    plain.cn = QStringLiteral("plain.example");
    plain.notAfter = utc(2026, 8, 1);
    certs << storedCertificate(plain);
    const Report report = buildCertificateReport(certs, ExpiryThresholds{}, std::make_shared<FixedClock>(kNow));

    QElapsedTimer timer;
    timer.start();
    const PdfRenderResult pdf = render(report);
    const qint64 ms = timer.elapsed();
    QVERIFY(pdf.pdf.startsWith("%PDF-"));
    // Well under a second a row when the machine is idle (about 0.1 s for all four);
    // the bound leaves room for a loaded 2-core CI machine.
    QVERIFY2(ms < 8000, qPrintable(QStringLiteral("%1 ms for 4 rows").arg(ms)));
    QCOMPARE(pdf.pages, 1); // each cell is clamped to three lines: the rows stay short

    const QStringList pages = pagesText(pdf.pdf, env);
    if (pages.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed: the page text is not checked");
    const QString text = pages.join(QString());
    QVERIFY2(text.contains(QStringLiteral("wwwwwwwwwwww...")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("word0 word1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("host0.many.example")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("+9998 more")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("plain.example")), qPrintable(text));
    QVERIFY2(text.count(QStringLiteral("...")) >= 2, qPrintable(text));     // both long CNs end in "…" (NFKC: "...")
    QVERIFY2(!text.contains(QStringLiteral("word9999")), qPrintable(text)); // clamped, not all drawn
}

void TestReportPdf::eventReportHasNoChartAndMoreRowsOnPageOne()
{
    TestEnvironment env;
    const PdfCapacity capacity = pdfCapacity(false, 1);
    QVERIFY(capacity.firstPage > pdfCapacity(true, 1).firstPage);
    QList<LifecycleEvent> events;
    for (int i = 0; i < capacity.firstPage + 1; ++i) {
        LifecycleEvent e;
        e.recordId = i + 1;
        e.id = EventId::Deleted;
        e.time = kNow.addSecs(-60 * i);
        e.action = Action::Delete;
        e.storeId = QStringLiteral("My");
        e.message = QStringLiteral("Deleted e%1").arg(i);
        events << e;
    }
    EventQuery q;
    q.ids = {EventId::Deleted};
    const Report report = buildEventReport(events, q, FixedClock(kNow));
    const PdfRenderResult pdf = render(report);
    QCOMPARE(pdf.pages, 2);
    QCOMPARE(countPdfPages(pdf.pdf), 2);
    const QStringList text = pagesText(pdf.pdf, env);
    if (text.isEmpty())
        return;
    QVERIFY(!text[0].contains(QStringLiteral("Upcoming expirations")));
    QVERIFY(text[0].contains(QStringLiteral("Lifecycle event report")));
    QVERIFY(text[0].contains(QStringLiteral("Event ids: 1004 Deleted")));
    QCOMPARE(int(text[1].count(QRegularExpression(QStringLiteral("Deleted e\\d+")))), 1);
}

void TestReportPdf::writesAtomicallyAndNamesTheFileOnError()
{
    TestEnvironment env;
    const Report report = certificates(3);
    const QString path = env.path(QStringLiteral("out/report.pdf"));
    QDir().mkpath(env.path(QStringLiteral("out")));
    writeFile(path, "old content");
    const ReportWriteResult written = writeReport(report, ReportFormat::Pdf, path);
    QVERIFY2(written.ok(), qPrintable(written.error));
    QCOMPARE(written.pages, 1);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().startsWith("%PDF-"));
    QCOMPARE(QDir(env.path(QStringLiteral("out"))).entryList(QDir::Files),
             QStringList{"report.pdf"}); // no temporary left

    const QString missing = env.path(QStringLiteral("no/such/dir/report.pdf"));
    const ReportWriteResult failed = writeReport(report, ReportFormat::Pdf, missing);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error.contains(missing), qPrintable(failed.error));
    const ReportWriteResult directory = writeReport(report, ReportFormat::Csv, env.path(QStringLiteral("out")));
    QVERIFY(directory.error.contains(QStringLiteral("is a directory")));
}

void TestReportPdf::helperDrawsWhatThisProcessDraws()
{
    TestEnvironment env;
    // This test runs in the build tree: it gets the helper of this build.
    const QString helper = pdfHelperPath();
    QVERIFY2(helper.endsWith(QStringLiteral("/libexec/certlife/certlife-report-pdf")), qPrintable(helper));
    QVERIFY2(QFileInfo(helper).isExecutable(), qPrintable(helper));

    const Report report = certificates(40, 2);
    const PdfRenderResult here = render(report);
    const PdfRenderResult there = renderPdfInHelper(report, helper);
    QVERIFY2(there.error.isEmpty(), qPrintable(there.error));
    QVERIFY(there.pdf.startsWith("%PDF-"));
    QCOMPARE(there.pages, here.pages);
    QCOMPARE(countPdfPages(there.pdf), here.pages);
    const QStringList hereText = pagesText(here.pdf, env);
    if (!hereText.isEmpty())
        QCOMPARE(pagesText(there.pdf, env), hereText);
}

void TestReportPdf::helperThatIsMissingOrMisbehavesIsAnError()
{
    TestEnvironment env;
    const Report report = certificates(400); // input larger than a pipe holds
    const auto script = [&](const QString& name, const QByteArray& body) {
        const QString path = env.path(name);
        writeFile(path, "#!/bin/sh\n" + body);
        QFile(path).setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    };

    const QString missing = env.path(QStringLiteral("no-such-helper"));
    PdfRenderResult r = renderPdfInHelper(report, missing);
    QVERIFY2(r.error.contains(missing) && r.error.contains(QStringLiteral("missing")), qPrintable(r.error));
    QVERIFY(r.pdf.isEmpty());

    const QString failing = script(QStringLiteral("failing"), "cat > /dev/null; echo 'no fonts here' >&2; exit 3\n");
    r = renderPdfInHelper(report, failing);
    QVERIFY2(r.error.contains(failing) && r.error.contains(QStringLiteral("exit status 3"))
                 && r.error.contains(QStringLiteral("no fonts here")),
             qPrintable(r.error));

    const QString garbage = script(QStringLiteral("garbage"), "cat > /dev/null; echo '%PDF-1.4 not ours'\n");
    r = renderPdfInHelper(report, garbage);
    QVERIFY2(r.error.contains(QStringLiteral("gave no PDF")), qPrintable(r.error));
    QVERIFY(r.pdf.isEmpty());

    // A helper that leaves without reading: the write to it fails, this process lives on.
    const QString deaf = script(QStringLiteral("deaf"), "exit 0\n");
    r = renderPdfInHelper(report, deaf);
    QVERIFY2(r.error.contains(QStringLiteral("gave no PDF")), qPrintable(r.error));
}

QTEST_MAIN(TestReportPdf)
#include "TestReportPdf.moc"
