// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "eventlog/EventIdList.h"

#include <QTest>

using namespace certlife;

// Event ids as an admin types them in the Events page's filter and after `certlifectl
// events --id` / `report --id`: numbers, ranges and names, and a clear error otherwise.
class TestEventIdList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesWhatAnAdminTypes();
};

void TestEventIdList::parsesWhatAnAdminTypes()
{
    QList<EventId> ids;
    QString error;
    QVERIFY(parseEventIdList(QStringLiteral("1001, 1003-1005"), &ids, &error));
    QCOMPARE(ids, (QList<EventId>{EventId::Replace, EventId::CloseToExpiration, EventId::Deleted, EventId::Archived}));
    QCOMPARE(formatEventIdList(ids), QStringLiteral("1001, 1003, 1004, 1005"));
    QVERIFY(parseEventIdList(QStringLiteral(""), &ids, &error));
    QVERIFY(ids.isEmpty());
    QVERIFY(!parseEventIdList(QStringLiteral("1001, 42"), &ids, &error));
    QVERIFY(error.contains(QStringLiteral("\"42\"")));
    QVERIFY(!parseEventIdList(QStringLiteral("1005-1002"), &ids, &error));
    // Names as the events command has always taken them, alone or as a range's end.
    QVERIFY2(parseEventIdList(QStringLiteral("replace; Expired, 1004-archived"), &ids, &error), qPrintable(error));
    QCOMPARE(ids, (QList<EventId>{EventId::Replace, EventId::Expired, EventId::Deleted, EventId::Archived}));
    QVERIFY(!parseEventIdList(QStringLiteral("Renewed"), &ids, &error));
    QVERIFY(error.contains(QStringLiteral("\"Renewed\" is not an event id")));
}

QTEST_GUILESS_MAIN(TestEventIdList)
#include "TestEventIdList.moc"
