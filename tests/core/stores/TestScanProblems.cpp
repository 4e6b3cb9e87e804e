// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "stores/FileNames.h"

#include <QRandomGenerator>
#include <QTest>
#include <cerrno>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

// Every kind of bad input a store can hold. Each must give exactly one problem that
// names the file and the reason, while the good certificate beside it is still read.
class TestScanProblems : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badFileIsReportedAndTheRestScanned_data();
    void badFileIsReportedAndTheRestScanned();
    void unreadableFileByInjectedPermissionError();
    void namesWithSpacesAndNonUtf8BytesAreKeptExactly();
    void directoryVanishingDuringTheScan();
};

enum class Bad {
    TruncatedPem,
    BadBase64,
    BeginWithoutEnd,
    Empty,
    RandomBytes,
    TruncatedPkcs12,
    WrongPkcs12Password,
    MissingPkcs12Password,
    OverSizeLimit,
    SymlinkLoop,
    DanglingLink,
    Fifo
};

void TestScanProblems::badFileIsReportedAndTheRestScanned_data()
{
    QTest::addColumn<Bad>("kind");
    QTest::addColumn<QString>("reason");
    QTest::newRow("truncated PEM") << Bad::TruncatedPem << "PEM block 1: BEGIN CERTIFICATE without END";
    QTest::newRow("bad base64") << Bad::BadBase64 << "PEM block 1: CERTIFICATE block has invalid base64";
    QTest::newRow("BEGIN without END") << Bad::BeginWithoutEnd << "PEM block 1: BEGIN CERTIFICATE without END";
    QTest::newRow("empty file") << Bad::Empty << "empty file";
    QTest::newRow("random bytes") << Bad::RandomBytes << "not a certificate file";
    QTest::newRow("truncated PKCS#12") << Bad::TruncatedPkcs12 << "truncated or corrupt";
    QTest::newRow("wrong PKCS#12 password") << Bad::WrongPkcs12Password << "wrong PKCS#12 password";
    QTest::newRow("missing PKCS#12 password") << Bad::MissingPkcs12Password << "no password is configured";
    QTest::newRow("over the size limit") << Bad::OverSizeLimit << "over the store's size limit of 4.0 KiB";
    QTest::newRow("symlink loop") << Bad::SymlinkLoop << "symlink loop";
    QTest::newRow("dangling link") << Bad::DanglingLink << "dangling symlink: its target \"gone.pem\" does not exist";
    // Tests run as root, and chmod 000 does not stop root from reading. A FIFO cannot be
    // read as a certificate by anyone (and opening one must not hang the scan).
    QTest::newRow("unreadable (FIFO)") << Bad::Fifo << "not a regular file (FIFO)";
}

void TestScanProblems::badFileIsReportedAndTheRestScanned()
{
    QFETCH(Bad, kind);
    QFETCH(QString, reason);
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    const GeneratedCert good = makeNamedCert(QStringLiteral("good.example"), "0D01");
    QVERIFY(writeFile(dir + QStringLiteral("/a-good.pem"), good.pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/z-good.pem"), good.pem()));
    const QString bad = dir + QStringLiteral("/bad file");
    const QByteArray pem = makeNamedCert(QStringLiteral("bad.example"), "0D02").pem();
    const GeneratedCert p12cert = makeNamedCert(QStringLiteral("p12.example"), "0D03", freshKey(KeyType::EcP256));
    StoreConfig config = directoryConfig(dir);

    switch (kind) {
    case Bad::TruncatedPem: QVERIFY(writeFile(bad, pem.left(pem.size() / 2))); break;
    case Bad::BadBase64: {
        QByteArray broken = pem;
        broken[40] = '*';
        QVERIFY(writeFile(bad, broken));
        break;
    }
    case Bad::BeginWithoutEnd: {
        const QByteArray noEnd = pem.left(pem.indexOf("-----END"));
        QVERIFY(writeFile(bad, noEnd + pem)); // its END is missing, the next block is fine
        break;
    }
    case Bad::Empty: QVERIFY(writeFile(bad, QByteArray())); break;
    case Bad::RandomBytes: {
        QByteArray noise(4096, Qt::Uninitialized);
        QRandomGenerator rng(42);
        for (char& c : noise)
            c = char(rng.bounded(256));
        noise[0] = '\x04'; // not a DER SEQUENCE either
        QVERIFY(writeFile(bad, noise));
        break;
    }
    case Bad::TruncatedPkcs12: {
        const QByteArray p12 = makePkcs12(p12cert, "pw", false);
        QVERIFY(writeFile(bad, p12.left(p12.size() * 2 / 3)));
        break;
    }
    case Bad::WrongPkcs12Password:
        QVERIFY(writeFile(bad, makePkcs12(p12cert, "pw", false)));
        QVERIFY(writeFile(env.path(QStringLiteral("pass")), "not-pw\n"));
        config.pkcs12PasswordFile = env.path(QStringLiteral("pass"));
        break;
    case Bad::MissingPkcs12Password: QVERIFY(writeFile(bad, makePkcs12(p12cert, "pw", true))); break;
    case Bad::OverSizeLimit:
        config.maxFileSize = 4096;
        QVERIFY(writeFile(bad, QByteArray(5000, '#') + pem));
        break;
    case Bad::SymlinkLoop:
        QVERIFY(makeSymlink(QStringLiteral("bad file 2"), bad));
        QVERIFY(makeSymlink(QStringLiteral("bad file"), dir + QStringLiteral("/bad file 2")));
        break;
    case Bad::DanglingLink: QVERIFY(makeSymlink(QStringLiteral("gone.pem"), bad)); break;
    case Bad::Fifo: QCOMPARE(::mkfifo(QFile::encodeName(bad).constData(), 0644), 0); break;
    }

    const StoreScan scan = scanOnce(config);
    QStringList expected{dir + QStringLiteral("/a-good.pem"), dir + QStringLiteral("/z-good.pem")};
    if (kind == Bad::BeginWithoutEnd) // the rest of the bad file is still read
        expected.insert(1, bad);
    QCOMPARE(certificatePaths(scan), expected);
    QStringList problems = problemText(scan);
    if (kind == Bad::SymlinkLoop) { // both links of the loop are bad files
        QCOMPARE(problems.size(), 2);
        problems.removeLast();
    }
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(bad + QStringLiteral(": ")), qPrintable(problems.first()));
    QVERIFY2(problems.first().contains(reason), qPrintable(problems.first()));
}

void TestScanProblems::unreadableFileByInjectedPermissionError()
{
    // Root reads any file whatever its mode, so the EACCES an ordinary user gets is
    // injected through the scanner's file reader.
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    QVERIFY(writeFile(dir + QStringLiteral("/good.pem"), makeNamedCert(QStringLiteral("good.example"), "0E01").pem()));
    QVERIFY(
        writeFile(dir + QStringLiteral("/secret.pem"), makeNamedCert(QStringLiteral("secret.example"), "0E02").pem()));
    ScanOptions options;
    options.readFile = [](const QByteArray& path, qint64 max, QByteArray* content, FileStamp* stamp, QString* error) {
        if (path.endsWith("/secret.pem")) {
            *error = QStringLiteral("cannot open: %1").arg(errnoMessage(EACCES));
            return false;
        }
        return readRegularFile(path, max, content, stamp, error);
    };
    const StoreScan scan = scanOnce(directoryConfig(dir), options);
    QCOMPARE(certificatePaths(scan), QStringList{dir + QStringLiteral("/good.pem")});
    QCOMPARE(problemText(scan), QStringList{dir + QStringLiteral("/secret.pem: cannot open: Permission denied")});
}

void TestScanProblems::namesWithSpacesAndNonUtf8BytesAreKeptExactly()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    QVERIFY(QDir().mkpath(dir));
    const GeneratedCert spaced = makeNamedCert(QStringLiteral("spaced.example"), "0F01");
    const GeneratedCert latin1 = makeNamedCert(QStringLiteral("latin1.example"), "0F02");
    QVERIFY(writeFile(dir + QStringLiteral("/my web cert.pem"), spaced.pem()));
    const QByteArray rawName = QFile::encodeName(dir) + "/caf\xe9 \x01.pem"; // ISO-8859-1 é and a control byte
    const QByteArray rawBad = QFile::encodeName(dir) + "/\xff\xfe broken.pem";
    for (const auto& [name, content] : {std::pair{rawName, latin1.pem()}, std::pair{rawBad, QByteArray("junk")}}) {
        FILE* f = ::fopen(name.constData(), "wb");
        QVERIFY(f);
        ::fwrite(content.constData(), 1, size_t(content.size()), f);
        ::fclose(f);
    }

    const StoreScan scan = scanOnce(directoryConfig(dir));
    QCOMPARE(scan.certificates.size(), 2);
    const StoredCertificate* l = findByThumbprint(scan, latin1.thumbprint());
    QVERIFY(l);
    QCOMPARE(encodeFileName(l->path), rawName); // the exact bytes, to open it again
    QCOMPARE(escapedFileName(l->path), dir + QStringLiteral("/caf\\xE9 \\x01.pem"));
    QCOMPARE(findByThumbprint(scan, spaced.thumbprint())->path, dir + QStringLiteral("/my web cert.pem"));
    QCOMPARE(scan.problems.size(), 1);
    QCOMPARE(encodeFileName(scan.problems.first().path), rawBad);
    QCOMPARE(escapedFileName(scan.problems.first().path), dir + QStringLiteral("/\\xFF\\xFE broken.pem"));
    // QTemporaryDir cannot remove names that are not UTF-8 (Qt decodes them lossily).
    ::unlink(rawName.constData());
    ::unlink(rawBad.constData());
}

void TestScanProblems::directoryVanishingDuringTheScan()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    QVERIFY(writeFile(dir + QStringLiteral("/stays/a.pem"), makeNamedCert(QStringLiteral("a.example"), "1001").pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/goes/b.pem"), makeNamedCert(QStringLiteral("b.example"), "1002").pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/goes/c.pem"), makeNamedCert(QStringLiteral("c.example"), "1003").pem()));
    ScanOptions options;
    // Between listing and reading, as a package upgrade or `certbot delete` would.
    options.afterListing = [gone = dir + QStringLiteral("/goes")] { QDir(gone).removeRecursively(); };

    const StoreScan scan = scanOnce(directoryConfig(dir, true), options);
    QCOMPARE(certificatePaths(scan), QStringList{dir + QStringLiteral("/stays/a.pem")});
    QCOMPARE(scan.problems.size(), 2);
    for (const ScanProblem& p : scan.problems) {
        QVERIFY(p.path.startsWith(dir + QStringLiteral("/goes/")));
        QVERIFY2(p.error.startsWith(QStringLiteral("file vanished during the scan")), qPrintable(p.error));
    }
}

QTEST_GUILESS_MAIN(TestScanProblems)
#include "TestScanProblems.moc"
