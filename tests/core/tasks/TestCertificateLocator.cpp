// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The task runner's "is this certificate still in its store?" (locatorFromScans): what
// it answers decides whether an admin's script runs for a certificate.
#include "CertFactory.h"
#include "stores/StoreTypes.h"
#include "tasks/TaskSeams.h"
#include "x509/OpenSslCertificateReader.h"

#include <QTest>

using namespace certlife;
using namespace certlife::test;

class TestCertificateLocator : public QObject
{
    Q_OBJECT

    static Certificate make(const QString& cn, const QStringList& dns)
    {
        CertSpec spec;
        spec.cn = cn;
        spec.dns = dns;
        const std::optional<Certificate> c = OpenSslCertificateReader::fromDer(makeCertificate(spec).der);
        Q_ASSERT(c);
        return *c;
    }
    static StoreScan scan(Scope scope, const QString& storeId, const QList<StoredCertificate>& certs)
    {
        StoreScan s;
        s.scope = scope;
        s.storeId = storeId;
        s.certificates = certs;
        return s;
    }

private Q_SLOTS:
    void findsTheCertificateWithItsFullDetailsInTheStoreAsked()
    {
        const Certificate web = make(QStringLiteral("www.example.org"), {QStringLiteral("www.example.org")});
        const Certificate mail = make(QStringLiteral("mail.example.org"), {QStringLiteral("mail.example.org")});
        const CertificateLocator locate = locatorFromScans(
            {scan(Scope::System, QStringLiteral("web"), {{web, QStringLiteral("/srv/web.pem"), 0, {}}}),
             scan(Scope::System, QStringLiteral("mail"),
                  {{mail, QStringLiteral("/srv/mail.pem"), 0, {}},
                   {web, QStringLiteral("/srv/copy-of-web.pem"), 0, {}}})});

        // Any store: the first store scanned that holds it answers; a lower-case
        // thumbprint (as an admin may type it) finds it too.
        const auto anywhere = locate(Scope::System, QString(), web.thumbprint().toLower());
        QVERIFY(anywhere);
        QCOMPARE(anywhere->storeId, QStringLiteral("web"));
        QCOMPARE(anywhere->details, CertificateDetails::from(web, QStringLiteral("/srv/web.pem")));
        QCOMPARE(anywhere->details.sans, QStringList{QStringLiteral("DNS:www.example.org")});

        const auto inMail = locate(Scope::System, QStringLiteral("mail"), web.thumbprint());
        QVERIFY(inMail);
        QCOMPARE(inMail->storeId, QStringLiteral("mail"));
        QCOMPARE(inMail->details.path, QStringLiteral("/srv/copy-of-web.pem"));
        QCOMPARE(locate(Scope::System, QStringLiteral("mail"), mail.thumbprint())->details.subjectCN,
                 QStringLiteral("mail.example.org"));
    }

    void answersNothingForAnotherStoreScopeOrAMalformedThumbprint()
    {
        const Certificate web = make(QStringLiteral("www.example.org"), {});
        const Certificate absent = make(QStringLiteral("gone.example.org"), {});
        const CertificateLocator locate = locatorFromScans(
            {scan(Scope::User, QStringLiteral("My"), {{web, QStringLiteral("/home/a/web.pem"), 0, {}}})});

        QVERIFY(locate(Scope::User, QStringLiteral("My"), web.thumbprint()));
        QVERIFY(!locate(Scope::System, QString(), web.thumbprint()));
        QVERIFY(!locate(Scope::User, QStringLiteral("other"), web.thumbprint()));
        QVERIFY(!locate(Scope::User, QString(), absent.thumbprint()));
        QVERIFY(!locate(Scope::User, QString(), web.thumbprint().left(39)));
        QVERIFY(!locate(Scope::User, QString(), web.sha256Hex())); // a SHA-256 is no thumbprint
        QVERIFY(!locate(Scope::User, QString(), QString()));
    }
};

QTEST_GUILESS_MAIN(TestCertificateLocator)
#include "TestCertificateLocator.moc"
