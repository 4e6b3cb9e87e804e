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

QTEST_GUILESS_MAIN(TestCertificateText)
#include "TestCertificateText.moc"
