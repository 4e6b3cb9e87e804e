// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/RenewalChains.h"

#include <QTest>

using namespace certlife;

namespace {

QString thumb(int n)
{
    return QStringLiteral("%1").arg(n, 40, 10, QLatin1Char('0'));
}

LifecycleEvent link(qint64 recordId, int from, int to, const QString& store = QStringLiteral("My"))
{
    LifecycleEvent e;
    e.recordId = recordId;
    e.id = EventId::Replace;
    e.channel = Scope::System;
    e.storeId = store;
    e.certificate.thumbprint = thumb(to);
    e.certificate.subject = QStringLiteral("CN=cert%1").arg(to);
    CertificateDetails old;
    old.thumbprint = thumb(from);
    e.oldCertificate = old;
    return e;
}

// "OLD->NEW@record" for each result, to compare at a glance.
QStringList describe(const QList<LifecycleEvent>& events)
{
    QStringList out;
    for (const LifecycleEvent& e : events)
        out << QStringLiteral("%1->%2@%3")
                   .arg(e.oldCertificate->thumbprint.toLongLong())
                   .arg(e.certificate.thumbprint.toLongLong())
                   .arg(e.recordId);
    return out;
}

} // namespace

class TestRenewalChains : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chainFiresEachOldCertificateToTheEnd();
    void chainsStopAfterTwentyLinks();
    void loopsAndOtherEventsDoNotConfuseIt();
};

void TestRenewalChains::chainFiresEachOldCertificateToTheEnd()
{
    // A=1 -> B=2 -> C=3, and an unrelated D=4 -> E=5.
    LifecycleEvent newEvent;
    newEvent.id = EventId::New;
    newEvent.recordId = 2;
    const QList<LifecycleEvent> result = renewalChainEvents(
        {link(1, 1, 2), newEvent, link(3, 4, 5, QStringLiteral("Web")), link(7, 2, 3, QStringLiteral("Other"))});
    QCOMPARE(describe(result), QStringList({"1->3@1", "4->5@3", "2->3@7"}));
    // The end of the chain brings its certificate details and store.
    QCOMPARE(result.at(0).certificate.subject, QStringLiteral("CN=cert3"));
    QCOMPARE(result.at(0).storeId, QStringLiteral("Other"));
}

void TestRenewalChains::chainsStopAfterTwentyLinks()
{
    QList<LifecycleEvent> history;
    for (int i = 1; i <= 25; ++i)
        history << link(i, i, i + 1); // 1 -> 2 -> … -> 26
    const QList<LifecycleEvent> result = renewalChainEvents(history);
    QCOMPARE(result.size(), 25);
    QCOMPARE(describe({result.first()}), QStringList("1->21@1")); // 20 links from 1
    QCOMPARE(describe({result.at(10)}), QStringList("11->26@11"));
    QCOMPARE(describe({result.last()}), QStringList("25->26@25"));
}

void TestRenewalChains::loopsAndOtherEventsDoNotConfuseIt()
{
    // 1 -> 2 -> 1 (renewed back), and 3 replaced twice: the later replacement wins.
    const QList<LifecycleEvent> result =
        renewalChainEvents({link(1, 1, 2), link(2, 2, 1), link(3, 3, 4), link(4, 3, 5)});
    QCOMPARE(describe(result), QStringList({"1->2@1", "2->1@2", "3->5@4"}));
    QVERIFY(renewalChainEvents({}).isEmpty());
}

QTEST_GUILESS_MAIN(TestRenewalChains)
#include "TestRenewalChains.moc"
