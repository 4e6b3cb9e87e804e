// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "PasswordInput.h"

#include "util/TerminalText.h"

#include <QFile>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace certlife::cli {

namespace {

QByteArray promptNoEcho(const QString& prompt, bool* ok)
{
    *ok = false;
    FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return {};
    const int fd = fileno(tty);
    termios old{};
    if (tcgetattr(fd, &old) != 0) {
        std::fclose(tty);
        return {};
    }
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(fd, TCSAFLUSH, &quiet);
    std::fputs(escapeControlCharacters(prompt, LineBreaks::Keep).toLocal8Bit().constData(), tty);
    std::fflush(tty);
    char buf[1024];
    const bool read = std::fgets(buf, sizeof buf, tty) != nullptr;
    tcsetattr(fd, TCSAFLUSH, &old);
    std::fputs("\n", tty);
    std::fclose(tty);
    if (!read)
        return {};
    QByteArray out(buf);
    memset(buf, 0, sizeof buf);
    while (out.endsWith('\n') || out.endsWith('\r'))
        out.chop(1);
    *ok = true;
    return out;
}

} // namespace

bool PasswordOptions::mayPrompt(const QCommandLineParser& parser) const
{
    return ::isatty(STDIN_FILENO) && !parser.isSet(noPrompt);
}

PasswordResult readPassword(const QCommandLineParser& parser, const PasswordOptions& options, const QString& prompt,
                            bool confirm, bool required)
{
    PasswordResult r;
    if (parser.isSet(options.file) && parser.isSet(options.env)) {
        r.error = QStringLiteral("give either --password-file or --password-env, not both");
        return r;
    }
    if (parser.isSet(options.file)) {
        const QString path = parser.value(options.file);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            r.error = QStringLiteral("cannot read password file %1: %2").arg(path, f.errorString());
            return r;
        }
        r.password = f.readLine(4096);
        while (r.password.endsWith('\n') || r.password.endsWith('\r'))
            r.password.chop(1);
        r.given = true;
        return r;
    }
    if (parser.isSet(options.env)) {
        const QString name = parser.value(options.env);
        if (!qEnvironmentVariableIsSet(name.toLocal8Bit().constData())) {
            r.error = QStringLiteral("environment variable %1 (from --password-env) is not set").arg(name);
            return r;
        }
        r.password = qgetenv(name.toLocal8Bit().constData());
        r.given = true;
        return r;
    }
    if (!options.mayPrompt(parser)) {
        if (required)
            r.error = QStringLiteral("a password is needed: use --password-file FILE or --password-env NAME (%1)")
                          .arg(parser.isSet(options.noPrompt) ? QStringLiteral("--yes: no prompt")
                                                              : QStringLiteral("no terminal to prompt on"));
        return r;
    }
    bool ok = false;
    r.password = promptNoEcho(prompt, &ok);
    if (!ok) {
        r.error = QStringLiteral("no password entered");
        return r;
    }
    if (confirm) {
        const QByteArray again = promptNoEcho(QStringLiteral("Repeat the password: "), &ok);
        if (!ok || again != r.password) {
            r.password.fill('\0');
            r.password.clear();
            r.error = QStringLiteral("the passwords do not match");
            return r;
        }
    }
    r.given = true;
    return r;
}

} // namespace certlife::cli
