// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The issuer_CN label of the metrics: the CN of an RFC 4514 name, unescaped.
// (What check and metrics judge is lifecycle's CertificateClassifier: TestCertificateClassifier.)

#include "monitoring/CommonName.h"

#include <QTest>

using namespace certlife;

class TestCommonName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commonName_data();
    void commonName();
};

void TestCommonName::commonName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("cn");
    QTest::newRow("first CN") << "CN=R3,O=Let's Encrypt,C=US"
                              << "R3";
    QTest::newRow("no CN") << "O=Example,C=DE"
                           << "";
    QTest::newRow("CN later") << "emailAddress=a@b,CN=Issuing CA 2,O=X"
                              << "Issuing CA 2";
    QTest::newRow("escaped comma and plus") << "CN=Doe\\, John \\+ Co,O=X"
                                            << "Doe, John + Co";
    QTest::newRow("multi-valued RDN") << "OU=Ops+CN=ops.example,O=X"
                                      << "ops.example";
    QTest::newRow("hex escape of a control") << "CN=a\\0Ab\\1B[2J"
                                             << "a\nb\x1b[2J";
    QTest::newRow("escaped plus before hex digits") << "CN=\\+AB"
                                                    << "+AB";
    QTest::newRow("UTF-8 as is") << "CN=bücher.example"
                                 << "bücher.example";
    QTest::newRow("UTF-8 in hex escapes") << "CN=b\\C3\\BCcher"
                                          << "bücher";
    QTest::newRow("lower-case type") << "cn=x.example"
                                     << "x.example";
    QTest::newRow("trailing backslash") << "CN=x\\"
                                        << "x\\";
    QTest::newRow("empty") << ""
                           << "";
}

void TestCommonName::commonName()
{
    QFETCH(QString, name);
    QFETCH(QString, cn);
    QCOMPARE(commonNameOf(name), cn);
}

QTEST_GUILESS_MAIN(TestCommonName)
#include "TestCommonName.moc"
