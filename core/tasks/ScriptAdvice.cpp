// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "tasks/ScriptAdvice.h"

#include "util/ShellQuote.h"

#include <QRegularExpression>
#include <pwd.h>
#include <unistd.h>

namespace certlife {

namespace {

QString currentUserName()
{
    if (const passwd* pw = ::getpwuid(::geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return QString::number(::geteuid());
}

// Where a script of the scope belongs when its directory cannot be made safe.
QString safeHome(Scope scope)
{
    return scope == Scope::System ? QStringLiteral("/usr/local/sbin") : QStringLiteral("~/.local/bin");
}

// Advice to move the script out of `directory` (`why` says what is wrong with it).
QString moveOutAdvice(const QString& directory, const QString& why, Scope scope)
{
    return QStringLiteral("move the script out of %1 (%2) into a directory only %3 can write, such as %4")
        .arg(directory, why, scope == Scope::System ? QStringLiteral("root") : QStringLiteral("you"), safeHome(scope));
}

} // namespace

QString scriptFixAdvice(const QString& reason, Scope scope)
{
    // Reasons are "WHAT: DETAIL" (TrustedPath.cpp, ScriptGuard.cpp).
    static const QRegularExpression writable(
        QStringLiteral("^[a-z ]+: (directory )?(.+) is writable by group or others \\(mode (\\d+)\\)$"));
    static const QRegularExpression owner(QStringLiteral("^[a-z ]+: (directory )?(.+) is owned by .+, expected .+$"));
    static const QRegularExpression notExecutable(QStringLiteral("^script: (.+) is not executable by its owner"));
    static const QRegularExpression missing(
        QStringLiteral("^[a-z ]+: (?:cannot open )?(.+?)(?:: No such file or directory| does not exist)$"));
    static const QRegularExpression link(
        QStringLiteral("is a symbolic link \\(refused: register the real path, (.+)\\)$"));
    static const QRegularExpression notClean(QStringLiteral("is not an absolute, clean path$"));
    static const QRegularExpression notFile(QStringLiteral("^[a-z ]+: (.+) is not a (regular file|directory)$"));
    static const QRegularExpression noSignature(QStringLiteral("^signature: (.+)\\.sig is missing"));
    static const QRegularExpression interpreterDirectory(
        QStringLiteral("^interpreter: directory (.+?) (is writable by group or others|is owned by .+, expected .+)"));
    static const QRegularExpression interpreterFile(QStringLiteral("^interpreter: /.+ (is writable|is owned by)"));
    static const QRegularExpression interpreter(QStringLiteral("^interpreter: "));

    QRegularExpressionMatch m;
    // A directory on the way to what "#!" runs (a link's, a PATH directory): others
    // could change what runs there between the check and the run.
    if ((m = interpreterDirectory.match(reason)).hasMatch())
        return QStringLiteral("name an interpreter in directories only %1 can change on the #! line, such as "
                              "#!/usr/bin/python3 or #!/bin/sh: %2 could be changed by someone else")
            .arg(scope == Scope::System ? QStringLiteral("root") : QStringLiteral("you or root"), m.captured(1));
    if (interpreter.match(reason).hasMatch() && !interpreterFile.match(reason).hasMatch())
        return QStringLiteral("fix the #! line: name an interpreter by its absolute path, e.g. #!/bin/sh");
    if ((m = writable.match(reason)).hasMatch()) {
        const bool directory = !m.captured(1).isEmpty();
        const QString path = m.captured(2);
        // A sticky world-writable directory (/tmp) is for everyone's files: move out of it.
        if (directory && m.captured(3).size() == 4 && m.captured(3).startsWith(QLatin1Char('1')))
            return moveOutAdvice(path, QStringLiteral("anyone may create files there"), scope);
        return QStringLiteral("chmod go-w %1").arg(shellQuoted(path));
    }
    if ((m = owner.match(reason)).hasMatch()) {
        // A directory above the script is someone's home or a shared place: handing it
        // to root (or to you) would break its owner's setup. The script moves instead.
        if (!m.captured(1).isEmpty())
            return moveOutAdvice(m.captured(2), QStringLiteral("it belongs to someone else"), scope);
        const QString who = scope == Scope::System ? QStringLiteral("root:") : currentUserName();
        return QStringLiteral("chown %1 %2").arg(who, shellQuoted(m.captured(2)));
    }
    if ((m = notExecutable.match(reason)).hasMatch())
        return QStringLiteral("chmod u+x %1").arg(shellQuoted(m.captured(1)));
    if ((m = link.match(reason)).hasMatch())
        return m.captured(1) == QLatin1String("which does not exist")
            ? QStringLiteral("the link points nowhere: enter the path of the script itself")
            : QStringLiteral("enter the real path instead: %1").arg(m.captured(1));
    if (notClean.match(reason).hasMatch())
        return QStringLiteral("enter the full path, starting with /, without '.', '..' or '//'");
    if ((m = noSignature.match(reason)).hasMatch()) {
        const QString script = shellQuoted(m.captured(1));
        return QStringLiteral("sign it: openssl cms -sign -binary -in %1 -signer signer.pem -inkey signer.key "
                              "-outform DER -out %2")
            .arg(script, shellQuoted(m.captured(1) + QStringLiteral(".sig")));
    }
    if ((m = missing.match(reason)).hasMatch())
        return QStringLiteral("check the path; the script must exist before the task is registered");
    if ((m = notFile.match(reason)).hasMatch())
        return QStringLiteral("enter the path of the script file itself");
    return {};
}

} // namespace certlife
