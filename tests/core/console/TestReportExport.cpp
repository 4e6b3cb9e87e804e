// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../models/ModelTestData.h"
#include "TestEnvironment.h"
#include "console/ReportExport.h"
#include "models/ConsoleReport.h"
#include "models/CertificateTableModel.h"
#include "models/EventLogSource.h"

#include <QFile>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

namespace {
const QDateTime kNow = utc(2026, 3, 1, 12);
}

// File → Export report's work without a window: the console's certificates written
// through the code of `certlifectl report`, the line the status bar shows, and a failure
// that names the file and leaves nothing behind.
class TestReportExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { m_env.reset(); }

    void writesTheInventorysCertificates();
    void aPdfSaysHowManyPages();
    void aFileThatCannotBeWrittenIsNamedAndLeftAlone();

private:
    ConsoleReportRequest certificatesRequest() const;

    std::unique_ptr<TestEnvironment> m_env;
    std::shared_ptr<const EventSource> m_events;
    std::shared_ptr<const Clock> m_clock = std::make_shared<FixedClock>(kNow);
};

void TestReportExport::init()
{
    m_env = std::make_unique<TestEnvironment>();
    m_events = EventLogSource::forDefaultPaths();
}

ConsoleReportRequest TestReportExport::certificatesRequest() const
{
    Inventory inventory;
    inventory << storeWith(Scope::User, QStringLiteral("My"), QStringLiteral("Personal"),
                           {storedCert(QStringLiteral("soon.example"), kNow.addDays(-85), kNow.addDays(5)),
                            storedCert(QStringLiteral("year.example"), kNow.addDays(-30), kNow.addDays(365))},
                           kNow);
    ConsoleReportRequest request;
    request.kind = ReportKind::Certificates;
    // The console's rows, as it classified them (all of them: File → Export report's "all").
    const QList<CertificateRow> rows = CertificateTableModel::buildRows(inventory, kNow, ExpiryThresholds());
    request.certificates = reportCertificates(rows);
    return request;
}

void TestReportExport::writesTheInventorysCertificates()
{
    const QString path = m_env->path(QStringLiteral("certificates.csv"));
    const ReportExportResult exported =
        exportConsoleReport(certificatesRequest(), ReportFormat::Csv, path, *m_events, m_clock);
    QVERIFY2(exported.ok(), qPrintable(exported.error));
    QCOMPARE(exported.rows, 2);
    QCOMPARE(exported.message, QStringLiteral("Wrote %1 (csv, 2 rows)").arg(path));
    QVERIFY(exported.warnings.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    QVERIFY(csv.contains("soon.example") && csv.contains("year.example"));
}

void TestReportExport::aPdfSaysHowManyPages()
{
    const QString path = m_env->path(QStringLiteral("certificates.pdf"));
    const ReportExportResult exported =
        exportConsoleReport(certificatesRequest(), ReportFormat::Pdf, path, *m_events, m_clock);
    QVERIFY2(exported.ok(), qPrintable(exported.error));
    QCOMPARE(exported.pages, 1);
    QCOMPARE(exported.message, QStringLiteral("Wrote %1 (pdf, 2 rows, 1 page)").arg(path));
    QVERIFY(QFile(path).size() > 0);
}

void TestReportExport::aFileThatCannotBeWrittenIsNamedAndLeftAlone()
{
    const QString blocker = m_env->path(QStringLiteral("not-a-directory"));
    QVERIFY(writeFile(blocker, "x"));
    const QString path = blocker + QStringLiteral("/report.json");
    const ReportExportResult exported =
        exportConsoleReport(certificatesRequest(), ReportFormat::Json, path, *m_events, m_clock);
    QVERIFY(!exported.ok());
    QVERIFY2(exported.error.contains(path), qPrintable(exported.error));
    QVERIFY(exported.message.isEmpty());
    QVERIFY(!QFile::exists(path));
}

// PDFs are drawn by the helper program (reports/PdfHelper.h): no QGuiApplication here.
QTEST_GUILESS_MAIN(TestReportExport)
#include "TestReportExport.moc"
