// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the decoder tests: runs one DER certificate through the fast path and
// through OpenSSL and says how they compare; compares a certificate with what the
// `openssl x509` command prints.

#include "CertFactory.h"
#include "x509/CertificateDecoder.h"
#include "x509/CertificateDiff.h"
#include "x509/MbedCertificateReader.h"
#include "x509/OpenSslCertificateReader.h"

#include <QLocale>
#include <QTest>

namespace certlife::test {

enum class FastPath { Accepts, Declines, Either };

struct ReaderComparison
{
    std::optional<Certificate> fast;
    const char* declineReason = "";
    std::optional<Certificate> reference; // OpenSSL
    QString referenceError;
    QStringList differences; // fast vs OpenSSL, when both read it
};

inline ReaderComparison compareReaders(const QByteArray& der)
{
    ReaderComparison r;
    r.fast = MbedCertificateReader::fromDer(der, &r.declineReason);
    r.reference = OpenSslCertificateReader::fromDer(der, &r.referenceError);
    if (r.fast && r.reference)
        r.differences = certificateDifferences(*r.fast, *r.reference);
    return r;
}

// The checks every decoder test applies to a certificate: whatever the fast path
// accepts, OpenSSL reads identically; the fast path takes it (or not) as expected;
// decodeCertificateDer (fast path + fallback) gives OpenSSL's result.
inline void verifyReadersAgree(const QByteArray& der, FastPath expected)
{
    const ReaderComparison r = compareReaders(der);
    if (r.fast) {
        QVERIFY2(r.reference.has_value(),
                 qPrintable(QStringLiteral("fast path read what OpenSSL refuses: ") + r.referenceError));
        QVERIFY2(r.differences.isEmpty(), qPrintable(r.differences.join(QLatin1Char('\n'))));
    }
    if (expected == FastPath::Accepts)
        QVERIFY2(r.fast.has_value(),
                 qPrintable(QStringLiteral("fast path declined: ") + QLatin1String(r.declineReason)));
    if (expected == FastPath::Declines)
        QVERIFY2(!r.fast.has_value(), "fast path accepted a certificate it should leave to OpenSSL");

    QString error;
    const std::optional<Certificate> decoded = decodeCertificateDer(der, &error);
    QCOMPARE(decoded.has_value(), r.reference.has_value());
    if (decoded)
        QVERIFY2(certificateDifferences(*decoded, *r.reference).isEmpty(),
                 qPrintable(certificateDifferences(*decoded, *r.reference).join(QLatin1Char('\n'))));
    else
        QCOMPARE(error, r.referenceError);
}

// Subject, issuer, serial, validity and SHA-1 fingerprint as `openssl x509` prints
// them, against the decoded certificate. Returns the mismatching lines.
inline QStringList cliDifferences(const Certificate& c)
{
    const QString out = opensslField(c.der,
                                     QStringLiteral("-subject -issuer -serial -startdate -enddate "
                                                    "-fingerprint -sha1 -nameopt RFC2253,-esc_msb"));
    QStringList problems;
    auto expect = [&](const QString& prefix, const QString& value) {
        for (const QString& line : out.split(QLatin1Char('\n')))
            if (line.startsWith(prefix)) {
                if (line.mid(prefix.size()) != value)
                    problems
                        << QStringLiteral("%1 openssl=\"%2\" ours=\"%3\"").arg(prefix, line.mid(prefix.size()), value);
                return;
            }
        problems << QStringLiteral("openssl printed no %1").arg(prefix);
    };
    auto cliDate = [](const QDateTime& t) { // "Jan  1 00:00:00 2026 GMT"
        return QLocale::c().toString(t, QStringLiteral("MMM ")) + QStringLiteral("%1").arg(t.date().day(), 2)
            + QLocale::c().toString(t, QStringLiteral(" HH:mm:ss yyyy")) + QStringLiteral(" GMT");
    };
    QString fingerprint;
    for (int i = 0; i < c.thumbprint().size(); i += 2)
        fingerprint += (i ? QStringLiteral(":") : QString()) + c.thumbprint().mid(i, 2);
    expect(QStringLiteral("subject="), c.subject);
    expect(QStringLiteral("issuer="), c.issuer);
    expect(QStringLiteral("serial="), c.serialHex);
    expect(QStringLiteral("notBefore="), cliDate(c.notBefore()));
    expect(QStringLiteral("notAfter="), cliDate(c.notAfter()));
    expect(QStringLiteral("sha1 Fingerprint="), fingerprint);
    return problems;
}

// The decoded certificate against the `openssl x509` command; when OpenSSL refuses
// the bytes, the command must refuse them too.
inline void verifyMatchesOpensslCommand(const QByteArray& der)
{
    const std::optional<Certificate> c = decodeCertificateDer(der);
    if (!c) {
        QVERIFY(opensslField(der, QStringLiteral("-subject")).isEmpty());
        return;
    }
    const QStringList problems = cliDifferences(*c);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

// Every certificate of a PEM file, decoded independently of the code under test.
inline QList<QByteArray> certificatesOfPem(const QByteArray& pem)
{
    const QByteArray begin = "-----BEGIN CERTIFICATE-----";
    QList<QByteArray> out;
    for (qsizetype start = pem.indexOf(begin); start >= 0; start = pem.indexOf(begin, start + 1)) {
        const qsizetype end = pem.indexOf("-----END CERTIFICATE-----", start);
        if (end < 0)
            break;
        out << QByteArray::fromBase64(
            pem.mid(start + begin.size(), end - start - begin.size()).simplified().replace(' ', ""));
    }
    return out;
}

} // namespace certlife::test
