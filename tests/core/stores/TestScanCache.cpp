// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertFactory.h"
#include "StoreTestSupport.h"
#include "TestEnvironment.h"
#include "stores/ScanCache.h"
#include "x509/CertificateDiff.h"

#include <QScopeGuard>
#include <QTest>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

using namespace certlife;
using namespace certlife::test;

class TestScanCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void touchedFileIsReparsedUntouchedAreNot();
    void cacheSurvivesARestart();
    void warmScansGiveBundlesAndAliasesWhole();
    void sameSizeAndMtimeButNewContentIsReparsed();
    void cacheFileKeepsEveryField();
    void damagedCacheIsIgnored();
    void deletedFilesLeaveTheCache();
    void withoutDirectoryTheCacheLivesInTheScanner();
    void pkcs12WithAWrongPasswordIsReadAgain();
    void fullDiskSaysSo();
    void rootTrustsNoCacheOthersCouldWrite();

private:
    static QString cacheDir(const TestEnvironment& env) { return env.path(QStringLiteral("cache")); }
    static void writeCerts(const QString& dir, int count)
    {
        for (int i = 0; i < count; ++i)
            QVERIFY(writeFile(
                dir + QStringLiteral("/cert-%1.pem").arg(i),
                makeNamedCert(QStringLiteral("c%1.example").arg(i), QByteArray::number(0x100 + i, 16)).pem()));
    }
    static void setTimes(const QString& path, qint64 mtimeNs)
    {
        const timespec times[2] = {{mtimeNs / 1000000000, long(mtimeNs % 1000000000)},
                                   {mtimeNs / 1000000000, long(mtimeNs % 1000000000)}};
        QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0), 0);
    }
    static FileStamp stampOf(const QString& path)
    {
        struct stat st;
        ::stat(QFile::encodeName(path).constData(), &st);
        return FileStamp::fromStat(st);
    }
};

void TestScanCache::touchedFileIsReparsedUntouchedAreNot()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 5);
    Scanner scanner(cacheIn(cacheDir(env)));
    const StoreConfig config = directoryConfig(dir);

    const StoreScan first = scanWith(scanner, config);
    QCOMPARE(first.filesParsed, 5);
    QCOMPARE(first.filesFromCache, 0);

    const StoreScan second = scanWith(scanner, config);
    QCOMPARE(second.filesParsed, 0);
    QCOMPARE(second.filesFromCache, 5);
    QCOMPARE(certificatePaths(second), certificatePaths(first));

    // Touch one file (a new mtime, same content) and replace another's content.
    setTimes(dir + QStringLiteral("/cert-1.pem"), stampOf(dir + QStringLiteral("/cert-1.pem")).mtimeNs + 5000000000LL);
    const GeneratedCert renewed = makeNamedCert(QStringLiteral("renewed.example"), "AAAA");
    QVERIFY(writeFile(dir + QStringLiteral("/cert-3.pem"), renewed.pem()));

    const StoreScan third = scanWith(scanner, config);
    QCOMPARE(third.filesParsed, 2);
    QCOMPARE(third.filesFromCache, 3);
    QCOMPARE(third.certificates.at(3).certificate.thumbprint(), renewed.thumbprint());
}

void TestScanCache::cacheSurvivesARestart()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 4);
    const TestKey key = freshKey(KeyType::EcP256);
    CertSpec spec;
    spec.cn = QStringLiteral("full.example");
    spec.dns = {QStringLiteral("full.example"), QStringLiteral("www.full.example")};
    spec.ips = {QStringLiteral("192.0.2.1")};
    spec.ekuOids = {QStringLiteral("serverAuth"), QStringLiteral("clientAuth")};
    spec.templateName = QStringLiteral("WebServer");
    spec.keyUsage = KuDigitalSignature;
    spec.subjectKey = key;
    QVERIFY(writeFile(dir + QStringLiteral("/full.pem"), makeCertificate(spec).pem()));
    QVERIFY(writeFile(dir + QStringLiteral("/full.key"), key.pkcs8Pem()));
    const StoreConfig config = directoryConfig(dir);

    StoreScan before;
    {
        Scanner first(cacheIn(cacheDir(env)));
        before = scanWith(first, config);
        QCOMPARE(before.filesParsed, 6);
    }
    QVERIFY(QFileInfo::exists(ScanCache::fileFor(cacheDir(env), config)));

    Scanner restarted(cacheIn(cacheDir(env))); // a new process, as far as the cache can tell
    const StoreScan after = scanWith(restarted, config);
    QCOMPARE(after.filesParsed, 0);
    QCOMPARE(after.filesFromCache, 6);
    QCOMPARE(after.certificates.size(), before.certificates.size());
    for (qsizetype i = 0; i < before.certificates.size(); ++i) {
        const StoredCertificate& a = before.certificates.at(i);
        const StoredCertificate& b = after.certificates.at(i);
        QCOMPARE(b.path, a.path);
        QCOMPARE(b.index, a.index);
        QCOMPARE(b.keyPath, a.keyPath);
        const QStringList differences = certificateDifferences(a.certificate, b.certificate);
        QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
        QCOMPARE(b.certificate.hasPrivateKey, a.certificate.hasPrivateKey);
    }
    const StoredCertificate* full = nullptr;
    for (const StoredCertificate& c : after.certificates)
        if (c.certificate.subjectCN == QLatin1String("full.example"))
            full = &c;
    QVERIFY(full);
    QVERIFY(full->certificate.hasPrivateKey); // the key's SPKI hash came from the cache too
    QCOMPARE(full->keyPath, dir + QStringLiteral("/full.key"));
}

// A warm scan hands the certificates it loaded from the cache file to its result
// instead of copying them (ScanJob::assemble): every certificate of a bundle, and of a
// file reached by two paths, still arrives whole, scan after scan.
void TestScanCache::warmScansGiveBundlesAndAliasesWhole()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    QByteArray bundle;
    for (int i = 0; i < 3; ++i)
        bundle += makeNamedCert(QStringLiteral("b%1.example").arg(i), QByteArray::number(0x200 + i, 16)).pem();
    QVERIFY(writeFile(dir + QStringLiteral("/bundle.pem"), bundle));
    QVERIFY(QFile::link(dir + QStringLiteral("/bundle.pem"), dir + QStringLiteral("/alias.pem")));
    writeCerts(dir, 2);
    const StoreConfig config = directoryConfig(dir);

    StoreScan cold;
    {
        Scanner first(cacheIn(cacheDir(env)));
        cold = scanWith(first, config);
    }
    QCOMPARE(cold.certificates.size(), 8); // 3 by each path of the bundle, 2 single files
    for (int round = 0; round < 2; ++round) {
        Scanner restarted(cacheIn(cacheDir(env)));
        const StoreScan warm = scanWith(restarted, config);
        QCOMPARE(warm.filesParsed, 0);
        QCOMPARE(warm.certificates.size(), cold.certificates.size());
        for (qsizetype i = 0; i < cold.certificates.size(); ++i) {
            const StoredCertificate& a = cold.certificates.at(i);
            const StoredCertificate& b = warm.certificates.at(i);
            QCOMPARE(b.path, a.path);
            QCOMPARE(b.index, a.index);
            QCOMPARE(b.certificate.der, a.certificate.der);
            const QStringList differences = certificateDifferences(a.certificate, b.certificate);
            QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
        }
    }
}

void TestScanCache::sameSizeAndMtimeButNewContentIsReparsed()
{
    // `cp -p` / `touch -r` can give new content the old size and mtime; ctime still changes.
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    const QString file = dir + QStringLiteral("/site.pem");
    const GeneratedCert oldCert = makeNamedCert(QStringLiteral("site.example"), "0B01");
    const GeneratedCert newCert = makeNamedCert(QStringLiteral("site.example"), "0B02");
    QCOMPARE(oldCert.pem().size(), newCert.pem().size());
    QVERIFY(writeFile(file, oldCert.pem()));
    Scanner scanner(cacheIn(cacheDir(env)));
    QCOMPARE(scanWith(scanner, directoryConfig(dir)).filesParsed, 1);

    const FileStamp before = stampOf(file);
    QVERIFY(writeFile(file, newCert.pem()));
    setTimes(file, before.mtimeNs);
    QCOMPARE(stampOf(file).mtimeNs, before.mtimeNs);
    QCOMPARE(stampOf(file).size, before.size);

    const StoreScan scan = scanWith(scanner, directoryConfig(dir));
    QCOMPARE(scan.filesParsed, 1);
    QCOMPARE(scan.certificates.first().certificate.thumbprint(), newCert.thumbprint());
}

void TestScanCache::cacheFileKeepsEveryField()
{
    TestEnvironment env;
    CertSpec spec;
    spec.cn = QStringLiteral("Zoë Ünïcode");
    spec.extraSubject = {{QStringLiteral("O"), QStringLiteral("Example, Inc.")}};
    spec.emails = {QStringLiteral("zoe@example.org")};
    spec.uris = {QStringLiteral("https://example.org/")};
    spec.ekuOids = {QStringLiteral("codeSigning")};
    spec.templateOid = QStringLiteral("1.3.6.1.4.1.311.21.8.1.2");
    spec.isCA = true;
    spec.keyType = KeyType::Rsa2048;
    spec.negativeSerial = true;
    const GeneratedCert gen = makeCertificate(spec);
    ParsedFile parsed = parseCertificateData(gen.pem() + gen.key.pkcs8Pem());
    QCOMPARE(parsed.certificates.size(), 1);

    auto result = std::make_shared<FileResult>();
    result->format = parsed.format;
    result->certificates = parsed.certificates;
    result->privateKeySpki = parsed.privateKeySpki;
    result->errors = {QStringLiteral("PEM block 7: invalid base64")};
    const FileStamp stamp{7, 1234567, 4242, -5, 1700000000123456789LL};
    ScanCache cache;
    cache.insert(QByteArray("/store/caf\xff.pem"), stamp, result);
    const QString file = env.path(QStringLiteral("cache/one.bin"));
    QVERIFY(cache.save(file));

    QString error;
    const ScanCache loaded = ScanCache::load(file, &error);
    QCOMPARE(error, QString());
    QVERIFY(!loaded.lookup(QByteArray("/store/caf\xff.pem"), FileStamp{7, 1234567, 4242, -5, 0}));
    const FileResultPtr back = loaded.lookup(QByteArray("/store/caf\xff.pem"), stamp);
    QVERIFY(back);
    QCOMPARE(back->format, result->format);
    QCOMPARE(back->errors, result->errors);
    QCOMPARE(back->privateKeySpki, result->privateKeySpki);
    const Certificate& a = result->certificates.first();
    const Certificate& b = back->certificates.first();
    const QStringList differences = certificateDifferences(a, b);
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
    QCOMPARE(b.der, a.der);
    // The generated certificate does exercise the unusual fields.
    QCOMPARE(b.subjectCN, QStringLiteral("Zoë Ünïcode"));
    QVERIFY(b.serialHex.startsWith(QLatin1Char('-')));
    QCOMPARE(b.keyAlgorithm, QStringLiteral("RSA"));
    QVERIFY(b.isCA);
    QVERIFY(!b.templateName.isEmpty());
    QVERIFY(b.hasPrivateKey);
}

void TestScanCache::damagedCacheIsIgnored()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 3);
    const StoreConfig config = directoryConfig(dir);
    {
        Scanner s(cacheIn(cacheDir(env)));
        scanWith(s, config);
    }
    const QString file = ScanCache::fileFor(cacheDir(env), config);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    const QByteArray whole = f.readAll();

    // Cut short, and then bytes flipped in the middle: each time a fresh scan reads every
    // file again, reports no problem, and writes a good cache.
    for (const QByteArray& damaged :
         {whole.left(whole.size() / 2), whole.left(40) + QByteArray(whole.size() - 40, '\xee')}) {
        QVERIFY(writeFile(file, damaged));
        QString error;
        QVERIFY(ScanCache::load(file, &error).isEmpty());
        QVERIFY(error.contains(file));
        Scanner s(cacheIn(cacheDir(env)));
        const StoreScan scan = scanWith(s, config);
        QCOMPARE(scan.filesParsed, 3);
        QCOMPARE(scan.certificates.size(), 3);
        QVERIFY(scan.problems.isEmpty());
        QCOMPARE(ScanCache::load(file).size(), 3);
    }
}

void TestScanCache::deletedFilesLeaveTheCache()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 3);
    const StoreConfig config = directoryConfig(dir);
    Scanner scanner(cacheIn(cacheDir(env)));
    scanWith(scanner, config);
    QCOMPARE(ScanCache::load(ScanCache::fileFor(cacheDir(env), config)).size(), 3);

    QVERIFY(QFile::remove(dir + QStringLiteral("/cert-0.pem")));
    const StoreScan scan = scanWith(scanner, config);
    QCOMPARE(scan.filesFromCache, 2);
    QCOMPARE(scan.certificates.size(), 2);
    const ScanCache saved = ScanCache::load(ScanCache::fileFor(cacheDir(env), config));
    QCOMPARE(saved.size(), 2);
    QVERIFY(!saved.entries().contains(QFile::encodeName(dir + QStringLiteral("/cert-0.pem"))));
}

void TestScanCache::withoutDirectoryTheCacheLivesInTheScanner()
{
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 2);
    Scanner scanner;
    QCOMPARE(scanWith(scanner, directoryConfig(dir)).filesParsed, 2);
    QCOMPARE(scanWith(scanner, directoryConfig(dir)).filesFromCache, 2);
    Scanner other;
    QCOMPARE(scanWith(other, directoryConfig(dir)).filesParsed, 2);
    QVERIFY(!QFileInfo::exists(cacheDir(env)));
}

void TestScanCache::pkcs12WithAWrongPasswordIsReadAgain()
{
    // Whether a PKCS#12 file opens depends on the configured password, not only on the
    // file: once the admin fixes the password file, the next scan must read it again.
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    const GeneratedCert cert = makeNamedCert(QStringLiteral("pfx.example"), "0C01", freshKey(KeyType::EcP256));
    QVERIFY(writeFile(dir + QStringLiteral("/site.pfx"), makePkcs12(cert, "right", false)));
    QVERIFY(writeFile(env.path(QStringLiteral("pass")), "wrong\n"));
    StoreConfig config = directoryConfig(dir);
    config.pkcs12PasswordFile = env.path(QStringLiteral("pass"));
    Scanner scanner(cacheIn(cacheDir(env)));

    const StoreScan wrong = scanWith(scanner, config);
    QCOMPARE(wrong.problems.size(), 1);
    QVERIFY(wrong.certificates.isEmpty());

    QVERIFY(writeFile(env.path(QStringLiteral("pass")), "right\n"));
    const StoreScan fixed = scanWith(scanner, config);
    QVERIFY(fixed.problems.isEmpty());
    QCOMPARE(fixed.filesParsed, 1);
    QCOMPARE(fixed.certificates.size(), 1);
    QCOMPARE(scanWith(scanner, config).filesFromCache, 1); // an opened file is cached as usual
}

void TestScanCache::fullDiskSaysSo()
{
    // A 64 KiB file system that a cache of 300 certificates cannot fit in.
    TestEnvironment env;
    const QString mountPoint = env.path(QStringLiteral("tiny"));
    QVERIFY(QDir().mkpath(mountPoint));
    const QByteArray where = QFile::encodeName(mountPoint);
    if (::mount("tmpfs", where.constData(), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") != 0)
        QSKIP(qPrintable(QStringLiteral("cannot mount a small tmpfs to fill (%1): needs root")
                             .arg(QString::fromLocal8Bit(std::strerror(errno)))));
    const auto unmount = qScopeGuard([&] { ::umount2(where.constData(), MNT_DETACH); });

    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 300);
    Scanner scanner; // in memory: the test saves the cache itself
    const StoreScan scan = scanWith(scanner, directoryConfig(dir));
    QCOMPARE(scan.certificates.size(), 300);
    ScanCache cache;
    for (const StoredCertificate& c : scan.certificates) {
        auto result = std::make_shared<FileResult>();
        result->certificates = {c.certificate};
        cache.insert(QFile::encodeName(c.path), FileStamp{}, result);
    }
    QString error;
    QVERIFY(!cache.save(mountPoint + QStringLiteral("/scan-cache/user-test.bin"), &error));
    QVERIFY2(error.contains(QLatin1String("No space left on device")), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("canceled")), qPrintable(error));
}

void TestScanCache::rootTrustsNoCacheOthersCouldWrite()
{
    // The cache says what every file holds: whoever can replace it decides what a root
    // scan believes.
    if (::geteuid() != 0)
        QSKIP("only root's scans check who could have written their cache");
    TestEnvironment env;
    const QString dir = env.path(QStringLiteral("store"));
    writeCerts(dir, 3);
    const StoreScan first = scanOnce(directoryConfig(dir), cacheIn(cacheDir(env)));
    QCOMPARE(first.filesParsed, 3);
    const QString file = cacheDir(env) + QStringLiteral("/user-test.bin");
    QString error;
    QCOMPARE(ScanCache::load(file, &error).size(), 3);
    QCOMPARE(error, QString());

    QVERIFY(QFile::setPermissions(cacheDir(env),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::WriteOther
                                      | QFile::ExeOther | QFile::ReadOther));
    QVERIFY(ScanCache::load(file, &error).isEmpty());
    QVERIFY2(error.contains(QLatin1String("is writable by group or others (mode 0707)")), qPrintable(error));
    const StoreScan second = scanOnce(directoryConfig(dir), cacheIn(cacheDir(env)));
    QCOMPARE(second.filesFromCache, 0); // every file read again
    QCOMPARE(second.filesParsed, 3);
}

QTEST_GUILESS_MAIN(TestScanCache)
#include "TestScanCache.moc"
