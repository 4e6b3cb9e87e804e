// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "models/CertificateText.h"

#include <QTest>

using namespace certlife;

// The console's reading of distinguished names: the CN, and a short name for a subject
// without one.
class TestCertificateText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dnAttributes_data();
    void dnAttributes();
    void searchingTheNamesFindsWhatTheirColumnShows();
};

void TestCertificateText::dnAttributes_data()
{
    QTest::addColumn<QString>("dn");
    QTest::addColumn<QString>("cn");
    QTest::addColumn<QString>("shortName");

    QTest::newRow("cn first") << "CN=www.example.org,O=Example"
                              << "www.example.org"
                              << "www.example.org";
    QTest::newRow("escaped comma") << "CN=Example\\, Inc. CA,O=Example\\, Inc."
                                   << "Example, Inc. CA"
                                   << "Example, Inc. CA";
    QTest::newRow("no cn: organisation") << "OU=Unit,O=Acme,C=DE"
                                         << ""
                                         << "Acme";
    QTest::newRow("multi-valued rdn") << "CN=a+UID=7,O=x"
                                      << "a"
                                      << "a";
}

void TestCertificateText::dnAttributes()
{
    QFETCH(QString, dn);
    QFETCH(QString, cn);
    QFETCH(QString, shortName);
    QCOMPARE(dnAttribute(dn, QStringLiteral("CN")), cn);
    QCOMPARE(shortDnName(dn), shortName);
}

// The table's search looks in the Alternative names column without making its text: it
// must find exactly what a search of the text would, also across two names.
void TestCertificateText::searchingTheNamesFindsWhatTheirColumnShows()
{
    Certificate c;
    c.sans = {{SubjectAltName::Type::Dns, QStringLiteral("www.example.org")},
              {SubjectAltName::Type::Ip, QStringLiteral("192.0.2.7")},
              {SubjectAltName::Type::Email, QStringLiteral("Admin@Example.org")},
              {SubjectAltName::Type::Dns, QStringLiteral("mail.example.org")}};
    const QString text = sanListText(c.sanStrings());
    QCOMPARE(text, QStringLiteral("www.example.org, IP:192.0.2.7, email:Admin@Example.org, mail.example.org"));
    const QStringList needles = {
        QStringLiteral("WWW"),    QStringLiteral("192.0"), QStringLiteral("ip"),      QStringLiteral("p:1"),
        QStringLiteral("admin@"), QStringLiteral("DNS"),   QStringLiteral("dns:www"), QStringLiteral("org, ip"),
        QStringLiteral(" mail"),  QStringLiteral("7, e"),  QStringLiteral("mail."),   QStringLiteral("nowhere"),
        QStringLiteral("o"),      QStringLiteral("org,"),  QStringLiteral("EMAIL"),   QStringLiteral("uri")};
    for (const QString& needle : needles)
        QVERIFY2(sanListTextContains(c, needle) == text.contains(needle, Qt::CaseInsensitive), qPrintable(needle));
    QVERIFY(!sanListTextContains(Certificate(), QStringLiteral("a")));
}

QTEST_GUILESS_MAIN(TestCertificateText)
#include "TestCertificateText.moc"
