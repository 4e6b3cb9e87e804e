// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "../eventlog/EventFixtures.h"
#include "TestEnvironment.h"

#include "eventlog/EventLog.h"
#include "reports/EventReport.h"
#include "util/Paths.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>
#include <QTest>

using namespace certlife;
using namespace certlife::test;

// The event report: every field of each event (old and new certificate of a Replace),
// every matching event read from both channels' logs page by page, and the filters and
// time range described.
class TestEventReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFieldIncludingTheOldCertificate();
    void fetchesEveryPageFromBothChannels();
    void describesTheQueryAndTheTimeRange();
    void namesTheStoreByItsDisplayName();

private:
    static QJsonValue cell(const Report& r, int row, const QString& key)
    {
        return r.rows.value(row).cells.value(r.columnIndex(key));
    }
    static QList<LifecycleEvent> events(int count, int firstCertificate, qint64 secondsApart)
    {
        static const EventId ids[] = {EventId::Replace,  EventId::Expired, EventId::CloseToExpiration, EventId::Deleted,
                                      EventId::Archived, EventId::New,     EventId::Exported};
        QList<LifecycleEvent> out;
        for (int i = 0; i < count; ++i)
            out << fixtureEvent(ids[i % 7], firstCertificate + i, i % 2 ? QStringLiteral("My") : QStringLiteral("web"),
                                fixtureTime(i * secondsApart));
        return out;
    }
};

void TestEventReport::everyFieldIncludingTheOldCertificate()
{
    LifecycleEvent replace = fixtureEvent(EventId::Replace, 3, QStringLiteral("My"), fixtureTime(60));
    replace.recordId = 41;
    replace.channel = Scope::System;
    LifecycleEvent expired = fixtureEvent(EventId::Expired, 4, QStringLiteral("web"), fixtureTime(30));
    expired.recordId = 40;
    LifecycleEvent close = fixtureEvent(EventId::CloseToExpiration, 5, QStringLiteral("web"), fixtureTime(0));
    close.recordId = 39;
    const Report r = buildEventReport({replace, expired, close}, EventQuery{}, FixedClock(fixtureTime(3600)));
    QCOMPARE(r.kind, ReportKind::Events);
    QCOMPARE(r.rows.size(), 3);

    QCOMPARE(cell(r, 0, "recordId").toDouble(), 41.0);
    QCOMPARE(cell(r, 0, "time").toString(), QStringLiteral("2026-01-01T00:01:00Z"));
    QCOMPARE(cell(r, 0, "channel").toString(), QStringLiteral("System"));
    QCOMPARE(cell(r, 0, "eventId").toInt(), 1001);
    QCOMPARE(cell(r, 0, "event").toString(), QStringLiteral("Replace"));
    QCOMPARE(cell(r, 0, "level").toString(), QStringLiteral("Information"));
    QCOMPARE(cell(r, 0, "host").toString(), replace.host);
    QCOMPARE(cell(r, 0, "account").toString(), replace.account);
    QCOMPARE(cell(r, 0, "process").toString(), replace.process);
    QCOMPARE(cell(r, 0, "action").toString(), QStringLiteral("renew"));
    QCOMPARE(cell(r, 0, "store").toString(), QStringLiteral("My"));
    QCOMPARE(cell(r, 0, "message").toString(), replace.message);
    QCOMPARE(cell(r, 0, "remainingSeconds"), QJsonValue(QJsonValue::Null));
    const auto checkDetails = [&](const QString& prefix, const CertificateDetails& d) {
        const auto key = [&](const char* name) {
            QString k = QLatin1String(name);
            if (!prefix.isEmpty())
                k[0] = k[0].toUpper();
            return prefix + k;
        };
        QCOMPARE(cell(r, 0, key("subjectCN")).toString(), d.subjectCN);
        QCOMPARE(cell(r, 0, key("subject")).toString(), d.subject);
        QCOMPARE(cell(r, 0, key("sans")).toArray(), QJsonArray::fromStringList(d.sans));
        QCOMPARE(cell(r, 0, key("issuer")).toString(), d.issuer);
        QCOMPARE(cell(r, 0, key("thumbprint")).toString(), d.thumbprint);
        QCOMPARE(cell(r, 0, key("sha256")).toString(), d.sha256);
        QCOMPARE(cell(r, 0, key("ekus")).toArray(), QJsonArray({"TLS Web Server Authentication (1.3.6.1.5.5.7.3.1)"}));
        QCOMPARE(cell(r, 0, key("notBefore")).toString(), d.notBefore.toString(Qt::ISODate));
        QCOMPARE(cell(r, 0, key("notAfter")).toString(), d.notAfter.toString(Qt::ISODate));
        QCOMPARE(cell(r, 0, key("path")).toString(), d.path);
    };
    checkDetails(QString(), replace.certificate);
    checkDetails(QStringLiteral("old"), *replace.oldCertificate);
    QVERIFY(cell(r, 0, "thumbprint") != cell(r, 0, "oldThumbprint"));

    QCOMPARE(cell(r, 1, "remainingSeconds").toDouble(), -3600.0);
    QCOMPARE(cell(r, 1, "level").toString(), QStringLiteral("Error"));
    QCOMPARE(r.rows[1].tone, RowTone::Bad);
    QCOMPARE(cell(r, 1, "oldThumbprint"), QJsonValue(QJsonValue::Null)); // only a Replace has an old certificate
    QCOMPARE(cell(r, 2, "remainingSeconds").toDouble(), 5.0 * 86400);
    QCOMPARE(r.rows[2].tone, RowTone::Warning);
    QCOMPARE(r.rows[0].tone, RowTone::Neutral);
    QCOMPARE(r.summary, QStringLiteral("3 events: 1 error, 1 warning"));
}

void TestEventReport::fetchesEveryPageFromBothChannels()
{
    TestEnvironment env;
    EventLog system(Paths::eventLogFile(Scope::System), Scope::System);
    EventLog user(Paths::eventLogFile(Scope::User), Scope::User);
    QString error;
    QVERIFY2(system.open(&error), qPrintable(error));
    QVERIFY2(user.open(&error), qPrintable(error));
    QList<LifecycleEvent> systemEvents = events(1500, 0, 60);
    QList<LifecycleEvent> userEvents = events(700, 5000, 97);
    QVERIFY2(system.append(systemEvents, &error), qPrintable(error));
    QVERIFY2(user.append(userEvents, &error), qPrintable(error));
    const QList<const EventLog*> logs{&system, &user};

    bool truncated = true;
    const QList<LifecycleEvent> all = fetchReportEvents(logs, EventQuery{}, 0, &truncated);
    QVERIFY(!truncated);
    QCOMPARE(all.size(), 2200);
    QSet<QPair<int, qint64>> seen;
    for (int i = 0; i < all.size(); ++i) {
        seen.insert({int(all[i].channel), all[i].recordId});
        if (i > 0)
            QVERIFY(isNewerThan(all[i - 1], all[i]));
    }
    QCOMPARE(seen.size(), 2200); // no event twice, none lost at page edges

    EventQuery replaces;
    replaces.ids = {EventId::Replace};
    replaces.channel = Scope::System;
    const QList<LifecycleEvent> onlyReplaces = fetchReportEvents(logs, replaces);
    QCOMPARE(onlyReplaces.size(), (1500 + 6) / 7);
    for (const LifecycleEvent& e : onlyReplaces)
        QVERIFY(e.id == EventId::Replace && e.channel == Scope::System);

    const QList<LifecycleEvent> first = fetchReportEvents(logs, EventQuery{}, 1200, &truncated);
    QVERIFY(truncated);
    QCOMPARE(first.size(), 1200);
    QCOMPARE(first.last().recordId, all[1199].recordId);
    QCOMPARE(fetchReportEvents(logs, EventQuery{}, 2200, &truncated).size(), 2200);
    QVERIFY(!truncated);
}

void TestEventReport::describesTheQueryAndTheTimeRange()
{
    EventQuery q;
    q.channel = Scope::User;
    q.ids = {EventId::Replace, EventId::Deleted};
    q.level = EventLevel::Information;
    q.since = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    q.until = QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC);
    q.storeId = QStringLiteral("web");
    q.text = QStringLiteral("example.org");
    const Report r = buildEventReport({}, q, FixedClock(fixtureTime(86400 * 60)));
    QStringList described;
    for (const ReportFilter& f : r.filters)
        described << QStringLiteral("%1|%2|%3").arg(f.key, f.label, f.value);
    QCOMPARE(described,
             (QStringList{"channel|Channel|User", "ids|Event ids|1001 Replace, 1004 Deleted", "level|Level|Information",
                          "since|Since|2026-01-01 00:00 UTC", "until|Until (not including)|2026-02-01 00:00 UTC",
                          "store|Store|web", "search|Search|example.org"}));
    QCOMPARE(r.rangeFrom, q.since);
    QCOMPARE(r.rangeTo, q.until);
    QCOMPARE(r.rangeText, QStringLiteral("2026-01-01 00:00 UTC to 2026-02-01 00:00 UTC"));
    QCOMPARE(r.summary, QStringLiteral("0 events: 0 errors, 0 warnings"));

    // Open ends: the oldest event shown, and the report's own time.
    const Report open = buildEventReport(events(3, 0, 3600), EventQuery{}, FixedClock(fixtureTime(86400)));
    QVERIFY(open.filters.isEmpty());
    QCOMPARE(open.rangeText,
             QStringLiteral("2026-01-01 00:00 UTC (oldest event shown) to 2026-01-02 00:00 UTC (report time)"));
    QCOMPARE(buildEventReport({}, EventQuery{}, FixedClock(fixtureTime())).rangeText,
             QStringLiteral("the beginning of the log to 2026-01-01 00:00 UTC (report time)"));
}

void TestEventReport::namesTheStoreByItsDisplayName()
{
    // Store ids are unique per scope: the same id may be two stores with two names.
    ReportStoreNames names;
    names.insert(Scope::System, QStringLiteral("web"), QStringLiteral("Web servers"));
    names.insert(Scope::User, QStringLiteral("web"), QStringLiteral("My test sites"));
    LifecycleEvent system = fixtureEvent(EventId::Expired, 1, QStringLiteral("web"), fixtureTime(60));
    system.channel = Scope::System;
    LifecycleEvent user = fixtureEvent(EventId::Expired, 2, QStringLiteral("web"), fixtureTime(30));
    LifecycleEvent removed = fixtureEvent(EventId::Deleted, 3, QStringLiteral("gone"), fixtureTime(0));
    EventQuery q;
    q.channel = Scope::System;
    q.storeId = QStringLiteral("web");
    const Report r = buildEventReport({system, user, removed}, q, FixedClock(fixtureTime(3600)), names);
    QCOMPARE(cell(r, 0, "store").toString(), QStringLiteral("Web servers"));
    QCOMPARE(cell(r, 0, "storeId").toString(), QStringLiteral("web"));
    QCOMPARE(cell(r, 1, "store").toString(), QStringLiteral("My test sites"));
    QCOMPARE(cell(r, 2, "store").toString(), QStringLiteral("gone")); // no longer configured: its id
    const auto filter = std::find_if(r.filters.cbegin(), r.filters.cend(),
                                     [](const ReportFilter& f) { return f.key == QLatin1String("store"); });
    QVERIFY(filter != r.filters.cend());
    QCOMPARE(filter->value, QStringLiteral("Web servers (web)"));
    // Without names (a caller that has no catalog) the ids stand.
    QCOMPARE(cell(buildEventReport({system}, q, FixedClock(fixtureTime(3600))), 0, "store").toString(),
             QStringLiteral("web"));
}

QTEST_GUILESS_MAIN(TestEventReport)
#include "TestEventReport.moc"
